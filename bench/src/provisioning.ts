import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Runtime } from '@tradesage/core';
import { provisionTenant, quoteIdent, tenantSchemaName } from '@tradesage/prisma';
import type pg from 'pg';
import { provisionTenantWithUsers } from '@tradesage/subgraph-tenant';
import { mapLimit } from './stats.ts';

/** Slugs are `[a-z][a-z0-9-]{1,61}[a-z0-9]`; random hex keeps reruns and parallel fills apart. */
export const benchSlug = (prefix: string): string => `${prefix}-${crypto.randomBytes(5).toString('hex')}`;

/** At least 12 characters, as the tenant password policy asks. */
export const benchPassword = (): string => crypto.randomBytes(15).toString('base64url');

/**
 * The bench measures throughput, not the rate limits: budgets far above what a run spends, so no
 * request is refused while the limits still run (and cost what they cost). Spread into a config.
 */
export const BENCH_RATE_LIMIT_ENV = Object.freeze({
  RATE_LIMIT_ADDRESS_PER_MINUTE: '1000000',
  RATE_LIMIT_USER_PER_MINUTE: '1000000',
});

/** Gives a bench tenant the largest budgets its settings allow (requests, sign-in attempts), or the request budget given. */
export async function liftTenantRateLimits(
  runtime: Runtime,
  tenantId: string,
  requestsPerMinute = 1_000_000,
): Promise<void> {
  await runtime.db.control.tenant.update({
    where: { id: tenantId },
    data: { settings: { rateLimits: { requestsPerMinute, loginAttemptsPerMinute: 1000 } } },
  });
}

export async function tenantCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM control.tenants');
  return rows[0]?.n ?? 0;
}

/**
 * Creates schema-only tenants (the data layer's provisionTenant, no users, no bcrypt) until the
 * registry holds `target`, `parallelism` at a time. Returns how many were created.
 */
export async function fillTenants(pool: pg.Pool, target: number, parallelism: number): Promise<number> {
  const missing = Math.max(0, target - (await tenantCount(pool)));
  await mapLimit(Array.from({ length: missing }), parallelism, () =>
    provisionTenant(pool, { slug: benchSlug('fill'), name: 'Bench filler', status: 'active' }),
  );
  return missing;
}

/** Removes a measured tenant again, so every sample sees the same number of tenants. */
async function dropTenant(pool: pg.Pool, tenantId: string): Promise<void> {
  await pool.query(`DROP SCHEMA ${quoteIdent(tenantSchemaName(tenantId))} CASCADE`);
  await pool.query('DELETE FROM control.tenants WHERE id = $1', [tenantId]);
}

export interface ProvisioningSamples {
  /** provisionTenantWithUsers with one admin: bcrypt hash + schema + migrations + insert, in ms. */
  readonly service: number[];
  /** The data layer's provisionTenant alone: registry row + schema + migrations, in ms. */
  readonly dataLayer: number[];
}

async function timeService(runtime: Runtime, sample: number): Promise<number> {
  const started = performance.now();
  const tenant = await provisionTenantWithUsers(runtime, {
    slug: benchSlug('prov'),
    name: 'Bench provisioning sample',
    users: [{ email: `admin-${sample}@bench.example`, password: benchPassword(), role: 'admin' }],
  });
  const elapsed = performance.now() - started;
  await dropTenant(runtime.db.pool, tenant.id);
  return elapsed;
}

async function timeDataLayer(runtime: Runtime): Promise<number> {
  const started = performance.now();
  const tenant = await provisionTenant(runtime.db.pool, {
    slug: benchSlug('prov'),
    name: 'Bench provisioning sample',
    status: 'active',
  });
  const elapsed = performance.now() - started;
  await dropTenant(runtime.db.pool, tenant.id);
  return elapsed;
}

/**
 * Times `samples` provisions of each kind on each runtime (each on its own database, holding its
 * own number of tenants), one at a time (latency, not throughput). The databases take turns,
 * in alternating order, so a machine that gets busier during the run slows every level alike
 * and the ratio between levels stays fair. Each new tenant is dropped again after its sample
 * (outside the timing), so every sample sees the same number of tenants.
 */
export async function measureProvisioning(
  runtimes: readonly Runtime[],
  samples: number,
): Promise<ProvisioningSamples[]> {
  const results: ProvisioningSamples[] = runtimes.map(() => ({ service: [], dataLayer: [] }));
  const indexes = runtimes.map((_, index) => index);
  for (let sample = 0; sample < samples; sample++) {
    const order = sample % 2 === 0 ? indexes : [...indexes].reverse();
    for (const index of order)
      (results[index] as ProvisioningSamples).service.push(await timeService(runtimes[index] as Runtime, sample));
    for (const index of order)
      (results[index] as ProvisioningSamples).dataLayer.push(await timeDataLayer(runtimes[index] as Runtime));
  }
  return results;
}

import type { Job } from '../../../runtime/jobs.ts';
import type { Runtime } from '../../../runtime/runtime.ts';
import { listTenantsWithSchema } from '../../tenants/tenant.repository.ts';
import { OidcPayloadRepository } from '../oidc-payload.repository.ts';

/** Expired artefacts are kept this long (a refresh token spent within the leeway, late logs). */
export const OIDC_CLEANUP_GRACE_SECONDS = 60 * 60;
const BATCH = 5_000;
/** Batches per tenant and run: a backlog is worked off over several runs, never in one long one. */
const MAX_BATCHES = 20;

export interface OidcCleanupReport {
  readonly tenants: number;
  readonly failedTenants: number;
  readonly deleted: number;
}

/**
 * Deletes, in every tenant schema, the provider's artefacts (codes, tokens, grants, sessions,
 * interactions) that expired more than OIDC_CLEANUP_GRACE_SECONDS ago, in bounded batches. They are
 * refused from the moment they expire (the adapter reads only unexpired rows); this only frees space.
 */
export async function cleanupOidcPayloads(runtime: Runtime): Promise<OidcCleanupReport> {
  const tenants = await listTenantsWithSchema(runtime.db.control);
  let deleted = 0;
  let failedTenants = 0;
  for (const tenant of tenants) {
    try {
      const payloads = new OidcPayloadRepository(runtime.db.pool, tenant.id);
      for (let batch = 0; batch < MAX_BATCHES; batch++) {
        const count = await payloads.deleteExpired(OIDC_CLEANUP_GRACE_SECONDS, BATCH);
        deleted += count;
        if (count < BATCH) break;
      }
    } catch (error) {
      failedTenants++;
      runtime.logger.error(
        { err: (error as Error).message, tenantId: tenant.id, job: 'oidc-cleanup' },
        'oidc cleanup: tenant failed',
      );
    }
  }
  return { tenants: tenants.length, failedTenants, deleted };
}

/** The OAuth domain's background jobs, for `startJobs` (the stack, or the auth subgraph started alone). */
export function oauthJobs(runtime: Runtime): Job[] {
  return [
    {
      name: 'oidc-cleanup',
      lockKey: 'jobs:oidc-cleanup:lock',
      lockTtlMs: 10 * 60_000,
      intervalMs: 15 * 60_000,
      firstRunDelayMs: 90_000,
      run: () => cleanupOidcPayloads(runtime),
    },
  ];
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { createTestRuntimes, provisionTestTenant, type TestRuntimes } from '../../runtime/testing/test-runtime.ts';
import { cleanupOidcPayloads, OIDC_CLEANUP_GRACE_SECONDS } from './jobs/oidc-cleanup.job.ts';
import {
  loadOidcPublicKeys,
  loadOidcSigningKeys,
  OIDC_KEY_ACTIVATION_SECONDS,
  rotateOidcSigningKeys,
} from './oidc-signing-keys.ts';
import { OidcPayloadRepository } from './oidc-payload.repository.ts';

// The provider's storage against real Postgres: consuming once, the refresh leeway, expiry,
// revocation by grant, the cleanup job, and one tenant's artefacts unknown to another.

let stack: TestRuntimes;
let runtime: Runtime;
let tenantA: string;
let tenantB: string;

beforeAll(async () => {
  stack = await createTestRuntimes('tradesage_oidc_payloads');
  runtime = await stack.runtime();
  ({ tenantId: tenantA } = await provisionTestTenant(runtime, 'oidca', 'a@oidca.test'));
  ({ tenantId: tenantB } = await provisionTestTenant(runtime, 'oidcb', 'b@oidcb.test'));
});

afterAll(async () => {
  await stack?.close();
});

const repo = (tenantId: string) => new OidcPayloadRepository(runtime.db.pool, tenantId);

describe('OidcPayloadRepository', () => {
  it('consumes a code once, even when two consumers race; the loser learns its grant', async () => {
    await repo(tenantA).upsert('AuthorizationCode', 'code-1', { grantId: 'grant-1', accountId: 'x' }, 60);
    const outcomes = await Promise.all([
      repo(tenantA).consume('AuthorizationCode', 'code-1'),
      repo(tenantA).consume('AuthorizationCode', 'code-1'),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['consumed', 'reused']);
    expect(outcomes.find((o) => o.kind === 'reused')).toEqual({ kind: 'reused', grantId: 'grant-1' });
    expect((await repo(tenantA).find('AuthorizationCode', 'id', 'code-1'))?.consumed).toEqual(expect.any(Number));
    expect(await repo(tenantA).consume('AuthorizationCode', 'missing')).toEqual({ kind: 'missing' });
  });

  it('within the leeway a spent refresh token reads as unspent and may be consumed again', async () => {
    await repo(tenantA).upsert('RefreshToken', 'rt-1', { grantId: 'grant-2' }, 600);
    expect(await repo(tenantA).consume('RefreshToken', 'rt-1', 30)).toEqual({ kind: 'consumed' });
    expect((await repo(tenantA).find('RefreshToken', 'id', 'rt-1', 30))?.consumed).toBeUndefined();
    expect(await repo(tenantA).consume('RefreshToken', 'rt-1', 30)).toEqual({ kind: 'consumed' });
    // Strict (no leeway): spent is spent.
    expect((await repo(tenantA).find('RefreshToken', 'id', 'rt-1', 0))?.consumed).toEqual(expect.any(Number));
    expect(await repo(tenantA).consume('RefreshToken', 'rt-1', 0)).toEqual({ kind: 'reused', grantId: 'grant-2' });
  });

  it("keeps each tenant's artefacts in its own schema", async () => {
    await repo(tenantA).upsert('Grant', 'grant-3', { accountId: 'u' }, 600);
    expect(await repo(tenantB).find('Grant', 'id', 'grant-3')).toBeUndefined();
    expect(await repo(tenantB).consume('Grant', 'grant-3')).toEqual({ kind: 'missing' });
    expect(await repo(tenantA).find('Grant', 'id', 'grant-3')).toEqual({ accountId: 'u' });
  });

  it('reads nothing expired, revokes by grant, and the cleanup job deletes what expired long ago', async () => {
    await repo(tenantA).upsert('AccessToken', 'at-1', { grantId: 'grant-4' }, 600);
    await repo(tenantA).upsert('RefreshToken', 'rt-4', { grantId: 'grant-4' }, 600);
    await repo(tenantA).upsert('Grant', 'grant-4', {}, 600);
    await repo(tenantA).revokeByGrantId('grant-4', 'AccessToken');
    expect(await repo(tenantA).find('AccessToken', 'id', 'at-1')).toBeUndefined();
    expect(await repo(tenantA).find('RefreshToken', 'id', 'rt-4')).toBeDefined();
    await repo(tenantA).revokeByGrantId('grant-4');
    expect(await repo(tenantA).find('RefreshToken', 'id', 'rt-4')).toBeUndefined();
    expect(await repo(tenantA).find('Grant', 'id', 'grant-4')).toBeUndefined();

    await repo(tenantA).upsert('Session', 'old', {}, 1);
    await repo(tenantA).upsert('Session', 'recent', {}, 1);
    await repo(tenantA).upsert('Session', 'live', {}, 3600);
    const table = `"${(await import('@tradesage/prisma')).tenantSchemaName(tenantA)}".oidc_payloads`;
    await runtime.db.pool.query(
      `UPDATE ${table} SET expires_at = now() - make_interval(secs => $1::integer) WHERE kind = 'Session' AND id = 'old'`,
      [OIDC_CLEANUP_GRACE_SECONDS + 60],
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await repo(tenantA).find('Session', 'id', 'recent')).toBeUndefined();
    const report = await cleanupOidcPayloads(runtime);
    expect(report.failedTenants).toBe(0);
    expect(report.deleted).toBeGreaterThanOrEqual(1);
    const left = await runtime.db.pool.query<{ id: string }>(
      `SELECT id FROM ${table} WHERE kind = 'Session' ORDER BY id`,
    );
    expect(left.rows.map((row) => row.id)).toEqual(['live', 'recent']);
  });
});

describe('the provider signing keys', () => {
  it('are created once, RS256 and ES256, sealed at rest, and published without private members', async () => {
    const [a, b] = await Promise.all([
      loadOidcSigningKeys(runtime.db, runtime.mfaSecrets),
      loadOidcSigningKeys(runtime.db, runtime.mfaSecrets),
    ]);
    expect(a.privateJwks.map((key) => key.kid).sort()).toEqual(b.privateJwks.map((key) => key.kid).sort());
    expect(a.privateJwks.map((key) => key.alg).sort()).toEqual(['ES256', 'RS256']);
    expect(a.publicJwks.every((key) => !('d' in key))).toBe(true);
    const stored = await runtime.db.pool.query<{ private_jwk_sealed: string }>(
      'SELECT private_jwk_sealed FROM control.oidc_signing_keys',
    );
    for (const row of stored.rows) expect(row.private_jwk_sealed).not.toContain('"d"');
    expect([...(await loadOidcPublicKeys(runtime.db)).keys()].sort()).toEqual(
      a.publicJwks.map((key) => key.kid).sort(),
    );
  });

  it('rotate: a new key is published at once and signs only once every provider has reloaded', async () => {
    const before = await loadOidcSigningKeys(runtime.db, runtime.mfaSecrets);
    const signingBefore = before.privateJwks.slice(0, 2).map((key) => key.kid);
    const added = await rotateOidcSigningKeys(runtime.db, runtime.mfaSecrets);
    const now = await loadOidcSigningKeys(runtime.db, runtime.mfaSecrets);
    // Published (and trusted by the gateway) at once, but the same keys still sign.
    expect(now.privateJwks.slice(0, 2).map((key) => key.kid)).toEqual(signingBefore);
    expect(now.publicJwks.map((key) => key.kid)).toEqual(expect.arrayContaining(added));
    expect([...(await loadOidcPublicKeys(runtime.db)).keys()]).toEqual(expect.arrayContaining(added));
    const later = new Date(Date.now() + (OIDC_KEY_ACTIVATION_SECONDS + 60) * 1000);
    const matured = await loadOidcSigningKeys(runtime.db, runtime.mfaSecrets, later);
    expect(
      matured.privateJwks
        .slice(0, 2)
        .map((key) => key.kid)
        .sort(),
    ).toEqual([...added].sort());
    expect(matured.publicJwks.map((key) => key.kid)).toEqual(expect.arrayContaining(signingBefore));
  });
});

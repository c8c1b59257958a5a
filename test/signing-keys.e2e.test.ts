/**
 * Key rotation through the composed supergraph: `npm run keys:rotate` adds a
 * key that the running stack signs with, without a restart; tokens of the old key keep verifying
 * until its verify_until (access TTL + skew after it stopped signing), then are refused; the JWKS
 * follows; the rotation is in the platform tenant's audit log.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MyIdDocument, RefreshDocument } from '@tradesage/client';
import { dataOf, signIn, startTestStack, useTestStack } from './support/fixtures.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROTATE_CLI = fileURLToPath(new URL('../packages/core/src/runtime/cli/rotate-keys.ts', import.meta.url));

const [t] = useTestStack(startTestStack);

const kidOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { kid: string }).kid;

async function jwksKids(): Promise<string[]> {
  const response = await fetch(t.gatewayUrl.replace(/\/graphql$/, '/.well-known/jwks.json'));
  return ((await response.json()) as { keys: Array<{ kid: string }> }).keys.map((key) => key.kid);
}

/** A new session of the platform administrator. */
const signInPlatform = () => signIn(t, 'platform', t.platformAdmin.email, t.platformAdmin.password);

/** `me` at the gateway, or with `url` straight at a subgraph, carrying the gateway's credential. */
const me = (token: string, url?: string) =>
  t.request(MyIdDocument, {}, { token, ...(url ? { url, viaGatewayCredential: true } : {}) });

describe('signing key rotation', () => {
  it('the newest key signs without a restart; the old key verifies until its verify_until, then not', async () => {
    const before = await signInPlatform();
    const oldKid = kidOf(before.token);
    expect(await jwksKids()).toEqual([oldKid]);

    // The real CLI, as an operator runs it, against this stack's database and key folder.
    const databaseUrl = t.stack.runtime.config.databaseUrl?.reveal() ?? '';
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', ROTATE_CLI], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'], NODE_ENV: 'test', DATABASE_URL: databaseUrl, SIGNING_KEYS_DIR: t.keysDir },
    });
    const newKid = /new signing key (\S+)/.exec(stdout)?.[1] ?? '';
    expect(newKid).not.toBe('');
    expect(stdout).toContain('published to the key registry');
    // The OpenID Connect providers' next keys too: published in the registry, not signing yet.
    const oidcKids = /new OpenID Connect provider keys (\S+), (\S+):/.exec(stdout)?.slice(1) ?? [];
    expect(oidcKids).toHaveLength(2);
    const registry = await t.stack.runtime.db.pool.query<{ kid: string }>('SELECT kid FROM control.oidc_signing_keys');
    expect(registry.rows.map((row) => row.kid)).toEqual(expect.arrayContaining(oidcKids));
    // Published before it signs anything.
    expect((await jwksKids()).sort()).toEqual([oldKid, newKid].sort());

    // The running issuer picks the key up within seconds (it looks every 5 s): refresh until it does.
    let current = { accessToken: before.token, refreshToken: before.refreshToken };
    const deadline = Date.now() + 20_000;
    while (kidOf(current.accessToken) !== newKid && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const res = await t.request(RefreshDocument, { input: { refreshToken: current.refreshToken } });
      const { accessToken, refreshToken } = dataOf(res, 'refresh').refresh;
      current = { accessToken, refreshToken: refreshToken ?? '' };
    }
    expect(kidOf(current.accessToken)).toBe(newKid);
    expect(kidOf((await signInPlatform()).token)).toBe(newKid);

    // The old key stopped signing: it verifies for one access-token lifetime plus the skew.
    const rows = await t.stack.runtime.db.control.signingKey.findMany();
    const oldRow = rows.find((row) => row.kid === oldKid);
    const newRow = rows.find((row) => row.kid === newKid);
    expect(newRow?.verifyUntil).toBeNull();
    const verifyUntil = oldRow?.verifyUntil?.getTime() ?? 0;
    expect(verifyUntil).toBeGreaterThan(Date.now() + (900 + 60 - 30) * 1000);
    expect(verifyUntil).toBeLessThanOrEqual(Date.now() + (900 + 60) * 1000);

    // A token the old key signed still works, at the gateway and straight at a subgraph.
    expect((await me(before.token)).body.data?.me.id).toBeTruthy();
    expect((await me(before.token, t.stack.subgraphUrls.user)).status).toBe(200);

    // The rotation is audited in the platform tenant.
    const platformDb = t.stack.runtime.db.tenant(t.stack.platformTenantId);
    const audit = await platformDb.auditEvent.findFirstOrThrow({
      where: { action: 'signing_key.rotated', targetId: newKid },
    });
    expect(audit).toMatchObject({ result: 'success', targetType: 'signing_key' });
    expect(audit.data).toMatchObject({ retiredKids: oldKid });

    // Move the clock past verify_until (in the registry, not by sleeping): the old key is gone.
    await t.stack.runtime.db.control.signingKey.update({
      where: { kid: oldKid },
      data: { verifyUntil: new Date(Date.now() - 1000) },
    });
    await t.stack.runtime.keySource.refresh();
    for (const url of [undefined, t.stack.subgraphUrls.user, t.stack.subgraphUrls.session]) {
      const refused = await me(before.token, url);
      expect(refused.status).toBe(401);
      expect(refused.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    }
    expect(await jwksKids()).toEqual([newKid]);
    // Tokens of the new key are unaffected.
    expect((await me(current.accessToken)).body.data?.me.id).toBeTruthy();
  });
});

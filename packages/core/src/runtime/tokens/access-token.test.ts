import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UnauthenticatedError } from '../errors.ts';
import { AccessTokenIssuer, AccessTokenVerifier, CachedKeySource, type VerificationKey } from './access-token.ts';
import { generateSigningKey, type SigningKey } from './signing-keys.ts';
import { TenantClaimCipher } from './tenant-claim.ts';

const settings = { issuer: 'https://issuer.test', audience: 'tradesage-api', accessTtlSeconds: 900 };
const ids = {
  userId: crypto.randomUUID(),
  tenantId: crypto.randomUUID(),
  sessionId: crypto.randomUUID(),
  auth: { time: new Date(), methods: ['pwd'], enrolmentOnly: false },
  roles: ['admin'],
};

let key: SigningKey;
let cipher: TenantClaimCipher;
let issuer: AccessTokenIssuer;
let verifier: AccessTokenVerifier;

beforeAll(async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keys-'));
  key = await generateSigningKey(dir);
  cipher = new TenantClaimCipher(crypto.randomBytes(32));
  issuer = new AccessTokenIssuer(key, cipher, settings);
  verifier = new AccessTokenVerifier(
    new CachedKeySource(async () => [{ jwk: key.publicJwk, verifyUntil: null }]),
    cipher,
    settings,
  );
});

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Re-signs the claims of a valid token with a forged header/signature. */
function forge(header: Record<string, unknown>, signature = ''): string {
  const [, payload] = issuer.issue(ids).token.split('.');
  return `${b64(header)}.${payload}.${signature}`;
}

/** Signs claims like the issuer does, with header and options overridable to build bad tokens. */
function signRaw(
  header: Record<string, unknown>,
  options: jwt.SignOptions = {},
  subject = ids.userId,
  tid = cipher.encrypt(ids.tenantId, ids.userId),
): string {
  return jwt.sign({ sid: ids.sessionId, roles: ids.roles, tid }, key.privateKey, {
    algorithm: 'ES256',
    header: { alg: 'ES256', typ: 'at+jwt', kid: key.kid, ...header },
    issuer: settings.issuer,
    audience: settings.audience,
    subject,
    jwtid: crypto.randomUUID(),
    expiresIn: 60,
    ...options,
  });
}

async function rejects(token: string): Promise<void> {
  await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthenticatedError);
}

describe('access tokens', () => {
  it('round-trip with the tenant id encrypted, not readable in the token', async () => {
    const { token } = issuer.issue(ids);
    const claims = await verifier.verify(token);
    expect(claims).toMatchObject({
      userId: ids.userId,
      tenantId: ids.tenantId,
      sessionId: ids.sessionId,
      roles: ['admin'],
    });
    expect(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).not.toContain(ids.tenantId);
    const header = jwt.decode(token, { complete: true })?.header;
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: key.kid });
  });

  it.each(['none', 'None', 'NONE', 'nOnE'])('reject alg %s', async (alg) => {
    await rejects(forge({ alg, typ: 'at+jwt', kid: key.kid }));
  });

  it('rejects HS256 signed with the public key as the secret', async () => {
    const pem = crypto.createPublicKey(key.privateKey).export({ format: 'pem', type: 'spki' }).toString();
    const [headerPart, payload] = forge({ alg: 'HS256', typ: 'at+jwt', kid: key.kid }).split('.');
    const signature = crypto.createHmac('sha256', pem).update(`${headerPart}.${payload}`).digest('base64url');
    await rejects(`${headerPart}.${payload}.${signature}`);
  });

  it('rejects an all-zero ES256 signature', async () => {
    await rejects(forge({ alg: 'ES256', typ: 'at+jwt', kid: key.kid }, Buffer.alloc(64).toString('base64url')));
  });

  it.each(['jku', 'x5u', 'jwk'])('rejects a token naming its own key via %s', async (name) => {
    await rejects(signRaw({ [name]: name === 'jwk' ? key.publicJwk : 'https://evil.test/keys' }));
  });

  it.each([
    ['issuer', { ...settings, issuer: 'https://other.test' }],
    ['audience', { ...settings, audience: 'other-api' }],
  ])('rejects a wrong %s', async (_name, other) => {
    const token = new AccessTokenIssuer(key, cipher, other).issue(ids).token;
    await rejects(token);
  });

  it('rejects a wrong typ', async () => {
    await rejects(signRaw({ typ: 'JWT' }));
  });

  it('rejects an expired token and one not yet valid', async () => {
    const { token } = issuer.issue(ids);
    await expect(verifier.verify(token, new Date(Date.now() + 910_000))).rejects.toBeInstanceOf(UnauthenticatedError);
    await rejects(signRaw({}, { expiresIn: 600, notBefore: 300 }));
  });

  it('rejects an opaque refresh token used as an access token', async () => {
    await rejects(`${cipher.encrypt(ids.tenantId, 'refresh-token')}.${crypto.randomBytes(32).toString('base64url')}`);
  });

  it('rejects a token signed by an unknown key', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keys-'));
    const stranger = await generateSigningKey(dir);
    await rejects(new AccessTokenIssuer(stranger, cipher, settings).issue(ids).token);
  });

  it('rejects an encrypted tenant claim moved onto another subject', async () => {
    const other = { ...ids, userId: crypto.randomUUID() };
    const victimClaim = cipher.encrypt(ids.tenantId, ids.userId);
    await rejects(signRaw({}, {}, other.userId, victimClaim));
  });

  it('writes development keys with mode 0600', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keys-'));
    const generated = await generateSigningKey(dir);
    const [file] = await fs.readdir(dir);
    expect(file).toContain(generated.kid);
    expect((await fs.stat(path.join(dir, file ?? ''))).mode & 0o777).toBe(0o600);
  });

  it('verifies with a retired key until its verify_until, and refuses after', async () => {
    const verifyUntil = new Date(Date.now() + 60_000);
    const retiring = new AccessTokenVerifier(
      new CachedKeySource(async () => [{ jwk: key.publicJwk, verifyUntil }]),
      cipher,
      settings,
    );
    const { token } = issuer.issue(ids);
    await expect(retiring.verify(token)).resolves.toMatchObject({ userId: ids.userId });
    await expect(retiring.verify(token, new Date(verifyUntil.getTime() + 1))).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
  });
});

describe('verified-token cache', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function freshVerifier(load: () => Promise<VerificationKey[]>, cacheSize?: number): AccessTokenVerifier {
    return new AccessTokenVerifier(new CachedKeySource(load, { minRefreshMs: 0 }), cipher, settings, 5, cacheSize);
  }

  it('checks the signature of a token seen before only once, and gives each caller its own claims', async () => {
    const cached = freshVerifier(async () => [{ jwk: key.publicJwk, verifyUntil: null }]);
    const signatureChecks = vi.spyOn(jwt, 'verify');
    const { token } = issuer.issue(ids);
    const first = await cached.verify(token);
    first.expiresAt.setTime(0);
    const second = await cached.verify(token);
    expect(signatureChecks).toHaveBeenCalledTimes(1);
    expect(second).toMatchObject({ userId: ids.userId, tenantId: ids.tenantId, sessionId: ids.sessionId });
    expect(second.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses a cached token once it has expired, and before its nbf', async () => {
    const cached = freshVerifier(async () => [{ jwk: key.publicJwk, verifyUntil: null }]);
    const { token } = issuer.issue(ids);
    await cached.verify(token);
    await expect(cached.verify(token, new Date(Date.now() + 910_000))).rejects.toBeInstanceOf(UnauthenticatedError);
    const again = issuer.issue(ids).token;
    await cached.verify(again);
    await expect(cached.verify(again, new Date(Date.now() - 60_000))).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('refuses a cached token at once when its key is withdrawn from the registry', async () => {
    let published = true;
    const cached = freshVerifier(async () => (published ? [{ jwk: key.publicJwk, verifyUntil: null }] : []));
    const { token } = issuer.issue(ids);
    await cached.verify(token);
    published = false;
    await (cached as unknown as { keys: CachedKeySource }).keys.refresh();
    await expect(cached.verify(token)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('verifies again when the key was reloaded, and when the cache had to drop the token', async () => {
    const source = new CachedKeySource(async () => [{ jwk: key.publicJwk, verifyUntil: null }], { minRefreshMs: 0 });
    const cached = new AccessTokenVerifier(source, cipher, settings, 5, 1);
    const signatureChecks = vi.spyOn(jwt, 'verify');
    const [a, b] = [issuer.issue(ids).token, issuer.issue(ids).token];
    await cached.verify(a);
    await source.refresh();
    await cached.verify(a);
    expect(signatureChecks).toHaveBeenCalledTimes(2);
    await cached.verify(b);
    await cached.verify(a);
    expect(signatureChecks).toHaveBeenCalledTimes(4);
  });
});

describe('CachedKeySource', () => {
  it('finds a key published after it loaded, reloading at most once per interval for unknown kids', async () => {
    const published: VerificationKey[] = [];
    let loads = 0;
    const source = new CachedKeySource(
      async () => {
        loads++;
        return [...published];
      },
      { minRefreshMs: 60_000 },
    );
    expect(await source.get('nope')).toBeUndefined();
    expect(await source.get('still-nope')).toBeUndefined();
    expect(loads).toBe(1);
    published.push({ jwk: key.publicJwk, verifyUntil: null });
    await source.refresh();
    expect(await source.get(key.kid)).toBeDefined();
  });

  it('keeps the keys it has when the registry cannot be read', async () => {
    let fail = false;
    const errors: unknown[] = [];
    const source = new CachedKeySource(
      async () => {
        if (fail) throw new Error('registry down');
        return [{ jwk: key.publicJwk, verifyUntil: null }];
      },
      { minRefreshMs: 0, maxAgeMs: 0, onError: (error) => errors.push(error) },
    );
    expect(await source.get(key.kid)).toBeDefined();
    fail = true;
    expect(await source.get(key.kid)).toBeDefined();
    expect(errors).toHaveLength(1);
  });
});

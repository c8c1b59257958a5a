import crypto from 'node:crypto';
import util from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  GATEWAY_CREDENTIAL_MAX_TTL_SECONDS,
  GATEWAY_CREDENTIAL_TTL_SECONDS,
  GatewayCredentials,
} from './gateway-credential.ts';

const key = () => crypto.randomBytes(32);
const at = (iso: string) => new Date(iso);
const T0 = at('2030-01-01T00:00:00.000Z');
const plus = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function parts(credential: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
} {
  const [header = '', payload = '', signature = ''] = credential.split('.');
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;
  return { header: decode(header), payload: decode(payload), signature };
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('GatewayCredentials', () => {
  const credentials = new GatewayCredentials([key()]);

  it('verifies a credential it made for the same audience, and returns its request id', () => {
    const credential = credentials.issue('user', { requestId: 'req-42', now: T0 });
    expect(credentials.verify(credential, 'user', plus(1))).toEqual({ ok: true, requestId: 'req-42' });
  });

  it('makes a short-lived HS256 JWT for one audience', () => {
    const { header, payload } = parts(credentials.issue('session', { requestId: 'r', now: T0 }));
    expect(header).toMatchObject({ alg: 'HS256', typ: 'gateway+jwt', kid: expect.any(String) as unknown });
    expect(payload).toMatchObject({ aud: 'session', iss: 'tradesage-gateway', jti: 'r' });
    expect((payload['exp'] as number) - (payload['iat'] as number)).toBe(GATEWAY_CREDENTIAL_TTL_SECONDS);
    expect(GATEWAY_CREDENTIAL_TTL_SECONDS).toBeLessThanOrEqual(60);
  });

  it('refuses a missing or garbled credential', () => {
    expect(credentials.verify(undefined, 'user')).toEqual({ ok: false, reason: 'missing' });
    expect(credentials.verify('', 'user')).toEqual({ ok: false, reason: 'missing' });
    expect(credentials.verify('not-a-jwt', 'user')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a credential made for another subgraph', () => {
    const credential = credentials.issue('auth', { now: T0 });
    expect(credentials.verify(credential, 'user', plus(1))).toEqual({ ok: false, reason: 'wrong_audience' });
  });

  it('refuses an expired credential (5 s of clock skew tolerated)', () => {
    const credential = credentials.issue('user', { now: T0 });
    expect(credentials.verify(credential, 'user', plus(GATEWAY_CREDENTIAL_TTL_SECONDS + 4)).ok).toBe(true);
    expect(credentials.verify(credential, 'user', plus(GATEWAY_CREDENTIAL_TTL_SECONDS + 6))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a credential claiming to live longer than a minute, or dated in the future', () => {
    const long = credentials.issue('user', { now: T0, ttlSeconds: GATEWAY_CREDENTIAL_MAX_TTL_SECONDS + 1 });
    expect(credentials.verify(long, 'user', plus(1))).toEqual({ ok: false, reason: 'invalid_claims' });
    const future = credentials.issue('user', { now: plus(30) });
    expect(credentials.verify(future, 'user', T0)).toEqual({ ok: false, reason: 'invalid_claims' });
  });

  it('refuses a tampered payload or signature', () => {
    const credential = credentials.issue('auth', { now: T0 });
    const { header, payload, signature } = parts(credential);
    const retargeted = `${encode(header)}.${encode({ ...payload, aud: 'user' })}.${signature}`;
    expect(credentials.verify(retargeted, 'user', plus(1))).toEqual({ ok: false, reason: 'bad_signature' });
    const prolonged = `${encode(header)}.${encode({ ...payload, exp: (payload['exp'] as number) + 3600 })}.${signature}`;
    expect(credentials.verify(prolonged, 'auth', plus(1))).toEqual({ ok: false, reason: 'bad_signature' });
    const i = credential.length - 10;
    const flipped = `${credential.slice(0, i)}${credential[i] === 'A' ? 'B' : 'A'}${credential.slice(i + 1)}`;
    expect(credentials.verify(flipped, 'auth', plus(1))).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses alg none and other algorithms', () => {
    const { header, payload } = parts(credentials.issue('user', { now: T0 }));
    for (const alg of ['none', 'None', 'HS512', 'ES256']) {
      expect(credentials.verify(`${encode({ ...header, alg })}.${encode(payload)}.`, 'user', plus(1))).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('refuses a credential made with another key, even one claiming this key id', () => {
    const other = new GatewayCredentials([key()]);
    const credential = other.issue('user', { now: T0 });
    expect(credentials.verify(credential, 'user', plus(1))).toEqual({ ok: false, reason: 'unknown_key' });
    const { header } = parts(credentials.issue('user', { now: T0 }));
    const { payload } = parts(credential);
    const input = `${encode(header)}.${encode(payload)}`;
    const forged = `${input}.${crypto.createHmac('sha256', crypto.randomBytes(32)).update(input).digest('base64url')}`;
    expect(credentials.verify(forged, 'user', plus(1))).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rotates: the first key signs, every listed key verifies', () => {
    const oldKey = key();
    const newKey = key();
    const before = new GatewayCredentials([oldKey]);
    const during = GatewayCredentials.fromBase64List(`${newKey.toString('base64')}, ${oldKey.toString('base64')}`);
    const after = new GatewayCredentials([newKey]);
    expect(during.verify(before.issue('user', { now: T0 }), 'user', plus(1)).ok).toBe(true);
    expect(after.verify(during.issue('user', { now: T0 }), 'user', plus(1)).ok).toBe(true);
    expect(after.verify(before.issue('user', { now: T0 }), 'user', plus(1))).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
  });

  it('refuses keys shorter than 32 bytes and never shows its keys', () => {
    expect(() => new GatewayCredentials([crypto.randomBytes(16)])).toThrow(/at least 32 bytes/);
    expect(() => new GatewayCredentials([])).toThrow();
    const secret = key();
    const shown = `${util.inspect(new GatewayCredentials([secret]), { depth: 5 })} ${JSON.stringify(new GatewayCredentials([secret]))}`;
    expect(shown).not.toContain(secret.toString('base64'));
    expect(shown).not.toContain(secret.toString('hex'));
  });
});

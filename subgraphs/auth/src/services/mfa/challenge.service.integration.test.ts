import crypto from 'node:crypto';
import {
  auditColumns,
  hashOneTimeToken,
  issueOneTimeToken,
  MfaRepository,
  parseTenantSettings,
  type Runtime,
} from '@tradesage/core';
import { createTestRuntimes, totpCode, type TestRuntimes } from '@tradesage/core/testing';
import { provisionTenant } from '@tradesage/prisma';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerOf, ChallengeService, MAX_CHALLENGE_FAILURES } from './challenge.service.ts';
import { PasskeyService } from './passkey.service.ts';
import { newTotpSecret, totpSecretAad } from './totp.ts';

// The challenge rules on a clock the test moves: TOTP steps, the window, replays across steps,
// the challenge's 10-minute life, and the failure backoff.

let stack: TestRuntimes;
let runtime: Runtime;
let tenantId: string;

beforeAll(async () => {
  stack = await createTestRuntimes('tradesage_challenges');
  runtime = await stack.runtime({ NODE_ENV: 'test', SANDBOX: 'false' }, 'challenge-test');
  const slug = `chal-${crypto.randomBytes(5).toString('hex')}`;
  tenantId = (await provisionTenant(runtime.db.pool, { slug, name: slug, status: 'active', domain: null })).id;
});

afterAll(async () => {
  await stack?.close();
});

const meta = { requestId: crypto.randomUUID(), viewer: null, ip: '198.51.100.9', userAgent: 'vitest' };
const settings = async () => parseTenantSettings({}).mfa;

/** A user with an active TOTP factor whose secret the test knows. */
async function userWithTotp(): Promise<{ userId: string; secret: string; factorId: string }> {
  const db = runtime.db.tenant(tenantId);
  const userId = crypto.randomUUID();
  await db.user.create({ data: { id: userId, email: `${userId}@chal.test`, roles: { create: { role: 'viewer' } } } });
  const secret = newTotpSecret();
  const mfa = new MfaRepository(db);
  const factorId = await mfa.createPendingTotp(userId, 'App', (id) =>
    runtime.mfaSecrets.seal(totpSecretAad(id), secret),
  );
  await db.mfaFactor.update({ where: { id: factorId }, data: { status: 'active' } });
  return { userId, secret, factorId };
}

function clockAt(start: Date) {
  let now = start.getTime();
  return { clock: () => new Date(now), advance: (seconds: number) => void (now += seconds * 1000) };
}

async function open(service: ChallengeService, userId: string) {
  return service.open({ tenantId, userId, purpose: 'sign_in', sessionId: null, amr: ['pwd'], factors: ['totp'], meta });
}

function answer(service: ChallengeService, token: string, code: string) {
  return service.answer({
    token,
    purpose: 'sign_in',
    answer: answerOf({ totpCode: code }),
    settings,
    passkeys: new PasskeyService(runtime).verifier,
    meta,
  });
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: { code?: string }) => error.code ?? String(error),
  );

describe('challenges on a moved clock', () => {
  // Mid-step, so ±1 step is unambiguous.
  const start = new Date(Math.floor(Date.now() / 30_000) * 30_000 + 15_000);

  it('accepts the previous, current and next step (window 1), refuses two steps away', async () => {
    const { userId, secret } = await userWithTotp();
    const { clock } = clockAt(start);
    const service = new ChallengeService(runtime, { clock });
    expect(await codeOf(answer(service, (await open(service, userId)).token, totpCode(secret, start, 2)))).toBe(
      'MFA_CODE_INVALID',
    );
    expect(await codeOf(answer(service, (await open(service, userId)).token, totpCode(secret, start, -1)))).toBe('OK');
    expect(await codeOf(answer(service, (await open(service, userId)).token, totpCode(secret, start, 1)))).toBe('OK');
  });

  it('never accepts a step again, nor an earlier one, even once the clock has moved on', async () => {
    const { userId, secret } = await userWithTotp();
    const { clock, advance } = clockAt(start);
    const service = new ChallengeService(runtime, { clock });
    expect(await codeOf(answer(service, (await open(service, userId)).token, totpCode(secret, start)))).toBe('OK');
    expect(await codeOf(answer(service, (await open(service, userId)).token, totpCode(secret, start)))).toBe(
      'MFA_CODE_REUSED',
    );
    advance(30);
    // The accepted step is the previous one now, still within the window, and still refused; so is
    // the step before it.
    expect(await codeOf(answer(service, (await open(service, userId)).token, totpCode(secret, start)))).toBe(
      'MFA_CODE_REUSED',
    );
    advance(-30);
    expect(await codeOf(answer(service, (await open(service, userId)).token, totpCode(secret, start, -1)))).toBe(
      'MFA_CODE_REUSED',
    );
    advance(30);
    expect(await codeOf(answer(service, (await open(service, userId)).token, totpCode(secret, start, 1)))).toBe('OK');
  });

  it('ends a challenge 10 minutes after it opened', async () => {
    const { userId, secret } = await userWithTotp();
    const { clock, advance } = clockAt(start);
    const service = new ChallengeService(runtime, { clock });
    const { token, expiresAt } = await open(service, userId);
    expect(expiresAt.getTime() - start.getTime()).toBe(10 * 60_000);
    advance(10 * 60 + 1);
    expect(await codeOf(answer(service, token, totpCode(secret, clock())))).toBe('MFA_CHALLENGE_EXPIRED');
  });

  it('backs a factor off after five consecutive failures, doubling, and lets it answer once the wait is over', async () => {
    const { userId, secret, factorId } = await userWithTotp();
    const { clock, advance } = clockAt(start);
    const service = new ChallengeService(runtime, { clock });
    const wrong = () => String((Number(totpCode(secret, clock())) + 500_000) % 1_000_000).padStart(6, '0');
    const { token } = await open(service, userId);
    for (let i = 0; i < MAX_CHALLENGE_FAILURES; i++) await codeOf(answer(service, token, wrong()));
    const row = await runtime.db.tenant(tenantId).mfaFactor.findUniqueOrThrow({ where: { id: factorId } });
    expect(row.failedAttempts).toBe(5);
    // The fifth failure asks for 2^0 = 1 s; a sixth wrong answer then doubles it.
    expect(await codeOf(answer(service, (await open(service, userId)).token, totpCode(secret, clock())))).toBe(
      'RATE_LIMITED',
    );
    advance(1);
    expect(await codeOf(answer(service, (await open(service, userId)).token, wrong()))).toBe('MFA_CODE_INVALID');
    advance(1);
    expect(await codeOf(answer(service, (await open(service, userId)).token, totpCode(secret, clock())))).toBe(
      'RATE_LIMITED',
    );
    advance(1);
    expect(await codeOf(answer(service, (await open(service, userId)).token, totpCode(secret, clock())))).toBe('OK');
    const after = await runtime.db.tenant(tenantId).mfaFactor.findUniqueOrThrow({ where: { id: factorId } });
    expect(after.failedAttempts).toBe(0);
  });

  it('accepts a TOTP step, ends the challenge and audits it in one statement: once each, and a step taken for an ended challenge stays taken', async () => {
    const { userId, secret, factorId } = await userWithTotp();
    const service = new ChallengeService(runtime, { clock: () => start });
    const db = runtime.db.tenant(tenantId);
    const mfa = new MfaRepository(db);
    const step = Math.floor(start.getTime() / 30_000);
    const challengeOf = async (token: string) =>
      db.mfaChallenge.findFirstOrThrow({ where: { userId, hash: hashOneTimeToken(token) } });
    const audited = (challengeId: string) =>
      db.auditEvent.findMany({ where: { action: 'mfa.challenge_succeeded', targetId: challengeId } });
    const accept = (challengeId: string, at: number) =>
      mfa.acceptTotpAnswer(tenantId, {
        factorId,
        step: at,
        challengeId,
        now: start,
        audit: auditColumns(meta, {
          action: 'mfa.challenge_succeeded',
          actorId: userId,
          targetType: 'mfa_challenge',
          targetId: challengeId,
          data: { purpose: 'sign_in', factor: 'totp' },
        }),
      });

    const first = await challengeOf((await open(service, userId)).token);
    expect(await accept(first.id, step)).toBe('accepted');
    expect((await db.mfaChallenge.findUniqueOrThrow({ where: { id: first.id } })).endedAt).toEqual(start);
    const [event] = await audited(first.id);
    expect(event).toMatchObject({ actorId: userId, ip: meta.ip, requestId: meta.requestId, result: 'success' });
    expect(event?.data).toEqual({ purpose: 'sign_in', factor: 'totp' });
    // The same step again, for an open challenge: refused, and that challenge stays open.
    const second = await challengeOf((await open(service, userId)).token);
    expect(await accept(second.id, step)).toBe('reused');
    expect((await db.mfaChallenge.findUniqueOrThrow({ where: { id: second.id } })).endedAt).toBeNull();
    expect(await audited(second.id)).toHaveLength(0);
    // A later step for a challenge ended meanwhile (answered another way): the step is spent, nothing else ends.
    await mfa.endChallenge(second.id, start);
    expect(await accept(second.id, step + 1)).toBe('ended');
    expect(await audited(second.id)).toHaveLength(0);
    const factor = await db.mfaFactor.findUniqueOrThrow({ where: { id: factorId } });
    expect(factor.lastUsedStep).toBe(BigInt(step + 1));
    // Through the service, that spent step is a replay.
    expect(await codeOf(answer(service, (await open(service, userId)).token, totpCode(secret, start, 1)))).toBe(
      'MFA_CODE_REUSED',
    );
  });

  it('refuses a token whose sealed user is not the challenge’s (the row is the authority)', async () => {
    const [{ userId }, other] = await Promise.all([userWithTotp(), userWithTotp()]);
    const service = new ChallengeService(runtime, { clock: () => start });
    const { token } = await open(service, userId);
    // The same stored digest, behind a token sealed for another user of the tenant.
    const forged = `${issueOneTimeToken(runtime.tenantClaims, tenantId, 'mfa_challenge', start, other.userId).token.split('.').slice(0, 2).join('.')}.${token.split('.')[2]}`;
    await runtime.db
      .tenant(tenantId)
      .mfaChallenge.updateMany({ where: { hash: hashOneTimeToken(token) }, data: { hash: hashOneTimeToken(forged) } });
    expect(await codeOf(answer(service, forged, totpCode(other.secret, start)))).toBe('MFA_CHALLENGE_EXPIRED');
  });
});

import crypto from 'node:crypto';
import {
  AppError,
  auditColumns,
  claimsOfOneTimeToken,
  type AuditColumns,
  type AuditEntry,
  BadInputError,
  hashOneTimeToken,
  issueOneTimeToken,
  methodsAfter,
  mfaNoticeMail,
  MfaRepository,
  rateLimitedError,
  recordAudit,
  type Caller,
  type ChallengeRow,
  type FactorKind,
  type MfaSettings,
  type Runtime,
  type TotpFactorRow,
} from '@tradesage/core';
import type { TenantPrismaClient } from '@tradesage/prisma';
import { UserRepository } from '../../repositories/user.repository.ts';
import {
  CODE_TTL_SECONDS,
  codeDigest,
  codeMatches,
  newOneTimeCode,
  sendOneTimeCode,
  type SentCode,
} from './one-time-codes.ts';
import { normalizeRecoveryCode, recoveryCodeMaterial } from './recovery-codes.ts';
import { totpSecretAad, totpStepOf } from './totp.ts';

/** Wrong answers one challenge takes before it ends (the sign-in starts again, password first). */
export const MAX_CHALLENGE_FAILURES = 5;
/** Consecutive wrong answers after which a factor refuses every answer (NIST SP 800-63B-4 §3.2.2: at most 100). */
export const FACTOR_FAILURE_CEILING = 100;
/** From this many consecutive failures of a factor on, each answer waits a doubling delay. */
const BACKOFF_FROM = 5;
const BACKOFF_MAX_SECONDS = 15 * 60;

/** An answer to a challenge: exactly one of them. */
export type FactorAnswer =
  | { readonly kind: 'totp'; readonly code: string }
  | { readonly kind: 'recovery_code'; readonly code: string }
  | { readonly kind: 'passkey'; readonly response: unknown }
  /** The code sent by email or SMS (sendMfaCode); which of the two is the challenge's business. */
  | { readonly kind: 'one_time_code'; readonly code: string };

/** The answer of an input holding exactly one of `totpCode`, `recoveryCode`, `passkey`, `oneTimeCode` (BAD_USER_INPUT otherwise). */
export function answerOf(input: {
  readonly totpCode?: string | null | undefined;
  readonly recoveryCode?: string | null | undefined;
  readonly passkey?: string | null | undefined;
  readonly oneTimeCode?: string | null | undefined;
}): FactorAnswer {
  const given = [
    input.totpCode ? ({ kind: 'totp', code: input.totpCode.trim() } as const) : null,
    input.recoveryCode ? ({ kind: 'recovery_code', code: input.recoveryCode } as const) : null,
    input.passkey ? ({ kind: 'passkey', response: parseJson(input.passkey) } as const) : null,
    input.oneTimeCode ? ({ kind: 'one_time_code', code: input.oneTimeCode.trim() } as const) : null,
  ].filter((answer) => answer !== null);
  if (given.length !== 1 || !given[0])
    throw new BadInputError('BAD_USER_INPUT', 'Give exactly one of totpCode, recoveryCode, passkey and oneTimeCode', {
      field: 'totpCode',
    });
  return given[0];
}

function parseJson(text: string): unknown {
  if (text.length > 16_384) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export class ChallengeExpiredError extends AppError {
  constructor() {
    super('MFA_CHALLENGE_EXPIRED', 'This sign-in step is over (expired, used or too many wrong answers): start again');
  }
}

/** A challenge just opened: its token (never stored, logged or audited) and what it accepts. */
export interface OpenedChallenge {
  readonly id: string;
  readonly userId: string;
  readonly token: string;
  readonly expiresAt: Date;
  readonly factors: readonly FactorKind[];
}

/** A challenge answered correctly: whose it was, and the methods the session now carries. */
export interface AnsweredChallenge<T = undefined> {
  readonly challenge: ChallengeRow;
  readonly tenantId: string;
  readonly factor: FactorKind;
  readonly methods: string[];
  /** What `alongside` loaded while the answer was checked. */
  readonly alongside: T;
}

/** Verifies a passkey answer for the challenge (wired by the passkey service; null when passkeys are not in play). */
export type PasskeyVerifier = (input: {
  tenantId: string;
  userId: string;
  challenge: ChallengeRow;
  response: unknown;
  now: Date;
}) => Promise<{ factorId: string } | null>;

/**
 * Challenges: a sign-in (or a step-up) that proved its first factor and waits for a second one
 * (OWASP ASVS 5.0 6.6.2: an answer is bound to its own attempt). The token is
 * `<encrypted tenant>.<256 random bits>`, valid 10 minutes, stored only as its SHA-256; a code
 * given to another challenge does not complete this one because each challenge is looked up by
 * its own token and then checks the answer against its own user's factors.
 *
 * Wrong answers are counted per challenge (MAX_CHALLENGE_FAILURES, then the challenge ends and the
 * sign-in starts again with the password, whose lockout applies) and per factor, consecutively
 * across challenges: from BACKOFF_FROM failures on, each answer waits a doubling delay (RATE_LIMITED
 * with retryAfterSeconds), and at FACTOR_FAILURE_CEILING the factor refuses every answer until an
 * administrator resets the user's MFA. Every outcome is audited.
 */
export class ChallengeService {
  readonly #runtime: Runtime;
  readonly #now: () => Date;

  constructor(runtime: Runtime, options: { clock?: () => Date } = {}) {
    this.#runtime = runtime;
    this.#now = options.clock ?? (() => new Date());
  }

  async open(input: {
    tenantId: string;
    userId: string;
    purpose: ChallengeRow['purpose'];
    sessionId: string | null;
    amr: readonly string[];
    factors: readonly FactorKind[];
    meta: Caller;
  }): Promise<OpenedChallenge> {
    const now = this.#now();
    const issued = issueOneTimeToken(this.#runtime.tenantClaims, input.tenantId, 'mfa_challenge', now, input.userId);
    const db = this.#runtime.db.tenant(input.tenantId);
    const id = crypto.randomUUID();
    // The row and its audit event at once: one round trip (a failed insert fails the sign-in).
    await Promise.all([
      new MfaRepository(db).createChallenge({
        id,
        hash: issued.hash,
        userId: input.userId,
        purpose: input.purpose,
        sessionId: input.sessionId,
        amr: input.amr,
        expiresAt: issued.expiresAt,
        passkeyChallenge: null,
      }),
      recordAudit(db, this.#runtime.logger, input.meta, {
        action: 'mfa.challenge_started',
        actorId: input.userId,
        targetType: 'mfa_challenge',
        targetId: id,
        data: { purpose: input.purpose, factors: input.factors.join(',') },
      }),
    ]);
    return { id, userId: input.userId, token: issued.token, expiresAt: issued.expiresAt, factors: input.factors };
  }

  /** The open challenge a token names, with its tenant; MFA_CHALLENGE_EXPIRED when there is none. */
  async find(token: string): Promise<{ tenantId: string; challenge: ChallengeRow }> {
    const tenantId = this.tenantOf(token);
    return { tenantId, challenge: await this.#open(tenantId, token) };
  }

  /** The tenant a challenge token names (decrypted, no database); MFA_CHALLENGE_EXPIRED when none. */
  tenantOf(token: string): string {
    return this.#claimsOf(token).tenantId;
  }

  /** The tenant and the user a challenge token names (decrypted, no database); MFA_CHALLENGE_EXPIRED when none. */
  #claimsOf(token: string): { tenantId: string; userId: string } {
    const claims = claimsOfOneTimeToken(this.#runtime.tenantClaims, token, 'mfa_challenge');
    if (!claims?.userId) throw new ChallengeExpiredError();
    return { tenantId: claims.tenantId, userId: claims.userId };
  }

  async #open(tenantId: string, token: string): Promise<ChallengeRow> {
    const challenge = await new MfaRepository(this.#runtime.db.tenant(tenantId)).openChallenge(
      hashOneTimeToken(token),
      this.#now(),
    );
    if (!challenge) throw new ChallengeExpiredError();
    return challenge;
  }

  /**
   * Checks an answer to the challenge the token names and, when right, ends the challenge (exactly
   * once: a second completion racing with this one gets MFA_CHALLENGE_EXPIRED). `allowed` is what
   * the tenant allows now, `purpose` what the caller expects the challenge to be for.
   */
  async answer<T = undefined, R = undefined>(input: {
    token: string;
    purpose: ChallengeRow['purpose'];
    /** A step-up's challenge answers only for the session that started it. */
    owner?: { userId: string; sessionId: string };
    answer: FactorAnswer;
    settings: (tenantId: string) => Promise<MfaSettings>;
    passkeys: PasskeyVerifier;
    meta: Caller;
    /** Loads what the caller needs next (the user), while the challenge is read; its result is used only on success. */
    alongside?: (tenantId: string, userId: string) => Promise<T>;
    /** What the caller does with a right answer (the session), while the success is audited. */
    continueWith?: (answered: AnsweredChallenge<T>) => Promise<R>;
  }): Promise<AnsweredChallenge<T> & { readonly continued: R }> {
    const { tenantId, userId } = this.#claimsOf(input.token);
    if (input.owner && userId !== input.owner.userId) throw new ChallengeExpiredError();
    const db = this.#runtime.db.tenant(tenantId);
    // Everything the answer and the caller read, in one round trip's time: the token names the user.
    const [challenge, settings, alongside, totpFactors] = await Promise.all([
      this.#open(tenantId, input.token),
      input.settings(tenantId),
      input.alongside?.(tenantId, userId) ?? Promise.resolve(undefined as T),
      input.answer.kind === 'totp' ? new MfaRepository(db).activeTotpFactors(userId) : Promise.resolve([]),
    ]);
    if (challenge.purpose !== input.purpose || challenge.userId !== userId) throw new ChallengeExpiredError();
    if (input.owner && challenge.sessionId !== input.owner.sessionId) throw new ChallengeExpiredError();
    const kind = await this.#kindOf(tenantId, challenge, input.answer);
    if (settings.mode === 'off' || !settings.allowedFactors.includes(kind))
      throw new AppError('MFA_FACTOR_NOT_ALLOWED', 'This tenant does not allow this factor', {
        details: { factor: kind },
      });
    const now = this.#now();
    const succeeded = {
      action: 'mfa.challenge_succeeded',
      actorId: challenge.userId,
      targetType: 'mfa_challenge',
      targetId: challenge.id,
      data: { purpose: challenge.purpose, factor: kind },
    } satisfies AuditEntry;
    const outcome = await this.#check(
      db,
      tenantId,
      challenge,
      input.answer,
      settings,
      input.passkeys,
      now,
      input.meta,
      {
        totpFactors,
        succeeded: auditColumns(input.meta, succeeded),
      },
    );
    if (!outcome.ok) return this.#failed(db, challenge, kind, outcome, input.meta, now);
    // A TOTP answer's own statement ended the challenge and audited it; any other answer ends it here, exactly once.
    if (!outcome.ended && !(await new MfaRepository(db).endChallenge(challenge.id, now)))
      throw new ChallengeExpiredError();
    const answered = { challenge, tenantId, factor: kind, methods: methodsAfter(challenge.amr, kind), alongside };
    const [, continued] = await Promise.all([
      outcome.ended ? Promise.resolve() : recordAudit(db, this.#runtime.logger, input.meta, succeeded),
      input.continueWith?.(answered) ?? Promise.resolve(undefined as R),
    ]);
    return { ...answered, continued };
  }

  /** The factor an answer uses: a sent code is the email or SMS factor it was sent to (none sent: email, refused below). */
  async #kindOf(tenantId: string, challenge: ChallengeRow, answer: FactorAnswer): Promise<FactorKind> {
    if (answer.kind !== 'one_time_code') return answer.kind;
    const factor = challenge.otpFactorId
      ? await new MfaRepository(this.#runtime.db.tenant(tenantId)).factor(challenge.userId, challenge.otpFactorId)
      : null;
    return factor?.kind === 'sms' ? 'sms' : 'email';
  }

  /**
   * Sends a code for the challenge by email or SMS, to the user's active factor of that kind; it
   * replaces any code sent before for this challenge. Quotas and the resend wait: one-time-codes.ts.
   */
  async sendCode(input: {
    token: string;
    kind: 'email' | 'sms';
    settings: (tenantId: string) => Promise<MfaSettings>;
    meta: Caller;
  }): Promise<SentCode> {
    const { tenantId, challenge } = await this.find(input.token);
    const settings = await input.settings(tenantId);
    if (settings.mode === 'off' || !settings.allowedFactors.includes(input.kind))
      throw new AppError('MFA_FACTOR_NOT_ALLOWED', 'This tenant does not allow this factor', {
        details: { factor: input.kind },
      });
    const db = this.#runtime.db.tenant(tenantId);
    const factor = (await new MfaRepository(db).factors(challenge.userId)).find(
      (candidate) => candidate.kind === input.kind && candidate.status === 'active',
    );
    if (!factor)
      throw new AppError('MFA_FACTOR_NOT_ALLOWED', 'You have no such factor', { details: { factor: input.kind } });
    const user = await new UserRepository(db, tenantId).findById(challenge.userId);
    if (!user) throw new ChallengeExpiredError();
    const now = this.#now();
    const code = newOneTimeCode();
    const destination =
      input.kind === 'sms' && factor.phone
        ? ({ kind: 'sms', phone: factor.phone } as const)
        : ({ kind: 'email', email: user.email } as const);
    const sent = await sendOneTimeCode(this.#runtime, {
      tenantId,
      userId: challenge.userId,
      to: destination,
      code,
      lastSentAt: challenge.otpSentAt,
      meta: input.meta,
      now,
      beforeSending: () =>
        new MfaRepository(db).setChallengeOtp(challenge.id, {
          hash: codeDigest(this.#runtime, challenge.id, code),
          factorId: factor.id,
          sentAt: now,
          expiresAt: new Date(now.getTime() + CODE_TTL_SECONDS * 1000),
        }),
    });
    return sent;
  }

  async #check(
    db: TenantPrismaClient,
    tenantId: string,
    challenge: ChallengeRow,
    answer: FactorAnswer,
    settings: MfaSettings,
    passkeys: PasskeyVerifier,
    now: Date,
    meta: Caller,
    read: {
      /** The user's active TOTP factors, read with the challenge (for a TOTP answer). */
      totpFactors: readonly TotpFactorRow[];
      /** The success's audit entry, written by a TOTP answer's own statement. */
      succeeded: AuditColumns;
    },
  ): Promise<CheckOutcome> {
    const mfa = new MfaRepository(db);
    switch (answer.kind) {
      case 'totp': {
        const factors = read.totpFactors;
        this.#assertNotBackedOff(factors, now);
        for (const factor of factors) {
          const secret = this.#runtime.mfaSecrets.open(totpSecretAad(factor.id), factor.secret);
          if (!secret) continue;
          const step = totpStepOf(secret, answer.code, now, settings.totpWindow);
          if (step === null) continue;
          const accepted = await mfa.acceptTotpAnswer(tenantId, {
            factorId: factor.id,
            step,
            challengeId: challenge.id,
            now,
            audit: read.succeeded,
          });
          if (accepted === 'accepted') return { ok: true, ended: true };
          if (accepted === 'ended') throw new ChallengeExpiredError();
          await recordAudit(db, this.#runtime.logger, meta, {
            action: 'mfa.code_reused',
            result: 'refused',
            actorId: challenge.userId,
            targetType: 'mfa_factor',
            targetId: factor.id,
            data: { purpose: challenge.purpose },
          });
          return { ok: false, reused: true, factorIds: [] };
        }
        return { ok: false, reused: false, factorIds: factors.map((factor) => factor.id) };
      }
      case 'recovery_code': {
        const normalized = normalizeRecoveryCode(answer.code);
        if (normalized === null) return { ok: false, reused: false, factorIds: [] };
        const digests = this.#runtime.mfaSecrets.digests(recoveryCodeMaterial(challenge.userId, normalized));
        if (!(await mfa.burnRecoveryCode(challenge.userId, digests, now)))
          return { ok: false, reused: false, factorIds: [] };
        await this.#recoveryCodeUsed(db, tenantId, challenge.userId, meta, now);
        return { ok: true, ended: false };
      }
      case 'passkey': {
        const verified = await passkeys({
          tenantId,
          userId: challenge.userId,
          challenge,
          response: answer.response,
          now,
        });
        return verified ? { ok: true, ended: false } : { ok: false, reused: false, factorIds: [] };
      }
      case 'one_time_code': {
        const factorId = challenge.otpFactorId;
        if (!factorId || !challenge.otpHash || !challenge.otpExpiresAt || challenge.otpExpiresAt <= now)
          return { ok: false, reused: false, factorIds: [] };
        const factor = await mfa.factor(challenge.userId, factorId);
        if (!factor || factor.status !== 'active') return { ok: false, reused: false, factorIds: [] };
        this.#assertNotBackedOff([factor], now);
        if (!codeMatches(this.#runtime, challenge.id, answer.code, challenge.otpHash))
          return { ok: false, reused: false, factorIds: [factorId] };
        await mfa.setChallengeOtp(challenge.id, null);
        await mfa.recordFactorUse(factorId, now);
        return { ok: true, ended: false };
      }
      default: {
        const unreachable: never = answer;
        throw new Error(`unknown answer ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** RATE_LIMITED while the factor's backoff lasts; at the ceiling, for good (until an MFA reset). */
  #assertNotBackedOff(factors: ReadonlyArray<{ failedAttempts: number; lastFailedAt: Date | null }>, now: Date): void {
    for (const factor of factors) {
      if (factor.failedAttempts >= FACTOR_FAILURE_CEILING)
        throw new AppError('RATE_LIMITED', 'This factor is locked after too many wrong codes: use another one', {
          details: { reason: 'factor_locked' },
        });
      if (factor.failedAttempts < BACKOFF_FROM || !factor.lastFailedAt) continue;
      const waitMs = Math.min(2 ** (factor.failedAttempts - BACKOFF_FROM), BACKOFF_MAX_SECONDS) * 1000;
      const left = factor.lastFailedAt.getTime() + waitMs - now.getTime();
      if (left > 0) throw rateLimitedError(left, 'Too many wrong codes: wait before trying again', { scope: 'mfa' });
    }
  }

  async #failed(
    db: TenantPrismaClient,
    challenge: ChallengeRow,
    factor: FactorKind,
    outcome: Extract<CheckOutcome, { ok: false }>,
    meta: Caller,
    now: Date,
  ): Promise<never> {
    const mfa = new MfaRepository(db);
    const failures = await mfa.recordChallengeFailure(challenge.id);
    const factorFailures = await mfa.recordFactorFailure(challenge.userId, outcome.factorIds, now);
    await recordAudit(db, this.#runtime.logger, meta, {
      action: 'mfa.challenge_failed',
      result: outcome.reused ? 'refused' : 'failure',
      actorId: challenge.userId,
      targetType: 'mfa_challenge',
      targetId: challenge.id,
      data: { purpose: challenge.purpose, factor, failures, ...(outcome.reused ? { reason: 'code_reused' } : {}) },
    });
    if (factorFailures >= FACTOR_FAILURE_CEILING)
      await recordAudit(db, this.#runtime.logger, meta, {
        action: 'mfa.factor_locked',
        result: 'refused',
        actorId: challenge.userId,
        targetType: 'user',
        targetId: challenge.userId,
        data: { factor, consecutiveFailures: factorFailures },
      });
    if (failures >= MAX_CHALLENGE_FAILURES || factorFailures >= FACTOR_FAILURE_CEILING) {
      if (await mfa.endChallenge(challenge.id, now))
        await recordAudit(db, this.#runtime.logger, meta, {
          action: 'mfa.challenge_ended',
          result: 'refused',
          actorId: challenge.userId,
          targetType: 'mfa_challenge',
          targetId: challenge.id,
          data: { reason: 'too_many_failures', failures },
        });
      throw new ChallengeExpiredError();
    }
    if (outcome.reused) throw new AppError('MFA_CODE_REUSED', 'This code was used already: wait for the next one');
    throw new AppError('MFA_CODE_INVALID', 'That code is not right', {
      details: { attemptsLeft: MAX_CHALLENGE_FAILURES - failures },
    });
  }

  /** A recovery code was burnt: audited with what is left, and the owner is told by email. */
  async #recoveryCodeUsed(
    db: TenantPrismaClient,
    tenantId: string,
    userId: string,
    meta: Caller,
    now: Date,
  ): Promise<void> {
    const mfa = new MfaRepository(db);
    const remaining = await mfa.remainingRecoveryCodes(userId);
    await recordAudit(db, this.#runtime.logger, meta, {
      action: 'mfa.recovery_code_used',
      actorId: userId,
      targetType: 'user',
      targetId: userId,
      data: { remaining },
    });
    const user = await new UserRepository(db, tenantId).findById(userId);
    if (user)
      this.#runtime.mailer.dispatch(
        mfaNoticeMail({
          to: user.email,
          what: `A recovery code of your account was used to sign in; ${remaining} of them are left`,
          at: now,
        }),
      );
    this.#runtime.logger.info({ requestId: meta.requestId, tenantId, userId, remaining }, 'recovery code used');
  }
}

type CheckOutcome =
  /** `ended`: the answer's own statement ended the challenge too. */
  | { readonly ok: true; readonly ended: boolean }
  | { readonly ok: false; readonly reused: boolean; readonly factorIds: readonly string[] };

import crypto from 'node:crypto';
import {
  AppError,
  maskPhoneNumber,
  oneTimeCodeMail,
  rateLimitedError,
  recordAudit,
  TenantCounter,
  type Caller,
  type Runtime,
} from '@tradesage/core';
import { emailSubject } from '../account-support.ts';

/**
 * One-time codes sent by email or SMS (NIST SP 800-63B-4 §3.1.3: out-of-band codes of at least 6
 * digits, valid at most 10 minutes). Six digits from the CSPRNG; stored only as a keyed digest
 * (MFA_SECRET_KEYS) bound to what it was sent for, so a code sent for one challenge never answers
 * another; a new code replaces the last (only the latest works).
 *
 * Sending is limited (SMS pumping, mail bombing): a resend waits CODE_RESEND_SECONDS, and each
 * user, destination, client address and tenant has an hourly quota; over one, RATE_LIMITED with
 * retryAfterSeconds.
 */
export const CODE_TTL_SECONDS = 10 * 60;
export const CODE_RESEND_SECONDS = 30;
const HOUR = 3600;

interface CodeLimits {
  readonly perUser: TenantCounter;
  readonly perDestination: TenantCounter;
  readonly perAddress: TenantCounter;
  readonly perTenant: TenantCounter;
}

const limitsByRuntime = new WeakMap<Runtime, CodeLimits>();

function limitsOf(runtime: Runtime): CodeLimits {
  let limits = limitsByRuntime.get(runtime);
  if (!limits) {
    const redis = runtime.config.redisUrl ? runtime.redis : undefined;
    const counter = (name: string, points: number) =>
      new TenantCounter({ name, points, durationSeconds: HOUR }, redis, runtime.logger);
    limits = {
      perUser: counter('otp-user', 10),
      perDestination: counter('otp-destination', 5),
      perAddress: counter('otp-address', 20),
      perTenant: counter('otp-tenant', 500),
    };
    limitsByRuntime.set(runtime, limits);
  }
  return limits;
}

/** Where a code goes. */
export type CodeDestination =
  { readonly kind: 'email'; readonly email: string } | { readonly kind: 'sms'; readonly phone: string };

/** A code just sent: what the page may show (a masked destination), and when it stops working. */
export interface SentCode {
  readonly sentTo: string;
  readonly expiresAt: Date;
  readonly resendAfterSeconds: number;
}

export function newOneTimeCode(): string {
  return crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** The digest stored for `code` sent for `purpose` (a challenge's or a pending factor's id). */
export function codeDigest(runtime: Runtime, purpose: string, code: string): string {
  return runtime.mfaSecrets.digests(`one-time-code:${purpose}:${code}`)[0] as string;
}

/** Whether `code` is the one digested as `stored` for `purpose` (under any of the keys, in constant time). */
export function codeMatches(runtime: Runtime, purpose: string, code: string, stored: string): boolean {
  if (!/^\d{6}$/.test(code.trim())) return false;
  const expected = Buffer.from(stored);
  return runtime.mfaSecrets.digests(`one-time-code:${purpose}:${code.trim()}`).some((digest) => {
    const candidate = Buffer.from(digest);
    return candidate.length === expected.length && crypto.timingSafeEqual(candidate, expected);
  });
}

/**
 * Sends `code` to `to` after the quotas allow it. `lastSentAt` is when the previous code for the
 * same purpose went out (the resend cooldown). Audited without the code.
 */
export async function sendOneTimeCode(
  runtime: Runtime,
  input: {
    tenantId: string;
    userId: string;
    to: CodeDestination;
    code: string;
    lastSentAt: Date | null;
    meta: Caller;
    now: Date;
    /** Stores the code's digest once the quotas allowed it, before it leaves. */
    beforeSending: () => Promise<void>;
  },
): Promise<SentCode> {
  const { tenantId, userId, to, now } = input;
  if (input.lastSentAt) {
    const wait = input.lastSentAt.getTime() + CODE_RESEND_SECONDS * 1000 - now.getTime();
    if (wait > 0)
      throw rateLimitedError(wait, 'A code was sent moments ago: wait before asking for another', {
        scope: 'mfa_code',
      });
  }
  const limits = limitsOf(runtime);
  const destination = to.kind === 'email' ? emailSubject(to.email) : `phone:${hashed(to.phone)}`;
  const checks: Array<[TenantCounter, string]> = [
    [limits.perUser, userId],
    [limits.perDestination, destination],
    [limits.perAddress, `ip:${hashed(input.meta.ip ?? 'unknown')}`],
    ...(to.kind === 'sms' ? ([[limits.perTenant, 'sms']] as Array<[TenantCounter, string]>) : []),
  ];
  for (const [counter, subject] of checks) {
    const state = await counter.peek(tenantId, subject);
    if (state.count >= counter.rule.points)
      throw rateLimitedError(state.msBeforeReset, 'Too many codes sent: wait before asking for another', {
        scope: 'mfa_code',
      });
  }
  for (const [counter, subject] of checks) await counter.hit(tenantId, subject);
  await input.beforeSending();

  const validMinutes = CODE_TTL_SECONDS / 60;
  if (to.kind === 'email') {
    await runtime.mailer.send(oneTimeCodeMail({ to: to.email, code: input.code, validMinutes }));
  } else {
    await runtime.sms
      .send({
        to: to.phone,
        body: `${input.code} is your TradeSage code. It works once, for ${validMinutes} minutes. Never share it.`,
      })
      .catch((error: unknown) => {
        runtime.logger.error({ err: (error as Error).message, to: maskPhoneNumber(to.phone) }, 'sms code not sent');
        throw new AppError('BUSY', 'The code could not be sent by SMS just now: try again or use another factor', {
          details: { retryAfterSeconds: 30 },
        });
      });
  }
  const sentTo = to.kind === 'email' ? maskEmail(to.email) : maskPhoneNumber(to.phone);
  await recordAudit(runtime.db.tenant(tenantId), runtime.logger, input.meta, {
    action: 'mfa.code_sent',
    actorId: userId,
    targetType: 'user',
    targetId: userId,
    data: { channel: to.kind, to: sentTo },
  });
  return {
    sentTo,
    expiresAt: new Date(now.getTime() + CODE_TTL_SECONDS * 1000),
    resendAfterSeconds: CODE_RESEND_SECONDS,
  };
}

function hashed(value: string): string {
  return crypto.createHash('sha256').update(value).digest('base64url').slice(0, 32);
}

/** `j***@example.com`: enough for the owner to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

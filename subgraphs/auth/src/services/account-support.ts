import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AppError,
  BadInputError,
  type AuditAction,
  type AuditEntry,
  type Runtime,
  TenantCounter,
} from '@tradesage/core';

/**
 * What the account services share: their rate limits and input rules.
 */

/**
 * Throttles of the account flows, counted in Redis per tenant (keys `rl:<name>:{t:<tenantId>}:...`
 * through core's TenantCounter). They bound the mail an anonymous caller can make us send and the
 * current-password guesses a stolen session can make.
 */
export interface AccountLimits {
  /** requestPasswordReset per address (counted whether or not the account exists). */
  readonly resetPerEmail: TenantCounter;
  /** requestPasswordReset per client IP. */
  readonly resetPerIp: TenantCounter;
  readonly signUpPerEmail: TenantCounter;
  readonly signUpPerIp: TenantCounter;
  /** Verification mails (resend, email change) per user. */
  readonly verificationPerUser: TenantCounter;
  /** Wrong current passwords (changePassword, requestEmailChange) per user. */
  readonly currentPasswordFailures: TenantCounter;
  /** Invitations sent per admin. */
  readonly invitationsPerAdmin: TenantCounter;
}

const HOUR = 3600;
const limitsByRuntime = new WeakMap<Runtime, AccountLimits>();

/** One set of counters per process (the in-memory insurance limiters must be shared too). */
export function accountLimits(runtime: Runtime): AccountLimits {
  let limits = limitsByRuntime.get(runtime);
  if (!limits) {
    // Without REDIS_URL the Runtime's Redis is the in-process stand-in: count in memory instead.
    const redis = runtime.config.redisUrl ? runtime.redis : undefined;
    const counter = (name: string, points: number, durationSeconds: number) =>
      new TenantCounter({ name, points, durationSeconds }, redis, runtime.logger);
    limits = {
      resetPerEmail: counter('password-reset-email', 3, HOUR),
      resetPerIp: counter('password-reset-ip', 20, HOUR),
      signUpPerEmail: counter('sign-up-email', 3, HOUR),
      signUpPerIp: counter('sign-up-ip', 10, HOUR),
      verificationPerUser: counter('verification-mail', 5, HOUR),
      currentPasswordFailures: counter('current-password-failures', 5, 15 * 60),
      invitationsPerAdmin: counter('invitations', 100, HOUR),
    };
    limitsByRuntime.set(runtime, limits);
  }
  return limits;
}

/** Counter subject for an address: hashed, so Redis holds no addresses. */
export function emailSubject(email: string): string {
  return `email:${crypto.createHash('sha256').update(email).digest('base64url').slice(0, 32)}`;
}

export function ipSubject(ip: string | undefined): string {
  return `ip:${ip ?? 'unknown'}`;
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/** Tenant setting `signup.allowedEmailDomains`: empty allows any domain. */
export function assertDomainAllowed(email: string, allowedDomains: readonly string[], field = 'email'): void {
  if (allowedDomains.length > 0 && !allowedDomains.includes(emailDomain(email))) {
    throw new AppError('EMAIL_DOMAIN_NOT_ALLOWED', 'This organisation does not accept addresses of that domain', {
      details: { field },
    });
  }
}

const NAME_MAX = 100;
// Letters, marks, spaces and common name punctuation; no control or format characters (as the user subgraph).
const NAME = /^[\p{L}\p{M}\p{N} .,'’-]*$/u;

export function validName(value: string | null | undefined, field: string): string {
  const trimmed = (value ?? '').normalize('NFC').trim();
  if (trimmed.length > NAME_MAX)
    throw new BadInputError('BAD_USER_INPUT', `${field} must be at most ${NAME_MAX} characters`, { field });
  if (!NAME.test(trimmed))
    throw new BadInputError('BAD_USER_INPUT', `${field} contains characters that are not allowed`, { field });
  return trimmed;
}

export class InvalidTokenError extends AppError {
  constructor() {
    super('INVALID_TOKEN', 'This link is invalid, has expired or was already used');
  }
}

/**
 * Answers of anonymous flows that must not reveal whether an account exists (password reset,
 * sign-up) take at least this long, whichever branch ran: the branches do comparable database
 * work and send mail in the background, and this floor hides what difference remains.
 */
export const ANONYMOUS_FLOW_MIN_MS = 250;

export async function withMinimumDuration<T>(minMs: number, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    // Timers may fire a fraction of a millisecond early: re-check until the floor has passed.
    for (
      let remaining = minMs - (performance.now() - started);
      remaining > 0;
      remaining = minMs - (performance.now() - started)
    ) {
      await sleep(Math.ceil(remaining));
    }
  }
}

/** The audit entry of a user's own request that did not go through: by and about that user, and why. */
export function turnedDown(
  action: AuditAction,
  userId: string,
  result: 'failure' | 'refused',
  reason: string,
): AuditEntry {
  return { action, actorId: userId, targetType: 'user', targetId: userId, result, data: { reason } };
}

import type { TenantPrismaClient } from '@tradesage/prisma';
import { clearLockout, type LockoutColumns } from '../repositories/user.repository.ts';

/**
 * Progressive account lockout (OWASP ASVS 5.0 6.3.1 / 6.1.1; NIST SP 800-63B-4 §3.2.2 rate limiting).
 *
 * After `threshold` consecutive failed logins (tenant setting `lockout.threshold`, default 5) the
 * account locks for the next step of the ladder: 1 min, 5 min, 30 min, 24 h, then permanently.
 * - Each lock resets the failure count: after it expires, another `threshold` failures climb one step.
 * - Failures while locked are refused without being counted: they do not climb the ladder.
 * - A successful login (only possible while not locked) resets both the count and the ladder to 0.
 *   Decision: a success proves the owner holds the password, so earlier failures were not theirs
 *   to pay for; an attacker's next run starts at 1 min again but the per-address throttling
 *   (login-throttle.ts) still bounds it.
 * - A permanent lock lifts only by an admin unlock (`unlockUser`) or a completed password reset,
 *   both through `unlockAccount`: the owner can always get back in, so an attacker can never
 *   lock them out for good (ASVS 6.1.1).
 * The counter is per user row, so email/username case variants (stored lowercased) share it.
 * This file is pure rule; the atomic read-modify-write is UserRepository.updateLockout.
 */
export const LOCKOUT_STEPS_SECONDS: readonly number[] = Object.freeze([60, 5 * 60, 30 * 60, 24 * 60 * 60]);

export type LockoutState = LockoutColumns;

export type LockStatus =
  { readonly locked: false } | { readonly locked: true; readonly permanent: boolean; readonly until: Date | null };

export function lockStatus(state: LockoutState, now: Date): LockStatus {
  if (state.lockedPermanently) return { locked: true, permanent: true, until: null };
  if (state.lockedUntil && state.lockedUntil.getTime() > now.getTime())
    return { locked: true, permanent: false, until: state.lockedUntil };
  return { locked: false };
}

export interface FailureOutcome {
  readonly next: LockoutState;
  /** False when the account was already locked: the failure is refused, not counted. */
  readonly counted: boolean;
  /** Set when this failure locked the account. */
  readonly lockedNow: { readonly level: number; readonly permanent: boolean; readonly until: Date | null } | null;
}

/** The state after one more failed login at `now`. */
export function afterFailure(state: LockoutState, threshold: number, now: Date): FailureOutcome {
  if (lockStatus(state, now).locked) return { next: state, counted: false, lockedNow: null };
  const failures = state.failedLoginCount + 1;
  if (failures < threshold) return { next: { ...state, failedLoginCount: failures }, counted: true, lockedNow: null };
  const level = state.lockoutLevel + 1;
  const step = LOCKOUT_STEPS_SECONDS[level - 1];
  if (step === undefined) {
    return {
      next: { failedLoginCount: 0, lockoutLevel: level, lockedUntil: null, lockedPermanently: true },
      counted: true,
      lockedNow: { level, permanent: true, until: null },
    };
  }
  const until = new Date(now.getTime() + step * 1000);
  return {
    next: { failedLoginCount: 0, lockoutLevel: level, lockedUntil: until, lockedPermanently: false },
    counted: true,
    lockedNow: { level, permanent: false, until },
  };
}

/** The state after a successful login: count and ladder back to 0. */
export const UNLOCKED: LockoutState = Object.freeze({
  failedLoginCount: 0,
  lockoutLevel: 0,
  lockedUntil: null,
  lockedPermanently: false,
});

/**
 * Lifts any lockout of a user (temporary or permanent) and resets the ladder. Called by the
 * admin `unlockUser` mutation and by a completed password reset. Returns false when the user
 * does not exist. The caller audits ('account.unlocked').
 */
export async function unlockAccount(db: TenantPrismaClient, userId: string): Promise<boolean> {
  return clearLockout(db, userId);
}

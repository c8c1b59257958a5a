import { createHash } from 'node:crypto';
import { isUuid } from '@tradesage/prisma';

/**
 * Per-tenant feature flags: definitions live in the tenant's `feature_flags` table; this module
 * decides, purely, whether a flag is on for one user at one instant, and what a valid definition is.
 */

export const FEATURE_FLAG_KINDS = ['boolean', 'percentage', 'allow_list', 'time_window'] as const;
export type FeatureFlagKind = (typeof FEATURE_FLAG_KINDS)[number];

export interface FeatureFlagDefinition {
  readonly key: string;
  readonly kind: FeatureFlagKind;
  /** Kill switch for every kind: a disabled flag is off for everyone. */
  readonly enabled: boolean;
  /** percentage: share of users, 0..100. */
  readonly percentage: number | null;
  /** allow_list: the users it is on for. */
  readonly allowedUserIds: readonly string[];
  /** time_window: on from `startsAt` (inclusive, open when null) to `endsAt` (exclusive, open when null). */
  readonly startsAt: Date | null;
  readonly endsAt: Date | null;
}

export interface FeatureFlagSubject {
  readonly userId: string;
  readonly now: Date;
}

export const FEATURE_FLAG_KEY = /^[a-z][a-z0-9_.-]{0,62}$/;
export const MAX_ALLOWED_USERS = 1000;
export const MAX_FLAG_DESCRIPTION = 500;

/**
 * The user's bucket for a flag, 0..99: the first 32 bits of sha256(key ":" userId) modulo 100.
 * Stable (the same user stays in or out as long as the percentage does not drop below their
 * bucket), and keyed by flag, so the same 10% of users are not the guinea pigs of every rollout.
 */
export function rolloutBucket(flagKey: string, userId: string): number {
  return createHash('sha256').update(`${flagKey}:${userId}`, 'utf8').digest().readUInt32BE(0) % 100;
}

export function isFeatureFlagOn(flag: FeatureFlagDefinition, subject: FeatureFlagSubject): boolean {
  if (!flag.enabled) return false;
  switch (flag.kind) {
    case 'boolean':
      return true;
    case 'percentage':
      return rolloutBucket(flag.key, subject.userId) < (flag.percentage ?? 0);
    case 'allow_list':
      return flag.allowedUserIds.includes(subject.userId.toLowerCase());
    case 'time_window': {
      const at = subject.now.getTime();
      return (
        (flag.startsAt === null || flag.startsAt.getTime() <= at) &&
        (flag.endsAt === null || at < flag.endsAt.getTime())
      );
    }
  }
}

export interface FeatureFlagFieldError {
  readonly path: string;
  readonly message: string;
}

/** Every problem of a definition, so one answer tells the admin everything to fix. */
export function featureFlagProblems(
  flag: FeatureFlagDefinition & { readonly description: string },
): FeatureFlagFieldError[] {
  const problems: FeatureFlagFieldError[] = [];
  if (!FEATURE_FLAG_KEY.test(flag.key)) {
    problems.push({
      path: 'key',
      message: 'must be 1 to 63 characters: a lowercase letter, then lowercase letters, digits, ".", "_" or "-"',
    });
  }
  if (flag.description.length > MAX_FLAG_DESCRIPTION)
    problems.push({ path: 'description', message: `must be at most ${MAX_FLAG_DESCRIPTION} characters` });
  if (flag.kind === 'percentage') {
    if (
      flag.percentage === null ||
      !Number.isInteger(flag.percentage) ||
      flag.percentage < 0 ||
      flag.percentage > 100
    ) {
      problems.push({ path: 'percentage', message: 'a percentage flag needs a whole percentage from 0 to 100' });
    }
  } else if (flag.percentage !== null) {
    problems.push({ path: 'percentage', message: 'only a percentage flag has a percentage' });
  }
  if (flag.kind === 'allow_list') {
    if (flag.allowedUserIds.length > MAX_ALLOWED_USERS)
      problems.push({ path: 'allowedUserIds', message: `at most ${MAX_ALLOWED_USERS} users` });
    flag.allowedUserIds.forEach((id, index) => {
      if (!isUuid(id) || id !== id.toLowerCase())
        problems.push({ path: `allowedUserIds.${index}`, message: 'must be a user id (lowercase uuid)' });
    });
  } else if (flag.allowedUserIds.length > 0) {
    problems.push({ path: 'allowedUserIds', message: 'only an allow-list flag has allowed users' });
  }
  if (flag.kind === 'time_window') {
    if (flag.startsAt === null && flag.endsAt === null)
      problems.push({ path: 'startsAt', message: 'a time-window flag needs startsAt, endsAt or both' });
    if (flag.startsAt !== null && flag.endsAt !== null && flag.startsAt.getTime() >= flag.endsAt.getTime()) {
      problems.push({ path: 'endsAt', message: 'must be after startsAt' });
    }
  } else if (flag.startsAt !== null || flag.endsAt !== null) {
    problems.push({
      path: flag.startsAt !== null ? 'startsAt' : 'endsAt',
      message: 'only a time-window flag has a window',
    });
  }
  return problems;
}

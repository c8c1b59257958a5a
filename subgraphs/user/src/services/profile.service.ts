import { BadInputError, NotFoundError, SignedInService, recordUserActivity } from '@tradesage/core';
import { UserRepository, type Profile, type ProfileChanges } from '../repositories/user.repository.ts';
import { ProfileFieldError, validAvatarUrl, validLocale, validName, validTimezone } from './profile-validation.ts';

export interface ProfileInput {
  readonly firstName?: string | null | undefined;
  readonly lastName?: string | null | undefined;
  readonly displayName?: string | null | undefined;
  readonly locale?: string | null | undefined;
  readonly timezone?: string | null | undefined;
  readonly avatarUrl?: string | null | undefined;
}

type Validator = (value: string, field: string) => string;

/** Each field, its rule, and what "cleared" stores (first and last names are NOT NULL ''). */
const FIELDS: ReadonlyArray<{
  readonly field: keyof ProfileInput;
  readonly valid: Validator;
  readonly cleared: '' | null;
}> = [
  { field: 'firstName', valid: validName, cleared: '' },
  { field: 'lastName', valid: validName, cleared: '' },
  { field: 'displayName', valid: validName, cleared: null },
  { field: 'locale', valid: validLocale, cleared: null },
  { field: 'timezone', valid: validTimezone, cleared: null },
  { field: 'avatarUrl', valid: validAvatarUrl, cleared: null },
];

/**
 * The columns a partial profile update writes: a field left out is not written, null or an empty
 * string clears it. Every field is checked before anything is written; all refusals are reported
 * together (`details.fields`), the first also as `details.field` / `details.reason`.
 */
export function profileChanges(input: ProfileInput): ProfileChanges {
  const changes: Record<string, string | null> = {};
  const refused: ProfileFieldError[] = [];
  for (const { field, valid, cleared } of FIELDS) {
    const value = input[field];
    if (value === undefined) continue;
    if (value === null || value.trim() === '') {
      changes[field] = cleared;
      continue;
    }
    try {
      changes[field] = valid(value, field);
    } catch (error) {
      if (!(error instanceof ProfileFieldError)) throw error;
      refused.push(error);
    }
  }
  const [first] = refused;
  if (first) {
    throw new BadInputError('BAD_USER_INPUT', refused.map((error) => error.message).join('; '), {
      field: first.field,
      reason: first.reason,
      fields: refused.map((error) => ({ field: error.field, reason: error.reason, message: error.message })),
    });
  }
  return changes as ProfileChanges;
}

/** The signed-in user's own profile. */
export class ProfileService extends SignedInService {
  readonly #users = new UserRepository(this.db, this.viewer.tenantId);

  /** One UPDATE of the changed columns (all or nothing), audited and recorded as activity. */
  async updateMyProfile(input: ProfileInput): Promise<Profile> {
    const changes = profileChanges(input);
    const fields = Object.keys(changes);
    if (fields.length === 0) {
      const [current] = await this.#users.findByIds([this.viewer.userId]);
      if (!current) throw new NotFoundError('User');
      return current;
    }
    const updated = await this.#users.updateProfile(this.viewer.userId, changes);
    if (!updated) throw new NotFoundError('User');
    await this.audit(this.db, {
      action: 'user.profile_updated',
      targetType: 'user',
      targetId: this.viewer.userId,
      // Which fields, never their values (the audit log outlives an erasure's reach into values).
      data: { fields: fields.join(',') },
    });
    await recordUserActivity(this.db, this.runtime.logger, this.caller, {
      userId: this.viewer.userId,
      kind: 'profile_updated',
    });
    return updated;
  }
}

import { BadInputError, NotFoundError, SignedInService, recordUserActivity } from '@tradesage/core';
import type { TenantPrisma } from '@tradesage/prisma';
import { PreferenceRepository, type PreferenceRow } from '../repositories/preference.repository.ts';
import {
  checkPreference,
  isPreferenceKey,
  jsonBytes,
  PREFERENCE_KEYS,
  PREFERENCES,
  PREFERENCES_TOTAL_MAX_BYTES,
  withinTotal,
  type PreferenceKey,
  type PreferenceRefusal,
} from './preference-registry.ts';

/** What `Preference` shows: the stored value, or the default where none is stored. */
export interface PreferenceView {
  readonly key: PreferenceKey;
  readonly value: unknown;
  readonly isDefault: boolean;
  readonly defaultValue: unknown;
  readonly description: string;
  readonly updatedAt: Date | null;
}

function refusal(reason: PreferenceRefusal, message: string): BadInputError {
  return new BadInputError('BAD_USER_INPUT', message, {
    field: reason === 'unknown_preference' ? 'key' : 'value',
    reason,
  });
}

/**
 * A stored value is shown only while its key's schema still accepts it: after the registry
 * tightened a schema, an old value falls back to the default instead of breaking the client.
 */
function view(key: PreferenceKey, row: PreferenceRow | undefined): PreferenceView {
  const definition = PREFERENCES[key];
  const stored = row && checkPreference(key, row.value).ok ? row : undefined;
  return {
    key,
    value: stored ? stored.value : definition.defaultValue,
    isDefault: stored === undefined,
    defaultValue: definition.defaultValue,
    description: definition.description,
    updatedAt: stored?.updatedAt ?? null,
  };
}

/** The signed-in user's preferences; keys, schemas and defaults: preference-registry.ts. */
export class PreferenceService extends SignedInService {
  async list(): Promise<PreferenceView[]> {
    const rows = new Map(
      (await new PreferenceRepository(this.db, this.viewer.tenantId).list(this.viewer.userId)).map((row) => [
        row.key,
        row,
      ]),
    );
    return PREFERENCE_KEYS.map((key) => view(key, rows.get(key)));
  }

  /**
   * Stores a value after the registry's checks (size, then schema) and the per-user total, in one
   * transaction that holds the user's row: concurrent changes cannot together pass the total.
   */
  async set(key: string, value: unknown): Promise<PreferenceView> {
    const checked = checkPreference(key, value);
    if (!checked.ok) throw refusal(checked.reason, checked.message);
    const preferenceKey = key as PreferenceKey;
    const row = await this.db.$transaction(async (tx) => {
      const preferences = new PreferenceRepository(tx, this.viewer.tenantId);
      if (!(await preferences.lockUser(this.viewer.userId))) throw new NotFoundError('User');
      const sizes = new Map(
        (await preferences.list(this.viewer.userId)).map((stored) => [stored.key, jsonBytes(stored.value)]),
      );
      if (!withinTotal(sizes, key, jsonBytes(checked.value))) {
        throw refusal(
          'total_too_large',
          `all preferences of a user together must be at most ${PREFERENCES_TOTAL_MAX_BYTES} bytes of JSON`,
        );
      }
      return preferences.upsert(this.viewer.userId, key, checked.value as TenantPrisma.InputJsonValue);
    });
    await this.#changed(preferenceKey, false);
    return view(preferenceKey, row);
  }

  async reset(key: string): Promise<PreferenceView> {
    if (!isPreferenceKey(key)) throw refusal('unknown_preference', `${key.slice(0, 100)} is not a known preference`);
    if (await new PreferenceRepository(this.db, this.viewer.tenantId).remove(this.viewer.userId, key))
      await this.#changed(key, true);
    return view(key, undefined);
  }

  async #changed(key: PreferenceKey, reset: boolean): Promise<void> {
    await this.audit(this.db, {
      action: 'user.preferences_changed',
      targetType: 'user',
      targetId: this.viewer.userId,
      data: { key, reset },
    });
    await recordUserActivity(this.db, this.runtime.logger, this.caller, {
      userId: this.viewer.userId,
      kind: 'preferences_changed',
    });
  }
}

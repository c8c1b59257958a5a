import { z } from 'zod';

/**
 * Every preference a user can set: its key, the zod schema of its value and its
 * default. A key not listed here is refused (`reason: 'unknown_preference'`); values are stored as
 * jsonb in `user_preferences`, one row per key that was set, and a key without a row has its
 * default. Adding a preference is adding an entry here — no migration.
 */
export interface PreferenceDefinition<T = unknown> {
  readonly schema: z.ZodType<T>;
  readonly defaultValue: T;
  readonly description: string;
}

function define<T>(schema: z.ZodType<T>, defaultValue: T, description: string): PreferenceDefinition<T> {
  // A default must satisfy its own schema: checked once, when the module loads.
  schema.parse(defaultValue);
  return Object.freeze({ schema, defaultValue, description });
}

// Instrument symbols as exchanges print them: "AAPL", "BRK.B", "EURUSD", "BTC-USD".
const SYMBOL = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9.:-]{0,19}$/, 'must be an instrument symbol such as "AAPL" or "BRK.B"');

export const PREFERENCES = Object.freeze({
  'ui.theme': define(z.enum(['light', 'dark', 'system']), 'system', 'Colour scheme of the web application.'),
  'ui.density': define(z.enum(['comfortable', 'compact']), 'comfortable', 'Spacing of tables and lists.'),
  'notifications.email': define(
    z.boolean(),
    true,
    'Receive product notifications by email (security notices are always sent).',
  ),
  'notifications.inApp': define(z.boolean(), true, 'Show notifications inside the application.'),
  // ISO 10383 market identifier code (MIC), e.g. XNYS (NYSE), XNAS (Nasdaq), XLON (London).
  'trading.defaultMarket': define(
    z.string().regex(/^[A-Z0-9]{4}$/, 'must be an ISO 10383 market identifier code such as "XNYS"'),
    'XNYS',
    'Market selected when a new order opens.',
  ),
  'trading.confirmOrders': define(z.boolean(), true, 'Ask for confirmation before an order is sent.'),
  'trading.watchlist': define(
    z
      .array(SYMBOL)
      .max(100)
      .refine((symbols) => new Set(symbols).size === symbols.length, 'must not list a symbol twice'),
    [],
    'Symbols on the watchlist, in order.',
  ),
} satisfies Record<string, PreferenceDefinition>);

export type PreferenceKey = keyof typeof PREFERENCES;

export const PREFERENCE_KEYS = Object.freeze(Object.keys(PREFERENCES).sort() as PreferenceKey[]);

export function isPreferenceKey(key: string): key is PreferenceKey {
  return Object.hasOwn(PREFERENCES, key);
}

/** The longest value, as JSON text in UTF-8 bytes: checked before the value is even parsed. */
export const PREFERENCE_VALUE_MAX_BYTES = 4 * 1024;
/** All of one user's stored values together, as JSON text in UTF-8 bytes. */
export const PREFERENCES_TOTAL_MAX_BYTES = 16 * 1024;

/** Size of a value as stored (its JSON text in UTF-8). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

export type PreferenceRefusal = 'unknown_preference' | 'value_too_large' | 'invalid_value' | 'total_too_large';

export type PreferenceCheck<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: PreferenceRefusal; readonly message: string };

/** Checks a value for a key: the size limit first, then the key's schema. */
export function checkPreference(key: string, value: unknown): PreferenceCheck<unknown> {
  if (!isPreferenceKey(key))
    return { ok: false, reason: 'unknown_preference', message: `${key.slice(0, 100)} is not a known preference` };
  if (jsonBytes(value) > PREFERENCE_VALUE_MAX_BYTES) {
    return {
      ok: false,
      reason: 'value_too_large',
      message: `a preference value must be at most ${PREFERENCE_VALUE_MAX_BYTES} bytes of JSON`,
    };
  }
  const parsed = PREFERENCES[key].schema.safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      reason: 'invalid_value',
      message: parsed.error.issues.map((issue) => issue.message).join('; '),
    };
  return { ok: true, value: parsed.data };
}

/**
 * Whether replacing `key`'s stored value with one of `newBytes` keeps the user's total within
 * `limit`. `stored` are the sizes of the values stored now, by key (the replaced one included).
 */
export function withinTotal(
  stored: ReadonlyMap<string, number>,
  key: string,
  newBytes: number,
  limit = PREFERENCES_TOTAL_MAX_BYTES,
): boolean {
  let total = newBytes;
  for (const [storedKey, bytes] of stored) if (storedKey !== key) total += bytes;
  return total <= limit;
}

import { DataLayerError } from './errors.ts';

// Any RFC 9562 uuid (version nibble not pinned: ids may be v4 or v7). Case-insensitive on input,
// because the schema name is built from the lowercased hex, so `A...` and `a...` name one schema.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_SCHEMA = /^t_[0-9a-f]{32}$/;

// Postgres truncates identifiers longer than NAMEDATALEN - 1 bytes; silent truncation could make
// two names collide, so every name we quote must fit.
const MAX_IDENTIFIER_BYTES = 63;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * The ONE function that names a tenant's Postgres schema.
 * Derived only from the tenant's id — never from a slug or any other user input — so a
 * schema name can neither be chosen by a client nor collide with `public`/`control`/`pg_*`.
 * `t_` + 32 hex chars = 34 bytes, well under the 63-byte identifier limit.
 */
export function tenantSchemaName(tenantId: string): string {
  if (!isUuid(tenantId)) {
    throw new DataLayerError('BAD_USER_INPUT', 'tenant id must be a uuid');
  }
  return `t_${tenantId.replaceAll('-', '').toLowerCase()}`;
}

/** True for names `tenantSchemaName` can produce; guards functions that take a schema name. */
export function isTenantSchemaName(schema: string): boolean {
  return TENANT_SCHEMA.test(schema);
}

/**
 * Quotes an identifier for SQL text (schema names cannot be bind parameters). Every piece of SQL
 * in this package that names a schema goes through here, even for names we generated ourselves,
 * so a future caller passing something else still cannot inject SQL.
 */
export function quoteIdent(name: string): string {
  if (name.length === 0) {
    throw new Error('identifier must not be empty');
  }
  if (name.includes('\0')) {
    throw new Error('identifier must not contain NUL');
  }
  if (Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES) {
    throw new Error(`identifier longer than ${MAX_IDENTIFIER_BYTES} bytes would be truncated by Postgres`);
  }
  return `"${name.replaceAll('"', '""')}"`;
}

import { describe, expect, it } from 'vitest';
import { DataLayerError } from './errors.ts';
import { isTenantSchemaName, quoteIdent, tenantSchemaName } from './tenant-schema-name.ts';

describe('tenantSchemaName', () => {
  it('derives t_ + 32 lowercase hex from the tenant uuid', () => {
    expect(tenantSchemaName('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe('t_0f8fad5bd9cb469fa16570867728950e');
  });

  it('names one schema for any letter case of the same uuid', () => {
    expect(tenantSchemaName('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe(
      tenantSchemaName('0f8fad5b-d9cb-469f-a165-70867728950e'),
    );
  });

  it('fits the 63-byte identifier limit and is recognised as a tenant schema', () => {
    const schema = tenantSchemaName('ffffffff-ffff-ffff-ffff-ffffffffffff');
    expect(Buffer.byteLength(schema)).toBeLessThanOrEqual(63);
    expect(isTenantSchemaName(schema)).toBe(true);
  });

  it.each([
    '',
    'acme',
    'public',
    '0f8fad5b-d9cb-469f-a165-70867728950',
    '0f8fad5bd9cb469fa16570867728950e',
    'x"; drop schema public cascade; --',
  ])('refuses %j, which is not a uuid', (input) => {
    expect(() => tenantSchemaName(input)).toThrow(DataLayerError);
    try {
      tenantSchemaName(input);
    } catch (error) {
      expect((error as DataLayerError).clientCode).toBe('BAD_USER_INPUT');
    }
  });

  it.each(['public', 'control', 'pg_catalog', 't_abc', 'T_0F8FAD5BD9CB469FA16570867728950E'])(
    'does not take %j for a tenant schema',
    (name) => {
      expect(isTenantSchemaName(name)).toBe(false);
    },
  );
});

describe('quoteIdent', () => {
  it('wraps in double quotes and doubles embedded quotes', () => {
    expect(quoteIdent('t_abc')).toBe('"t_abc"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteIdent('x"; drop schema public cascade; --')).toBe('"x""; drop schema public cascade; --"');
  });

  it('refuses names Postgres would truncate or cannot store', () => {
    expect(() => quoteIdent('')).toThrow();
    expect(() => quoteIdent('a\0b')).toThrow();
    expect(() => quoteIdent('x'.repeat(64))).toThrow();
    // 32 two-byte characters = 64 bytes: over the limit although only 32 characters long.
    expect(() => quoteIdent('é'.repeat(32))).toThrow();
    expect(quoteIdent('x'.repeat(63))).toBe(`"${'x'.repeat(63)}"`);
  });
});

import { describe, expect, it } from 'vitest';
import { DataLayerError, type DataLayerErrorCode } from './errors.ts';
import { PLATFORM_TENANT_SLUG, validateTenantSlug } from './tenant-slug.ts';

function codeOf(slug: string, allowReserved = false): DataLayerErrorCode | 'ok' {
  try {
    validateTenantSlug(slug, { allowReserved });
    return 'ok';
  } catch (error) {
    if (error instanceof DataLayerError) return error.clientCode;
    throw error;
  }
}

describe('validateTenantSlug', () => {
  it.each(['acme', 'acme-trading', 'a1b', 'abc', 'x'.repeat(63), 'fund-2024'])('accepts %j', (slug) => {
    expect(validateTenantSlug(slug)).toBe(slug);
  });

  it.each([
    'a";drop schema public cascade;--',
    'UPPER',
    'Ünïcode',
    'ab',
    'x'.repeat(64),
    '1abc',
    '-abc',
    'abc-',
    'ab_c',
    'a b c',
    'acme\n',
    '',
  ])('refuses %j as INVALID_SLUG', (slug) => {
    expect(codeOf(slug)).toBe('INVALID_SLUG');
  });

  // Postgres' own schemas (and its prefix), ours, and the words routes and subdomains use.
  const postgresAndOurs = ['public', 'information_schema', 'pg_catalog', 'pg_toast', 'pgadmin', 'pg-tenant', 'control'];
  const routeWords = ['platform', 'admin', 'api', 'www', 'root', 'system', 'graphql', 'health'];
  it.each([...postgresAndOurs, ...routeWords])('refuses %j as RESERVED_SLUG', (slug) => {
    expect(codeOf(slug)).toBe('RESERVED_SLUG');
  });

  it('lets only the internal bootstrap create the platform tenant', () => {
    expect(codeOf(PLATFORM_TENANT_SLUG)).toBe('RESERVED_SLUG');
    expect(codeOf(PLATFORM_TENANT_SLUG, true)).toBe('ok');
  });

  it('never allows Postgres or routing names, even to the bootstrap', () => {
    for (const slug of ['public', 'control', 'pg_catalog', 'pgfoo', 'information_schema', 'api']) {
      expect(codeOf(slug, true)).toBe('RESERVED_SLUG');
    }
  });

  it('does not echo the refused input in the message', () => {
    expect(() => validateTenantSlug('pg";drop table x;--')).toThrow('this tenant slug is reserved');
  });
});

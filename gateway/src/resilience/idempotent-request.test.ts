import { describe, expect, it } from 'vitest';
import { isQueryRequest } from './idempotent-request.ts';

const body = (query: unknown) => JSON.stringify({ query, variables: {} });

describe('isQueryRequest', () => {
  it('accepts the queries the gateway sends, named or not', () => {
    expect(isQueryRequest(body('query Me__user__0 { me { id } }'))).toBe(true);
    expect(isQueryRequest(body('{ me { id } }'))).toBe(true);
    expect(isQueryRequest(body('query($r:[_Any!]!){_entities(representations:$r){...on User{sessions{id}}}}'))).toBe(
      true,
    );
    expect(isQueryRequest(body('# a comment\nquery Q { me { id } } fragment F on User { id }'))).toBe(true);
  });

  it('refuses mutations and subscriptions, alone or beside a query', () => {
    expect(isQueryRequest(body('mutation Login__auth__0 { logout }'))).toBe(false);
    expect(isQueryRequest(body('subscription S { x }'))).toBe(false);
    expect(isQueryRequest(body('query A { me { id } } mutation B { logout }'))).toBe(false);
  });

  it('refuses whatever it cannot read', () => {
    for (const unreadable of [
      undefined,
      '',
      'not json',
      '[]',
      body(42),
      body('query {'),
      body('fragment F on User { id }'),
    ])
      expect(isQueryRequest(unreadable)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { assertVisibleIdentifier, validEmail } from './email-address.ts';

describe('validEmail', () => {
  it('normalises an address', () => {
    expect(validEmail('  Zoë.Admin+x@Example.COM ')).toBe('zoë.admin+x@example.com');
  });

  it('refuses look-alikes with an invisible character, naming the reason', () => {
    for (const email of [
      'ad\u200bmin@example.com',
      'admin\u202e@example.com',
      'ad\u00admin@example.com',
      'a\u2066b@example.com',
    ])
      expect(() => validEmail(email, 'newEmail')).toThrow(
        expect.objectContaining({
          code: 'BAD_USER_INPUT',
          details: { field: 'newEmail', reason: 'invisible_characters' },
        }),
      );
  });

  it('refuses what is not an address', () => {
    for (const email of ['admin', 'admin@', 'a b@example.com', 'admin@exa_mple.com'])
      expect(() => validEmail(email)).toThrow(expect.objectContaining({ details: { field: 'email' } }));
  });
});

describe('assertVisibleIdentifier', () => {
  it('refuses a name with a zero-width joiner and accepts an ordinary one', () => {
    expect(() => assertVisibleIdentifier('Ac\u200dme', 'name')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
    expect(() => assertVisibleIdentifier('Acme Trading', 'name')).not.toThrow();
  });
});

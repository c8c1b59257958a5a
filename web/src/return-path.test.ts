import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-path.ts';

const ORIGIN = 'https://app.tradesage.test';
const back = (value: string | null) => safeReturnPath(value, '/account', ORIGIN);

describe('safeReturnPath', () => {
  it('keeps a path of this origin, with its query and fragment', () => {
    expect(back('/account/authorize?tenant=acme&uid=abc')).toBe('/account/authorize?tenant=acme&uid=abc');
    expect(back('/console/users#top')).toBe('/console/users#top');
  });

  it('falls back for anything that would leave the origin (an open redirect otherwise)', () => {
    for (const value of [
      '//evil.example/x',
      '/\\evil.example/x',
      '/\t/evil.example/x',
      'https://evil.example/',
      'javascript:alert(1)',
      'account',
      '',
      null,
    ])
      expect(back(value), String(value)).toBe('/account');
  });
});

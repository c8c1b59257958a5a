import { describe, expect, it } from 'vitest';
import { mergeTypeMaps } from './merge-maps.ts';

describe('mergeTypeMaps', () => {
  it('merges areas type by type', () => {
    const a = () => 1;
    const b = () => 2;
    expect(mergeTypeMaps<Record<string, Record<string, () => number>>>({ Query: { a } }, { Query: { b } })).toEqual({
      Query: { a, b },
    });
  });

  it('refuses a field defined twice', () => {
    expect(() =>
      mergeTypeMaps<Record<string, Record<string, number>>>({ Mutation: { login: 1 } }, { Mutation: { login: 2 } }),
    ).toThrow(/Mutation\.login is defined by two areas/);
  });
});

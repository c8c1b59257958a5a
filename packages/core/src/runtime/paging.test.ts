import { describe, expect, it } from 'vitest';
import { pageRequest } from './paging.ts';

const UUID = '6f1c1a52-5a7e-4b8e-9a55-0d1b2c3d4e5f';
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: BigInt(i + 1), at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) }));

describe('pageRequest', () => {
  it('asks for one row more than the page, and tells from it whether another page follows', () => {
    const page = pageRequest({ first: 2, after: null }, { size: [20, 100], ids: 'serial' });
    expect(page.take).toBe(3);
    expect(page.start).toBeNull();
    const full = page.of(rows(3), 'at');
    expect(full.edges.map((edge) => edge.node.id)).toEqual([1n, 2n]);
    expect(full.pageInfo).toEqual({ hasNextPage: true, endCursor: full.edges[1]?.cursor });
    expect(page.of(rows(2), 'at').pageInfo.hasNextPage).toBe(false);
    expect(page.of(rows(0), 'at').pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('starts the next page after the row its cursor names', () => {
    const first = pageRequest({ first: 1, after: null }, { size: [20, 100], ids: 'serial' }).of(rows(2), 'at');
    const next = pageRequest({ first: 1, after: first.pageInfo.endCursor }, { size: [20, 100], ids: 'serial' });
    expect(next.start).toEqual({ at: new Date(Date.UTC(2026, 0, 1)), id: 1n });
  });

  it('uses the fallback size when first is absent', () => {
    expect(pageRequest({ first: undefined, after: undefined }, { size: [20, 100], ids: 'uuid' }).take).toBe(21);
  });

  it.each([0, -1, 101, 1.5])('refuses first = %s, naming the argument', (first) => {
    expect(() => pageRequest({ first, after: null }, { size: [20, 100], ids: 'uuid' })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'first' } }),
    );
  });

  it('refuses a cursor of another kind of list, naming the argument', () => {
    const serialCursor = pageRequest({ first: 1 }, { size: [20, 100], ids: 'serial' }).of(rows(1), 'at').pageInfo
      .endCursor;
    expect(() => pageRequest({ first: 1, after: serialCursor }, { size: [20, 100], ids: 'uuid' })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'after' } }),
    );
    const uuidCursor = Buffer.from(`2026-01-01T00:00:00.000Z|${UUID}`).toString('base64url');
    expect(pageRequest({ first: 1, after: uuidCursor }, { size: [20, 100], ids: 'uuid' }).start).toEqual({
      at: new Date(Date.UTC(2026, 0, 1)),
      id: UUID,
    });
    expect(() => pageRequest({ first: 1, after: 'garbage' }, { size: [20, 100], ids: 'uuid' })).toThrow(
      expect.objectContaining({ details: { field: 'after' } }),
    );
  });
});

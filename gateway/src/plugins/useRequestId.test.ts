import type { Request, Response } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { requestIdOf, useRequestId } from './useRequestId.ts';

function run(headers: Record<string, string>) {
  const res = { locals: {} as Record<string, unknown>, setHeader: vi.fn() };
  const next = vi.fn();
  useRequestId()({ headers } as unknown as Request, res as unknown as Response, next);
  expect(next).toHaveBeenCalledOnce();
  const id = requestIdOf(res as unknown as Response);
  expect(res.setHeader).toHaveBeenCalledWith('x-request-id', id);
  return id;
}

describe('useRequestId', () => {
  it('keeps a well-formed incoming id and echoes it', () => {
    expect(run({ 'x-request-id': 'lb-1234.abc' })).toBe('lb-1234.abc');
  });

  it.each([
    ['with spaces', 'a b'],
    ['with a CRLF (header injection)', 'abc\r\nset-cookie: x=1'],
    ['too long', 'x'.repeat(101)],
  ])('replaces an id %s by a UUID', (_name, given) => {
    expect(run({ 'x-request-id': given })).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('generates one when none is given', () => {
    expect(run({})).toMatch(/^[0-9a-f-]{36}$/);
  });
});

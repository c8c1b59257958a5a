import { describe, expect, expectTypeOf, it } from 'vitest';
import { API_ERROR_CODES } from './error-codes.ts';
import { errorFromResponse, isErrorCode, TradeSageError } from './errors.ts';

describe('errorFromResponse', () => {
  it('takes the first error’s code, details and path, and keeps every error and the partial data', () => {
    const items = [
      {
        message: 'Too many requests',
        path: ['me'],
        extensions: { code: 'RATE_LIMITED', details: { retryAfterSeconds: 7 } },
      },
      { message: 'second', extensions: { code: 'FORBIDDEN' } },
    ];
    const error = errorFromResponse(items, 429, { me: null });
    expect(error).toBeInstanceOf(TradeSageError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, path: ['me'], data: { me: null } });
    expect(error.errors).toHaveLength(2);
    if (!isErrorCode(error, 'RATE_LIMITED')) throw new Error('not narrowed');
    expectTypeOf(error.details.retryAfterSeconds).toEqualTypeOf<number>();
    expect(error.details.retryAfterSeconds).toBe(7);
  });

  it('calls an error without a code an internal error', () => {
    expect(errorFromResponse([{ message: 'boom' }], 500, null).code).toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('isErrorCode', () => {
  it('matches only TradeSageErrors of the codes given', () => {
    const error = new TradeSageError('FORBIDDEN', 'no');
    expect(isErrorCode(error, 'FORBIDDEN', 'NOT_FOUND')).toBe(true);
    expect(isErrorCode(error, 'NOT_FOUND')).toBe(false);
    expect(isErrorCode(Object.assign(new Error('x'), { code: 'FORBIDDEN' }), 'FORBIDDEN')).toBe(false);
  });
});

describe('API_ERROR_CODES', () => {
  it('lists each code once', () => {
    expect(new Set(API_ERROR_CODES).size).toBe(API_ERROR_CODES.length);
  });
});

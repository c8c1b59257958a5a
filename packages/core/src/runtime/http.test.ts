import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { DatabaseUnavailableError } from './database-unavailable.ts';
import { AppError } from './errors.ts';
import { jsonErrorHandler, sendRouteError } from './http.ts';

/** What a route answered: status, headers and body. */
function fakeResponse() {
  const answer = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const res = {
    setHeader(name: string, value: string) {
      answer.headers[name.toLowerCase()] = value;
      return res;
    },
    status(status: number) {
      answer.status = status;
      return res;
    },
    json(body: unknown) {
      answer.body = body;
      return res;
    },
  };
  return { res: res as unknown as Response, answer };
}

describe('sendRouteError', () => {
  it('answers a database that cannot be used 503 SERVICE_UNAVAILABLE with Retry-After, logging nothing', () => {
    const { res, answer } = fakeResponse();
    const logInternal = vi.fn();
    sendRouteError(
      res,
      new DatabaseUnavailableError(2, { cause: new Error('connect ECONNREFUSED 10.0.0.5:5432') }),
      logInternal,
    );
    expect(answer).toEqual({
      status: 503,
      headers: { 'retry-after': '2' },
      body: {
        errors: [
          {
            message: 'The service is temporarily unavailable, please retry',
            extensions: { code: 'SERVICE_UNAVAILABLE', details: { retryAfterSeconds: 2 } },
          },
        ],
      },
    });
    expect(logInternal).not.toHaveBeenCalled();
  });

  it('keeps other client errors as they were, and masks the rest', () => {
    const notFound = fakeResponse();
    sendRouteError(notFound.res, new AppError('NOT_FOUND', 'No such issuer'), () => undefined);
    expect(notFound.answer).toMatchObject({ status: 404, headers: {} });
    const broken = fakeResponse();
    const logInternal = vi.fn();
    sendRouteError(broken.res, new Error('boom'), logInternal);
    expect(broken.answer).toMatchObject({
      status: 500,
      body: { errors: [{ extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
    });
    expect(logInternal).toHaveBeenCalledOnce();
  });
});

describe('jsonErrorHandler', () => {
  it('answers a route that handed on a database failure 503 with Retry-After, not 500', () => {
    const logger = { error: vi.fn() };
    const { res, answer } = fakeResponse();
    jsonErrorHandler(logger, () => ({}))(
      new Error('Connection terminated unexpectedly'),
      {} as Request,
      res,
      (() => undefined) as NextFunction,
    );
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('1');
    expect(logger.error).not.toHaveBeenCalled();
  });
});

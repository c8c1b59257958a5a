import { BadInputError } from '@tradesage/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { formatGatewayError, isRelayedErrorCode } from './format-error.ts';

function format(error: GraphQLError) {
  const onInternal = vi.fn();
  return { result: formatGatewayError(error.toJSON(), error, onInternal), onInternal };
}

describe('formatGatewayError', () => {
  it("relays a subgraph's domain error with its code, message, path and details, and nothing else", () => {
    const error = new GraphQLError('Slug is reserved', {
      path: ['createTenant'],
      extensions: {
        code: 'RESERVED_SLUG',
        serviceName: 'tenant',
        details: { slug: 'public' },
        exception: { stacktrace: ['at x'] },
      },
    });
    const { result, onInternal } = format(error);
    expect(result).toEqual({
      message: 'Slug is reserved',
      path: ['createTenant'],
      extensions: { code: 'RESERVED_SLUG', details: { slug: 'public' } },
    });
    expect(onInternal).not.toHaveBeenCalled();
  });

  it('masks and reports a subgraph error without a domain code', () => {
    const error = new GraphQLError('Subgraph user could not be reached: fetch failed (ECONNREFUSED)', {
      extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'user' },
    });
    const { result, onInternal } = format(error);
    expect(result).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(onInternal).toHaveBeenCalledOnce();
  });

  it("does not relay a subgraph's INTERNAL_SERVER_ERROR message", () => {
    const error = new GraphQLError('relation "x" does not exist', {
      extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'user' },
    });
    expect(format(error).result.message).toBe('Internal server error');
  });

  it('shows gateway-side client errors (validation)', () => {
    const error = new GraphQLError('Cannot query field "nope" on type "Query".', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const { result, onInternal } = format(error);
    expect(result).toEqual({
      message: 'Cannot query field "nope" on type "Query".',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(onInternal).not.toHaveBeenCalled();
  });

  it('keeps UNAUTHENTICATED from the context, without its http extension', () => {
    const error = new GraphQLError('Invalid or expired access token', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
    expect(format(error).result).toEqual({
      message: 'Invalid or expired access token',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('uses core rules for domain errors raised in the gateway', () => {
    const error = new GraphQLError('wrapped', { originalError: new BadInputError('BAD_USER_INPUT', 'Bad id') });
    expect(format(error).result).toEqual({ message: 'Bad id', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('masks an unknown error and reports it', () => {
    const error = new GraphQLError('connect ECONNREFUSED 10.0.0.1:5432', {
      originalError: new Error('connect ECONNREFUSED 10.0.0.1:5432'),
    });
    const { result, onInternal } = format(error);
    expect(result).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(onInternal).toHaveBeenCalledOnce();
  });
});

describe('isRelayedErrorCode', () => {
  it('knows domain codes and nothing else', () => {
    expect(isRelayedErrorCode('SLUG_TAKEN')).toBe(true);
    expect(isRelayedErrorCode('INTERNAL_SERVER_ERROR')).toBe(false);
    expect(isRelayedErrorCode('toString')).toBe(false);
    expect(isRelayedErrorCode(undefined)).toBe(false);
  });
});

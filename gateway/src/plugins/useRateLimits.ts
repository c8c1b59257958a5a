import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import {
  httpStatusOf,
  metrics,
  rateLimitedError,
  retryAfterSeconds,
  withoutStack,
  type AppError,
} from '@tradesage/core';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { RATE_LIMIT_WINDOW_SECONDS, type EdgeRateLimiter, type RateVerdict } from '../rate-limit/edge-rate-limiter.ts';
import { operationWeight, type OperationWeight } from '../rate-limit/operation-weight.ts';
import { rateLimitField, rateLimitPolicyField } from '../rate-limit/ratelimit-headers.ts';

const STATUS = httpStatusOf('RATE_LIMITED');

/**
 * Rate limits at the edge (see EdgeRateLimiter): each operation spends its weight once the
 * operation is known, before any subgraph is called; over a budget it is answered HTTP 429
 * (RFC 6585 §4) with `Retry-After` (RFC 9110 §10.2.3) and RATE_LIMITED, `extensions.details`
 * `{ retryAfterSeconds, scope, limit, windowSeconds }`. Every answer carries the draft
 * `RateLimit-Policy` / `RateLimit` fields (ratelimit-headers.ts).
 *
 * A request that never reaches an operation (unparsable, invalid) spends 1 when it is answered,
 * and is answered 429 instead when that leaves it over a budget: invalid documents are not free.
 * A refusal for rate reasons from a subgraph (sign-in attempts, password guesses) that leaves
 * nothing answered becomes HTTP 429 with `Retry-After` too.
 */
export function useRateLimits(
  limiter: EdgeRateLimiter,
  weigh: OperationWeight = operationWeight,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let charged = false;
      return {
        async didResolveOperation({ contextValue, document, operation, request, response }) {
          charged = true;
          // No operation (several without a name, an unknown name): refused later, spends 1 meanwhile.
          const verdict = await limiter.charge(contextValue, operation ? weigh(document, operation, request) : 1);
          setRateLimitFields(response.http.headers, verdict);
          if (verdict.refusedBy) throw refusal(verdict.refusedBy);
        },
        async willSendResponse(requestContext) {
          if (!charged) {
            charged = true;
            const verdict = await limiter.charge(requestContext.contextValue, 1);
            setRateLimitFields(requestContext.response.http.headers, verdict);
            if (verdict.refusedBy) replaceWithRefusal(requestContext, verdict.refusedBy);
            return;
          }
          relaySubgraphRefusal(requestContext);
        },
      };
    },
  };
}

function setRateLimitFields(headers: HeaderMap, verdict: RateVerdict): void {
  headers.set('ratelimit-policy', rateLimitPolicyField(verdict.states));
  headers.set('ratelimit', rateLimitField(verdict.states));
}

type RefusedBy = NonNullable<RateVerdict['refusedBy']>;

function refusalError(refusedBy: RefusedBy): AppError {
  metrics.rateLimitRejected(refusedBy.scope);
  return rateLimitedError(refusedBy.msBeforeReset, 'Too many requests, please retry later', {
    scope: refusedBy.scope,
    limit: refusedBy.limit,
    windowSeconds: RATE_LIMIT_WINDOW_SECONDS,
  });
}

function refusal(refusedBy: RefusedBy): GraphQLError {
  const error = refusalError(refusedBy);
  const headers = new HeaderMap([['retry-after', String(retryAfterSeconds(refusedBy.msBeforeReset))]]);
  return new GraphQLError(error.message, {
    originalError: withoutStack(error),
    extensions: { code: error.code, http: { status: STATUS, headers } },
  });
}

/** The answer to a request that never reached an operation, once it is found over a budget. */
function replaceWithRefusal({ response }: GraphQLRequestContext<GatewayContext>, refusedBy: RefusedBy): void {
  const error = refusalError(refusedBy);
  response.http.status = STATUS;
  response.http.headers.set('retry-after', String(retryAfterSeconds(refusedBy.msBeforeReset)));
  response.body = {
    kind: 'single',
    singleResult: { errors: [{ message: error.message, extensions: { code: error.code, details: error.details } }] },
  };
}

/** RATE_LIMITED from a subgraph, with nothing else answered: HTTP 429 and the longest Retry-After. */
function relaySubgraphRefusal({ response }: GraphQLRequestContext<GatewayContext>): void {
  const body = response.body;
  if (body?.kind !== 'single') return;
  const { data, errors } = body.singleResult;
  if (!errors || errors.length === 0 || !errors.every(isRateLimited)) return;
  if (data && Object.values(data).some((value) => value !== null)) return;
  const waits = errors.map(
    (error) => (error.extensions?.['details'] as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds,
  );
  const longest = Math.max(...waits.map((wait) => (typeof wait === 'number' && wait > 0 ? Math.ceil(wait) : 1)));
  response.http.status = STATUS;
  response.http.headers.set('retry-after', String(longest));
}

function isRateLimited(error: GraphQLFormattedError): boolean {
  return error.extensions?.['code'] === 'RATE_LIMITED';
}

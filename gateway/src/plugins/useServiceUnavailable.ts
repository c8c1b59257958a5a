import type { ApolloServerPlugin } from '@apollo/server';
import { httpStatusOf } from '@tradesage/core';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../context.ts';

const STATUS = httpStatusOf('SERVICE_UNAVAILABLE');

/**
 * An answer that holds nothing but the database being unavailable (SERVICE_UNAVAILABLE from a
 * subgraph, no field answered) is HTTP 503 with `Retry-After` (RFC 9110 §15.6.4, §10.2.3): the
 * longest `details.retryAfterSeconds` of its errors, at least 1. A client, a proxy or a load
 * balancer then tells "retry shortly" from a bug without reading the body. An answer with data is
 * left as it is: what was answered stands, its errors say what was not.
 *
 * Refusals before any subgraph is called (the edge's session check falling back to Postgres) are
 * answered 503 with `Retry-After` by the context itself (context.ts).
 */
export function useServiceUnavailable(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const body = response.body;
          if (body?.kind !== 'single') return;
          const { data, errors } = body.singleResult;
          const unavailable = (errors ?? []).filter(isServiceUnavailable);
          if (unavailable.length === 0) return;
          if (data && Object.values(data).some((value) => value !== null)) return;
          response.http.status = STATUS;
          response.http.headers.set('retry-after', String(Math.max(...unavailable.map(retryAfterOf))));
        },
      };
    },
  };
}

function isServiceUnavailable(error: GraphQLFormattedError): boolean {
  return error.extensions?.['code'] === 'SERVICE_UNAVAILABLE';
}

function retryAfterOf(error: GraphQLFormattedError): number {
  const wait = (error.extensions?.['details'] as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof wait === 'number' && wait > 0 ? Math.ceil(wait) : 1;
}

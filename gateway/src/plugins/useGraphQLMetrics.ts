import type { ApolloServerPlugin } from '@apollo/server';
import {
  annotateActiveSpan,
  isClientErrorCode,
  metrics,
  type OperationType,
  type RequestOutcome,
} from '@tradesage/core';
import type { GatewayContext } from '../context.ts';
import { codeOf } from './useRequestLogging.ts';

const MAX_OPERATION_NAME = 100;

/**
 * Times every GraphQL operation (`tradesage_graphql_request_duration_seconds`) by operation type
 * and outcome, and names the operation on the request's span. The operation name goes to the
 * trace only: it is the client's choice, so it never becomes a metric label.
 */
export function useGraphQLMetrics(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const startedAt = performance.now();
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return;
          annotateActiveSpan({
            'graphql.operation.type': operation.operation,
            ...(operationName ? { 'graphql.operation.name': operationName.slice(0, MAX_OPERATION_NAME) } : {}),
          });
        },
        async willSendResponse({ operation, response, errors }) {
          const type: OperationType = operation?.operation ?? 'unknown';
          const codes = (errors ?? []).map((error: unknown) => codeOf(error));
          const outcome = outcomeOf(response.http.status ?? 200, codes);
          metrics.graphqlRequest(type, outcome, (performance.now() - startedAt) / 1000);
          annotateActiveSpan({ 'tradesage.outcome': outcome });
        },
      };
    },
  };
}

export function outcomeOf(status: number, codes: readonly string[]): RequestOutcome {
  if (status >= 500 || codes.some((code) => !isClientErrorCode(code))) return 'server_error';
  return status >= 400 || codes.length > 0 ? 'client_error' : 'success';
}

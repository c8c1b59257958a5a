import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Logger } from '@tradesage/core';
import type { GatewayContext } from '../context.ts';
import { formatGatewayError } from '../format-error.ts';

/**
 * Logs, with the request id, every error the gateway's formatError masks as internal
 * (internal errors are masked for the client and logged with the request id). formatError itself has no request at hand, so it masks and
 * this plugin, which sees the context, reports. Uses the very same decision so the two agree.
 */
export function useErrorLogging(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          // Apollo Gateway passes on some failures as bare Errors; Apollo Server wraps them later.
          for (const raw of errors as readonly unknown[]) {
            const error =
              raw instanceof GraphQLError
                ? raw
                : new GraphQLError(String((raw as Error | undefined)?.message), { originalError: raw as Error });
            formatGatewayError(error.toJSON(), error, (internal) => {
              logger.error(
                {
                  err: internal,
                  requestId: contextValue.requestId,
                  path: error.path,
                  subgraph: error.extensions['serviceName'],
                },
                'internal error',
              );
            });
          }
        },
      };
    },
  };
}

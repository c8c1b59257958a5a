import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { httpStatusOf, metrics, rateLimitedError, withoutStack } from '@tradesage/core';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.ts';
import type { UnusualVolumeDetector } from '../security/unusual-volume.ts';

/**
 * Feeds each resolved operation of a signed-in user to the unusual-volume detector, before any
 * subgraph is called; a user it throttles gets 429 RATE_LIMITED with `Retry-After` and
 * `details.retryAfterSeconds`.
 */
export function useSecurityMonitoring(detector: UnusualVolumeDetector): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue }) {
          const refusedForMs = await detector.observe(contextValue);
          if (refusedForMs <= 0) return;
          metrics.rateLimitRejected('unusual_volume');
          const refusal = rateLimitedError(refusedForMs, 'Too many requests, please retry later');
          const retryAfter = String(refusal.details?.['retryAfterSeconds']);
          throw new GraphQLError(refusal.message, {
            originalError: withoutStack(refusal),
            extensions: {
              code: refusal.code,
              details: refusal.details,
              http: { status: httpStatusOf('RATE_LIMITED'), headers: new HeaderMap([['retry-after', retryAfter]]) },
            },
          });
        },
      };
    },
  };
}

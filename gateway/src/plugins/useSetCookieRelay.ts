import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.ts';

/**
 * Sends the client the refresh-token cookies the auth subgraph set (login, refresh, logout), each
 * as its own `Set-Cookie` header. SubgraphDataSource collected them (auth only, `__Host-tradesage_*`
 * only); they go out even when the operation ends in errors, because a refresh that rotated the
 * token must hand the browser its successor, and a refused one must clear the dead cookie.
 * Apollo's response HeaderMap holds one value per name, so the cookies bypass it.
 */
export function useSetCookieRelay(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue }) {
          for (const cookie of contextValue.setCookies) contextValue.appendSetCookie(cookie);
          contextValue.setCookies.length = 0;
        },
      };
    },
  };
}

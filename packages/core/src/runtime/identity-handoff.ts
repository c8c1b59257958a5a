/**
 * Identity hand-off between a subgraph and the gateway, for operations that establish or change
 * who the caller is (sign-in, refresh, accepting an invitation). The request arrived with the
 * caller's old credentials (none, for a sign-in), yet the client may select any `User` field of
 * any subgraph on the payload's `user`. The subgraph that issued the new access token names it on
 * this response header together with the field's response key; the gateway then sends that token,
 * instead of the request's, on every later fetch below that key, so each subgraph answers those
 * fields with the permissions of the user who has just signed in. The header travels only between
 * a subgraph and the gateway (which never relays subgraph headers to clients).
 */
export const IDENTITY_HANDOFF_HEADER = 'x-tradesage-identity';

/** GraphQL names (an alias or a field name) are the only response keys at the root. */
const RESPONSE_KEY = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** A compact JWS: three base64url parts. */
const ACCESS_TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** One header value: `<response key> <access token>`. */
export function identityHandoffValue(responseKey: string, accessToken: string): string {
  if (!RESPONSE_KEY.test(responseKey) || !ACCESS_TOKEN.test(accessToken))
    throw new Error('identity hand-off needs a GraphQL response key and a compact JWS');
  return `${responseKey} ${accessToken}`;
}

/**
 * Response key -> access token, from the header's value(s). Several values arrive comma-joined
 * (neither part can hold a comma); anything malformed is ignored.
 */
export function parseIdentityHandoffs(header: string | null | undefined): Map<string, string> {
  const handoffs = new Map<string, string>();
  if (!header) return handoffs;
  for (const value of header.split(',')) {
    const [key, token, extra] = value.trim().split(' ');
    if (key && token && extra === undefined && RESPONSE_KEY.test(key) && ACCESS_TOKEN.test(token))
      handoffs.set(key, token);
  }
  return handoffs;
}

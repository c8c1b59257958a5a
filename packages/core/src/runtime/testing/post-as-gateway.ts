import { GATEWAY_CREDENTIAL_HEADER, type GatewayCredentialIssuer } from '../gateway-credential.ts';

/**
 * Posts a GraphQL request to a subgraph at `url` as the gateway calls it: with a fresh credential
 * made for `subgraph`, unless `headers` says otherwise.
 */
export function postAsGateway(
  url: string,
  credentials: GatewayCredentialIssuer,
  subgraph: string,
  request: { query: string; variables?: Record<string, unknown> },
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [GATEWAY_CREDENTIAL_HEADER]: credentials.issue(subgraph),
      ...headers,
    },
    body: JSON.stringify(request),
  });
}

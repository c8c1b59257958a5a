/**
 * `npm run oidc:example`: an example application that signs in with TradeSage, beside a running
 * `npm start`. It signs in as the demo tenant's admin (the credentials `npm start` wrote to
 * DATA_DIR/demo-credentials.json), registers a first-party application through the API
 * (`createOAuthClient`), and serves it at http://localhost:4001 (EXAMPLE_PORT): open it, press
 * "Sign in with TradeSage", sign in on the account pages, and it shows the ID token's claims and
 * the API's `me` called with the access token, then refreshes and signs out.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { CreateOAuthClientDocument, LoginDocument } from '@tradesage/client';
import { loadConfig } from '@tradesage/core';
import { startExampleApp } from './oidc-example-app.ts';

const config = loadConfig();
const appUrl = config.mail.appUrl;
const graphqlUrl = `${appUrl}/graphql`;
const port = Number(process.env['EXAMPLE_PORT'] ?? 4001);
const credentialsFile = path.join(config.dataDir, 'demo-credentials.json');

interface StoredCredentials {
  readonly tenant: string;
  readonly users: ReadonlyArray<{ role: string; email: string; password: string }>;
}

async function graphql<T>(query: string, variables: unknown, token?: string): Promise<T> {
  const res = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (!body.data || body.errors) throw new Error(body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${res.status}`);
  return body.data;
}

let stored: StoredCredentials;
try {
  stored = JSON.parse(await fs.readFile(credentialsFile, 'utf8')) as StoredCredentials;
} catch {
  console.error(`No ${credentialsFile}: start the stack first with \`npm start\` (it seeds the demo tenant).`);
  process.exit(1);
}
const admin = stored.users.find((user) => user.role === 'admin');
if (!admin) throw new Error(`${credentialsFile} names no admin`);

let token: string;
try {
  const login = await graphql<{ login: { __typename: string; accessToken?: string } }>(String(LoginDocument), {
    input: { tenant: stored.tenant, email: admin.email, password: admin.password },
  });
  if (login.login.__typename !== 'AuthPayload' || !login.login.accessToken)
    throw new Error('the demo admin has a second factor now: sign in on the account pages instead');
  token = login.login.accessToken;
} catch (error) {
  console.error(
    `Could not sign in as ${admin.email} at ${graphqlUrl}: ${(error as Error).message}. Is \`npm start\` running?`,
  );
  process.exit(1);
}

const origin = `http://localhost:${port}`;
const created = await graphql<{ createOAuthClient: { secret: string; client: { id: string } } }>(
  String(CreateOAuthClientDocument),
  {
    input: {
      name: 'Example app',
      kind: 'CONFIDENTIAL',
      firstParty: true,
      redirectUris: [`${origin}/callback`],
      postLogoutRedirectUris: [`${origin}/`],
      scopes: ['openid', 'profile', 'email', 'offline_access', 'users:read:self'],
    },
  },
  token,
);
const app = await startExampleApp({
  issuer: `${appUrl}/t/${stored.tenant}`,
  clientId: created.createOAuthClient.client.id,
  clientSecret: created.createOAuthClient.secret,
  graphqlUrl,
  port,
});
console.log(
  [
    `Example application: ${app.origin}`,
    `  registered as "Example app" (${created.createOAuthClient.client.id}) in the ${stored.tenant} tenant's console`,
    `  sign in with any demo user, e.g. ${admin.email}  ${admin.password}`,
    `  issuer: ${appUrl}/t/${stored.tenant}  (discovery: ${appUrl}/t/${stored.tenant}/.well-known/openid-configuration)`,
  ].join('\n'),
);
const stop = () => {
  void app.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

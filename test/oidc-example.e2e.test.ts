import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateOAuthClientDocument } from '@tradesage/client';
import { startExampleApp, type ExampleApp } from '../scripts/oidc-example-app.ts';
import { dataOf, useTestStack } from './support/fixtures.ts';
import { CookieJar, startRelayedTestStack, visit } from './support/oidc.ts';

// The example application of `npm run oidc:example` against a real stack: sign in, the ID
// token's claims and the API's `me` on its page, refresh, sign out.

const [t, tenant] = useTestStack(startRelayedTestStack, { prefix: 'example' });
let app: ExampleApp;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const created = dataOf(
    await t.request(
      CreateOAuthClientDocument,
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
      { token: tenant.admin.token },
    ),
  ).createOAuthClient;
  app = await startExampleApp({
    issuer: `${t.origin}/t/${tenant.slug}`,
    clientId: created.client.id,
    clientSecret: created.secret ?? '',
    graphqlUrl: `${t.origin}/graphql`,
    port,
  });
});

afterAll(async () => {
  await app?.close();
});

describe('the example application', () => {
  it('signs in, shows the claims and the API answer, refreshes and signs out', async () => {
    const jar = new CookieJar();
    expect(await (await visit(jar, `${app.origin}/`)).text()).toContain('Not signed in');
    // Its /login leads to the provider, which leads to the account pages.
    let url = new URL(`${app.origin}/login`);
    for (let hops = 0; url.pathname !== '/account/authorize' && hops < 6; hops++) {
      const res = await visit(jar, url);
      url = new URL(res.headers.get('location') ?? '', url);
    }
    expect(url.pathname).toBe('/account/authorize');
    const base = `${t.origin}/t/${tenant.slug}/interaction/${url.searchParams.get('uid')}`;
    const login = await fetch(`${base}/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tenant.admin.token}`,
        cookie: jar.header(new URL(`${base}/login`)),
      },
      body: '{}',
    });
    const { redirectTo } = (await login.json()) as { redirectTo: string };
    // Back through the provider to the application's callback, then its page.
    url = new URL(redirectTo);
    for (let hops = 0; !(url.origin === app.origin && url.pathname === '/') && hops < 6; hops++) {
      const res = await visit(jar, url);
      url = new URL(res.headers.get('location') ?? '', url);
    }
    const page = await (await visit(jar, url)).text();
    expect(page).toContain(tenant.admin.id);
    expect(page).toContain(`&#34;email&#34;: &#34;${tenant.admin.email}&#34;`);
    expect(page).toContain('refresh token: yes');
    const refreshed = await visit(jar, `${app.origin}/refresh`);
    expect(refreshed.status).toBe(302);
    expect(await (await visit(jar, `${app.origin}/`)).text()).toContain(tenant.admin.id);
    const logout = await visit(jar, `${app.origin}/logout`);
    expect(logout.headers.get('location')).toMatch(new RegExp(`^${t.origin}/t/${tenant.slug}/oauth/logout\\?`));
    expect(await (await visit(jar, `${app.origin}/`)).text()).toContain('Not signed in');
  });
});

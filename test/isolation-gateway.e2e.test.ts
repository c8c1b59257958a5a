import crypto from 'node:crypto';
import { createGateway, type RunningGateway } from '@tradesage/gateway';
import { GATEWAY_CREDENTIAL_HEADER, GatewayCredentials, SUBGRAPH_NAMES, type SubgraphName } from '@tradesage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MyIdDocument, OwnTenantProbeDocument, type OwnTenantProbeQuery } from '@tradesage/client';
import { codeOf, startTestStack, useTestStack, type GraphQLResponse } from './support/fixtures.ts';

/**
 * Subgraphs answer only the gateway (a credential it makes per call,
 * for one subgraph, valid seconds), and nothing a client sends in a header or an argument moves
 * it into another tenant: the tenant is the verified token's.
 */

const [t, a, b] = useTestStack(startTestStack, { prefix: 'isoa' }, { prefix: 'isob' });

const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id } } }';
const SERVICE = '{ _service { sdl } }';
const credentials = () => t.stack.runtime.gatewayCredentials;

/** Straight at a subgraph's port, with exactly the headers given (no gateway credential unless given). */
function direct(
  subgraph: SubgraphName,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
) {
  return t.raw(query, variables, { url: t.stack.subgraphUrls[subgraph], headers });
}

function expectRefusedForNoCredential(res: GraphQLResponse<unknown>): void {
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toBe('Gateway-Credential');
  expect(res.body).toEqual({
    errors: [{ message: 'This service answers only the gateway', extensions: { code: 'GATEWAY_CREDENTIAL_REQUIRED' } }],
  });
}

describe('subgraphs answer only the gateway', () => {
  describe.each(SUBGRAPH_NAMES)('the %s subgraph', (subgraph) => {
    it('refuses _entities and _service sent without the gateway credential, even with a valid user token', async () => {
      const bearer = { authorization: `Bearer ${a.admin.token}` };
      expectRefusedForNoCredential(
        await direct(subgraph, ENTITIES, { r: [{ __typename: 'User', id: a.admin.id }] }, bearer),
      );
      expectRefusedForNoCredential(await direct(subgraph, SERVICE, {}, {}));
      expectRefusedForNoCredential(await direct(subgraph, '{ __typename }', {}, bearer));
    });

    it.each([
      ['expired', () => credentials().issue(subgraph, { now: new Date(Date.now() - 120_000) })],
      [
        'made for another subgraph',
        () => credentials().issue(SUBGRAPH_NAMES.find((other) => other !== subgraph) ?? 'auth'),
      ],
      ['made with another key', () => new GatewayCredentials([crypto.randomBytes(32)]).issue(subgraph)],
      [
        "tampered with (another subgraph's, re-addressed)",
        () => {
          const [header, payload, signature] = credentials()
            .issue(SUBGRAPH_NAMES.find((other) => other !== subgraph) ?? 'auth')
            .split('.');
          const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
          return `${header}.${Buffer.from(JSON.stringify({ ...claims, aud: subgraph })).toString('base64url')}.${signature}`;
        },
      ],
      ['lasting longer than a minute', () => credentials().issue(subgraph, { ttlSeconds: 3600 })],
    ])('refuses _entities and _service with a credential %s', async (_name, make) => {
      const bearer = { authorization: `Bearer ${a.admin.token}` };
      expectRefusedForNoCredential(
        await direct(
          subgraph,
          ENTITIES,
          { r: [{ __typename: 'User', id: a.admin.id }] },
          { ...bearer, [GATEWAY_CREDENTIAL_HEADER]: make() },
        ),
      );
      expectRefusedForNoCredential(await direct(subgraph, SERVICE, {}, { [GATEWAY_CREDENTIAL_HEADER]: make() }));
    });

    it('answers a request with a valid credential made for it (then its own rules apply)', async () => {
      const service = await direct(
        subgraph,
        SERVICE,
        {},
        { [GATEWAY_CREDENTIAL_HEADER]: credentials().issue(subgraph) },
      );
      expect(service.status).toBe(200);
      expect((service.body.data as { _service: { sdl: string } } | undefined)?._service.sdl).toContain('type');
      const entities = await direct(
        subgraph,
        ENTITIES,
        { r: [{ __typename: 'User', id: a.admin.id }] },
        {
          authorization: `Bearer ${a.admin.token}`,
          [GATEWAY_CREDENTIAL_HEADER]: credentials().issue(subgraph),
        },
      );
      expect(entities.status).toBe(200);
      expect(entities.body.errors).toBeUndefined();
      expect(entities.body.data).toEqual({ _entities: [{ id: a.admin.id }] });
    });

    it('keeps /health open for probes', async () => {
      const response = await fetch(new URL('/health', t.stack.subgraphUrls[subgraph]));
      expect(response.status).toBe(200);
    });
  });

  it('the gateway is ready: its probes reach every subgraph', async () => {
    const response = await fetch(new URL('/health/ready', t.gatewayUrl));
    expect(response.status).toBe(200);
  });

  describe('a gateway holding another key', () => {
    let rogue: RunningGateway;

    beforeAll(async () => {
      const runtime = { ...t.stack.runtime, gatewayCredentials: new GatewayCredentials([crypto.randomBytes(32)]) };
      rogue = await createGateway(runtime, { subgraphUrls: t.stack.subgraphUrls }).start(0, '127.0.0.1');
    });

    afterAll(async () => {
      await rogue?.stop();
    });

    it('is refused by every subgraph, and its client sees a masked error, not an authentication failure', async () => {
      const res = await t.request(MyIdDocument, {}, { url: rogue.url, token: a.admin.token });
      expect(res.body.data ?? null).toBeNull();
      expect(codeOf(res)).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(res.body)).not.toContain('GATEWAY_CREDENTIAL');
      // The same request through the real gateway works: only the credential differed.
      const real = await t.request(MyIdDocument, {}, { token: a.admin.token });
      expect(real.body.data?.me.id).toBe(a.admin.id);
    });
  });
});

/** Every header a client might hope a tenant- or user-aware service reads, each naming tenant B. */
function foreignHeaders(): Record<string, string> {
  return {
    'x-tenant-id': b.id,
    'x-tenant': b.slug,
    'x-tenant-slug': b.slug,
    'x-forwarded-tenant': b.id,
    'x-org-id': b.id,
    'x-user-id': b.admin.id,
    'x-user-email': b.admin.email,
    'x-forwarded-user': b.admin.id,
    'x-roles': 'platform_admin',
    'x-forwarded-host': `${b.slug}.example.com`,
    forwarded: `for=198.51.100.1;host=${b.slug}.example.com`,
    cookie: `tenant=${b.id}; __Host-tradesage_tenant=${b.id}`,
  };
}

/** What tenant A's admin read about "their" tenant, each answer checked to be A's alone. */
function expectOnlyTenantA(res: GraphQLResponse<OwnTenantProbeQuery>): void {
  expect(res.body.errors).toBeUndefined();
  const data = res.body.data;
  expect(data?.me).toMatchObject({ id: a.admin.id, email: a.admin.email, tenant: { id: a.id, slug: a.slug } });
  expect(data?.myTenant).toEqual({ id: a.id, slug: a.slug });
  expect(data?.users.edges.map((edge) => edge.node.id)).toContain(a.admin.id);
  const json = JSON.stringify(res.body);
  for (const secret of [b.id, b.slug, b.admin.id, b.admin.email]) expect(json).not.toContain(secret);
}

describe("a tenant or user named by the client never overrides the token's", () => {
  it('through the gateway: headers naming tenant B and its admin change nothing', async () => {
    expectOnlyTenantA(await t.request(OwnTenantProbeDocument, {}, { token: a.admin.token, headers: foreignHeaders() }));
  });

  it('straight at each subgraph (with the gateway credential): the subgraphs ignore those headers too', async () => {
    const probes: Record<SubgraphName, string> = {
      user: '{ me { id email } users(first: 50) { edges { node { id email } } } }',
      tenant: '{ myTenant { id slug } tenantSettings { passwordPolicy { minLength } } }',
      session: '{ mySessions { id } }',
      auth: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id lastLoginAt } } }',
    };
    for (const subgraph of SUBGRAPH_NAMES) {
      const variables = subgraph === 'auth' ? { r: [{ __typename: 'User', id: a.admin.id }] } : {};
      const res = await t.raw(probes[subgraph], variables, {
        url: t.stack.subgraphUrls[subgraph],
        viaGatewayCredential: true,
        token: a.admin.token,
        headers: foreignHeaders(),
      });
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      const json = JSON.stringify(res.body);
      for (const secret of [b.id, b.slug, b.admin.id, b.admin.email]) expect(json).not.toContain(secret);
    }
    const tenant = await t.raw<{ myTenant: { id: string } }>(
      '{ myTenant { id } }',
      {},
      { url: t.stack.subgraphUrls.tenant, viaGatewayCredential: true, token: a.admin.token, headers: foreignHeaders() },
    );
    expect(tenant.body.data?.myTenant.id).toBe(a.id);
  });

  it('a client-sent gateway credential header is replaced by the gateway, never trusted as its own', async () => {
    const res = await t.request(
      OwnTenantProbeDocument,
      {},
      { token: a.admin.token, headers: { [GATEWAY_CREDENTIAL_HEADER]: 'forged', ...foreignHeaders() } },
    );
    expectOnlyTenantA(res);
  });

  it.each([
    ['tenantSettings(tenantId)', '{ tenantSettings(tenantId: "%B%") { passwordPolicy { minLength } } }'],
    ['tenantUsage(tenantId)', '{ tenantUsage(period: DAY, tenantId: "%B%") { __typename } }'],
    ['tenant(id)', '{ tenant(id: "%B%") { id slug name } }'],
    ['tenantHealth(id)', '{ tenantHealth(id: "%B%") { __typename } }'],
    [
      'updateTenantSettings(tenantId)',
      'mutation { updateTenantSettings(tenantId: "%B%", input: { lockout: { threshold: 7 } }) { lockout { threshold } } }',
    ],
    ['setTenantDomain(id)', 'mutation { setTenantDomain(id: "%B%", domain: null) { id } }'],
  ])('an argument naming tenant B is refused, with B unchanged: %s', async (_name, template) => {
    const before = await t.stack.runtime.db.control.tenant.findUniqueOrThrow({ where: { id: b.id } });
    for (const headers of [{}, foreignHeaders()]) {
      const res = await t.raw(template.replace('%B%', b.id), {}, { token: a.admin.token, headers });
      const code = codeOf(res);
      const field = Object.values(res.body.data ?? {})[0] ?? null;
      // Refused, or (a nullable lookup) answered with nothing.
      expect(code === 'FORBIDDEN' || code === 'NOT_FOUND' || (code === undefined && field === null)).toBe(true);
      expect(field).toBeNull();
      const json = JSON.stringify(res.body);
      for (const secret of [b.slug, b.admin.id, b.admin.email]) expect(json).not.toContain(secret);
    }
    expect(await t.stack.runtime.db.control.tenant.findUniqueOrThrow({ where: { id: b.id } })).toEqual(before);
  });
});

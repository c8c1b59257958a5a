import crypto from 'node:crypto';
import { permissionCacheKeys } from '@tradesage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsersWithRelationsDocument, type UsersWithRelationsQuery } from '@tradesage/client';
import { startTestStack, useTestStack } from './support/fixtures.ts';
import { countSqlStatements, type SqlCounter } from './support/sql-counter.ts';

/**
 * DataLoader batches every relation per request: listing users with
 * their roles (user subgraph), security facts (auth), sessions (session) and tenant (tenant) costs
 * the same few SQL statements for 10 users as for 100. A relation resolved per row (N+1) adds a
 * statement per user and fails this test.
 */

/** Most statements one listing may cost, whatever its length (the relations, each batched once). */
const STATEMENT_BOUND = 15;
const USERS = 100;

type ListedUser = UsersWithRelationsQuery['users']['edges'][number]['node'];

const [t, tenant] = useTestStack(startTestStack, { prefix: 'loaders', name: 'DataLoader tenant', plan: 'ENTERPRISE' });
let counter: SqlCounter;
/** What was inserted for each user: its roles and how many open sessions. */
const expected = new Map<string, { roles: string[]; sessions: number }>();

beforeAll(async () => {
  expect(tenant.admin.token).not.toBe('');
  expected.set(tenant.admin.id, { roles: ['admin'], sessions: 1 });

  // 100 users straight into the tenant's schema (no bcrypt, no login throttling), each created
  // after the admin so the listing's order (creation time, then id) puts the admin first.
  const db = t.stack.runtime.db.tenant(tenant.id);
  const start = Date.now() + 1_000;
  const users = Array.from({ length: USERS }, (_, i) => ({
    id: crypto.randomUUID(),
    email: `user${String(i).padStart(3, '0')}@${tenant.slug}.test`,
    firstName: `User${i}`,
    lastName: 'Loader',
    createdAt: new Date(start + i * 1_000),
    lastLoginAt: i % 3 === 0 ? null : new Date(start - i * 60_000),
  }));
  const roleRows = users.flatMap((user, i) =>
    i % 4 === 0
      ? [
          { userId: user.id, role: 'trader' },
          { userId: user.id, role: 'viewer' },
        ]
      : [{ userId: user.id, role: i % 2 === 0 ? 'trader' : 'viewer' }],
  );
  const devices = ['desktop', 'mobile', 'tablet', 'other'] as const;
  const sessionRows = users.flatMap((user, i) =>
    Array.from({ length: 1 + (i % 2) }, (_, k) => ({
      id: crypto.randomUUID(),
      userId: user.id,
      deviceType: devices[(i + k) % devices.length] as string,
      userAgent: `loader-test/${i}.${k}`,
      ip: '127.0.0.1',
      createdAt: new Date(start - k * 60_000),
      lastActiveAt: new Date(start - k * 30_000),
      expiresAt: new Date(start + 7 * 24 * 3_600_000),
    })),
  );
  await db.user.createMany({ data: users });
  await db.userRole.createMany({ data: roleRows });
  await db.session.createMany({ data: sessionRows });
  for (const [i, user] of users.entries()) {
    expected.set(user.id, {
      roles: roleRows
        .filter((row) => row.userId === user.id)
        .map((row) => row.role)
        .sort(),
      sessions: 1 + (i % 2),
    });
  }

  counter = countSqlStatements(t.stack.runtime.db.pool);
});

afterAll(() => counter?.stop());

/** Lists the first `first` users through the gateway; returns them and the statements it cost. */
async function listUsers(first: number): Promise<{ users: ListedUser[]; statements: readonly string[] }> {
  await counter.settled();
  const requestId = `loaders-${first}-${crypto.randomBytes(6).toString('hex')}`;
  const response = await t.request(
    UsersWithRelationsDocument,
    { first },
    { token: tenant.admin.token, headers: { 'x-request-id': requestId } },
  );
  expect(response.body.errors).toBeUndefined();
  // Work the request started without waiting for it (fire-and-forget writes) counts too.
  await counter.settled();
  return {
    users: response.body.data?.users.edges.map((edge) => edge.node) ?? [],
    statements: counter.statementsOf(requestId),
  };
}

describe('listing users with every relation', () => {
  it('costs the same small number of SQL statements for 10 and for 100 users', async () => {
    // Once first: caches that fill on a process's first request (tenant client, settings,
    // permissions) and the once-a-minute session activity write are not what is measured.
    await listUsers(2);

    const ten = await listUsers(10);
    const hundred = await listUsers(USERS);

    expect(ten.users).toHaveLength(10);
    expect(hundred.users).toHaveLength(USERS);
    // The answers are right, relation by relation, not just cheap.
    for (const user of hundred.users) {
      const inserted = expected.get(user.id);
      expect(inserted, `unexpected user ${user.id}`).toBeDefined();
      expect([...user.roles].sort()).toEqual(inserted?.roles);
      expect(user.sessions).toHaveLength(inserted?.sessions ?? -1);
      expect(user.tenant).toEqual({ id: tenant.id, slug: tenant.slug });
      expect(user.email).toMatch(/@/);
      expect(typeof user.emailVerified).toBe('boolean');
    }
    expect(hundred.users.filter((user) => user.lastLoginAt !== null).length).toBeGreaterThan(0);

    // The counter saw the subgraphs' queries (users, roles, sessions): a count of 0 proves nothing.
    const tables = (statements: readonly string[]) =>
      ['"users"', '"user_roles"', '"sessions"', '"tenants"'].filter((table) =>
        statements.some((sql) => sql.includes(table)),
      );
    expect(tables(hundred.statements)).toEqual(['"users"', '"user_roles"', '"sessions"', '"tenants"']);

    const report = `10 users:\n  ${ten.statements.join('\n  ')}\n100 users:\n  ${hundred.statements.join('\n  ')}`;
    expect(hundred.statements.length, report).toBe(ten.statements.length);
    expect(hundred.statements.length, report).toBeLessThanOrEqual(STATEMENT_BOUND);
  });
});

describe('effective permissions', () => {
  it('are computed once per request, by the gateway, even when every subgraph needs them and the cache is cold', async () => {
    const [entryKey] = permissionCacheKeys(tenant.id, tenant.admin.id);
    await t.stack.runtime.redis.del(entryKey);
    const { users, statements } = await listUsers(10);
    expect(users).toHaveLength(10);
    // loadAccess: every role of the tenant joined with the caller's assignments (permissions-cache.ts).
    const loads = statements.filter((sql) => /FROM \S+\.roles r\s+LEFT JOIN \S+\.user_roles ur/.test(sql));
    expect(loads).toHaveLength(1);
    // Warm: none at all.
    expect((await listUsers(10)).statements.filter((sql) => /LEFT JOIN \S+\.user_roles ur/.test(sql))).toHaveLength(0);
  });
});

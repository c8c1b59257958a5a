import type { Runtime } from '@tradesage/core';
import { createTestRuntimes, type TestRuntimes } from '@tradesage/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTenant } from './demo-seed.service.ts';

let stack: TestRuntimes;
let dataDir: string;
let runtime: Runtime;

beforeAll(async () => {
  stack = await createTestRuntimes('tradesage_demo_seed');
  dataDir = stack.dataDir;
  runtime = await stack.runtime({}, 'demo-seed-test');
});

afterAll(async () => {
  await stack?.close();
});

describe('the demo tenant on a reused data folder', () => {
  it('prints on a restart only the first passwords that still sign in', async () => {
    const first = await seedDemoTenant(runtime, dataDir);
    expect(first.reused).toBe(false);
    expect(first.users.map((u) => u.role)).toEqual(['admin', 'trader', 'viewer']);
    expect(first.users.every((u) => typeof u.password === 'string' && u.password.length >= 16)).toBe(true);

    const again = await seedDemoTenant(runtime, dataDir);
    expect(again).toEqual({ ...first, reused: true });

    // The trader changed their password; the viewer was deactivated.
    const tenant = await runtime.db.control.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
    const db = runtime.db.tenant(tenant.id);
    await db.user.update({
      where: { email: 'trader@demo.tradesage.dev' },
      data: { passwordHash: await runtime.passwords.hash('a-new-password-of-their-own') },
    });
    await db.user.update({ where: { email: 'viewer@demo.tradesage.dev' }, data: { status: 'disabled' } });

    const restarted = await seedDemoTenant(runtime, dataDir);
    expect(restarted.reused).toBe(true);
    expect(restarted.users).toEqual([
      first.users[0],
      { role: 'trader', email: 'trader@demo.tradesage.dev', password: null },
      { role: 'viewer', email: 'viewer@demo.tradesage.dev', password: null },
    ]);
  });
});

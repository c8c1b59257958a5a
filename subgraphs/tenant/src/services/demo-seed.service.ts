import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Runtime } from '@tradesage/core';
import { provisionTenantWithUsers } from './tenant-provisioning.service.ts';

export const DEMO_TENANT_SLUG = 'demo';
const DEMO_ROLES = ['admin', 'trader', 'viewer'] as const;

export interface DemoCredentials {
  readonly tenant: string;
  readonly users: ReadonlyArray<{ role: string; email: string; password: string }>;
}

/**
 * Seeds the `demo` tenant with one user per role on the first start of an embedded stack.
 * Passwords are random per installation (never a shared default) and kept, mode 0600, in the
 * data folder so later starts can print them again.
 */
export async function seedDemoTenant(runtime: Runtime, dataDir: string): Promise<DemoCredentials> {
  const file = path.join(dataDir, 'demo-credentials.json');
  const existing = await runtime.db.control.tenant.findUnique({ where: { slug: DEMO_TENANT_SLUG } });
  if (existing) {
    try {
      return JSON.parse(await fs.readFile(file, 'utf8')) as DemoCredentials;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return { tenant: DEMO_TENANT_SLUG, users: [] };
    }
  }
  const users = DEMO_ROLES.map((role) => ({
    role,
    email: `${role}@demo.tradesage.dev`,
    password: crypto.randomBytes(12).toString('base64url'),
  }));
  await provisionTenantWithUsers(runtime, {
    slug: DEMO_TENANT_SLUG,
    name: 'Demo Trading Ltd',
    users: users.map((u) => ({
      email: u.email,
      password: u.password,
      role: u.role,
      firstName: u.role[0]?.toUpperCase() + u.role.slice(1),
      lastName: 'Demo',
    })),
  });
  const credentials: DemoCredentials = { tenant: DEMO_TENANT_SLUG, users };
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  await fs.writeFile(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

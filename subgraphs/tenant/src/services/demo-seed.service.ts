import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Runtime } from '@tradesage/core';
import { DemoUserRepository } from '../repositories/demo-user.repository.ts';
import { TenantRepository } from '../repositories/tenant.repository.ts';
import { provisionTenantWithUsers } from './tenant-provisioning.service.ts';

export const DEMO_TENANT_SLUG = 'demo';
const DEMO_ROLES = ['admin', 'trader', 'viewer'] as const;

export interface DemoUser {
  readonly role: string;
  readonly email: string;
  /** Null when it no longer signs in (changed, reset, or the user deactivated or deleted). */
  readonly password: string | null;
}

export interface DemoCredentials {
  readonly tenant: string;
  /** The data folder already held the demo tenant: this is a restart, not a first start. */
  readonly reused: boolean;
  readonly users: readonly DemoUser[];
}

interface StoredCredentials {
  readonly tenant: string;
  readonly users: ReadonlyArray<{ role: string; email: string; password: string }>;
}

/**
 * Seeds the `demo` tenant with one user per role on the first start of an embedded stack.
 * Passwords are random per installation (never a shared default) and kept, mode 0600, in the
 * data folder. A later start reports only the passwords that still sign in: each is checked
 * against the user's current hash and status, so a changed password is never printed as valid.
 */
export async function seedDemoTenant(runtime: Runtime, dataDir: string): Promise<DemoCredentials> {
  const file = path.join(dataDir, 'demo-credentials.json');
  const existing = await new TenantRepository(runtime.db.control).findBySlug(DEMO_TENANT_SLUG);
  if (existing) {
    let stored: StoredCredentials;
    try {
      stored = JSON.parse(await fs.readFile(file, 'utf8')) as StoredCredentials;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return { tenant: DEMO_TENANT_SLUG, reused: true, users: [] };
    }
    const demoUsers = new DemoUserRepository(runtime.db.tenant(existing.id));
    const users = await Promise.all(
      stored.users.map(async (user): Promise<DemoUser> => {
        const row = await demoUsers.signInState(user.email);
        const signsIn =
          row?.status === 'active' && existing.status === 'active'
            ? await runtime.passwords.verify(user.password, row.passwordHash)
            : false;
        return { role: user.role, email: user.email, password: signsIn ? user.password : null };
      }),
    );
    return { tenant: DEMO_TENANT_SLUG, reused: true, users };
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
  const stored: StoredCredentials = { tenant: DEMO_TENANT_SLUG, users };
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  await fs.writeFile(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  return { tenant: DEMO_TENANT_SLUG, reused: false, users };
}

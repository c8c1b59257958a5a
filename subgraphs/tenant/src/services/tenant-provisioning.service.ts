import crypto from 'node:crypto';
import {
  assertPasswordAllowed,
  assertVisibleIdentifier,
  BadInputError,
  BCRYPT_MAX_BYTES,
  DEFAULT_TENANT_SETTINGS,
  type Runtime,
  issueOneTimeToken,
  type NewOneTimeToken,
  type TenantPlan,
  validEmail,
} from '@tradesage/core';
import { insertTenantWithFirstUsers } from '../repositories/tenant-provisioning.repository.ts';
import { TenantRepository } from '../repositories/tenant.repository.ts';

export interface TenantAdmin {
  readonly email: string;
  /** Absent: the user is created `invited`, without a password, to be sent an invitation. */
  readonly password?: string | undefined;
  readonly role?: string;
  readonly firstName?: string;
  readonly lastName?: string;
}

export interface ProvisionedTenant {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly status: string;
  readonly plan: string;
  readonly createdAt: Date;
  readonly userIds: readonly string[];
  /** Users created `invited` (no password): each needs an invitation email. */
  readonly invitedUserIds: readonly string[];
  /**
   * One per invited user: the invitation token, whose row (hash only) was inserted in the same
   * transaction. The secret `token` is for the invitation email only; never log or audit it.
   */
  readonly invitations: readonly TenantInvitation[];
}

export interface TenantInvitation {
  readonly userId: string;
  readonly email: string;
  readonly role: string;
  readonly token: string;
  readonly expiresAt: Date;
}

// Platform bootstrap only (PLATFORM_ADMIN_PASSWORD): NIST SP 800-63B minimum is 8; we ask 12.
// Tenant admins' passwords go through the tenant password policy (assertPasswordAllowed).
const MIN_PASSWORD = 12;

export function validatePassword(password: string, field = 'password'): void {
  if ([...password].length < MIN_PASSWORD) {
    throw new BadInputError('BAD_USER_INPUT', `${field} must be at least ${MIN_PASSWORD} characters`, { field });
  }
  if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES) {
    throw new BadInputError('BAD_USER_INPUT', `${field} must be at most ${BCRYPT_MAX_BYTES} bytes`, { field });
  }
}

/**
 * Registers a tenant, creates and migrates its schema (default roles included) and inserts its
 * first users, all in one transaction: any failure leaves no registry row, no schema and no user.
 * Passwords are checked against the new tenant's (default) policy and hashed before the
 * transaction opens, so it stays short.
 */
export async function provisionTenantWithUsers(
  runtime: Runtime,
  input: {
    slug: string;
    name: string;
    status?: 'pending' | 'active';
    plan?: TenantPlan;
    allowReservedSlug?: boolean;
    users: readonly TenantAdmin[];
    /** The platform bootstrap keeps its own (older) check of PLATFORM_ADMIN_PASSWORD. */
    passwordCheck?: 'tenant-policy' | 'bootstrap';
  },
): Promise<ProvisionedTenant> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 200)
    throw new BadInputError('BAD_USER_INPUT', 'name must be 1 to 200 characters', { field: 'name' });
  assertVisibleIdentifier(name, 'name');
  const users = await Promise.all(
    input.users.map(async (user) => {
      const email = validEmail(user.email, 'adminEmail');
      if (user.password === undefined)
        return { ...user, id: crypto.randomUUID(), email, hash: null, status: 'invited' as const };
      if (input.passwordCheck === 'bootstrap') validatePassword(user.password, 'adminPassword');
      else
        assertPasswordAllowed(
          user.password,
          DEFAULT_TENANT_SETTINGS.passwordPolicy,
          { email },
          { field: 'adminPassword' },
        );
      return {
        ...user,
        id: crypto.randomUUID(),
        email,
        hash: await runtime.passwords.hash(user.password),
        status: 'active' as const,
      };
    }),
  );
  const id = crypto.randomUUID();
  // Invited users get their single-use invitation token with the tenant (all or nothing); the
  // caller sends the emails once the transaction has committed.
  const now = new Date();
  const invitations = users
    .filter((user) => user.status === 'invited')
    .map((user) => ({
      user,
      issued: issueOneTimeToken(runtime.tenantClaims, id, 'invitation', now) satisfies NewOneTimeToken,
    }));
  const tenant = await insertTenantWithFirstUsers(runtime.db.pool, {
    id,
    slug: input.slug,
    name,
    status: input.status ?? 'active',
    plan: input.plan,
    allowReservedSlug: input.allowReservedSlug ?? false,
    users: users.map((user) => ({
      id: user.id,
      email: user.email,
      hash: user.hash,
      status: user.status,
      role: user.role ?? 'admin',
      firstName: user.firstName ?? '',
      lastName: user.lastName ?? '',
    })),
    invitations: invitations.map(({ user, issued }) => ({
      userId: user.id,
      email: user.email,
      hash: issued.hash,
      expiresAt: issued.expiresAt,
    })),
  });
  const row = await new TenantRepository(runtime.db.control).findById(tenant.id);
  if (row === null) throw new Error(`tenant ${tenant.id} vanished after provisioning`);
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    plan: row.plan,
    createdAt: row.createdAt,
    userIds: users.map((u) => u.id),
    invitedUserIds: users.filter((u) => u.status === 'invited').map((u) => u.id),
    invitations: invitations.map(({ user, issued }) => ({
      userId: user.id,
      email: user.email,
      role: user.role ?? 'admin',
      token: issued.token,
      expiresAt: issued.expiresAt,
    })),
  };
}

import crypto from 'node:crypto';
import { BadInputError, BCRYPT_MAX_BYTES, type Runtime } from '@tradesage/core';
import { provisionTenant, quoteIdent } from '@tradesage/prisma';

export interface TenantAdmin {
  readonly email: string;
  readonly password: string;
  readonly role?: string;
  readonly firstName?: string;
  readonly lastName?: string;
}

export interface ProvisionedTenant {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly status: string;
  readonly createdAt: Date;
  readonly userIds: readonly string[];
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,63}$/;
// Interim policy until the tenant password policy lands: NIST SP 800-63B minimum for
// user-chosen passwords is 8; we default to 12. bcrypt's 72-byte limit is enforced by the hasher.
const MIN_PASSWORD = 12;

export function validateEmail(email: string, field = 'email'): string {
  const normalised = email.trim().toLowerCase();
  if (normalised.length > 254 || !EMAIL.test(normalised)) throw new BadInputError('BAD_USER_INPUT', `${field} is not a valid email address`, { field });
  return normalised;
}

export function validatePassword(password: string, field = 'password'): void {
  if ([...password].length < MIN_PASSWORD) {
    throw new BadInputError('BAD_USER_INPUT', `${field} must be at least ${MIN_PASSWORD} characters`, { field });
  }
  if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES) {
    throw new BadInputError('BAD_USER_INPUT', `${field} must be at most ${BCRYPT_MAX_BYTES} bytes`, { field });
  }
}

/**
 * Registers a tenant, creates and migrates its schema and inserts its first users, all in
 * one transaction: any failure leaves no registry row, no schema and no user. Passwords are
 * hashed before the transaction opens so it stays short.
 */
export async function provisionTenantWithUsers(
  runtime: Runtime,
  input: { slug: string; name: string; status?: 'pending' | 'active'; allowReservedSlug?: boolean; users: readonly TenantAdmin[] },
): Promise<ProvisionedTenant> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 200) throw new BadInputError('BAD_USER_INPUT', 'name must be 1 to 200 characters', { field: 'name' });
  const users = await Promise.all(
    input.users.map(async (user) => {
      const email = validateEmail(user.email, 'adminEmail');
      validatePassword(user.password, 'adminPassword');
      return { ...user, id: crypto.randomUUID(), email, hash: await runtime.passwords.hash(user.password) };
    }),
  );
  const tenant = await provisionTenant(runtime.db.pool, {
    slug: input.slug,
    name,
    status: input.status ?? 'active',
    allowReservedSlug: input.allowReservedSlug ?? false,
    seed: async (client, schema) => {
      for (const user of users) {
        await client.query(
          `INSERT INTO ${quoteIdent(schema)}.users (id, email, password_hash, role, first_name, last_name) VALUES ($1, $2, $3, $4, $5, $6)`,
          [user.id, user.email, user.hash, user.role ?? 'admin', user.firstName ?? '', user.lastName ?? ''],
        );
      }
    },
  });
  const row = await runtime.db.control.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
  return { id: row.id, slug: row.slug, name: row.name, status: row.status, createdAt: row.createdAt, userIds: users.map((u) => u.id) };
}

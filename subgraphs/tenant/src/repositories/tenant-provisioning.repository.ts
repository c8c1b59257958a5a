import type { TenantPlan } from '@tradesage/core';
import { type Database, provisionTenant, quoteIdent } from '@tradesage/prisma';

/** A first user of a new tenant, validated and hashed (hash null: created `invited`). */
export interface FirstUserRow {
  readonly id: string;
  readonly email: string;
  readonly hash: string | null;
  readonly status: 'active' | 'invited';
  readonly role: string;
  readonly firstName: string;
  readonly lastName: string;
}

/** An invitation row: the token's hash only, never the secret. */
export interface InvitationRow {
  readonly userId: string;
  readonly email: string;
  readonly hash: string;
  readonly expiresAt: Date;
}

export interface NewTenantRows {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly status: 'pending' | 'active';
  readonly plan?: TenantPlan | undefined;
  readonly allowReservedSlug: boolean;
  readonly users: readonly FirstUserRow[];
  readonly invitations: readonly InvitationRow[];
}

/**
 * Writes a new tenant in one transaction: its registry row (and plan), its migrated schema, its
 * first users with their roles and the invitations of the invited ones. Any failure leaves none
 * of it.
 */
export async function insertTenantWithFirstUsers(pool: Database['pool'], rows: NewTenantRows): Promise<{ id: string }> {
  return provisionTenant(pool, {
    id: rows.id,
    slug: rows.slug,
    name: rows.name,
    status: rows.status,
    allowReservedSlug: rows.allowReservedSlug,
    seed: async (client, schema) => {
      if (rows.plan !== undefined)
        await client.query('UPDATE control.tenants SET plan = $2 WHERE id = $1', [rows.id, rows.plan]);
      const tenantSchema = quoteIdent(schema);
      for (const user of rows.users) {
        await client.query(
          `INSERT INTO ${tenantSchema}.users (id, email, password_hash, first_name, last_name, status) VALUES ($1, $2, $3, $4, $5, $6)`,
          [user.id, user.email, user.hash, user.firstName, user.lastName, user.status],
        );
        await client.query(`INSERT INTO ${tenantSchema}.user_roles (user_id, role) VALUES ($1, $2)`, [
          user.id,
          user.role,
        ]);
      }
      for (const invitation of rows.invitations) {
        await client.query(
          `INSERT INTO ${tenantSchema}.one_time_tokens (hash, user_id, purpose, email, expires_at) VALUES ($1, $2, 'invitation', $3, $4)`,
          [invitation.hash, invitation.userId, invitation.email, invitation.expiresAt],
        );
      }
    },
  });
}

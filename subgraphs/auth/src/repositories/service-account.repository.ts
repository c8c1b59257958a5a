import crypto from 'node:crypto';
import type { TenantPrismaClient } from '@tradesage/prisma';

export interface ServiceAccountRow {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly roles: readonly string[];
  readonly createdAt: Date;
  readonly createdById: string | null;
}

const SELECT = {
  userId: true,
  name: true,
  description: true,
  createdAt: true,
  createdById: true,
  user: { select: { roles: { select: { role: true }, orderBy: { role: 'asc' } } } },
} as const;

function toRow(row: {
  userId: string;
  name: string;
  description: string;
  createdAt: Date;
  createdById: string | null;
  user: { roles: Array<{ role: string }> };
}): ServiceAccountRow {
  return {
    id: row.userId,
    name: row.name,
    description: row.description,
    roles: row.user.roles.map((assignment) => assignment.role),
    createdAt: row.createdAt,
    createdById: row.createdById,
  };
}

/**
 * Service accounts: a users row of kind `service` (its identity: roles, keys, the audit log's
 * actor) with no password, and its service_accounts row (what it is for). The address is a
 * placeholder under the reserved `.invalid` domain (RFC 6761): nothing is ever sent to it, and
 * no person can sign up with it.
 */
export class ServiceAccountRepository {
  constructor(private readonly db: TenantPrismaClient) {}

  async create(input: {
    name: string;
    description: string;
    roles: readonly string[];
    createdById: string;
  }): Promise<ServiceAccountRow> {
    const id = crypto.randomUUID();
    const row = await this.db.$transaction(async (tx) => {
      await tx.user.create({
        data: {
          id,
          email: `service-account-${id}@service-accounts.invalid`,
          kind: 'service',
          displayName: input.name,
          roles: { create: input.roles.map((role) => ({ role })) },
        },
      });
      return tx.serviceAccount.create({
        data: { userId: id, name: input.name, description: input.description, createdById: input.createdById },
        select: SELECT,
      });
    });
    return toRow(row);
  }

  async findById(id: string): Promise<ServiceAccountRow | null> {
    const row = await this.db.serviceAccount.findUnique({ where: { userId: id }, select: SELECT });
    return row ? toRow(row) : null;
  }

  async list(): Promise<ServiceAccountRow[]> {
    const rows = await this.db.serviceAccount.findMany({ orderBy: [{ createdAt: 'desc' }], select: SELECT });
    return rows.map(toRow);
  }

  /** Deletes the account's user row (its keys and roles go with it); false when there is none. */
  async delete(id: string): Promise<boolean> {
    const { count } = await this.db.user.deleteMany({ where: { id, kind: 'service' } });
    return count === 1;
  }
}

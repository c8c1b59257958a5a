import crypto from 'node:crypto';
import type { ControlPrismaClient, TenantPrismaClient } from '@tradesage/prisma';
import type { SocialProvider } from './social-providers.ts';

/** A tenant's connection to a provider, as stored (the client secret still sealed). */
export interface SocialConnectionRow {
  readonly provider: SocialProvider;
  readonly clientId: string;
  readonly clientSecretSealed: string;
  readonly allowedDomains: readonly string[];
  readonly autoRegister: boolean;
  readonly defaultRole: string;
  readonly enabled: boolean;
  readonly microsoftTenant: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type SocialConnectionPatch = Partial<
  Pick<
    SocialConnectionRow,
    | 'clientId'
    | 'clientSecretSealed'
    | 'allowedDomains'
    | 'autoRegister'
    | 'defaultRole'
    | 'enabled'
    | 'microsoftTenant'
  >
>;

/** An upstream account linked to a user. */
export interface UserIdentityRow {
  readonly id: string;
  readonly userId: string;
  readonly provider: SocialProvider;
  readonly issuer: string;
  readonly subject: string;
  readonly email: string | null;
  readonly linkedAt: Date;
  readonly lastUsedAt: Date | null;
}

/** The user a social sign-in is about: what the decision needs. */
export interface SocialUser {
  readonly id: string;
  readonly email: string;
  readonly hasPassword: boolean;
}

/** The active tenant with this slug (social sign-in routes name their tenant by slug), or null. */
export async function activeTenantBySlug(
  control: ControlPrismaClient,
  slug: string,
): Promise<{ id: string; slug: string } | null> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) return null;
  const row = await control.tenant.findUnique({ where: { slug }, select: { id: true, slug: true, status: true } });
  return row?.status === 'active' ? { id: row.id, slug: row.slug } : null;
}

/** Connections, linked identities and the users they lead to: the only social code that touches Prisma. */
export class SocialRepository {
  constructor(private readonly db: TenantPrismaClient) {}

  async connection(provider: SocialProvider): Promise<SocialConnectionRow | null> {
    const row = await this.db.socialConnection.findUnique({ where: { provider } });
    return row ? toConnection(row) : null;
  }

  async connections(): Promise<SocialConnectionRow[]> {
    const rows = await this.db.socialConnection.findMany({ orderBy: { provider: 'asc' } });
    return rows.map(toConnection);
  }

  /** Creates the connection; null when the provider already has one. */
  async createConnection(
    row: Omit<SocialConnectionRow, 'createdAt' | 'updatedAt'>,
  ): Promise<SocialConnectionRow | null> {
    const created = await this.db.socialConnection.createManyAndReturn({
      data: [{ ...row, allowedDomains: [...row.allowedDomains] }],
      skipDuplicates: true,
    });
    return created[0] ? toConnection(created[0]) : null;
  }

  async updateConnection(provider: SocialProvider, patch: SocialConnectionPatch): Promise<SocialConnectionRow | null> {
    const updated = await this.db.socialConnection.updateManyAndReturn({
      where: { provider },
      data: {
        ...patch,
        allowedDomains: patch.allowedDomains ? [...patch.allowedDomains] : undefined,
        updatedAt: new Date(),
      },
    });
    return updated[0] ? toConnection(updated[0]) : null;
  }

  async deleteConnection(provider: SocialProvider): Promise<boolean> {
    return (await this.db.socialConnection.deleteMany({ where: { provider } })).count > 0;
  }

  async roleExists(name: string): Promise<boolean> {
    return (await this.db.role.count({ where: { name } })) > 0;
  }

  /** The identity with this issuer and subject, with its user, or null. */
  async identity(issuer: string, subject: string): Promise<UserIdentityRow | null> {
    const row = await this.db.userIdentity.findUnique({ where: { issuer_subject: { issuer, subject } } });
    return row ? toIdentity(row) : null;
  }

  async identitiesOf(userId: string): Promise<UserIdentityRow[]> {
    const rows = await this.db.userIdentity.findMany({
      where: { userId },
      orderBy: [{ linkedAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toIdentity);
  }

  async markUsed(id: string, email: string | null, at: Date): Promise<void> {
    await this.db.userIdentity.updateMany({ where: { id }, data: { lastUsedAt: at, ...(email ? { email } : {}) } });
  }

  /** Links the identity to the user; null when the identity is already linked (to anyone). */
  async link(input: {
    userId: string;
    provider: SocialProvider;
    issuer: string;
    subject: string;
    email: string | null;
  }): Promise<UserIdentityRow | null> {
    const created = await this.db.userIdentity.createManyAndReturn({
      data: [{ id: crypto.randomUUID(), ...input }],
      skipDuplicates: true,
    });
    return created[0] ? toIdentity(created[0]) : null;
  }

  /**
   * Unlinks one of the user's identities unless it is their last way to sign in (no password and
   * no other identity), in one statement so two concurrent unlinks cannot both pass the check.
   * `removed`: it was unlinked; `last`: refused; `missing`: no such identity of this user.
   */
  async unlinkUnlessLast(userId: string, id: string): Promise<'removed' | 'last' | 'missing'> {
    const identity = await this.db.userIdentity.findFirst({ where: { id, userId }, select: { id: true } });
    if (!identity) return 'missing';
    return this.db.$transaction(async (tx) => {
      // Writing the user's row locks it: a concurrent unlink waits for this one, then counts what it left.
      const [user] = await tx.user.updateManyAndReturn({
        where: { id: userId },
        data: { updatedAt: new Date() },
        select: { passwordHash: true },
      });
      if (!user) return 'missing';
      const others = await tx.userIdentity.count({ where: { userId, id: { not: id } } });
      if (!user.passwordHash && others === 0) return 'last';
      const removed = await tx.userIdentity.deleteMany({ where: { id, userId } });
      return removed.count > 0 ? 'removed' : 'missing';
    });
  }

  /** A person (never a service account) by address, or null. */
  async userByEmail(email: string): Promise<SocialUser | null> {
    const row = await this.db.user.findUnique({
      where: { email: email.toLowerCase(), kind: 'person' },
      select: { id: true, email: true, passwordHash: true, deletedAt: true },
    });
    return row && !row.deletedAt ? { id: row.id, email: row.email, hasPassword: row.passwordHash !== null } : null;
  }

  async userById(id: string): Promise<SocialUser | null> {
    const row = await this.db.user.findUnique({
      where: { id },
      select: { id: true, email: true, passwordHash: true, deletedAt: true },
    });
    return row && !row.deletedAt ? { id: row.id, email: row.email, hasPassword: row.passwordHash !== null } : null;
  }

  /**
   * Registers a user from a provider's verified address with the connection's role, the address
   * verified and no password, and links the identity, in one transaction. Null when the address
   * or the identity was taken meanwhile.
   */
  async register(input: {
    email: string;
    firstName: string;
    lastName: string;
    role: string;
    at: Date;
    identity: { provider: SocialProvider; issuer: string; subject: string };
  }): Promise<{ userId: string; identityId: string } | null> {
    const userId = crypto.randomUUID();
    const identityId = crypto.randomUUID();
    try {
      await this.db.$transaction([
        this.db.user.create({
          data: {
            id: userId,
            email: input.email.toLowerCase(),
            firstName: input.firstName,
            lastName: input.lastName,
            status: 'active',
            emailVerifiedAt: input.at,
            passwordHash: null,
            roles: { create: { role: input.role } },
          },
        }),
        this.db.userIdentity.create({
          data: { id: identityId, userId, ...input.identity, email: input.email.toLowerCase(), lastUsedAt: input.at },
        }),
      ]);
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002') return null;
      throw error;
    }
    return { userId, identityId };
  }
}

function toConnection(row: {
  provider: string;
  clientId: string;
  clientSecretSealed: string;
  allowedDomains: string[];
  autoRegister: boolean;
  defaultRole: string;
  enabled: boolean;
  microsoftTenant: string | null;
  createdAt: Date;
  updatedAt: Date;
}): SocialConnectionRow {
  return { ...row, provider: row.provider as SocialProvider };
}

function toIdentity(row: {
  id: string;
  userId: string;
  provider: string;
  issuer: string;
  subject: string;
  email: string | null;
  linkedAt: Date;
  lastUsedAt: Date | null;
}): UserIdentityRow {
  return { ...row, provider: row.provider as SocialProvider };
}

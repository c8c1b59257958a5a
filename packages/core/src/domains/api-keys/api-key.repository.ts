import crypto from 'node:crypto';
import type { ControlPrismaClient, TenantPrismaClient } from '@tradesage/prisma';
import type { ApiKeyEnvironment } from './api-key-format.ts';

/** A key as its owner and the console see it (never its secret or hash). */
export interface ApiKeyRow {
  readonly id: string;
  readonly ownerId: string;
  readonly ownerKind: 'person' | 'service';
  readonly name: string;
  readonly environment: ApiKeyEnvironment;
  readonly lastFour: string;
  readonly scopes: readonly string[];
  readonly allowedCidrs: readonly string[];
  readonly rateLimitPerMinute: number | null;
  readonly expiresAt: Date;
  readonly createdById: string | null;
  readonly createdAt: Date;
  readonly rotatedFrom: string | null;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly lastUsedIp: string | null;
}

/** What the edge needs of a key to admit a request (cached per process; see api-key-access.ts). */
export interface ApiKeyGrant {
  readonly tenantId: string;
  readonly keyId: string;
  readonly ownerId: string;
  readonly scopes: readonly string[];
  readonly allowedCidrs: readonly string[];
  readonly rateLimitPerMinute: number | null;
  readonly expiresAt: Date;
  readonly revoked: boolean;
  /** The owner may act (an active user, or a service account): false once disabled. */
  readonly ownerActive: boolean;
  /** The key's tenant is active (not suspended or cancelled) as the lookup found it. */
  readonly tenantActive: boolean;
}

export interface NewApiKeyRow {
  readonly ownerId: string;
  readonly name: string;
  readonly hash: string;
  readonly environment: ApiKeyEnvironment;
  readonly lastFour: string;
  readonly scopes: readonly string[];
  readonly allowedCidrs: readonly string[];
  readonly rateLimitPerMinute: number | null;
  readonly expiresAt: Date;
  readonly createdById: string | null;
  readonly rotatedFrom: string | null;
}

const SELECT = {
  id: true,
  ownerId: true,
  name: true,
  environment: true,
  lastFour: true,
  scopes: true,
  allowedCidrs: true,
  rateLimitPerMinute: true,
  expiresAt: true,
  createdById: true,
  createdAt: true,
  rotatedFrom: true,
  revokedAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  owner: { select: { kind: true } },
} as const;

type SelectedRow = {
  readonly owner: { readonly kind: string };
  readonly environment: string;
} & Omit<ApiKeyRow, 'ownerKind' | 'environment'>;

function toRow(row: SelectedRow): ApiKeyRow {
  const { owner, ...rest } = row;
  return {
    ...rest,
    environment: row.environment === 'live' ? 'live' : 'test',
    ownerKind: owner.kind === 'service' ? 'service' : 'person',
  };
}

/**
 * Every query of API keys: the key in its tenant's schema (the truth), and the control index of
 * which tenant holds a key's hash (a key names no tenant). The tenant row is written first: an
 * index entry never points at nothing that could be used, and a key without its index entry is
 * unusable, so a failure between the two leaves nothing that works.
 */
export class ApiKeyRepository {
  constructor(
    private readonly control: ControlPrismaClient,
    private readonly db: TenantPrismaClient,
    private readonly tenantId: string,
  ) {}

  async create(input: NewApiKeyRow): Promise<ApiKeyRow> {
    const id = crypto.randomUUID();
    const row = await this.db.apiKey.create({
      data: { id, ...input, scopes: [...input.scopes], allowedCidrs: [...input.allowedCidrs] },
      select: SELECT,
    });
    await this.control.apiKeyIndex.create({ data: { hash: input.hash, tenantId: this.tenantId, keyId: id } });
    return toRow(row);
  }

  async findById(id: string): Promise<ApiKeyRow | null> {
    const row = await this.db.apiKey.findUnique({ where: { id }, select: SELECT });
    return row ? toRow(row) : null;
  }

  /** Keys of these owners (every key of the tenant when `ownerIds` is null), newest first. */
  async list(ownerIds: readonly string[] | null): Promise<ApiKeyRow[]> {
    const rows = await this.db.apiKey.findMany({
      where: ownerIds === null ? {} : { ownerId: { in: [...ownerIds] } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: SELECT,
    });
    return rows.map(toRow);
  }

  /** Revokes an unrevoked key; true when this call revoked it. */
  async revoke(id: string, reason: string, now: Date): Promise<boolean> {
    const { count } = await this.db.apiKey.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: now, revokedReason: reason },
    });
    return count === 1;
  }

  /** Revokes every unrevoked key of an owner; the keys revoked (with their expiry, to publish until). */
  async revokeAllOf(ownerId: string, reason: string, now: Date): Promise<Array<{ id: string; expiresAt: Date }>> {
    return this.db.apiKey.updateManyAndReturn({
      where: { ownerId, revokedAt: null },
      data: { revokedAt: now, revokedReason: reason },
      select: { id: true, expiresAt: true },
    });
  }

  /** Brings a key's expiry forward to `at` (never later than it was). */
  async expireBy(id: string, at: Date): Promise<void> {
    await this.db.apiKey.updateMany({ where: { id, expiresAt: { gt: at } }, data: { expiresAt: at } });
  }

  /** Last use, written at most once a minute per key (the edge's Redis gate decides). */
  async touch(id: string, at: Date, ip: string | null): Promise<void> {
    await this.db.apiKey.updateMany({ where: { id }, data: { lastUsedAt: at, lastUsedIp: ip } });
  }

  /** Unrevoked keys expiring before `before` whose owner was not told yet. */
  async expiringUnnoticed(before: Date, now: Date, limit: number): Promise<ApiKeyRow[]> {
    const rows = await this.db.apiKey.findMany({
      where: { revokedAt: null, expiryNoticeSentAt: null, expiresAt: { gt: now, lte: before } },
      orderBy: { expiresAt: 'asc' },
      take: limit,
      select: SELECT,
    });
    return rows.map(toRow);
  }

  /** Marks the expiry notice sent; true for exactly one caller. */
  async markExpiryNoticed(id: string, now: Date): Promise<boolean> {
    const { count } = await this.db.apiKey.updateMany({
      where: { id, expiryNoticeSentAt: null },
      data: { expiryNoticeSentAt: now },
    });
    return count === 1;
  }
}

/**
 * The edge's lookup of a key by its hash: the control index names the tenant, the tenant's row
 * says the rest. Null for a hash no tenant holds.
 */
export async function findApiKeyGrant(
  control: ControlPrismaClient,
  tenantDb: (tenantId: string) => TenantPrismaClient,
  hash: string,
): Promise<ApiKeyGrant | null> {
  const entry = await control.apiKeyIndex.findUnique({
    where: { hash },
    select: { tenantId: true, keyId: true, tenant: { select: { status: true } } },
  });
  // A purged tenant's schema is gone: its keys are unknown.
  if (!entry || entry.tenant.status === 'purged') return null;
  const row = await tenantDb(entry.tenantId).apiKey.findUnique({
    where: { hash },
    select: {
      id: true,
      ownerId: true,
      scopes: true,
      allowedCidrs: true,
      rateLimitPerMinute: true,
      expiresAt: true,
      revokedAt: true,
      owner: { select: { status: true } },
    },
  });
  if (!row || row.id !== entry.keyId) return null;
  return {
    tenantId: entry.tenantId,
    keyId: row.id,
    ownerId: row.ownerId,
    scopes: row.scopes,
    allowedCidrs: row.allowedCidrs,
    rateLimitPerMinute: row.rateLimitPerMinute,
    expiresAt: row.expiresAt,
    revoked: row.revokedAt !== null,
    ownerActive: row.owner.status === 'active',
    tenantActive: entry.tenant.status === 'active',
  };
}

/** Which tenant holds each of these hashes (the leaked-key endpoint), in one query. */
export async function findApiKeyTenants(
  control: ControlPrismaClient,
  hashes: readonly string[],
): Promise<Array<{ hash: string; tenantId: string; keyId: string }>> {
  if (hashes.length === 0) return [];
  return control.apiKeyIndex.findMany({
    where: { hash: { in: [...hashes] } },
    select: { hash: true, tenantId: true, keyId: true },
  });
}

import {
  AppError,
  API_KEY_USAGE_RETENTION_DAYS,
  ApiKeyRepository,
  apiKeyUsageKey,
  BadInputError,
  ForbiddenError,
  hasInvisibleCharacters,
  loadAccess,
  MAX_ALLOWED_CIDRS,
  newApiKey,
  normalizeCidr,
  NotFoundError,
  parseTenantSettings,
  publishApiKeyState,
  SignedInService,
  type ApiKeyRow,
} from '@tradesage/core';
import { isKnownPermission, isPlatformPermission, isUuid } from '@tradesage/prisma';
import { TenantRepository } from '../../repositories/tenant.repository.ts';
import { ServiceAccountRepository } from '../../repositories/service-account.repository.ts';

/** How long the old secret of a rotated key keeps working. */
export type RotationOverlap = 'none' | 'one_hour' | 'one_day' | 'seven_days';

const OVERLAP_MS: Readonly<Record<RotationOverlap, number>> = {
  none: 0,
  one_hour: 3_600_000,
  one_day: 86_400_000,
  seven_days: 7 * 86_400_000,
};

const MAX_SCOPES = 50;
const MAX_NAME_LENGTH = 100;
const MAX_RATE_LIMIT_PER_MINUTE = 100_000;

export interface CreateApiKeyInput {
  readonly name: string;
  readonly ownerId?: string | null | undefined;
  readonly scopes: readonly string[];
  readonly expiresAt: Date;
  readonly allowedCidrs?: readonly string[] | null | undefined;
  readonly rateLimitPerMinute?: number | null | undefined;
}

export interface CreatedApiKey {
  readonly apiKey: ApiKeyRow;
  /** Shown this once; never stored, logged or audited. */
  readonly secret: string;
}

/**
 * API keys of the caller's tenant: personal keys (any signed-in person, for themself) and, with
 * `apikeys:manage`, service accounts' keys and every key of the tenant. A key's scopes are
 * permissions the creator holds (and, for a service account, its roles grant); its expiry is
 * required and capped by the tenant's `apiKeys.maxLifetimeDays`. The secret is answered once.
 */
export class ApiKeyService extends SignedInService {
  readonly #keys = new ApiKeyRepository(this.runtime.db.control, this.db, this.viewer.tenantId);

  #mayManage(): boolean {
    return this.viewer.permissions.has('apikeys:manage');
  }

  /** The caller's own keys, or with `apikeys:manage` every key (of `ownerId` when given). */
  async list(ownerId?: string | null): Promise<ApiKeyRow[]> {
    if (ownerId && ownerId !== this.viewer.userId) {
      if (!this.#mayManage()) throw new ForbiddenError('Only your own keys without apikeys:manage');
      if (!isUuid(ownerId)) return [];
      return this.#keys.list([ownerId]);
    }
    if (ownerId || !this.#mayManage()) return this.#keys.list([this.viewer.userId]);
    return this.#keys.list(null);
  }

  /** What a new key may be: the tenant's longest lifetime, and the environment of this deployment. */
  async policy(): Promise<{ maxLifetimeDays: number; environment: 'live' | 'test' }> {
    return { maxLifetimeDays: await this.#maxLifetimeDays(), environment: this.runtime.config.apiKeys.environment };
  }

  async create(input: CreateApiKeyInput, now = new Date()): Promise<CreatedApiKey> {
    const ownerId = await this.#ownerFor(input.ownerId);
    const name = nameOf(input.name);
    const scopes = await this.#scopesFor(ownerId, input.scopes);
    const expiresAt = await this.#expiryFor(input.expiresAt, now);
    const allowedCidrs = cidrsOf(input.allowedCidrs ?? []);
    const rateLimitPerMinute = rateLimitOf(input.rateLimitPerMinute);
    const key = newApiKey(this.runtime.config.apiKeys.environment);
    const apiKey = await this.#keys.create({
      ownerId,
      name,
      hash: key.hash,
      environment: key.environment,
      lastFour: key.lastFour,
      scopes,
      allowedCidrs,
      rateLimitPerMinute,
      expiresAt,
      createdById: this.viewer.userId,
      rotatedFrom: null,
    });
    await this.audit(this.db, {
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: apiKey.id,
      data: {
        owner: ownerId,
        scopes: scopes.join(' '),
        expiresAt: expiresAt.toISOString(),
        environment: key.environment,
        allowedCidrs: allowedCidrs.join(' '),
        rateLimitPerMinute,
      },
    });
    return { apiKey, secret: key.secret };
  }

  /**
   * A new secret for the key (same owner, name, scopes, addresses, limit and expiry); the old one
   * works `overlap` longer (capped by its own expiry), published to every instance at once.
   */
  async rotate(id: string, overlap: RotationOverlap, now = new Date()): Promise<CreatedApiKey> {
    const old = await this.#manageable(id);
    if (old.revokedAt || old.expiresAt <= now)
      throw new AppError('CONFLICT', 'Only an active key can be rotated: create a new one');
    const key = newApiKey(this.runtime.config.apiKeys.environment);
    const apiKey = await this.#keys.create({
      ownerId: old.ownerId,
      name: old.name,
      hash: key.hash,
      environment: key.environment,
      lastFour: key.lastFour,
      scopes: old.scopes,
      allowedCidrs: old.allowedCidrs,
      rateLimitPerMinute: old.rateLimitPerMinute,
      expiresAt: old.expiresAt,
      createdById: this.viewer.userId,
      rotatedFrom: old.id,
    });
    const oldUntil = new Date(Math.min(old.expiresAt.getTime(), now.getTime() + OVERLAP_MS[overlap]));
    await this.#keys.expireBy(old.id, oldUntil);
    await publishApiKeyState(this.runtime, this.viewer.tenantId, old.id, { revoked: false, expiresAt: oldUntil }, now);
    await this.audit(this.db, {
      action: 'api_key.rotated',
      targetType: 'api_key',
      targetId: apiKey.id,
      data: { rotatedFrom: old.id, overlap, oldExpiresAt: oldUntil.toISOString() },
    });
    return { apiKey, secret: key.secret };
  }

  /** Revokes one of the caller's keys (any key of the tenant with `apikeys:manage`); idempotent. */
  async revoke(id: string, now = new Date()): Promise<ApiKeyRow> {
    const key = await this.#manageable(id);
    const revokedNow = await this.#keys.revoke(key.id, 'revoked', now);
    // Published again on a repeat, so a revocation Redis could not take first is completed by a retry.
    await publishApiKeyState(this.runtime, this.viewer.tenantId, key.id, { revoked: true, until: key.expiresAt }, now);
    if (revokedNow)
      await this.audit(this.db, {
        action: 'api_key.revoked',
        targetType: 'api_key',
        targetId: key.id,
        data: { owner: key.ownerId, by: this.viewer.apiKeyId ? 'the key itself' : 'session' },
      });
    return (await this.#keys.findById(key.id)) ?? key;
  }

  /** Requests per UTC day of a key the caller may see, the most recent `days` that saw any. */
  async usage(key: Pick<ApiKeyRow, 'id'>, days: number): Promise<Array<{ day: string; requests: number }>> {
    if (!Number.isInteger(days) || days < 1 || days > API_KEY_USAGE_RETENTION_DAYS)
      throw new BadInputError('BAD_USER_INPUT', `days is 1 to ${API_KEY_USAGE_RETENTION_DAYS}`, { field: 'days' });
    const counts = await this.runtime.redis.hgetall(apiKeyUsageKey(this.viewer.tenantId, key.id));
    const since = new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
    return Object.entries(counts)
      .filter(([day]) => day >= since)
      .sort(([a], [b]) => (a < b ? 1 : -1))
      .map(([day, requests]) => ({ day, requests: Number(requests) }));
  }

  /** A key the caller may act on: their own, or any with `apikeys:manage`; NOT_FOUND otherwise. */
  async #manageable(id: string): Promise<ApiKeyRow> {
    const key = isUuid(id) ? await this.#keys.findById(id) : null;
    if (!key || (key.ownerId !== this.viewer.userId && !this.#mayManage())) throw new NotFoundError('API key');
    return key;
  }

  /** The caller (a personal key), or a service account of the tenant (`apikeys:manage`). */
  async #ownerFor(ownerId: string | null | undefined): Promise<string> {
    if (!ownerId || ownerId === this.viewer.userId) return this.viewer.userId;
    if (!this.#mayManage())
      throw new ForbiddenError('Keys for a service account need apikeys:manage; your own keys need no owner');
    const account = isUuid(ownerId) ? await new ServiceAccountRepository(this.db).findById(ownerId) : null;
    if (!account) throw new NotFoundError('Service account');
    return account.id;
  }

  /** Catalogue permissions the caller holds (and a service account's roles grant), unique and sorted. */
  async #scopesFor(ownerId: string, requested: readonly string[]): Promise<string[]> {
    const scopes = [...new Set(requested.map((scope) => scope.trim()))].sort();
    if (scopes.length === 0 || scopes.length > MAX_SCOPES)
      throw new BadInputError('BAD_USER_INPUT', `Give 1 to ${MAX_SCOPES} scopes`, { field: 'scopes' });
    const ownerPermissions =
      ownerId === this.viewer.userId ? this.viewer.permissions : await this.#permissionsOf(ownerId);
    for (const scope of scopes) {
      if (!isKnownPermission(scope) || !this.viewer.permissions.has(scope) || !ownerPermissions.has(scope))
        throw new AppError(
          'API_KEY_SCOPE_NOT_ALLOWED',
          isKnownPermission(scope)
            ? `You cannot give a key ${scope}: ${this.viewer.permissions.has(scope) ? 'its owner does not hold it' : 'you do not hold it'}`
            : `${scope} is not a permission of the catalogue`,
          { details: { field: 'scopes', scope } },
        );
      if (isPlatformPermission(scope))
        throw new AppError('API_KEY_SCOPE_NOT_ALLOWED', 'Platform permissions are never given to keys', {
          details: { field: 'scopes', scope },
        });
    }
    return scopes;
  }

  async #permissionsOf(userId: string): Promise<ReadonlySet<string>> {
    return new Set((await loadAccess(this.runtime, this.viewer.tenantId, userId)).permissions);
  }

  async #maxLifetimeDays(): Promise<number> {
    const tenant = await new TenantRepository(this.runtime.db.control).findById(this.viewer.tenantId);
    return parseTenantSettings(tenant?.settings).apiKeys.maxLifetimeDays;
  }

  async #expiryFor(expiresAt: Date, now: Date): Promise<Date> {
    const maxLifetimeDays = await this.#maxLifetimeDays();
    const latest = now.getTime() + maxLifetimeDays * 86_400_000;
    if (
      !(expiresAt instanceof Date) ||
      Number.isNaN(expiresAt.getTime()) ||
      expiresAt.getTime() <= now.getTime() + 60_000 ||
      expiresAt.getTime() > latest
    )
      throw new BadInputError(
        'API_KEY_EXPIRY_INVALID',
        `expiresAt must be in the future and at most ${maxLifetimeDays} days away (this tenant's apiKeys.maxLifetimeDays)`,
        { field: 'expiresAt', maxLifetimeDays },
      );
    return expiresAt;
  }
}

function nameOf(text: string): string {
  const name = text.trim();
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || hasInvisibleCharacters(name))
    throw new BadInputError('BAD_USER_INPUT', `A name of 1 to ${MAX_NAME_LENGTH} characters`, { field: 'name' });
  return name;
}

function cidrsOf(given: readonly string[]): string[] {
  if (given.length > MAX_ALLOWED_CIDRS)
    throw new BadInputError('BAD_USER_INPUT', `At most ${MAX_ALLOWED_CIDRS} address blocks`, {
      field: 'allowedCidrs',
    });
  return [
    ...new Set(
      given.map((text) => {
        const cidr = normalizeCidr(text);
        if (!cidr)
          throw new BadInputError('BAD_USER_INPUT', `${JSON.stringify(text)} is not an address or CIDR block`, {
            field: 'allowedCidrs',
          });
        return cidr;
      }),
    ),
  ];
}

function rateLimitOf(given: number | null | undefined): number | null {
  if (given === null || given === undefined) return null;
  if (!Number.isInteger(given) || given < 1 || given > MAX_RATE_LIMIT_PER_MINUTE)
    throw new BadInputError('BAD_USER_INPUT', `rateLimitPerMinute is 1 to ${MAX_RATE_LIMIT_PER_MINUTE}`, {
      field: 'rateLimitPerMinute',
    });
  return given;
}

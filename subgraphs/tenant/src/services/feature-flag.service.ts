import {
  AppError,
  NotFoundError,
  SignedInService,
  featureFlagProblems,
  isFeatureFlagOn,
  type FeatureFlagKind,
} from '@tradesage/core';
import { FieldsInvalidError } from '../errors.ts';
import {
  FeatureFlagRepository,
  MAX_FLAGS,
  type FeatureFlagData,
  type FeatureFlagRow,
} from '../repositories/feature-flag.repository.ts';
import { auditTenant } from './tenant-audit.ts';

export interface FeatureFlagInput {
  readonly description?: string | null;
  readonly kind?: FeatureFlagKind | null;
  readonly enabled?: boolean | null;
  readonly percentage?: number | null;
  readonly allowedUserIds?: readonly string[] | null;
  readonly startsAt?: Date | null;
  readonly endsAt?: Date | null;
}

export interface EvaluatedFlag {
  readonly key: string;
  readonly on: boolean;
}

/** Feature flags of one tenant: evaluation for the signed-in user, and their administration. */
export class FeatureFlagService extends SignedInService {
  readonly #flags = new FeatureFlagRepository(this.db);

  /** Every flag of the tenant, evaluated for this user now. */
  async evaluate(userId: string, now = new Date()): Promise<EvaluatedFlag[]> {
    return (await this.#flags.list()).map((flag) => ({ key: flag.key, on: isFeatureFlagOn(flag, { userId, now }) }));
  }

  list(): Promise<FeatureFlagRow[]> {
    return this.#flags.list();
  }

  async create(key: string, input: FeatureFlagInput): Promise<FeatureFlagRow> {
    const data = this.#validated({
      key,
      description: input.description ?? '',
      kind: input.kind ?? 'boolean',
      enabled: input.enabled ?? true,
      percentage: input.percentage ?? null,
      allowedUserIds: normaliseIds(input.allowedUserIds ?? []),
      startsAt: input.startsAt ?? null,
      endsAt: input.endsAt ?? null,
    });
    await this.#assertTenantUsers(data.allowedUserIds);
    if ((await this.#flags.count()) >= MAX_FLAGS)
      throw new AppError('CONFLICT', `A tenant has at most ${MAX_FLAGS} feature flags`);
    let created: FeatureFlagRow;
    try {
      created = await this.#flags.create(data);
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002')
        throw new AppError('CONFLICT', `A feature flag named ${key} already exists`);
      throw error;
    }
    await this.#audit('feature_flag.created', created);
    return created;
  }

  /**
   * Changes what the input names (null clears an optional field). Changing the kind drops the
   * fields of the old kind the input does not set again, so BOOLEAN → PERCENTAGE needs only the
   * new kind and its percentage.
   */
  async update(key: string, input: FeatureFlagInput): Promise<FeatureFlagRow> {
    const current = await this.#flags.find(key);
    if (!current) throw new NotFoundError('Feature flag');
    const kind = input.kind ?? current.kind;
    const kept =
      kind === current.kind
        ? current
        : { ...current, percentage: null, allowedUserIds: [], startsAt: null, endsAt: null };
    const data = this.#validated({
      key,
      kind,
      description: input.description === undefined ? kept.description : (input.description ?? ''),
      enabled: input.enabled ?? kept.enabled,
      percentage: input.percentage === undefined ? kept.percentage : input.percentage,
      allowedUserIds:
        input.allowedUserIds === undefined ? kept.allowedUserIds : normaliseIds(input.allowedUserIds ?? []),
      startsAt: input.startsAt === undefined ? kept.startsAt : input.startsAt,
      endsAt: input.endsAt === undefined ? kept.endsAt : input.endsAt,
    });
    await this.#assertTenantUsers(data.allowedUserIds);
    const updated = await this.#flags.update(key, data);
    await this.#audit('feature_flag.updated', updated);
    return updated;
  }

  async delete(key: string): Promise<boolean> {
    const deleted = await this.#flags.delete(key);
    if (!deleted) throw new NotFoundError('Feature flag');
    await auditTenant(
      this.runtime,
      this.caller,
      this.viewer.tenantId,
      { action: 'feature_flag.deleted', data: { key } },
      { tenantLog: true },
    );
    return true;
  }

  #validated(data: FeatureFlagData): FeatureFlagData {
    const problems = featureFlagProblems(data);
    if (problems.length > 0) throw new FieldsInvalidError('feature flag', problems);
    return data;
  }

  /**
   * An allow-list names users of this tenant only: an id of another tenant's user is refused like
   * an unknown one, without saying which tenant it belongs to.
   */
  async #assertTenantUsers(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const unknown = new Set(await this.#flags.unknownUserIds(ids));
    const problems = ids.flatMap((id, index) =>
      unknown.has(id) ? [{ path: `allowedUserIds.${index}`, message: 'names no user of this tenant' }] : [],
    );
    if (problems.length > 0) throw new FieldsInvalidError('feature flag', problems);
  }

  async #audit(action: 'feature_flag.created' | 'feature_flag.updated', flag: FeatureFlagRow): Promise<void> {
    await auditTenant(
      this.runtime,
      this.caller,
      this.viewer.tenantId,
      {
        action,
        data: {
          key: flag.key,
          kind: flag.kind,
          enabled: flag.enabled,
          percentage: flag.percentage,
          allowedUsers: flag.allowedUserIds.length,
          startsAt: flag.startsAt?.toISOString() ?? null,
          endsAt: flag.endsAt?.toISOString() ?? null,
        },
      },
      { tenantLog: true },
    );
  }
}

function normaliseIds(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.trim().toLowerCase()))];
}

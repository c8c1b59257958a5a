import {
  fromGraphEnum,
  knownGraphEnum,
  toGraphEnum,
  type TenantSettings as CoreSettings,
  type FeatureFlagKind as CoreFlagKind,
  type TenantPlan as CorePlan,
  type UsagePeriod as CorePeriod,
} from '@tradesage/core';
import type {
  FeatureFlagDefinition,
  TenantBackupKind,
  FeatureFlagKind,
  TenantPlan,
  TenantSettings,
  TenantStatus,
  UsagePeriod,
} from '../__generated__/resolvers-types.ts';
import type { FeatureFlagRow } from '../repositories/feature-flag.repository.ts';
import type { BackupKind } from '../repositories/tenant-backup-file.repository.ts';

/** A registry column read as text: an unknown value is a bug, not data to pass on. */
function toKnownEnum<Stored extends string>(value: string, known: readonly Stored[], what: string): Uppercase<Stored> {
  const graph = knownGraphEnum(value, known);
  if (graph === undefined) throw new Error(`tenant has an unknown ${what} ${value}`);
  return graph;
}

const TENANT_STATUSES = ['pending', 'active', 'suspended', 'cancelled', 'purged'] as const;
const TENANT_PLANS = ['free', 'team', 'enterprise'] as const satisfies readonly CorePlan[];

export function toTenantStatus(status: string): TenantStatus {
  return toKnownEnum(status, TENANT_STATUSES, 'status');
}

export function fromTenantStatus(status: TenantStatus): string {
  return fromGraphEnum(status);
}

export function toTenantPlan(plan: string): TenantPlan {
  return toKnownEnum(plan, TENANT_PLANS, 'plan');
}

export function fromTenantPlan(plan: TenantPlan): CorePlan {
  return fromGraphEnum(plan);
}

export function fromUsagePeriod(period: UsagePeriod): CorePeriod {
  return fromGraphEnum(period);
}

export function toUsagePeriod(period: CorePeriod): UsagePeriod {
  return toGraphEnum(period);
}

export function toBackupKind(kind: BackupKind): TenantBackupKind {
  return toGraphEnum(kind);
}

export function fromFlagKind(kind: FeatureFlagKind): CoreFlagKind {
  return fromGraphEnum(kind);
}

export function toFlagKind(kind: CoreFlagKind): FeatureFlagKind {
  return toGraphEnum(kind);
}

export function toFlagDefinition(row: FeatureFlagRow): FeatureFlagDefinition {
  return { ...row, kind: toFlagKind(row.kind), allowedUserIds: [...row.allowedUserIds] };
}

export function toSettings(settings: CoreSettings): TenantSettings {
  return {
    ...settings,
    signup: { ...settings.signup, mode: toGraphEnum(settings.signup.mode) },
    mfa: {
      ...settings.mfa,
      mode: toGraphEnum(settings.mfa.mode),
      allowedFactors: settings.mfa.allowedFactors.map((factor) => toGraphEnum(factor)),
    },
  };
}

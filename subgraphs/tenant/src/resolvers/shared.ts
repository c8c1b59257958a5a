import type {
  TenantSettings as CoreSettings,
  FeatureFlagKind as CoreFlagKind,
  TenantPlan as CorePlan,
  UsagePeriod as CorePeriod,
} from '@tradesage/core';
import type {
  FeatureFlagDefinition,
  FeatureFlagKind,
  SignupMode,
  TenantPlan,
  TenantSettings,
  TenantStatus,
  UsagePeriod,
} from '../__generated__/resolvers-types.ts';
import type { FeatureFlagRow } from '../repositories/feature-flag.repository.ts';

/**
 * Each GraphQL enum of this subgraph spells its stored value in capitals (`allow_list` is
 * `ALLOW_LIST`). The signatures let the compiler check that both sides list the same values.
 */
function toEnum<Stored extends string>(value: Stored): Uppercase<Stored> {
  return value.toUpperCase() as Uppercase<Stored>;
}

function fromEnum<Graph extends string>(value: Graph): Lowercase<Graph> {
  return value.toLowerCase() as Lowercase<Graph>;
}

/** A registry column read as text: an unknown value is a bug, not data to pass on. */
function toKnownEnum<Stored extends string>(value: string, known: readonly Stored[], what: string): Uppercase<Stored> {
  const stored = known.find((candidate) => candidate === value);
  if (stored === undefined) throw new Error(`tenant has an unknown ${what} ${value}`);
  return toEnum(stored);
}

const TENANT_STATUSES = ['pending', 'active', 'suspended', 'cancelled', 'purged'] as const;
const TENANT_PLANS = ['free', 'team', 'enterprise'] as const satisfies readonly CorePlan[];

export function toTenantStatus(status: string): TenantStatus {
  return toKnownEnum(status, TENANT_STATUSES, 'status');
}

export function fromTenantStatus(status: TenantStatus): string {
  return fromEnum(status);
}

export function toTenantPlan(plan: string): TenantPlan {
  return toKnownEnum(plan, TENANT_PLANS, 'plan');
}

export function fromTenantPlan(plan: TenantPlan): CorePlan {
  return fromEnum(plan);
}

export function fromUsagePeriod(period: UsagePeriod): CorePeriod {
  return fromEnum(period);
}

export function toUsagePeriod(period: CorePeriod): UsagePeriod {
  return toEnum(period);
}

export function fromFlagKind(kind: FeatureFlagKind): CoreFlagKind {
  return fromEnum(kind);
}

export function toFlagKind(kind: CoreFlagKind): FeatureFlagKind {
  return toEnum(kind);
}

export function toFlagDefinition(row: FeatureFlagRow): FeatureFlagDefinition {
  return { ...row, kind: toFlagKind(row.kind), allowedUserIds: [...row.allowedUserIds] };
}

export function fromSignupMode(mode: SignupMode): CoreSettings['signup']['mode'] {
  return fromEnum(mode);
}

export function toSettings(settings: CoreSettings): TenantSettings {
  return { ...settings, signup: { ...settings.signup, mode: toEnum(settings.signup.mode) } };
}

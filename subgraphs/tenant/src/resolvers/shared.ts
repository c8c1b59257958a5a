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

/** Registry status (lowercase column) to the GraphQL enum; an unknown value is a bug, not data to pass on. */
export function toTenantStatus(status: string): TenantStatus {
  switch (status) {
    case 'pending':
      return 'PENDING';
    case 'active':
      return 'ACTIVE';
    case 'suspended':
      return 'SUSPENDED';
    case 'cancelled':
      return 'CANCELLED';
    case 'purged':
      return 'PURGED';
    default:
      throw new Error(`tenant has an unknown status ${status}`);
  }
}

export function fromTenantStatus(status: TenantStatus): string {
  return status.toLowerCase();
}

export function toTenantPlan(plan: string): TenantPlan {
  switch (plan) {
    case 'free':
      return 'FREE';
    case 'team':
      return 'TEAM';
    case 'enterprise':
      return 'ENTERPRISE';
    default:
      throw new Error(`tenant has an unknown plan ${plan}`);
  }
}

export function fromTenantPlan(plan: TenantPlan): CorePlan {
  switch (plan) {
    case 'FREE':
      return 'free';
    case 'TEAM':
      return 'team';
    case 'ENTERPRISE':
      return 'enterprise';
  }
}

export function fromUsagePeriod(period: UsagePeriod): CorePeriod {
  switch (period) {
    case 'DAY':
      return 'day';
    case 'WEEK':
      return 'week';
    case 'MONTH':
      return 'month';
  }
}

export function toUsagePeriod(period: CorePeriod): UsagePeriod {
  switch (period) {
    case 'day':
      return 'DAY';
    case 'week':
      return 'WEEK';
    case 'month':
      return 'MONTH';
  }
}

export function fromFlagKind(kind: FeatureFlagKind): CoreFlagKind {
  switch (kind) {
    case 'BOOLEAN':
      return 'boolean';
    case 'PERCENTAGE':
      return 'percentage';
    case 'ALLOW_LIST':
      return 'allow_list';
    case 'TIME_WINDOW':
      return 'time_window';
  }
}

export function toFlagKind(kind: CoreFlagKind): FeatureFlagKind {
  switch (kind) {
    case 'boolean':
      return 'BOOLEAN';
    case 'percentage':
      return 'PERCENTAGE';
    case 'allow_list':
      return 'ALLOW_LIST';
    case 'time_window':
      return 'TIME_WINDOW';
  }
}

export function toFlagDefinition(row: FeatureFlagRow): FeatureFlagDefinition {
  return { ...row, kind: toFlagKind(row.kind), allowedUserIds: [...row.allowedUserIds] };
}

function toSignupMode(mode: CoreSettings['signup']['mode']): SignupMode {
  switch (mode) {
    case 'invite_only':
      return 'INVITE_ONLY';
    case 'self_service':
      return 'SELF_SERVICE';
  }
}

export function fromSignupMode(mode: SignupMode): CoreSettings['signup']['mode'] {
  switch (mode) {
    case 'INVITE_ONLY':
      return 'invite_only';
    case 'SELF_SERVICE':
      return 'self_service';
  }
}

export function toSettings(settings: CoreSettings): TenantSettings {
  return { ...settings, signup: { ...settings.signup, mode: toSignupMode(settings.signup.mode) } };
}

import { fromGraphEnum, signedIn } from '@tradesage/core';
import type { Resolvers, TenantSettingsInput } from '../__generated__/resolvers-types.ts';
import { TenantSettingsService } from '../services/tenant-settings.service.ts';
import { toSettings } from './shared.ts';

export const settingsResolvers: Resolvers = {
  Query: {
    // The shield allows another tenant's id to platform administrators only.
    tenantSettings: async (_parent, args, ctx) =>
      toSettings(
        await new TenantSettingsService(ctx.runtime, signedIn(ctx)).read(
          args.tenantId ?? signedIn(ctx).viewer.tenantId,
        ),
      ),
  },
  Mutation: {
    updateTenantSettings: async (_parent, args, ctx) =>
      toSettings(
        await new TenantSettingsService(ctx.runtime, signedIn(ctx)).update(
          args.tenantId ?? signedIn(ctx).viewer.tenantId,
          toPatch(args.input),
        ),
      ),
  },
};

/** The GraphQL input as a settings patch: enum names to stored values, nulls kept (they reset). */
function toPatch(input: TenantSettingsInput): Record<string, unknown> {
  const { signup, mfa, ...rest } = input;
  const patch: Record<string, unknown> = { ...rest };
  if (signup !== undefined) patch['signup'] = signup === null ? null : { ...signup, mode: enumValue(signup.mode) };
  if (mfa !== undefined)
    patch['mfa'] =
      mfa === null
        ? null
        : {
            ...mfa,
            mode: enumValue(mfa.mode),
            allowedFactors:
              mfa.allowedFactors === undefined || mfa.allowedFactors === null
                ? mfa.allowedFactors
                : mfa.allowedFactors.map((factor) => fromGraphEnum(factor)),
          };
  return patch;
}

/** An enum input as its stored value; undefined stays absent, null resets. */
function enumValue<T extends string>(value: T | null | undefined): string | null | undefined {
  return value === undefined || value === null ? value : fromGraphEnum(value);
}

import { signedIn } from '@tradesage/core';
import type { Resolvers, TenantSettingsInput } from '../__generated__/resolvers-types.ts';
import { TenantSettingsService } from '../services/tenant-settings.service.ts';
import { fromSignupMode, toSettings } from './shared.ts';

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
  const { signup, ...rest } = input;
  if (signup === undefined || signup === null) return { ...rest, ...(signup === null ? { signup: null } : {}) };
  const { mode, ...signupRest } = signup;
  return {
    ...rest,
    signup: { ...signupRest, ...(mode === undefined ? {} : { mode: mode === null ? null : fromSignupMode(mode) }) },
  };
}

import { signedIn } from '@tradesage/core';
import type { FeatureFlagKind, Resolvers } from '../__generated__/resolvers-types.ts';
import type { TenantContext } from '../context.ts';
import { FeatureFlagService, type FeatureFlagInput } from '../services/feature-flag.service.ts';
import { fromFlagKind, toFlagDefinition } from './shared.ts';

function service(ctx: TenantContext): FeatureFlagService {
  return new FeatureFlagService(ctx.runtime, signedIn(ctx));
}

/** The service's input with the GraphQL spelling of `kind`. */
type FlagInput = Omit<FeatureFlagInput, 'kind'> & { readonly kind?: FeatureFlagKind | null };

function toInput(input: FlagInput): FeatureFlagInput {
  const { kind, ...rest } = input;
  return { ...rest, ...(kind === undefined ? {} : { kind: kind === null ? null : fromFlagKind(kind) }) };
}

export const flagResolvers: Resolvers = {
  Query: {
    featureFlags: (_parent, _args, ctx) => service(ctx).evaluate(signedIn(ctx).viewer.userId),
    featureFlagDefinitions: async (_parent, _args, ctx) => (await service(ctx).list()).map(toFlagDefinition),
  },
  Mutation: {
    createFeatureFlag: async (_parent, { input }, ctx) =>
      toFlagDefinition(await service(ctx).create(input.key, toInput(input))),
    updateFeatureFlag: async (_parent, args, ctx) =>
      toFlagDefinition(await service(ctx).update(args.key, toInput(args.input))),
    deleteFeatureFlag: (_parent, args, ctx) => service(ctx).delete(args.key),
  },
};

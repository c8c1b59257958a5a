import { signedIn, JSONScalar } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { PreferenceService } from '../services/preference.service.ts';

export const preferenceResolvers: Resolvers = {
  JSON: JSONScalar,
  Query: {
    myPreferences: (_parent, _args, ctx) => new PreferenceService(ctx.runtime, signedIn(ctx)).list(),
  },
  Mutation: {
    setPreference: (_parent, args, ctx) => new PreferenceService(ctx.runtime, signedIn(ctx)).set(args.key, args.value),
    resetPreference: (_parent, args, ctx) => new PreferenceService(ctx.runtime, signedIn(ctx)).reset(args.key),
  },
};

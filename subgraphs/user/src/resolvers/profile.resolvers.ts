import { signedIn } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { ProfileService } from '../services/profile.service.ts';

export const profileResolvers: Resolvers = {
  Mutation: {
    updateMyProfile: async (_parent, args, ctx) => {
      const updated = await new ProfileService(ctx.runtime, signedIn(ctx)).updateMyProfile(args.input);
      ctx.loaders.userById.clear(updated.id).prime(updated.id, updated);
      return updated;
    },
  },
};

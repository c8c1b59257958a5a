import { signedIn } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { changedUser } from '../context.ts';
import { ProfileService } from '../services/profile.service.ts';

export const profileResolvers: Resolvers = {
  Mutation: {
    updateMyProfile: async (_parent, args, ctx) =>
      changedUser(ctx, await new ProfileService(ctx.runtime, signedIn(ctx)).updateMyProfile(args.input)),
  },
};

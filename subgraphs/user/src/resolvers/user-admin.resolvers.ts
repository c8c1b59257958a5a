import { signedIn } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { changedUser } from '../context.ts';
import { UserErasureService } from '../services/user-erasure.service.ts';

export const userAdminResolvers: Resolvers = {
  Mutation: {
    deleteUser: async (_parent, args, ctx) =>
      changedUser(ctx, await new UserErasureService(ctx.runtime, signedIn(ctx)).deleteUser(args.id)),
  },
};

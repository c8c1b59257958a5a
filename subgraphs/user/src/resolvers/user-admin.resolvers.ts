import { signedIn } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { UserErasureService } from '../services/user-erasure.service.ts';

export const userAdminResolvers: Resolvers = {
  Mutation: {
    deleteUser: async (_parent, args, ctx) => {
      const deleted = await new UserErasureService(ctx.runtime, signedIn(ctx)).deleteUser(args.id);
      ctx.loaders.userById.clear(deleted.id).prime(deleted.id, deleted);
      return deleted;
    },
  },
};

import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { UserErasureService } from '../services/user-erasure.service.ts';
import { viewerOf } from './shared.ts';

export const userAdminResolvers: Resolvers = {
  Mutation: {
    deleteUser: async (_parent, args, ctx) => {
      const deleted = await new UserErasureService(ctx, viewerOf(ctx)).deleteUser(args.id);
      ctx.loaders.userById.clear(deleted.id).prime(deleted.id, deleted);
      return deleted;
    },
  },
};

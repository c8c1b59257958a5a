import type { Resolvers, UserStatus } from '../__generated__/resolvers-types.ts';
import { NotFoundError, UnauthenticatedError, type Viewer } from '@tradesage/core';
import { DateTimeScalar } from '@tradesage/core/scalars';
import type { UserContext } from '../context.ts';
import type { Profile } from '../repositories/user.repository.ts';
import { UserService } from '../services/user.service.ts';

function viewerOf(ctx: UserContext): Viewer {
  if (!ctx.viewer) throw new UnauthenticatedError();
  return ctx.viewer;
}

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    me: async (_: unknown, _args: unknown, ctx: UserContext): Promise<Profile> => {
      const me = await ctx.loaders.userById.load(viewerOf(ctx).userId);
      if (!me) throw new NotFoundError('User');
      return me;
    },
    user: (_: unknown, args: { id: string }, ctx: UserContext): Promise<Profile | null> => {
      viewerOf(ctx);
      return ctx.loaders.userById.load(args.id);
    },
    users: (_: unknown, args: { first?: number | null; after?: string | null }, ctx: UserContext) =>
      new UserService(ctx, viewerOf(ctx)).page(args.first, args.after),
  },
  Mutation: {
    updateMyProfile: async (_: unknown, args: { input: { firstName?: string | null; lastName?: string | null } }, ctx: UserContext) => {
      const updated = await new UserService(ctx, viewerOf(ctx)).updateMyProfile(args.input);
      ctx.loaders.userById.clear(updated.id).prime(updated.id, updated);
      return updated;
    },
    deactivateUser: (_parent, args, ctx) => new UserService(ctx, viewerOf(ctx)).deactivate(args.id),
    reactivateUser: (_parent, args, ctx) => new UserService(ctx, viewerOf(ctx)).reactivate(args.id),
  },
  User: {
    __resolveReference: (reference: { id: string }, ctx: UserContext): Promise<Profile | null> => ctx.loaders.userById.load(reference.id),
    status: (user) => toUserStatus(user.status),
  },
};

function toUserStatus(status: string): UserStatus {
  switch (status) {
    case 'active':
      return 'ACTIVE';
    case 'disabled':
      return 'DISABLED';
    case 'invited':
      return 'INVITED';
    default:
      throw new Error(`user has an unknown status ${status}`);
  }
}

import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { NotFoundError, signedIn, mergeTypeMaps, DateTimeScalar } from '@tradesage/core';
import type { UserContext } from '../context.ts';
import type { Profile } from '../repositories/user.repository.ts';
import { UserService } from '../services/user.service.ts';
import { activityResolvers } from './activity.resolvers.ts';
import { preferenceResolvers } from './preference.resolvers.ts';
import { profileResolvers } from './profile.resolvers.ts';
import { roleResolvers } from './roles.resolvers.ts';
import { fromUserStatus, toUserStatus } from './shared.ts';
import { userAdminResolvers } from './user-admin.resolvers.ts';

const userResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    me: async (_: unknown, _args: unknown, ctx: UserContext): Promise<Profile> => {
      const me = await ctx.loaders.userById.load(signedIn(ctx).viewer.userId);
      if (!me) throw new NotFoundError('User');
      return me;
    },
    user: async (_: unknown, args: { id: string }, ctx: UserContext): Promise<Profile | null> => {
      signedIn(ctx);
      return ctx.loaders.userById.load(args.id);
    },
    users: (_parent, args, ctx) =>
      new UserService(ctx.runtime, signedIn(ctx)).page(
        args,
        { status: args.filter?.status ? fromUserStatus(args.filter.status) : undefined, role: args.filter?.role },
        args.search,
      ),
  },
  Mutation: {
    deactivateUser: (_parent, args, ctx) => new UserService(ctx.runtime, signedIn(ctx)).deactivate(args.id),
    reactivateUser: (_parent, args, ctx) => new UserService(ctx.runtime, signedIn(ctx)).reactivate(args.id),
  },
  User: {
    __resolveReference: (reference: { id: string }, ctx: UserContext): Promise<Profile | null> =>
      ctx.loaders.userById.load(reference.id),
    status: (user) => toUserStatus(user.status),
  },
};

/** The user subgraph's resolvers, one file per area, merged here. */
export const resolvers: Resolvers = mergeTypeMaps<Resolvers>(
  userResolvers,
  profileResolvers,
  userAdminResolvers,
  preferenceResolvers,
  activityResolvers,
  roleResolvers,
);

import { PERMISSION_CATALOGUE } from '@tradesage/prisma';
import { NotFoundError, signedIn } from '@tradesage/core';
import type { PermissionScope, Resolvers } from '../__generated__/resolvers-types.ts';
import { RoleService } from '../services/role.service.ts';

const SCOPES = { tenant: 'TENANT', platform: 'PLATFORM' } as const satisfies Record<string, PermissionScope>;

/** Roles and permissions: thin resolvers over RoleService. */
export const roleResolvers: Resolvers = {
  Query: {
    roles: (_parent, _args, ctx) => new RoleService(ctx.runtime, signedIn(ctx)).list(),
    role: (_parent, args, ctx) => new RoleService(ctx.runtime, signedIn(ctx)).get(args.name),
    permissionCatalogue: () =>
      PERMISSION_CATALOGUE.map((entry) => ({ ...entry, scope: SCOPES[entry.scope], unlocks: [...entry.unlocks] })),
    // The viewer's access was read for this very request (authenticate): exactly what authorization uses.
    myPermissions: (_parent, _args, ctx) => {
      const viewer = signedIn(ctx).viewer;
      return { roles: [...viewer.roles], permissions: [...viewer.permissions].sort() };
    },
  },
  Mutation: {
    createRole: (_parent, args, ctx) => new RoleService(ctx.runtime, signedIn(ctx)).create(args.input),
    updateRole: (_parent, args, ctx) => new RoleService(ctx.runtime, signedIn(ctx)).update(args.name, args.input),
    deleteRole: (_parent, args, ctx) => new RoleService(ctx.runtime, signedIn(ctx)).delete(args.name, args.reassignTo),
    assignRoles: async (_parent, args, ctx) => {
      const roles = await new RoleService(ctx.runtime, signedIn(ctx)).assign(args.userId, args.roles);
      ctx.loaders.rolesByUserId.clear(args.userId).prime(args.userId, roles);
      const user = await ctx.loaders.userById.load(args.userId);
      if (!user) throw new NotFoundError('User');
      return user;
    },
  },
  User: {
    roles: (user, _args, ctx) => ctx.loaders.rolesByUserId.load(user.id),
  },
};

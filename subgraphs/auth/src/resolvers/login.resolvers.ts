import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { LoginService } from '../services/login.service.ts';
import { issued, meta } from './shared.ts';

export const loginResolvers: Resolvers = {
  Mutation: {
    login: async (_parent, { input }, ctx) => issued(ctx, await new LoginService(ctx.runtime).login(input, meta(ctx))),
  },
};

import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { UnauthenticatedError, type Viewer } from '@tradesage/core';
import { DateTimeScalar } from '@tradesage/core/scalars';
import type { SessionContext } from '../context.ts';
import type { SessionRow } from '../repositories/session.repository.ts';
import { SessionService } from '../services/session.service.ts';

function viewerOf(ctx: SessionContext): Viewer {
  if (!ctx.viewer) throw new UnauthenticatedError();
  return ctx.viewer;
}

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    mySessions: (_: unknown, _args: unknown, ctx: SessionContext) => ctx.loaders.openSessionsByUserId.load(viewerOf(ctx).userId),
  },
  Mutation: {
    revokeSession: (_: unknown, args: { id: string }, ctx: SessionContext) => {
      const viewer = viewerOf(ctx);
      if (!ctx.tenantDb) throw new UnauthenticatedError();
      return new SessionService(ctx, viewer, ctx.tenantDb).revokeOwn(args.id);
    },
  },
  Session: {
    __resolveReference: (reference: { id: string }, ctx: SessionContext) => ctx.loaders.sessionById.load(reference.id),
    current: (session: SessionRow, _args: unknown, ctx: SessionContext) => session.id === ctx.viewer?.sessionId,
  },
  User: {
    // Users are resolved only inside the caller's tenant schema; the tenant id lets shield check it.
    __resolveReference: (reference: { id: string }, ctx: SessionContext) => ({ id: reference.id, tenantId: viewerOf(ctx).tenantId }),
    sessions: (user: { id: string }, _args: unknown, ctx: SessionContext) => ctx.loaders.openSessionsByUserId.load(user.id),
  },
};

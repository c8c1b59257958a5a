import { UnauthenticatedError, type Viewer } from '@tradesage/core';
import type { SessionContext } from '../context.ts';
import { SessionService } from '../services/session.service.ts';

export function viewerOf(ctx: SessionContext): Viewer {
  if (!ctx.viewer) throw new UnauthenticatedError();
  return ctx.viewer;
}

/** The service for the caller, always in the caller's own tenant schema (from the verified token). */
export function serviceOf(ctx: SessionContext): SessionService {
  const viewer = viewerOf(ctx);
  if (!ctx.tenantDb) throw new UnauthenticatedError();
  return new SessionService(ctx, viewer, ctx.tenantDb);
}

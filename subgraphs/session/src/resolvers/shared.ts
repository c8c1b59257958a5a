import { SessionManagementService, UnauthenticatedError, type Viewer } from '@tradesage/core';
import type { SessionContext } from '../context.ts';

export function viewerOf(ctx: SessionContext): Viewer {
  if (!ctx.viewer) throw new UnauthenticatedError();
  return ctx.viewer;
}

/** The service for the caller, always in the caller's own tenant schema (from the verified token). */
export function serviceOf(ctx: SessionContext): SessionManagementService {
  const viewer = viewerOf(ctx);
  if (!ctx.tenantDb) throw new UnauthenticatedError();
  return new SessionManagementService(ctx.runtime, viewer, ctx);
}

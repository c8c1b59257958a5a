import { SessionManagementService, signedIn } from '@tradesage/core';
import type { SessionContext } from '../context.ts';

/** The service for the caller, always in the caller's own tenant schema (from the verified token). */
export function serviceOf(ctx: SessionContext): SessionManagementService {
  return new SessionManagementService(ctx.runtime, signedIn(ctx));
}

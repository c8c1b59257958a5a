import { signedIn } from '@tradesage/core';
import type { SessionContext } from '../context.ts';
import { SessionService } from '../services/session.service.ts';

/** The service for the caller, always in the caller's own tenant schema (from the verified token). */
export function serviceOf(ctx: SessionContext): SessionService {
  return new SessionService(ctx.runtime, signedIn(ctx));
}

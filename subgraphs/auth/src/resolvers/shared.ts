import type { AuthContext } from '../context.ts';
import type { RequestMeta } from '../services/request-meta.ts';
import type { IssuedTokens } from '../services/token.service.ts';

export function meta(ctx: AuthContext): RequestMeta {
  return { requestId: ctx.requestId, ip: ctx.ip, userAgent: ctx.userAgent };
}

/** Marks the user new tokens were issued to, whose payload fields shield then lets through. */
export function issued(ctx: AuthContext, tokens: IssuedTokens): IssuedTokens {
  ctx.issuedTo = { userId: tokens.user.id, tenantId: tokens.user.tenantId };
  return tokens;
}

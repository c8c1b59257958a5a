import type { AuthContext } from '../context.ts';
import type { IssuedTokens } from '../services/token.service.ts';

/** Marks the user new tokens were issued to, whose payload fields shield then lets through. */
export function issued(ctx: AuthContext, tokens: IssuedTokens): IssuedTokens {
  ctx.issuedTo = { userId: tokens.user.id, tenantId: tokens.user.tenantId };
  return tokens;
}

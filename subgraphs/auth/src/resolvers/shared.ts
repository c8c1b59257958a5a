import type { GraphQLResolveInfo } from 'graphql';
import type { AuthContext } from '../context.ts';
import type { IssuedTokens } from '../services/token.service.ts';

/**
 * The one step every operation that establishes or changes the caller's identity goes through:
 * marks the user the new tokens were issued to (the shield lets them read their own payload here)
 * and hands the new access token to the gateway for the rest of the field's selection, so a
 * `user` field another subgraph owns is answered as that user (identity-handoff.ts in core).
 */
export function issued(ctx: AuthContext, info: GraphQLResolveInfo, tokens: IssuedTokens): IssuedTokens {
  ctx.issuedTo = { userId: tokens.user.id, tenantId: tokens.user.tenantId };
  if (info.path.prev !== undefined) throw new Error('tokens are issued by root fields only');
  ctx.http.handOffIdentity(String(info.path.key), tokens.accessToken);
  return tokens;
}

import DataLoader from 'dataloader';
import { createRequestContext, type RequestContext, type Runtime, type SubgraphRequest } from '@tradesage/core';
import { UserRepository, type UserEntity } from './repositories/user.repository.ts';
import { authHttp, type AuthHttp } from './services/refresh-cookie.ts';

export interface AuthContext extends RequestContext {
  readonly loaders: { readonly userById: DataLoader<string, UserEntity | null> };
  /** Set by login, refresh and acceptInvitation: the user the new tokens were issued to, who may read their own payload. */
  issuedTo: { userId: string; tenantId: string } | null;
  /** Refresh-token cookies in, Set-Cookie out (browser delivery). */
  readonly http: AuthHttp;
}

export async function createAuthContext(runtime: Runtime, request: SubgraphRequest): Promise<AuthContext> {
  const base = await createRequestContext(runtime, request.headers);
  const tenantDb = base.tenantDb;
  const tenantId = base.viewer?.tenantId;
  return {
    ...base,
    issuedTo: null,
    http: authHttp(request),
    loaders: {
      userById: new DataLoader<string, UserEntity | null>(async (ids) => {
        if (!tenantDb || !tenantId) return ids.map(() => null);
        const rows = await new UserRepository(tenantDb, tenantId).findEntitiesByIds(ids);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    },
  };
}

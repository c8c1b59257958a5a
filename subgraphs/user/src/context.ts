import DataLoader from 'dataloader';
import { createRequestContext, type RequestContext, type Runtime, type IncomingRequest } from '@tradesage/core';
import { RoleRepository } from './repositories/role.repository.ts';
import { UserRepository, type Profile } from './repositories/user.repository.ts';

export interface UserContext extends RequestContext {
  readonly loaders: {
    readonly userById: DataLoader<string, Profile | null>;
    readonly rolesByUserId: DataLoader<string, string[]>;
  };
}

export async function createUserContext(runtime: Runtime, { headers }: IncomingRequest): Promise<UserContext> {
  const base = await createRequestContext(runtime, headers);
  const { tenantDb, viewer } = base;
  return {
    ...base,
    loaders: {
      // Users are only ever looked up in the viewer's own tenant schema.
      userById: new DataLoader<string, Profile | null>(async (ids) => {
        if (!tenantDb || !viewer) return ids.map(() => null);
        const rows = await new UserRepository(tenantDb, viewer.tenantId).findByIds(ids);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      rolesByUserId: new DataLoader<string, string[]>(async (ids) => {
        if (!tenantDb || !viewer) return ids.map(() => []);
        const byUser = await new RoleRepository(tenantDb, viewer.tenantId).rolesOf(ids);
        return ids.map((id) => byUser.get(id) ?? []);
      }),
    },
  };
}

/** A user this request has just changed: later reads in the same request see it as it is now. */
export function changedUser(ctx: UserContext, user: Profile): Profile {
  ctx.loaders.userById.clear(user.id).prime(user.id, user);
  return user;
}

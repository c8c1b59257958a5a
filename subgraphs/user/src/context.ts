import DataLoader from 'dataloader';
import type { IncomingHttpHeaders } from 'node:http';
import { createRequestContext, type RequestContext, type Runtime } from '@tradesage/core';
import { RoleRepository } from './repositories/role.repository.ts';
import { UserRepository, type Profile } from './repositories/user.repository.ts';

export interface UserContext extends RequestContext {
  readonly loaders: {
    readonly userById: DataLoader<string, Profile | null>;
    readonly rolesByUserId: DataLoader<string, string[]>;
  };
}

export async function createUserContext(runtime: Runtime, headers: IncomingHttpHeaders): Promise<UserContext> {
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

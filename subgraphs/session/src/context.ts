import DataLoader from 'dataloader';
import {
  createRequestContext,
  OAuthClientRepository,
  SessionRepository,
  type RequestContext,
  type Runtime,
  type SessionRow,
  type IncomingRequest,
} from '@tradesage/core';

export interface SessionContext extends RequestContext {
  readonly loaders: {
    readonly openSessionsByUserId: DataLoader<string, SessionRow[]>;
    readonly sessionById: DataLoader<string, SessionRow | null>;
    /** Names of OAuth clients by id (null once deleted), for `Session.application`. */
    readonly applicationName: DataLoader<string, string | null>;
  };
}

export async function createSessionContext(runtime: Runtime, { headers }: IncomingRequest): Promise<SessionContext> {
  const base = await createRequestContext(runtime, headers);
  const { tenantDb, viewer } = base;
  const repository = tenantDb && viewer ? new SessionRepository(tenantDb, viewer.tenantId) : null;
  return {
    ...base,
    loaders: {
      openSessionsByUserId: new DataLoader<string, SessionRow[]>(async (userIds) => {
        if (!repository) return userIds.map(() => []);
        // One query for the whole batch, grouped in one pass (rows stay newest first per user).
        const byUser = new Map<string, SessionRow[]>();
        for (const row of await repository.openByUserIds(userIds, new Date())) {
          const list = byUser.get(row.userId);
          if (list) list.push(row);
          else byUser.set(row.userId, [row]);
        }
        return userIds.map((id) => byUser.get(id) ?? []);
      }),
      sessionById: new DataLoader<string, SessionRow | null>(async (ids) => {
        if (!repository) return ids.map(() => null);
        const rows = await repository.findByIds(ids);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      applicationName: new DataLoader<string, string | null>(async (ids) => {
        if (!tenantDb) return ids.map(() => null);
        const names = await new OAuthClientRepository(tenantDb).namesOf(ids);
        return ids.map((id) => names.get(id) ?? null);
      }),
    },
  };
}

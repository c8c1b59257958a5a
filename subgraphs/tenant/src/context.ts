import DataLoader from 'dataloader';
import { isUuid } from '@tradesage/prisma';
import { createRequestContext, type RequestContext, type Runtime, type IncomingRequest } from '@tradesage/core';
import { TenantRepository, type TenantRow } from './repositories/tenant.repository.ts';

export interface TenantContext extends RequestContext {
  readonly loaders: { readonly tenantById: DataLoader<string, TenantRow | null> };
}

export async function createTenantContext(runtime: Runtime, { headers }: IncomingRequest): Promise<TenantContext> {
  const base = await createRequestContext(runtime, headers);
  const repository = new TenantRepository(runtime.db.control);
  return {
    ...base,
    loaders: {
      tenantById: new DataLoader<string, TenantRow | null>(async (ids) => {
        const valid = ids.filter((id) => isUuid(id));
        const rows = valid.length > 0 ? await repository.findByIds(valid) : [];
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    },
  };
}

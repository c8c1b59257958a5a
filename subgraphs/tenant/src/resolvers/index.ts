import type { Resolvers, TenantStatus } from '../__generated__/resolvers-types.ts';
import { NotFoundError, UnauthenticatedError, type Viewer } from '@tradesage/core';
import { DateTimeScalar } from '@tradesage/core/scalars';
import type { TenantContext } from '../context.ts';
import type { TenantRow } from '../repositories/tenant.repository.ts';
import { provisionTenantWithUsers } from '../services/tenant-provisioning.service.ts';

function viewerOf(ctx: TenantContext): Viewer {
  if (!ctx.viewer) throw new UnauthenticatedError();
  return ctx.viewer;
}

type CreateTenantArgs = { input: { slug: string; name: string; adminEmail: string; adminPassword: string } };

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    // Anyone but a platform administrator sees only their own tenant; others are "not there".
    tenant: async (_: unknown, args: { id: string }, ctx: TenantContext): Promise<TenantRow | null> => {
      const viewer = viewerOf(ctx);
      if (!viewer.isPlatformAdmin && args.id !== viewer.tenantId) return null;
      return ctx.loaders.tenantById.load(args.id);
    },
    myTenant: async (_: unknown, _args: unknown, ctx: TenantContext): Promise<TenantRow> => {
      const tenant = await ctx.loaders.tenantById.load(viewerOf(ctx).tenantId);
      if (!tenant) throw new NotFoundError('Tenant');
      return tenant;
    },
  },
  Mutation: {
    createTenant: async (_: unknown, { input }: CreateTenantArgs, ctx: TenantContext) => {
      const viewer = viewerOf(ctx);
      const tenant = await provisionTenantWithUsers(ctx.runtime, {
        slug: input.slug,
        name: input.name,
        users: [{ email: input.adminEmail, password: input.adminPassword, role: 'admin' }],
      });
      ctx.logger.info({ tenantId: tenant.id, actor: viewer.userId }, 'tenant created');
      return tenant;
    },
  },
  Tenant: {
    __resolveReference: (reference: { id: string }, ctx: TenantContext) => ctx.loaders.tenantById.load(reference.id),
    status: (tenant) => toTenantStatus(tenant.status),
  },
  User: {
    // A user reference is resolved inside the caller's tenant: its tenant is the caller's.
    __resolveReference: (reference: { id: string }, ctx: TenantContext) => ({ id: reference.id, tenantId: viewerOf(ctx).tenantId }),
    tenant: async (user, _args, ctx) => {
      const tenant = await ctx.loaders.tenantById.load(user.tenantId);
      if (!tenant) throw new NotFoundError('Tenant');
      return tenant;
    },
  },
};

/** Registry status (lowercase column) to the GraphQL enum; an unknown value is a bug, not data to pass on. */
function toTenantStatus(status: string): TenantStatus {
  switch (status) {
    case 'pending':
      return 'PENDING';
    case 'active':
      return 'ACTIVE';
    case 'suspended':
      return 'SUSPENDED';
    case 'cancelled':
      return 'CANCELLED';
    default:
      throw new Error(`tenant has an unknown status ${status}`);
  }
}

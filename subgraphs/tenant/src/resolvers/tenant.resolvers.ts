import { NotFoundError, signedIn } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { TenantRegistryService } from '../services/tenant-registry.service.ts';
import { fromTenantPlan, fromTenantStatus, toTenantPlan, toTenantStatus } from './shared.ts';

/** The registry: a tenant, the caller's tenant, the platform's list, onboarding and plans. */
export const tenantResolvers: Resolvers = {
  Query: {
    // Anyone but a platform administrator sees only their own tenant; others are "not there".
    tenant: async (_parent, args, ctx) => {
      const viewer = signedIn(ctx).viewer;
      if (!viewer.isPlatformAdmin && args.id !== viewer.tenantId) return null;
      return ctx.loaders.tenantById.load(args.id);
    },
    myTenant: async (_parent, _args, ctx) => {
      const tenant = await ctx.loaders.tenantById.load(signedIn(ctx).viewer.tenantId);
      if (!tenant) throw new NotFoundError('Tenant');
      return tenant;
    },
    tenants: async (_parent, args, ctx) => {
      const page = await new TenantRegistryService(ctx.runtime, signedIn(ctx)).page(
        {
          status: args.filter?.status ? fromTenantStatus(args.filter.status) : undefined,
          search: args.filter?.search ?? undefined,
        },
        args,
      );
      return { edges: [...page.edges], pageInfo: page.pageInfo };
    },
  },
  Mutation: {
    createTenant: async (_parent, { input }, ctx) => {
      const created = await new TenantRegistryService(ctx.runtime, signedIn(ctx)).create({
        slug: input.slug,
        name: input.name,
        adminEmail: input.adminEmail,
        adminPassword: input.adminPassword,
        plan: input.plan ? fromTenantPlan(input.plan) : undefined,
      });
      const tenant = await ctx.loaders.tenantById.load(created.id);
      if (!tenant) throw new NotFoundError('Tenant');
      return tenant;
    },
    signUpTenant: async (_parent, { input }, ctx) => {
      await new TenantRegistryService(ctx.runtime, ctx).signUp({
        slug: input.slug,
        name: input.name,
        adminEmail: input.adminEmail,
      });
      return true;
    },
    setTenantPlan: (_parent, args, ctx) =>
      new TenantRegistryService(ctx.runtime, signedIn(ctx)).setPlan(args.id, fromTenantPlan(args.plan)),
  },
  Tenant: {
    __resolveReference: (reference: { id: string }, ctx) => ctx.loaders.tenantById.load(reference.id),
    status: (tenant) => toTenantStatus(tenant.status),
    plan: (tenant) => toTenantPlan(tenant.plan),
  },
  User: {
    // A user reference is resolved inside the caller's tenant: its tenant is the caller's.
    __resolveReference: (reference: { id: string }, ctx) => ({
      id: reference.id,
      tenantId: signedIn(ctx).viewer.tenantId,
    }),
    tenant: async (user, _args, ctx) => {
      const tenant = await ctx.loaders.tenantById.load(user.tenantId);
      if (!tenant) throw new NotFoundError('Tenant');
      return tenant;
    },
  },
};

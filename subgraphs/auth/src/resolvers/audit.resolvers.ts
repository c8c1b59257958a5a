import { UnauthenticatedError } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { AuditService } from '../services/audit.service.ts';

export const auditResolvers: Resolvers = {
  Query: {
    // Always the caller's own tenant: the tenant comes from the verified token, never from input.
    auditEvents: async (_parent, { filter, first, after }, ctx) => {
      if (!ctx.viewer || !ctx.tenantDb) throw new UnauthenticatedError();
      return new AuditService(ctx.tenantDb, ctx.viewer.tenantId).page(filter, first, after);
    },
  },
};

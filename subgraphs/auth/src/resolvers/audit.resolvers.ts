import { signedIn } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { AuditService } from '../services/audit.service.ts';

export const auditResolvers: Resolvers = {
  Query: {
    // Always the caller's own tenant: the tenant comes from the verified token, never from input.
    auditEvents: (_parent, { filter, ...paging }, ctx) =>
      new AuditService(ctx.runtime, signedIn(ctx)).page(filter, paging),
  },
};

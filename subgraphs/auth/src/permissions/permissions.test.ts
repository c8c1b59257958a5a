import { describeSubgraphPermissions } from '@tradesage/core/testing';
import { createAuthSubgraph } from '../server.ts';
import { ruleTree } from './index.ts';

describeSubgraphPermissions('auth', {
  build: createAuthSubgraph,
  ruleTree,
  typeRulesAllowed: {
    AuditEventConnection: 'wrapper: edges and page info only; each node is an AuditEvent with per-field rules',
    AuditEventEdge: 'wrapper: an opaque cursor and an AuditEvent with per-field rules',
    AuditEventPageInfo: 'wrapper: hasNextPage and an opaque cursor of a page the caller was allowed to list',
  },
});

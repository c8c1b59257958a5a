import { describeSubgraphPermissions } from '@tradesage/core/testing';
import { createTenantSubgraph } from '../server.ts';
import { ruleTree } from './index.ts';

describeSubgraphPermissions('tenant', {
  build: createTenantSubgraph,
  ruleTree,
  typeRulesAllowed: {
    TenantConnection: 'wrapper: edges and page info only; each node is a Tenant with per-field rules',
    TenantEdge: 'wrapper: an opaque cursor and a Tenant with per-field rules',
    TenantPageInfo: 'wrapper: hasNextPage and an opaque cursor of a page the caller was allowed to list',
  },
});

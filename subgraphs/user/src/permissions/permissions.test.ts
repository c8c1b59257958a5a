import { describeSubgraphPermissions } from '@tradesage/core/testing';
import { createUserSubgraph } from '../server.ts';
import { ruleTree } from './index.ts';

describeSubgraphPermissions('user', {
  build: createUserSubgraph,
  ruleTree,
  typeRulesAllowed: {
    UserConnection: 'wrapper: edges and page info only; each node is a User with per-field rules',
    UserEdge: 'wrapper: an opaque cursor and a User with per-field rules',
    PageInfo: 'wrapper: hasNextPage and an opaque cursor of a page the caller was allowed to list',
    UserActivityConnection: 'wrapper: edges and page info only; each node is a UserActivity with per-field rules',
    UserActivityEdge: 'wrapper: an opaque cursor and a UserActivity with per-field rules',
  },
});

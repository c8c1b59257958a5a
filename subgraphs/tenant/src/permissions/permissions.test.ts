import {
  createLogger,
  type Runtime,
  fieldsWithoutRule,
  undocumentedUnlocks,
  type TypeRuleAllowList,
} from '@tradesage/core';
import { PERMISSION_CATALOGUE } from '@tradesage/prisma';
import { describe, expect, it } from 'vitest';
import { createTenantSubgraph } from '../server.ts';
import { ruleTree } from './index.ts';

// Building the schema touches no database: only the logger is read.
const schemaOnlyRuntime = { logger: createLogger({ level: 'silent', name: 'test' }) } as unknown as Runtime;

/** The only types whose fields may share one type-wide rule; every other field has its own. */
const typeRulesAllowed: TypeRuleAllowList = {
  TenantConnection: 'wrapper: edges and page info only; each node is a Tenant with per-field rules',
  TenantEdge: 'wrapper: an opaque cursor and a Tenant with per-field rules',
  TenantPageInfo: 'wrapper: hasNextPage and an opaque cursor of a page the caller was allowed to list',
};

describe('tenant subgraph permissions', () => {
  it('give every field of the schema an explicit rule (fallback is deny)', () => {
    const { schema } = createTenantSubgraph(schemaOnlyRuntime);
    expect(fieldsWithoutRule(schema, ruleTree, typeRulesAllowed)).toEqual([]);
  });
  it('has every operation a permission guards listed in the permission catalogue (README table)', () => {
    expect(undocumentedUnlocks(ruleTree, PERMISSION_CATALOGUE)).toEqual([]);
  });
});

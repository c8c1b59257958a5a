import { PERMISSION_CATALOGUE } from '@tradesage/prisma';
import type { GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fieldsWithoutRule, undocumentedUnlocks, type TypeRuleAllowList } from '../graphql/shield-coverage.ts';
import type { RuleTypeMap } from '../graphql/shield-runtime.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import type { Runtime } from '../runtime.ts';

/** What each subgraph's permissions test checks of it: its schema, its rule tree and its allow-list. */
export interface SubgraphPermissions {
  /** Builds the subgraph (createXSubgraph); given a runtime whose logger and config are the only parts read. */
  build(runtime: Runtime): { schema: GraphQLSchema };
  ruleTree: RuleTypeMap;
  /** The only types whose fields may share one type-wide rule; every other field has its own. */
  typeRulesAllowed?: TypeRuleAllowList;
}

/**
 * The tests every subgraph runs on its shield: every field has an explicit rule (the fallback is
 * deny, so a field nobody decided about is a bug either way), and every operation a permission
 * guards is in the permission catalogue (the README table).
 */
export function describeSubgraphPermissions(subgraph: string, permissions: SubgraphPermissions): void {
  describe(`${subgraph} subgraph permissions`, () => {
    it('give every field of the schema an explicit rule (fallback is deny)', () => {
      // Building the schema touches no database: only the logger and the (default) config are read.
      const schemaOnlyRuntime = {
        logger: createLogger({ level: 'silent', name: 'test' }),
        config: loadConfig({}),
      } as unknown as Runtime;
      const { schema } = permissions.build(schemaOnlyRuntime);
      expect(fieldsWithoutRule(schema, permissions.ruleTree, permissions.typeRulesAllowed)).toEqual([]);
    });
    it('has every operation a permission guards listed in the permission catalogue (README table)', () => {
      expect(undocumentedUnlocks(permissions.ruleTree, PERMISSION_CATALOGUE)).toEqual([]);
    });
  });
}

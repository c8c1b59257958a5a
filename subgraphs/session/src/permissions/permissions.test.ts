import { createLogger, type Runtime, fieldsWithoutRule, undocumentedUnlocks } from '@tradesage/core';
import { PERMISSION_CATALOGUE } from '@tradesage/prisma';
import { describe, expect, it } from 'vitest';
import { createSessionSubgraph } from '../server.ts';
import { ruleTree } from './index.ts';

// Building the schema touches no database: only the logger is read.
const schemaOnlyRuntime = { logger: createLogger({ level: 'silent', name: 'test' }) } as unknown as Runtime;

describe('session subgraph permissions', () => {
  // No type-wide rules at all here (no allow-list): every field of every type has its own.
  it('give every field of the schema an explicit rule (fallback is deny)', () => {
    const { schema } = createSessionSubgraph(schemaOnlyRuntime);
    expect(fieldsWithoutRule(schema, ruleTree)).toEqual([]);
  });
  it('has every operation a permission guards listed in the permission catalogue (README table)', () => {
    expect(undocumentedUnlocks(ruleTree, PERMISSION_CATALOGUE)).toEqual([]);
  });
});

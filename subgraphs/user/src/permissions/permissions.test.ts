import { createLogger, type Runtime } from '@tradesage/core';
import { fieldsWithoutRule } from '@tradesage/core/graphql/shield-coverage';
import { describe, expect, it } from 'vitest';
import { createUserSubgraph } from '../server.ts';
import { ruleTree } from './index.ts';

// Building the schema touches no database: only the logger is read.
const schemaOnlyRuntime = { logger: createLogger({ level: 'silent', name: 'test' }) } as unknown as Runtime;

describe('user subgraph permissions', () => {
  it('give every field of the schema an explicit rule (fallback is deny)', () => {
    const { schema } = createUserSubgraph(schemaOnlyRuntime);
    expect(fieldsWithoutRule(schema, ruleTree)).toEqual([]);
  });
});

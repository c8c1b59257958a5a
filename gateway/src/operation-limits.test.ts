import fs from 'node:fs';
import {
  buildSchema,
  Kind,
  parse,
  print,
  specifiedRules,
  typeFromAST,
  validate,
  type DefinitionNode,
  type GraphQLInputType,
} from 'graphql';
import { DEFAULT_OPERATION_LIMITS, operationCost, operationGuards } from '@tradesage/core';
import { sampleInputValue } from '@tradesage/core/testing';
import { describe, expect, it } from 'vitest';

/**
 * The default limits are safe only if they never refuse our own clients: every operation of the
 * typed client SDK (packages/client/operations) is checked against them, with the largest page (`first: 100`).
 */

const schema = buildSchema(fs.readFileSync(new URL('../api-schema.graphql', import.meta.url), 'utf8'));
const folder = new URL('../../packages/client/operations/', import.meta.url);
const definitions: DefinitionNode[] = fs
  .readdirSync(folder)
  .filter((file) => file.endsWith('.graphql'))
  .flatMap((file) => parse(fs.readFileSync(new URL(file, folder), 'utf8')).definitions);
const fragments = definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
const operations = definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
const guards = operationGuards({ limits: DEFAULT_OPERATION_LIMITS, hideSchemaHints: true });

describe('the default operation limits', () => {
  it('have operations to check', () => {
    expect(operations.length).toBeGreaterThan(50);
  });

  it.each(operations.map((operation) => [operation.name?.value ?? '(anonymous)', operation] as const))(
    'accept %s',
    (_name, operation) => {
      // As a client sends it: the operation and the fragments it uses, printed.
      const source = print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] });
      const document = parse(source, guards.parseOptions);
      const used = validate(schema, document, specifiedRules).filter(
        (e) => !/Fragment .* is never used/.test(e.message),
      );
      expect(used).toEqual([]);
      expect(guards.limitExceeded(schema, document)).toBeUndefined();
      const variables = Object.fromEntries(
        operation.variableDefinitions?.map((definition) => {
          const name = definition.variable.name.value;
          const type = typeFromAST(schema, definition.type) as GraphQLInputType;
          return [name, name === 'first' ? 100 : sampleInputValue(type)];
        }) ?? [],
      );
      const cost = operationCost({ schema, document, operationName: operation.name?.value, variables });
      expect(cost).toBeDefined();
      expect(cost).toBeLessThanOrEqual(DEFAULT_OPERATION_LIMITS.cost);
    },
  );
});

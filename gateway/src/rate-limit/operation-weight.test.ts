import { DEFAULT_OPERATION_LIMITS, operationCost, operationGuards } from '@tradesage/core';
import { buildSchema, getOperationAST, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { COST_PER_REQUEST, operationWeight, rootFieldWeight } from './operation-weight.ts';

function weigh(source: string, operationName?: string): number {
  const document = parse(source);
  return rootFieldWeight(document, getOperationAST(document, operationName) as OperationDefinitionNode, {});
}

describe('rootFieldWeight', () => {
  it('is 1 for one root field, however deep its selection', () => {
    expect(weigh('{ me { id sessions { id } tenant { slug } } }')).toBe(1);
  });

  it('counts each alias of a root field apart, and merged fields once', () => {
    expect(weigh('{ a: me { id } b: me { id } c: me { email } }')).toBe(3);
    expect(weigh('{ me { id } me { email } }')).toBe(1);
  });

  it('expands fragments at the root, counting a fragment spread twice once', () => {
    expect(
      weigh(`
        query Q { ...Two ...Two ... on Query { c: me { id } } }
        fragment Two on Query { a: me { id } b: me { id } }
      `),
    ).toBe(3);
  });

  it('leaves __typename free but never weighs less than 1', () => {
    expect(weigh('{ __typename }')).toBe(1);
    expect(weigh('{ __typename a: me { id } }')).toBe(1);
  });

  it('weighs the operation that runs, not the document', () => {
    expect(weigh('query A { me { id } } query B { a: me { id } b: me { id } }', 'B')).toBe(2);
  });
});

describe('operationWeight', () => {
  const schema = buildSchema(`
    type Query { me: User users(first: Int): [User!]! }
    type User { id: ID! sessions: [Session!]! }
    type Session { id: ID! }
  `);
  const limits = { ...DEFAULT_OPERATION_LIMITS, cost: 1_000_000 };

  /** The weight of one request, after the operation guards have costed it, as in the gateway. */
  async function weighCosted(source: string, variables: Record<string, unknown> = {}): Promise<number> {
    const document = parse(source);
    const operation = getOperationAST(document) as OperationDefinitionNode;
    const request = { variables };
    const hooks = await operationGuards({ limits, hideSchemaHints: true }).plugin.requestDidStart?.({} as never);
    await hooks?.didResolveOperation?.({ request, document, operation, schema } as never);
    return operationWeight(document, operation, request);
  }

  it('is the root fields for cheap operations, and the estimated cost in thousands for costly ones', async () => {
    expect(await weighCosted('{ me { id } }')).toBe(1);
    expect(await weighCosted('{ a: me { id } b: me { id } }')).toBe(2);
    const page = 'query($n: Int) { users(first: $n) { id sessions { id } } }';
    const cheap = await weighCosted(page, { n: 5 });
    const costly = await weighCosted(page, { n: 100 });
    expect(cheap).toBe(1);
    expect(costly).toBeGreaterThan(1);
    expect(costly).toBe(Math.ceil((guardedCostOf(page, { n: 100 }) ?? 0) / COST_PER_REQUEST));
  });

  function guardedCostOf(source: string, variables: Record<string, unknown>): number | undefined {
    return operationCost({ schema, document: parse(source), variables });
  }
});

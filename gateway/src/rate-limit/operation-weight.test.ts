import { getOperationAST, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { rootFieldWeight } from './operation-weight.ts';

function weigh(source: string, operationName?: string): number {
  const document = parse(source);
  return rootFieldWeight(document, getOperationAST(document, operationName) as OperationDefinitionNode);
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

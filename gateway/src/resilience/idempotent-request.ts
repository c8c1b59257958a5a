import { GraphQLError, Kind, OperationTypeNode, parse } from 'graphql';

/**
 * Whether a subgraph request body may be sent twice: only a document whose operations are all
 * queries. A mutation is never repeated, even when the first attempt seems to have failed, because
 * the subgraph may have carried it out before the answer was lost. Anything this cannot read
 * counts as not repeatable. Called only when a retry is considered, never on the happy path.
 */
export function isQueryRequest(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  const query = queryOf(body);
  if (query === undefined) return false;
  let operations;
  try {
    operations = parse(query, { noLocation: true }).definitions.filter(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION,
    );
  } catch (error) {
    if (error instanceof GraphQLError) return false;
    throw error;
  }
  return operations.length > 0 && operations.every((operation) => operation.operation === OperationTypeNode.QUERY);
}

function queryOf(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  const query = typeof parsed === 'object' && parsed !== null ? (parsed as { query?: unknown }).query : undefined;
  return typeof query === 'string' ? query : undefined;
}

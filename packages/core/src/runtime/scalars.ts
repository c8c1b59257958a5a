import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';

/** ISO-8601 instants in UTC on the wire, `Date` inside. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO-8601 instant in UTC.',
  serialize(value) {
    const date =
      value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot represent this value');
    return date.toISOString();
  },
  parseValue(value) {
    return parseInstant(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING)
      throw new GraphQLError('DateTime must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
    return parseInstant(ast.value);
  },
});

function parseInstant(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw new GraphQLError('DateTime must be an ISO-8601 string', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new GraphQLError('DateTime is not a valid instant', { extensions: { code: 'BAD_USER_INPUT' } });
  return date;
}

/**
 * Any JSON value, as itself on the wire (not a string): objects, arrays, strings, numbers,
 * booleans. What a field accepts is checked by its resolver (e.g. the preference registry's
 * schemas), never by this scalar.
 */
export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'Any JSON value (object, array, string, number or boolean).',
  serialize: (value) => value,
  parseValue: (value) => value,
  // Literals in the query text; variables inside them are substituted.
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

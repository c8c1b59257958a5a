import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  BREAK,
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type GraphQLFormattedError,
  type ValidationRule,
} from 'graphql';
import { AppError, BadInputError, httpStatusOf } from '../errors.ts';
import { textProblem, type TextProblem } from '../text.ts';
import {
  operationCost,
  operationLimitExceeded,
  operationLimitRules,
  QueryLimitError,
  type OperationLimits,
} from './operation-limits.ts';

/**
 * What the gateway and every subgraph put in front of execution, so that no client mistake
 * reaches a resolver or becomes a 500:
 * - the operation limits (operation-limits.ts): tokens while parsing, depth, aliases, directives
 *   and root fields as soon as the document is parsed (before graphql-js's own validation, which
 *   a document over them never reaches), the nesting of the variables and the cost once the
 *   operation and its variables are known;
 * - an operation to run: several without `operationName`, or a name the document does not have,
 *   is `OPERATION_RESOLUTION_FAILURE` (400);
 * - text (text.ts): NUL, other C0 controls but tab and line breaks, and lone surrogates in any
 *   string of the variables or of the document are `BAD_USER_INPUT` with `details.reason`;
 * - with `hideSchemaHints` (no introspection), no "Did you mean …?" in any error message: Apollo
 *   strips them from validation errors only, not from variables, enum values or input fields.
 */
export interface OperationGuards {
  /** Apollo Server's `parseOptions`. */
  readonly parseOptions: { readonly maxTokens: number };
  /** Apollo Server's `validationRules`: the one that reports a document the limits refused. */
  readonly validationRules: ValidationRule[];
  readonly plugin: ApolloServerPlugin<BaseContext>;
  /** The first limit (depth, aliases, directives, root fields) a parsed document exceeds. */
  limitExceeded(schema: GraphQLSchema, document: DocumentNode): GraphQLError | undefined;
  /** Applied last in `formatError`: names the token limit, hides schema hints. */
  formatError(formatted: GraphQLFormattedError): GraphQLFormattedError;
}

/**
 * Documents refused by a limit as soon as they were parsed, and their refusal. The request's
 * document is then replaced by an empty one, refused too: graphql-js's rules find nothing to walk
 * in it, and `reportRefusal` reports the refusal as the validation error Apollo answers with (400,
 * every plugin's hooks called as for any invalid document). The parsed document stays refused
 * should it be validated all the same.
 */
const REFUSED = new WeakMap<DocumentNode, GraphQLError>();

const reportRefusal: ValidationRule = (context) => ({
  Document(document) {
    const refusal = REFUSED.get(document);
    if (refusal) context.reportError(refusal);
  },
});

/** Each request's estimated cost, as the guards computed it (requests the guards let through). */
const COSTS = new WeakMap<object, number>();

/** The estimated cost the guards computed for this request (`request` of Apollo's request context). */
export function guardedCost(request: object): number | undefined {
  return COSTS.get(request);
}

export function operationGuards(options: { limits: OperationLimits; hideSchemaHints: boolean }): OperationGuards {
  const { limits, hideSchemaHints } = options;
  // graphql-js's own wording when it stops at `maxTokens` (16.x: "more that N tokens"; a unit test
  // fails if it changes).
  const tokenLimitMessage = new RegExp(`^Syntax Error: Document contains more \\w+ ${limits.tokens} tokens\\b`);
  const limitRules = operationLimitRules(limits);
  const limitExceeded = (schema: GraphQLSchema, document: DocumentNode) =>
    operationLimitExceeded(schema, document, limitRules);
  return {
    limitExceeded,
    parseOptions: { maxTokens: limits.tokens },
    validationRules: [reportRefusal],
    plugin: {
      async requestDidStart() {
        return {
          // Apollo wraps each parse and validation error in an error of its own that copies the
          // stack of the one it wraps: formatting that stack (source-mapped when run by tsx) cost
          // more than the rest of a refusal. A client's mistake needs no stack.
          async parsingDidStart(requestContext) {
            return async (error) => {
              if (error) {
                withoutStack(error);
                return;
              }
              const { document, schema } = requestContext;
              const refusal = document && limitExceeded(schema, document);
              if (!refusal) return;
              const empty: DocumentNode = { kind: Kind.DOCUMENT, definitions: [] };
              REFUSED.set(document, withoutStack(refusal)).set(empty, refusal);
              // Apollo types the document read-only for plugins but sets it here itself (`parse`,
              // then this hook, then `validate` of requestContext.document); a test fails if that
              // order ever changes.
              (requestContext as { document?: DocumentNode }).document = empty;
            };
          },
          async validationDidStart() {
            return async (errors) => {
              for (const error of errors ?? []) withoutStack(error);
            };
          },
          async didResolveOperation({ request, document, operation, schema }) {
            if (!operation) throw requestError(unresolvedOperation(request.operationName));
            const problem = variablesProblem(request.variables, limits.variablesDepth) ?? documentTextProblem(document);
            if (problem) throw requestError(problem);
            const cost = operationCost({
              schema,
              document,
              operationName: request.operationName,
              variables: request.variables,
            });
            if (cost !== undefined && cost > limits.cost) throw requestError(new QueryLimitError('cost', limits.cost));
            if (cost !== undefined) COSTS.set(request, cost);
          },
        };
      },
    },
    formatError(formatted) {
      if (formatted.extensions?.['code'] === 'GRAPHQL_PARSE_FAILED' && tokenLimitMessage.test(formatted.message)) {
        const error = new QueryLimitError('tokens', limits.tokens);
        return { message: error.message, extensions: { code: error.code, details: error.details } };
      }
      return hideSchemaHints ? { ...formatted, message: withoutSchemaHints(formatted.message) } : formatted;
    },
  };
}

/**
 * Replaces the error's stack by its first line, before anything formats it: for errors that are a
 * client's mistake, whose stack is never logged nor sent.
 */
export function withoutStack<E extends Error>(error: E): E {
  Object.defineProperty(error, 'stack', {
    value: `${error.name}: ${error.message}`,
    writable: true,
    configurable: true,
  });
  return error;
}

/** "Did you mean "email"?", "Did you mean the enum value "FREE"?", "Did you mean to use an inline fragment on "X"?" */
const SCHEMA_HINT = /\s*Did you mean\b[^?]*\?/g;

export function withoutSchemaHints(message: string): string {
  return message.replace(SCHEMA_HINT, '');
}

/**
 * An AppError thrown from a request hook, with its status: Apollo answers 500 for a hook's error
 * that names no status. formatGraphQLError shows the AppError's code and details.
 */
function requestError(error: AppError): GraphQLError {
  return new GraphQLError(error.message, {
    originalError: withoutStack(error),
    extensions: { http: { status: httpStatusOf(error.code) } },
  });
}

function unresolvedOperation(operationName: string | undefined): AppError {
  const named = typeof operationName === 'string' && operationName !== '';
  return new AppError(
    'OPERATION_RESOLUTION_FAILURE',
    named
      ? 'The document has no operation of that name'
      : 'The document has several operations: name the one to run in operationName',
    { details: { reason: named ? 'unknown_operation_name' : 'operation_name_required' } },
  );
}

function textError(reason: TextProblem, where: Record<string, string>): BadInputError {
  return new BadInputError('BAD_USER_INPUT', 'A string holds a character that is not allowed', { reason, ...where });
}

/**
 * The first problem of the request's variables: nested deeper than `maxDepth`, or a string with a
 * character text.ts refuses. Bounded by `maxDepth`, so a 5,000-deep value costs 16 steps.
 */
function variablesProblem(variables: Record<string, unknown> | undefined, maxDepth: number): AppError | undefined {
  const walk = (value: unknown, path: string, depth: number): AppError | undefined => {
    if (typeof value === 'string') {
      const reason = textProblem(value);
      return reason ? textError(reason, { variable: path }) : undefined;
    }
    if (typeof value !== 'object' || value === null) return undefined;
    if (depth > maxDepth) return new QueryLimitError('variablesDepth', maxDepth);
    const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
    for (const [key, item] of entries) {
      const found = walk(item, path === '' ? `$${key}` : `${path}.${key}`, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return walk(variables ?? {}, '', 0);
}

const documentProblems = new WeakMap<DocumentNode, AppError | null>();

/** The first string literal of the document with a refused character; remembered per parsed document. */
function documentTextProblem(document: DocumentNode): AppError | undefined {
  let problem = documentProblems.get(document);
  if (problem === undefined) {
    problem = null;
    visit(document, {
      StringValue(node) {
        const reason = textProblem(node.value);
        if (!reason) return undefined;
        problem = textError(reason, {
          location: `${node.loc?.startToken.line ?? 0}:${node.loc?.startToken.column ?? 0}`,
        });
        return BREAK;
      },
    });
    documentProblems.set(document, problem);
  }
  return problem ?? undefined;
}

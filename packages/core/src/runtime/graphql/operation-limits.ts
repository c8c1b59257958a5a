import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getEnterLeaveForKind,
  getNamedType,
  getNullableType,
  getOperationAST,
  GraphQLError,
  isCompositeType,
  isListType,
  Kind,
  TypeInfo,
  ValidationContext,
  type DocumentNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { AppError } from '../errors.ts';

/**
 * Limits on the shape of an operation, checked before anything executes, at the gateway and again
 * at each subgraph (OWASP ASVS 5.0 4.4.1, the GraphQL cheat sheet's "query limiting"). Depth,
 * aliases and directives are graphql-armor's validation rules, tokens graphql-js's own parser
 * limit, the cost graphql-query-complexity with the estimator below, root fields and the nesting
 * of variables our own short checks. Every refusal is `QUERY_LIMIT_EXCEEDED` with
 * `extensions.details: { limit, max }`.
 */

export type OperationLimitName =
  'depth' | 'aliases' | 'rootFields' | 'directives' | 'tokens' | 'cost' | 'variablesDepth';

export interface OperationLimits {
  /** Deepest field nesting (fragments flattened: a fragment adds no level of its own). */
  readonly depth: number;
  /** Aliased fields in the operation, fragments included. */
  readonly aliases: number;
  /** Distinct fields (response keys) at the root of the operation. */
  readonly rootFields: number;
  /** Directives used anywhere in the operation. */
  readonly directives: number;
  /** Lexical tokens of the whole document (graphql-js stops parsing past it). */
  readonly tokens: number;
  /** Estimated cost (`operationCost`). */
  readonly cost: number;
  /** Nesting of objects and arrays in the request's variables. */
  readonly variablesDepth: number;
}

/**
 * Defaults, each generous for every operation our clients send (gateway/src/operation-limits.test.ts
 * runs them all against these) and far below what hurts: the deepest of ours is 5 levels, the
 * longest about 230 tokens, the costliest (a page of 100 users with their sessions and tenant)
 * about 3,300; the 1,000 aliased `me` and 10,000-field fragments are refused outright.
 */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = Object.freeze({
  depth: 10,
  aliases: 15,
  rootFields: 10,
  directives: 20,
  tokens: 1000,
  cost: 5000,
  variablesDepth: 16,
});

/**
 * The limits each subgraph applies: the gateway's, with room for what its query planner adds to
 * an operation it accepted — an `_entities` level above entity fields, key fields and
 * `__typename`s, fragments written out in full. A subgraph answers only the gateway, so this is
 * defence in depth: never tighter than the gateway (a test sends operations at the gateway's
 * limits through every subgraph), still bounded.
 */
export function subgraphOperationLimits(limits: OperationLimits): OperationLimits {
  return Object.freeze({
    depth: limits.depth + 1,
    aliases: limits.aliases * 2,
    rootFields: limits.rootFields,
    directives: limits.directives * 2,
    tokens: limits.tokens * 10,
    cost: limits.cost * 2,
    variablesDepth: limits.variablesDepth + 2,
  });
}

const WHAT: Readonly<Record<OperationLimitName, string>> = {
  depth: 'The operation is nested deeper than',
  aliases: 'The operation has more aliases than',
  rootFields: 'The operation has more root fields than',
  directives: 'The operation has more directives than',
  tokens: 'The document has more tokens than',
  cost: 'The estimated cost of the operation is over',
  variablesDepth: 'The variables are nested deeper than',
};

/** An operation over one of the limits: `QUERY_LIMIT_EXCEEDED`, naming the limit and its value. */
export class QueryLimitError extends AppError {
  constructor(limit: OperationLimitName, max: number) {
    super('QUERY_LIMIT_EXCEEDED', `${WHAT[limit]} the limit of ${max}`, { details: { limit, max } });
  }
}

/** The error a validation rule reports; Apollo keeps the QueryLimitError as its original error. */
function limitError(limit: OperationLimitName, max: number): GraphQLError {
  const cause = new QueryLimitError(limit, max);
  return new GraphQLError(cause.message, { originalError: cause });
}

/** armor's rules report through our error instead of throwing their own (Apollo would answer 500). */
function reportAs(limit: OperationLimitName, max: number) {
  return {
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null) => context?.reportError(limitError(limit, max))],
  };
}

/** The validation rules for depth, aliases, directives and root fields (tokens go to the parser). */
export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  return [
    maxDepthRule({
      n: limits.depth,
      flattenFragments: true,
      ignoreIntrospection: true,
      ...reportAs('depth', limits.depth),
    }),
    // armor lets aliases of __typename through by default; here every alias counts.
    maxAliasesRule({ n: limits.aliases, allowList: [], ...reportAs('aliases', limits.aliases) }),
    maxDirectivesRule({ n: limits.directives, ...reportAs('directives', limits.directives) }),
    maxRootFieldsRule(limits.rootFields),
  ];
}

/**
 * The first limit (of `operationLimitRules`) the document's operations exceed, found before any
 * other validation: every one of these rules counts from the operation down on its own (through
 * fragments), so each operation is handed to them once and the document is not walked. A document
 * built to be refused — 300 aliases, 100 copies of a directive — is then refused without graphql-js's
 * thirty rules walking it and reporting each repetition (most of a refusal's time and garbage).
 */
export function operationLimitExceeded(
  schema: GraphQLSchema,
  document: DocumentNode,
  rules: readonly ValidationRule[],
): GraphQLError | undefined {
  let exceeded: GraphQLError | undefined;
  const context = new ValidationContext(schema, document, new TypeInfo(schema), (error) => {
    exceeded ??= error;
  });
  const visitors = rules.map((rule) => rule(context));
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const visitor of visitors) {
      getEnterLeaveForKind(visitor, Kind.OPERATION_DEFINITION).enter?.call(
        visitor,
        definition,
        undefined,
        document,
        [],
        [],
      );
      if (exceeded) return exceeded;
    }
  }
  return undefined;
}

/**
 * Root fields run side by side, each a query plan of its own; aliases alone would still let
 * `me users tenants auditEvents …` fan out to every subgraph at once. Counts response keys
 * (a field selected twice under one name runs once), through fragments; `__typename` is free.
 */
function maxRootFieldsRule(max: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const keys = new Set<string>();
      collectResponseKeys(operation.selectionSet, context, keys, new Set());
      if (keys.size > max) context.reportError(limitError('rootFields', max));
    },
  });
}

function collectResponseKeys(
  selectionSet: SelectionSetNode,
  context: ValidationContext,
  keys: Set<string>,
  spread: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') keys.add((selection.alias ?? selection.name).value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectResponseKeys(selection.selectionSet, context, keys, spread);
    } else if (!spread.has(selection.name.value)) {
      spread.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) collectResponseKeys(fragment.selectionSet, context, keys, spread);
    }
  }
}

/** What a list counts for when nothing says its size (sessions of a user, roles, a tenant's flags). */
const UNSIZED_LIST = 10;

/**
 * The largest page any list of this API serves (`pageRequest` refuses a larger `first` with
 * BAD_USER_INPUT before a row is read): a larger one is costed as this, and refused by the resolver.
 */
const LARGEST_PAGE = 100;

/** Selections (fragments written out) past which an operation is not costed but refused. */
const MAX_COSTED_NODES = 10_000;

/**
 * The estimated cost of a field: 1, plus its selection's cost times the number of items it
 * returns — the `first` (or `last`) argument, given or by default, for a page (at most
 * `LARGEST_PAGE`); `UNSIZED_LIST` for
 * another list of objects; 1 for the `edges` of a page (counted on the page) and for `_entities`
 * (each entity was counted at the gateway on the field that led to it). Introspection is free.
 */
function fieldCost({ field, args, childComplexity, type }: ComplexityEstimatorArgs): number {
  if (field.name.startsWith('__')) return 0;
  if (!isCompositeType(getNamedType(field.type))) return 1;
  return 1 + itemsOf(field, args, type.name) * childComplexity;
}

function itemsOf(field: ComplexityEstimatorArgs['field'], args: Record<string, unknown>, parentType: string): number {
  for (const name of ['first', 'last']) {
    const declared = field.args.find((arg) => arg.name === name);
    if (!declared) continue;
    const value = args[name] ?? declared.defaultValue;
    return typeof value === 'number' ? Math.min(Math.max(1, value), LARGEST_PAGE) : UNSIZED_LIST;
  }
  if (!isListType(getNullableType(field.type))) return 1;
  if (parentType.endsWith('Connection') || field.name === '_entities') return 1;
  return UNSIZED_LIST;
}

export interface OperationCostInput {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  /** Which operation of the document; may be left out when it has one. */
  readonly operationName?: string | null | undefined;
  /** The request's variables: a page size given as `$first` counts as much as a literal one. */
  readonly variables?: Readonly<Record<string, unknown>> | null | undefined;
}

/**
 * The estimated cost of an operation (see `fieldCost`), for the cost limit and for anything that
 * weighs requests by their cost (rate limits). Infinity when the operation has more than 10,000
 * selections once its fragments are written out; undefined when it cannot be costed because the
 * document names no such operation or the variables do not fit it — execution refuses those.
 */
export function operationCost({ schema, document, operationName, variables }: OperationCostInput): number | undefined {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return undefined;
  const query: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [operation, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)],
  };
  try {
    return getComplexity({
      schema,
      query,
      variables: { ...variables },
      estimators: [fieldCost],
      maxQueryNodes: MAX_COSTED_NODES,
    });
  } catch (error) {
    if (error instanceof GraphQLError && error.message.includes('maximum allowed number of nodes'))
      return Number.POSITIVE_INFINITY;
    return undefined;
  }
}

import type { GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import { allow, deny, rule, type RuleResult, type ShieldRule } from './shield-runtime.ts';

/**
 * Rules with per-request caching, and the logic rules (`and`, `or`, `not`) over them.
 *
 * Why not graphql-shield's own: its `and`/`or` evaluate every operand for every field and cannot
 * be cached, and its rules go through several promises per field even when cached, so
 * `or(isSelf, and(sameTenant, hasPermission(p)))` on each field of a 500-row list cost more than
 * the fields themselves (bench section g: 2.2x the same query under allow-all rules). Here a
 * logic rule is an ordinary graphql-shield rule whose answer is cached like its operands (the
 * widest operand decides), its operands are evaluated in order and only until the answer is
 * known, synchronously when they answer synchronously, and its answers are exactly
 * graphql-shield's, errors included (shield-logic.test.ts compares them case by case).
 *
 * How long a rule's answer may be reused, from what it reads:
 *
 * - `contextual`: only the context (who is calling): one answer per request.
 * - `parent`: the context and the object being read (its fields; of `info`, only the parent
 *   type), never the arguments or the field: one answer per request, object and type. Every
 *   field of a `User` row shares one evaluation of `isSelf`, instead of one per field.
 * - `no_cache`: anything else (arguments, state that changes during the request): every field.
 *
 * Answers are kept per request (keyed by the context object, which the server makes anew for
 * each request) and never outlive it, so nothing is shared between requests or callers.
 */
export type RuleCache = 'contextual' | 'parent' | 'no_cache';

/** What a rule function receives; `ctx` is the request's context. */
export type RuleFunction<TContext = unknown> = (
  parent: unknown,
  args: Readonly<Record<string, unknown>>,
  ctx: TContext,
  info: GraphQLResolveInfo,
) => RuleResult | Promise<RuleResult>;

type Answer = RuleResult | Promise<RuleResult>;

/** A rule as this module evaluates it: its own function, or logic over other compiled rules. */
interface Compiled {
  readonly name: string;
  /** 'constant' (allow, deny) needs no cache at all. */
  readonly cache: RuleCache | 'constant';
  /** Evaluates without reading or writing any cache. */
  readonly evaluate: (
    parent: unknown,
    args: Readonly<Record<string, unknown>>,
    ctx: object,
    info: GraphQLResolveInfo,
  ) => Answer;
}

const CACHE_RANK = { constant: 0, contextual: 1, parent: 2, no_cache: 3 } as const;

const compiledRules = new WeakMap<ShieldRule, Compiled>();

/** One request's answers: of contextual rules, and of parent rules per object and type. */
interface RequestAnswers {
  readonly contextual: Map<Compiled, Answer>;
  readonly byParent: WeakMap<object, Map<GraphQLObjectType, Map<Compiled, Answer>>>;
}

const answersByRequest = new WeakMap<object, RequestAnswers>();

/**
 * graphql-js resolves the fields of one object one after the other, so consecutive lookups are
 * almost always for the same request and object: the last one found is kept and checked first
 * (by identity: a different request or object always takes the full lookup). It holds on to the
 * last request's context and object until the next lookup, nothing more.
 */
let last:
  | {
      ctx: object;
      answers: RequestAnswers;
      parent: object | undefined;
      type: GraphQLObjectType | undefined;
      cache: Map<Compiled, Answer> | undefined;
    }
  | undefined;

function answersOf(ctx: object): RequestAnswers {
  if (last?.ctx === ctx) return last.answers;
  let answers = answersByRequest.get(ctx);
  if (!answers) {
    answers = { contextual: new Map(), byParent: new WeakMap() };
    answersByRequest.set(ctx, answers);
  }
  last = { ctx, answers, parent: undefined, type: undefined, cache: undefined };
  return answers;
}

function cacheFor(
  compiled: Compiled,
  parent: unknown,
  ctx: unknown,
  info: GraphQLResolveInfo,
): Map<Compiled, Answer> | undefined {
  if (compiled.cache === 'no_cache' || compiled.cache === 'constant' || typeof ctx !== 'object' || ctx === null)
    return undefined;
  const answers = answersOf(ctx);
  if (compiled.cache === 'contextual') return answers.contextual;
  if (typeof parent !== 'object' || parent === null) return undefined;
  const type = info.parentType;
  if (last && last.parent === parent && last.type === type && last.cache) return last.cache;
  let byType = answers.byParent.get(parent);
  if (!byType) {
    byType = new Map();
    answers.byParent.set(parent, byType);
  }
  let cache = byType.get(type);
  if (!cache) {
    cache = new Map();
    byType.set(type, cache);
  }
  last = { ctx, answers, parent, type, cache };
  return cache;
}

/** The rule's answer for this field, from the request's cache when its scope allows. */
function answer(
  compiled: Compiled,
  parent: unknown,
  args: Readonly<Record<string, unknown>>,
  ctx: unknown,
  info: GraphQLResolveInfo,
): Answer {
  const cache = cacheFor(compiled, parent, ctx, info);
  if (!cache) return compiled.evaluate(parent, args, ctx as object, info);
  const cached = cache.get(compiled);
  if (cached !== undefined) return cached;
  const fresh = compiled.evaluate(parent, args, ctx as object, info);
  cache.set(compiled, fresh);
  // Once settled, later fields get the value itself rather than a promise to wait on.
  if (fresh instanceof Promise)
    void fresh.then(
      (value) => cache.set(compiled, value),
      () => cache.delete(compiled),
    );
  return fresh;
}

/** graphql-shield's reading of a rule's return value: an Error or a message is an error, only `true` allows. */
function normalize(result: unknown): RuleResult {
  if (result === true) return true;
  if (result instanceof Error) return result;
  if (typeof result === 'string') return new Error(result);
  return false;
}

/**
 * A thrown error is *returned* (graphql-shield would turn it into `false`, i.e. a FORBIDDEN that
 * hides the real failure), so it reaches the server's error formatting.
 */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Turns a compiled rule into the shield rule the rule tree holds. */
function register(compiled: Compiled): ShieldRule {
  const evaluate = (parent: unknown, args: Record<string, unknown>, ctx: unknown, info: GraphQLResolveInfo): Answer =>
    answer(compiled, parent, args, ctx, info);
  // graphql-shield's own cache is not used: `answer` caches per request with the rule's scope.
  const shieldRule = rule(compiled.name, { cache: 'no_cache' })(evaluate);
  // The shield awaits `resolve(...)` for every field. graphql-shield's Rule#resolve would wrap the
  // answer in two more promises and read it again (the reading `normalize` already did, and
  // errors are already returned, not thrown): a cached answer is handed over as it is.
  Object.defineProperty(shieldRule, 'resolve', { value: evaluate });
  compiledRules.set(shieldRule, compiled);
  return shieldRule;
}

/** A rule from a function, cached per `cache` (see RuleCache). */
export function cachedRule<TContext>(name: string, cache: RuleCache, fn: RuleFunction<TContext>): ShieldRule {
  return register({
    name,
    cache,
    evaluate: (parent, args, ctx, info) => {
      let result: RuleResult | Promise<RuleResult>;
      try {
        result = fn(parent, args, ctx as TContext, info);
      } catch (error) {
        return asError(error);
      }
      return result instanceof Promise ? result.then(normalize, asError) : normalize(result);
    },
  });
}

const constants = new Map<ShieldRule, Compiled>([
  [allow, { name: 'allow', cache: 'constant', evaluate: () => true }],
  [deny, { name: 'deny', cache: 'constant', evaluate: () => false }],
]);

/** Any other graphql-shield rule (built with graphql-shield directly): evaluated by graphql-shield, per field. */
function compile(shieldRule: ShieldRule): Compiled {
  const known = compiledRules.get(shieldRule) ?? constants.get(shieldRule);
  if (known) return known;
  const foreign: Compiled = {
    name: 'name' in shieldRule && typeof shieldRule.name === 'string' ? shieldRule.name : 'rule',
    cache: 'no_cache',
    evaluate: (parent, args, ctx, info) =>
      // Only `debug` is read by rules that cache as contextual or not at all; 'strict' would need
      // the shield's hash function, and fails closed (false) without it.
      shieldRule
        .resolve(parent as object, args as Record<string, unknown>, ctx as never, info, FOREIGN_RULE_OPTIONS as never)
        .then(normalize, () => false),
  };
  compiledRules.set(shieldRule, foreign);
  return foreign;
}

const FOREIGN_RULE_OPTIONS = { debug: false, allowExternalErrors: true };

/** Logic rules are made once per operator and operands: the same combination is the same rule. */
const logicRules = new Map<string, ShieldRule>();
const ruleIds = new WeakMap<Compiled, number>();
let nextId = 0;

function idOf(compiled: Compiled): number {
  let id = ruleIds.get(compiled);
  if (id === undefined) {
    id = nextId++;
    ruleIds.set(compiled, id);
  }
  return id;
}

function logicRule(
  operator: string,
  operands: readonly ShieldRule[],
  evaluate: (operands: readonly Compiled[]) => Compiled['evaluate'],
  extraKey = '',
): ShieldRule {
  const compiled = operands.map(compile);
  const key = `${operator}:${compiled.map(idOf).join(',')}:${extraKey}`;
  const existing = logicRules.get(key);
  if (existing) return existing;
  // `contextual` logic over contextual rules, `parent` when one operand reads the parent, ...
  const cache = compiled.reduce<Compiled['cache']>(
    (widest, operand) => (CACHE_RANK[operand.cache] > CACHE_RANK[widest] ? operand.cache : widest),
    'constant',
  );
  // Unique (graphql-shield refuses two rules with one name): operands of graphql-shield's own may share a name.
  const name = `${operator}(${compiled.map((operand) => operand.name).join(',')})#${logicRules.size}`;
  const made = register({ name, cache, evaluate: evaluate(compiled) });
  logicRules.set(key, made);
  return made;
}

// The evaluations below stay synchronous as long as the operands' answers are, which cached
// answers and the built-in rules are: most fields then wait on no promise at all. They are plain
// functions on purpose (no closure made per evaluation on the synchronous path).

/**
 * How `or` or `and` walks its operands in order: `stop` gives the answer an operand's result ends
 * the walk with (undefined: go on), `next` folds that result into the walk's state, `end` answers
 * when no operand stopped it.
 */
interface Walk<State> {
  readonly stop: (result: RuleResult) => RuleResult | undefined;
  readonly next: (state: State, result: RuleResult) => State;
  readonly end: (state: State) => RuleResult;
}

/** `or`: stops at the first true operand; the state is the first error met. */
const OR: Walk<Error | undefined> = {
  stop: (result) => (result === true ? true : undefined),
  next: (firstError, result) => firstError ?? (result instanceof Error ? result : undefined),
  end: (firstError) => firstError ?? false,
};

/** `and`: stops at the first error; the state tells whether every operand so far was true. */
const AND: Walk<boolean> = {
  stop: (result) => (result instanceof Error ? result : undefined),
  next: (allTrue, result) => allTrue && result === true,
  end: (allTrue) => allTrue,
};

/** The walk from operand `from` on, `state` being what the operands before it left. */
function evaluateWalk<State>(
  walk: Walk<State>,
  operands: readonly Compiled[],
  parent: unknown,
  args: Readonly<Record<string, unknown>>,
  ctx: object,
  info: GraphQLResolveInfo,
  from: number,
  state: State,
): Answer {
  let current = state;
  for (let i = from; i < operands.length; i++) {
    const result = answer(operands[i] as Compiled, parent, args, ctx, info);
    if (result instanceof Promise) {
      return result.then(
        (settled) =>
          walk.stop(settled) ??
          evaluateWalk(walk, operands, parent, args, ctx, info, i + 1, walk.next(current, settled)),
      );
    }
    const stopped = walk.stop(result);
    if (stopped !== undefined) return stopped;
    current = walk.next(current, result);
  }
  return walk.end(current);
}

/**
 * True when one operand is true; otherwise the first error among the operands in order, or
 * false (graphql-shield's `or`). Stops at the first true operand.
 */
export function or(...operands: ShieldRule[]): ShieldRule {
  return logicRule(
    'or',
    operands,
    (compiled) => (parent, args, ctx, info) => evaluateWalk(OR, compiled, parent, args, ctx, info, 0, undefined),
  );
}

/**
 * True when every operand is true; otherwise the first error among the operands in order, or
 * false (graphql-shield's `and`). Stops at the first error, which is then that first error.
 */
export function and(...operands: ShieldRule[]): ShieldRule {
  return logicRule(
    'and',
    operands,
    (compiled) => (parent, args, ctx, info) => evaluateWalk(AND, compiled, parent, args, ctx, info, 0, true),
  );
}

/** True when the operand is not true (an error included); otherwise `error`, or false (graphql-shield's `not`). */
export function not(operand: ShieldRule, error?: Error): ShieldRule {
  const extraKey = error === undefined ? '' : `error:${errorIds.get(error) ?? setErrorId(error)}`;
  const negate = (result: RuleResult): RuleResult => (result === true ? (error ?? false) : true);
  return logicRule(
    'not',
    [operand],
    ([compiled]) =>
      (parent, args, ctx, info) => {
        const result = answer(compiled as Compiled, parent, args, ctx, info);
        return result instanceof Promise ? result.then(negate) : negate(result);
      },
    extraKey,
  );
}

const errorIds = new WeakMap<Error, number>();
function setErrorId(error: Error): number {
  const id = nextId++;
  errorIds.set(error, id);
  return id;
}

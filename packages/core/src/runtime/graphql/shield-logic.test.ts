import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { and, cachedRule, not, or, type RuleCache } from './shield-logic.ts';
import { createPermissions } from './shield-rules.ts';
import {
  and as nativeAnd,
  applyMiddleware,
  not as nativeNot,
  or as nativeOr,
  rule,
  type RuleResult,
  type ShieldRule,
  type RuleTypeMap,
} from './shield-runtime.ts';

type Outcome = true | false | 'error-a' | 'error-b' | 'message';
const OUTCOMES: readonly Outcome[] = [true, false, 'error-a', 'error-b', 'message'];
const errorA = new Error('error a');
const errorB = new Error('error b');

function valueOf(outcome: Outcome): RuleResult | string {
  if (outcome === 'error-a') return errorA;
  if (outcome === 'error-b') return errorB;
  if (outcome === 'message') return 'a message';
  return outcome;
}

let ruleCount = 0;
/** The same outcome as one of our rules and as a plain graphql-shield rule, sync or async. */
function operandPair(outcome: Outcome, async: boolean): { ours: ShieldRule; native: ShieldRule } {
  const fn = () => (async ? Promise.resolve(valueOf(outcome) as RuleResult) : (valueOf(outcome) as RuleResult));
  ruleCount++;
  return {
    ours: cachedRule(`logic-test:${ruleCount}`, 'no_cache', fn),
    native: rule(`native-test:${ruleCount}`, { cache: 'no_cache' })(fn),
  };
}

const info = { parentType: { name: 'Query' } } as unknown as GraphQLResolveInfo;

/** A rule's answer as a comparable value: true, false, or the error's message (and identity for shared errors). */
async function outcomeOf(shieldRule: ShieldRule): Promise<unknown> {
  const result = await shieldRule.resolve({}, {}, { _shield: { cache: {} } }, info, { debug: false } as never);
  return result instanceof Error ? { error: result.message, shared: result === errorA || result === errorB } : result;
}

function* combinations(length: number): Generator<Outcome[]> {
  if (length === 0) {
    yield [];
    return;
  }
  for (const rest of combinations(length - 1)) for (const outcome of OUTCOMES) yield [...rest, outcome];
}

describe('and, or, not', () => {
  it('answer exactly as graphql-shield’s, errors included, for every mix of operand outcomes', async () => {
    let compared = 0;
    for (const length of [1, 2, 3]) {
      for (const outcomes of combinations(length)) {
        for (const async of [false, true]) {
          const pairs = outcomes.map((outcome, i) => operandPair(outcome, async && i % 2 === 0));
          const ours = pairs.map((pair) => pair.ours);
          const native = pairs.map((pair) => pair.native);
          expect(await outcomeOf(or(...ours)), `or ${outcomes.join(',')}`).toEqual(
            await outcomeOf(nativeOr(...native)),
          );
          expect(await outcomeOf(and(...ours)), `and ${outcomes.join(',')}`).toEqual(
            await outcomeOf(nativeAnd(...native)),
          );
          compared += 2;
        }
      }
    }
    for (const outcome of OUTCOMES) {
      const { ours, native } = operandPair(outcome, false);
      expect(await outcomeOf(not(ours)), `not ${String(outcome)}`).toEqual(await outcomeOf(nativeNot(native)));
      const custom = new Error('custom');
      expect(await outcomeOf(not(ours, custom))).toEqual(await outcomeOf(nativeNot(native, custom)));
    }
    // Nested, and with graphql-shield's own rules as operands.
    const [t, f, e] = [operandPair(true, false), operandPair(false, true), operandPair('error-b', false)];
    expect(await outcomeOf(or(f.ours, and(t.ours, e.ours)))).toEqual(
      await outcomeOf(nativeOr(f.native, nativeAnd(t.native, e.native))),
    );
    expect(await outcomeOf(and(or(f.ours, t.ours), not(e.ours)))).toEqual(
      await outcomeOf(nativeAnd(nativeOr(f.native, t.native), nativeNot(e.native))),
    );
    expect(await outcomeOf(or(f.native, nativeNot(f.native)))).toBe(true);
    expect(await outcomeOf(and(t.ours, nativeAnd(t.native, e.native)))).toEqual({ error: 'error b', shared: true });
    expect(compared).toBe(2 * 2 * (5 + 25 + 125));
  });

  it('stop evaluating once the answer is known', async () => {
    const never = vi.fn(() => true);
    const skipped = cachedRule('logic-test:skipped', 'no_cache', never);
    await outcomeOf(or(operandPair(true, false).ours, skipped));
    await outcomeOf(and(operandPair('error-a', true).ours, skipped));
    expect(never).not.toHaveBeenCalled();
  });

  it('are one rule per combination (graphql-shield refuses two rules with one name)', () => {
    const { ours } = operandPair(true, false);
    expect(or(ours, ours)).toBe(or(ours, ours));
    expect(and(ours)).not.toBe(or(ours));
  });
});

const users = [
  { id: 'u1', tenantId: 't1', name: 'One', email: 'one@t1' },
  { id: 'u2', tenantId: 't1', name: 'Two', email: 'two@t1' },
  { id: 'u3', tenantId: 't2', name: 'Three', email: 'three@t2' },
];

interface TestContext {
  viewer: { userId: string } | null;
}

/** A schema listing users and the same object as two types, each field of a user under `rule`. */
function listing(userRule: ShieldRule, extra: RuleTypeMap = {}): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs:
      'type Query { users: [User!]! shared: User twin: Twin } type User { id: ID! name: String email: String } type Twin { id: ID! name: String }',
    resolvers: { Query: { users: () => users, shared: () => users[0], twin: () => users[0] } },
  });
  return applyMiddleware(
    schema,
    createPermissions({
      Query: { '*': cachedRule('logic-test:open', 'contextual', () => true) },
      User: { '*': userRule },
      Twin: { '*': userRule },
      ...extra,
    }),
  );
}

async function query(schema: GraphQLSchema, source: string, viewer: TestContext['viewer']) {
  const contextValue: TestContext = { viewer };
  return graphql({ schema, source, contextValue });
}

function counted(name: string, cache: RuleCache, decide: (parent: { id: string }, ctx: TestContext) => boolean) {
  const fn = vi.fn((parent: unknown, _args: unknown, ctx: TestContext) => decide(parent as { id: string }, ctx));
  return { fn, rule: cachedRule<TestContext>(name, cache, fn) };
}

describe('rule caching', () => {
  it('evaluates a parent rule once per object in a request, a contextual rule once per request, a no_cache rule per field', async () => {
    const parent = counted('logic-test:parent', 'parent', () => true);
    const contextual = counted('logic-test:contextual', 'contextual', () => true);
    const perField = counted('logic-test:field', 'no_cache', () => true);
    const schema = listing(and(parent.rule, contextual.rule, perField.rule));
    const result = await query(schema, '{ users { id name email } }', { userId: 'u1' });
    expect(result.errors).toBeUndefined();
    expect(parent.fn).toHaveBeenCalledTimes(3);
    expect(contextual.fn).toHaveBeenCalledTimes(1);
    expect(perField.fn).toHaveBeenCalledTimes(9);
    // A new request starts from nothing.
    await query(schema, '{ users { id name email } }', { userId: 'u1' });
    expect(parent.fn).toHaveBeenCalledTimes(6);
    expect(contextual.fn).toHaveBeenCalledTimes(2);
  });

  it('never answers from another request, caller or type: the same object is judged again', async () => {
    const self = counted('logic-test:self', 'parent', (parent, ctx) => parent.id === ctx.viewer?.userId);
    const schema = listing(self.rule);
    // `shared` returns the same JS object to every request.
    expect((await query(schema, '{ shared { id name } }', { userId: 'u1' })).data).toEqual({
      shared: { id: 'u1', name: 'One' },
    });
    const other = await query(schema, '{ shared { id name } }', { userId: 'u2' });
    expect(other.data).toEqual({ shared: null });
    expect(other.errors?.[0]?.message).toBe('Not allowed');

    const byType = counted('logic-test:by-type', 'parent', () => true);
    await query(listing(byType.rule), '{ shared { id name } twin { id name } }', { userId: 'u1' });
    expect(byType.fn).toHaveBeenCalledTimes(2);
  });

  it('keeps each row’s own answer within one request', async () => {
    const self = counted('logic-test:rows', 'parent', (parent, ctx) => parent.id === ctx.viewer?.userId);
    const schema = listing(
      or(
        self.rule,
        cachedRule('logic-test:never', 'contextual', () => false),
      ),
      { Query: { users: cachedRule('logic-test:list', 'contextual', () => true) } },
    );
    const listed = await query(schema, '{ users { name email } }', { userId: 'u2' });
    // Only u2 is the caller: every field of u1 and u3 is refused, each on its own (nullable).
    expect(listed.data).toEqual({
      users: [
        { name: null, email: null },
        { name: 'Two', email: 'two@t1' },
        { name: null, email: null },
      ],
    });
    expect(listed.errors?.map((error) => error.path?.join('.')).sort()).toEqual([
      'users.0.email',
      'users.0.name',
      'users.2.email',
      'users.2.name',
    ]);
    expect(self.fn).toHaveBeenCalledTimes(3);
  });
});

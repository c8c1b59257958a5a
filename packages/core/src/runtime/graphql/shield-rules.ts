import { mergeTypeMaps } from './merge-maps.ts';
import type { GraphQLResolveInfo } from 'graphql';
import { isKnownPermission, type Permission } from '@tradesage/prisma';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import type { BaseContext } from '../viewer.ts';
import { and, cachedRule, not, or, type RuleCache } from './shield-logic.ts';
import {
  allow,
  deny,
  shield,
  type IMiddlewareGenerator,
  type RuleFieldMap,
  type RuleResult,
  type RuleTypeMap,
  type ShieldRule,
} from './shield-runtime.ts';

// `and`/`or`/`not` are shield-logic.ts's: cached like their operands, same answers as graphql-shield's.
export { and, or, not, allow, deny };
export type { RuleTypeMap, RuleFieldMap, ShieldRule, RuleResult, RuleCache };

export type RuleFunction<TContext extends BaseContext = BaseContext> = (
  parent: unknown,
  args: Readonly<Record<string, unknown>>,
  ctx: TContext,
  info: GraphQLResolveInfo,
) => RuleResult | Promise<RuleResult>;

const definedRuleNames = new Set<string>();

/**
 * A named rule, its answer cached per request as `cache` allows (RuleCache in shield-logic.ts:
 * `contextual` for rules that read only the caller, `parent` for rules that also read the object
 * being read but never the arguments, `no_cache` otherwise). Names are unique (graphql-shield
 * refuses two different rules with one name). A rule that *throws* would be turned by
 * graphql-shield into `false`, i.e. a FORBIDDEN hiding the real failure (a database error, a
 * bug). Here a thrown error is returned instead, so it reaches `formatGraphQLError`: domain errors
 * keep their code, anything else is masked as INTERNAL_SERVER_ERROR and logged. Rules should
 * still *return* their errors.
 */
export function defineRule<TContext extends BaseContext = BaseContext>(
  name: string,
  cache: RuleCache,
  fn: RuleFunction<TContext>,
): ShieldRule {
  if (definedRuleNames.has(name)) {
    throw new Error(`A shield rule named "${name}" already exists; rule names must be unique`);
  }
  definedRuleNames.add(name);
  return cachedRule(name, cache, fn);
}

/** An explicit "public": anonymous callers allowed. Says on purpose what a missing rule would not. */
export const allowAnonymous: ShieldRule = allow;

/** A verified access token made this request. */
export const isAuthenticated = defineRule('isAuthenticated', 'contextual', (_parent, _args, ctx) =>
  ctx.viewer ? true : new UnauthenticatedError(),
);

/** The caller is a platform administrator (cross-tenant operations). */
export const isPlatformAdmin = defineRule('isPlatformAdmin', 'contextual', (_parent, _args, ctx) => {
  if (!ctx.viewer) return new UnauthenticatedError();
  return ctx.viewer.isPlatformAdmin;
});

const permissionRules = new Map<string, ShieldRule>();

/**
 * For rules naming permissions: typed as catalogue entries, and checked when the rule is made too,
 * since a misspelt permission (a cast, plain JavaScript) would otherwise deny everyone silently.
 */
export function assertInCatalogue(rule: string, permissions: readonly string[]): void {
  const unknown = permissions.filter((permission) => !isKnownPermission(permission));
  if (unknown.length > 0)
    throw new Error(`${rule}: ${unknown.map((p) => `"${p}"`).join(', ')} not in the permission catalogue`);
}

/**
 * The caller's effective permissions (roles plus everything inherited) include `permission`.
 * Memoised per permission so that every use shares one cached answer per request.
 */
export function hasPermission(permission: Permission): ShieldRule {
  assertInCatalogue('hasPermission', [permission]);
  let existing = permissionRules.get(permission);
  if (!existing) {
    existing = defineRule(`hasPermission:${permission}`, 'contextual', (_parent, _args, ctx) => {
      if (!ctx.viewer) return new UnauthenticatedError();
      return ctx.viewer.permissions.has(permission);
    });
    permissionRules.set(permission, existing);
  }
  return existing;
}

/** For fields of `User`: the user being read is the caller. */
export const isSelf = defineRule('isSelf', 'parent', (parent, _args, ctx) => {
  if (!ctx.viewer) return new UnauthenticatedError();
  const id = readStringProperty(parent, 'id');
  return id !== undefined && id === ctx.viewer.userId;
});

/**
 * The object being read belongs to the caller's tenant. For a `Tenant` that is its `id`; every
 * other row carries the `tenantId` its repository attached (it is not a column: each tenant has
 * its own schema). A parent without a tenant is refused: this rule fails closed.
 *
 * Entities fetched through `_entities` are only trustworthy because every entity type must have a
 * `__resolveReference` (enforced by createSubgraphServer): otherwise the parent would be the
 * representation sent by the caller, and a forged `tenantId` in it would pass this rule.
 */
export const sameTenant = defineRule('sameTenant', 'parent', (parent, _args, ctx, info) => {
  if (!ctx.viewer) return new UnauthenticatedError();
  const isTenant = info.parentType.name === 'Tenant' || readStringProperty(parent, '__typename') === 'Tenant';
  const tenantId = readStringProperty(parent, isTenant ? 'id' : 'tenantId');
  return tenantId !== undefined && tenantId === ctx.viewer.tenantId;
});

/**
 * Personal fields of a `User` — the email address and the security facts other subgraphs add:
 * readable by the user themself, or with `users:pii:read` (admins) in the
 * user's own tenant. Anyone else who may read the user gets FORBIDDEN on that field alone: every
 * such field is nullable, so the rest of the user still arrives, and "hidden" is never mistaken
 * for "empty" (a null lastLoginAt means "never signed in").
 */
export const canReadPersonalData: ShieldRule = or(isSelf, and(sameTenant, hasPermission('users:pii:read')));

/**
 * The fields @apollo/subgraph adds to every subgraph's Query. `_service` returns the subgraph's own
 * SDL, which the gateway does not even ask for (the supergraph is composed at build time): it is
 * public on purpose. `_entities` runs `__resolveReference` and so needs a caller; what each entity
 * then exposes is decided by the rules on its own fields.
 */
export const federationQueryRules = {
  _service: allowAnonymous,
  _entities: isAuthenticated,
} as const satisfies RuleFieldMap;

/** Rules for the `_Service` type behind `Query._service`. */
export const federationTypeRules = {
  _Service: { sdl: allowAnonymous },
} as const satisfies RuleTypeMap;

/**
 * The shield every subgraph applies: anything without a rule is denied, a denial is a FORBIDDEN
 * `ForbiddenError`, and errors returned by rules or thrown by resolvers pass through unmasked
 * (graphql-shield would otherwise turn every domain error into "Not Authorised!").
 */
export function createPermissions(ruleTree: RuleTypeMap): IMiddlewareGenerator<unknown, BaseContext, unknown> {
  return shield(ruleTree, {
    fallbackRule: deny,
    allowExternalErrors: true,
    // A fresh error per denial: graphql-js attaches per-field data to what it throws.
    fallbackError: () => new ForbiddenError(),
  });
}

function readStringProperty(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const property: unknown = (value as Record<string, unknown>)[key];
  return typeof property === 'string' ? property : undefined;
}

/**
 * The federation plumbing every subgraph serves: `_service` gives the SDL (composition happens at
 * build time, so this reveals nothing the schema files do not); `_entities` needs a signed-in caller.
 */
export const federationRules = {
  Query: { _service: allowAnonymous, _entities: isAuthenticated },
  _Service: { sdl: allowAnonymous },
} satisfies RuleTypeMap;

/** Merges per-area rule trees of one subgraph; a field given two rules is an error. */
export function mergeRuleTrees(...trees: readonly RuleTypeMap[]): RuleTypeMap {
  return mergeTypeMaps<RuleTypeMap>(...trees);
}

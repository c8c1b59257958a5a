import { isIntrospectionType, isObjectType, isUnionType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { RuleFieldMap, RuleTypeMap, ShieldRule } from './shield-runtime.ts';

/**
 * Object types whose fields may all share one type-wide rule (`Type: rule` or
 * `Type: { '*': rule }`), each with the reason that is safe: a wrapper whose fields are only other
 * checked objects and cursors (connections, edges, page info), or a type whose every field is
 * harmless to whoever reached it. Keep it short. Entity types can never be on it.
 */
export type TypeRuleAllowList = Readonly<Record<string, string>>;

/**
 * Every `Type.field` of the schema's object types that no rule names for that field, sorted. The
 * shield's `fallbackRule: deny` already refuses such a field, but a field nobody decided about is
 * a bug either way (a public field that is always denied, or a private one saved only by the
 * fallback); each subgraph's test asserts this returns `[]`.
 *
 * Covered means a rule for that very field. A type-wide rule (`Type: rule`) or a `'*'` rule
 * covers a type's fields only when the type is on `typeRulesAllowed`: otherwise a field added
 * later would silently inherit it (a new personal field on `User` readable by anyone who may read
 * the user), where this check should make someone decide. A rule for the whole schema covers
 * nothing. Entity types (`@key`: `User`, `Session`, `Tenant`) always need a rule per field, and
 * putting one on the allow-list is an error, as is an entry without a reason or for a type the
 * schema does not have (a stale entry would keep the list from being short and true).
 * Federation's own types count like any other (`Query._service`, `Query._entities`,
 * `_Service.sdl`); introspection types (`__Schema`, ...) are not resolved through the shield.
 */
export function fieldsWithoutRule(
  schema: GraphQLSchema,
  ruleTree: RuleTypeMap | ShieldRule,
  typeRulesAllowed: TypeRuleAllowList = {},
): string[] {
  assertAllowListValid(schema, typeRulesAllowed);
  const tree: RuleTypeMap = isShieldRule(ruleTree) ? {} : ruleTree;
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const typeRules = Object.hasOwn(tree, type.name) ? tree[type.name] : undefined;
    if (typeRules === undefined) {
      missing.push(...Object.keys(type.getFields()).map((fieldName) => `${type.name}.${fieldName}`));
      continue;
    }
    const typeWide = isShieldRule(typeRules) || hasOwnRule(typeRules, '*');
    if (typeWide && Object.hasOwn(typeRulesAllowed, type.name)) continue;
    for (const fieldName of Object.keys(type.getFields())) {
      if (isShieldRule(typeRules) || !hasOwnRule(typeRules, fieldName)) missing.push(`${type.name}.${fieldName}`);
    }
  }
  return missing.sort();
}

/** The schema's entity types: those in `_Entity`, and any other with a `@key` (`resolvable: false`). */
export function entityTypeNames(schema: GraphQLSchema): ReadonlySet<string> {
  const names = new Set<string>();
  const entityUnion = schema.getType('_Entity');
  if (isUnionType(entityUnion)) for (const type of entityUnion.getTypes()) names.add(type.name);
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type) && hasKeyDirective(type)) names.add(type.name);
  }
  return names;
}

function assertAllowListValid(schema: GraphQLSchema, typeRulesAllowed: TypeRuleAllowList): void {
  const entities = entityTypeNames(schema);
  const problems: string[] = [];
  for (const [typeName, reason] of Object.entries(typeRulesAllowed)) {
    if (!isObjectType(schema.getType(typeName))) problems.push(`${typeName} is not an object type of this schema`);
    else if (entities.has(typeName)) problems.push(`${typeName} is an entity type: every field needs its own rule`);
    if (reason.trim() === '') problems.push(`${typeName} has no reason`);
  }
  if (problems.length > 0) throw new Error(`Invalid shield coverage allow-list: ${problems.join('; ')}`);
}

/** `@key`, imported as is or under federation's default prefix. */
function hasKeyDirective(type: GraphQLObjectType): boolean {
  return [type.astNode, ...type.extensionASTNodes].some((node) =>
    node?.directives?.some((directive) => directive.name.value === 'key' || directive.name.value === 'federation__key'),
  );
}

function hasOwnRule(fieldRules: RuleFieldMap, fieldName: string): boolean {
  return Object.hasOwn(fieldRules, fieldName) && fieldRules[fieldName] !== undefined;
}

/** Rules and logic rules both have `resolve`; a field map's values are rules, never functions. */
function isShieldRule(value: RuleTypeMap | RuleFieldMap | ShieldRule): value is ShieldRule {
  return typeof (value as { resolve?: unknown }).resolve === 'function';
}

/**
 * Root operations (`Query.x`, `Mutation.x`) whose rule requires a permission the permission
 * catalogue does not say it unlocks, as `permission → Type.field`, sorted. The catalogue (and the
 * README table made from it) documents what each permission is for; each subgraph's test asserts
 * this returns `[]`, so a new operation guarded by a permission is documented with it. Reads the
 * permissions from the rule names (`hasPermission:<p>`, and `ownTenantWith:<arg>:<p>|<p>` of the
 * tenant subgraph), which `and` / `or` / `not` carry in their own names.
 */
export function undocumentedUnlocks(
  ruleTree: RuleTypeMap,
  catalogue: ReadonlyArray<{ readonly name: string; readonly unlocks: readonly string[] }>,
): string[] {
  const missing: string[] = [];
  for (const typeName of ['Query', 'Mutation']) {
    const fields = ruleTree[typeName];
    if (!fields || isShieldRule(fields)) continue;
    for (const [field, fieldRule] of Object.entries(fields as RuleFieldMap)) {
      if (!fieldRule || field === '*') continue;
      const name = (fieldRule as { name?: unknown }).name;
      if (typeof name !== 'string') continue;
      const required = new Set([...name.matchAll(/hasPermission:([a-z:]+)/g)].map((m) => m[1] as string));
      for (const m of name.matchAll(/ownTenantWith:[A-Za-z]+:([a-z:|]+)/g))
        for (const p of (m[1] as string).split('|')) required.add(p);
      for (const permission of required) {
        const entry = catalogue.find((candidate) => candidate.name === permission);
        const listed = entry?.unlocks.some((item) => item === field || item.startsWith(`${field} `)) ?? false;
        if (!listed) missing.push(`${permission} → ${typeName}.${field}`);
      }
    }
  }
  return missing.sort();
}

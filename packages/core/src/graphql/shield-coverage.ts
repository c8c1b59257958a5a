import { isIntrospectionType, isObjectType, type GraphQLSchema } from 'graphql';
import type { RuleFieldMap, RuleTypeMap, ShieldRule } from './shield-runtime.ts';

/**
 * Every `Type.field` of the schema's object types that no rule names, sorted. The shield's
 * `fallbackRule: deny` already refuses such a field, but a field nobody decided about is a bug
 * either way (a public field that is always denied, or a private one saved only by the fallback);
 * each subgraph's test asserts this returns `[]` (DESIGN.md "Permissions").
 *
 * Covered means: a rule for the field, a type-level `'*'` rule, or a single rule for the whole
 * type. Federation's own types count like any other (`Query._service`, `Query._entities`,
 * `_Service.sdl`); introspection types (`__Schema`, ...) are not resolved through the shield.
 */
export function fieldsWithoutRule(schema: GraphQLSchema, ruleTree: RuleTypeMap | ShieldRule): string[] {
  if (isShieldRule(ruleTree)) return [];
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const typeRules = Object.hasOwn(ruleTree, type.name) ? ruleTree[type.name] : undefined;
    if (typeRules !== undefined && (isShieldRule(typeRules) || hasOwnRule(typeRules, '*'))) continue;
    for (const fieldName of Object.keys(type.getFields())) {
      if (typeRules === undefined || !hasOwnRule(typeRules, fieldName)) missing.push(`${type.name}.${fieldName}`);
    }
  }
  return missing.sort();
}

function hasOwnRule(fieldRules: RuleFieldMap, fieldName: string): boolean {
  return Object.hasOwn(fieldRules, fieldName) && fieldRules[fieldName] !== undefined;
}

/** Rules and logic rules both have `resolve`; a field map's values are rules, never functions. */
function isShieldRule(value: RuleTypeMap | RuleFieldMap | ShieldRule): value is ShieldRule {
  return typeof (value as { resolve?: unknown }).resolve === 'function';
}

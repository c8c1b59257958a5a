import { guardedCost } from '@tradesage/core';
import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

/**
 * How much of a request budget one operation spends, from its document, the operation it runs,
 * and the request (whose estimated cost the operation guards recorded).
 */
export type OperationWeight = (document: DocumentNode, operation: OperationDefinitionNode, request: object) => number;

/** Estimated cost one request's worth of budget buys: a page of 20 users with their sessions fits in one. */
export const COST_PER_REQUEST = 1000;

/**
 * The larger of the operation's root fields (rootFieldWeight) and its estimated cost in requests
 * (`operationCost` / COST_PER_REQUEST, rounded up): twenty aliased `me` fields spend twenty, and a
 * page of 100 users with their sessions spends as much as the work it asks for.
 */
export const operationWeight: OperationWeight = (document, operation, request) =>
  Math.max(rootFieldWeight(document, operation, request), Math.ceil((guardedCost(request) ?? 0) / COST_PER_REQUEST));

/**
 * One per root field the operation answers: distinct response keys at the root, aliases counted
 * apart, fragments at the root expanded, `__typename` free; at least 1. Twenty aliased `me` fields
 * spend twenty requests' worth.
 */
export const rootFieldWeight: OperationWeight = (document, operation) => {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const keys = new Set<string>();
  const expanded = new Set<string>();
  const visit = (selections: OperationDefinitionNode['selectionSet']['selections']): void => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') keys.add(selection.alias?.value ?? selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet.selections);
      } else {
        const fragment = fragments.get(selection.name.value);
        // Validation refused fragment cycles already; a fragment spread twice adds its keys once.
        if (!fragment || expanded.has(fragment.name.value)) continue;
        expanded.add(fragment.name.value);
        visit(fragment.selectionSet.selections);
      }
    }
  };
  visit(operation.selectionSet.selections);
  return Math.max(1, keys.size);
};

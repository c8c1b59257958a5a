/**
 * Merges per-area maps of a subgraph (resolver maps, shield rule trees) type by type. A field
 * defined by two areas is a mistake that would silently drop one of them, so it throws.
 */
export function mergeTypeMaps<T extends object>(...maps: readonly T[]): T {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [typeName, value] of Object.entries(map)) {
      const existing = merged[typeName];
      if (existing === undefined) {
        merged[typeName] = value;
        continue;
      }
      if (!isPlainObject(existing) || !isPlainObject(value)) throw new Error(`${typeName} is defined by two areas`);
      for (const field of Object.keys(value)) {
        if (field in existing) throw new Error(`${typeName}.${field} is defined by two areas`);
      }
      merged[typeName] = { ...existing, ...value };
    }
  }
  return merged as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

// Our GraphQL enums spell the stored value in capitals (`allow_list` is `ALLOW_LIST`). The
// signatures let the compiler check that a stored union and its GraphQL enum list the same values.

/** A stored value as its GraphQL enum value. */
export function toGraphEnum<Stored extends string>(value: Stored): Uppercase<Stored> {
  return value.toUpperCase() as Uppercase<Stored>;
}

/** A GraphQL enum value as the value it stores. */
export function fromGraphEnum<Graph extends string>(value: Graph): Lowercase<Graph> {
  return value.toLowerCase() as Lowercase<Graph>;
}

/** A column read as text as its GraphQL enum value; undefined when it is none of the `known` stored values. */
export function knownGraphEnum<Stored extends string>(
  value: string,
  known: readonly Stored[],
): Uppercase<Stored> | undefined {
  const stored = known.find((candidate) => candidate === value);
  return stored === undefined ? undefined : toGraphEnum(stored);
}

import crypto from 'node:crypto';
import { isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType } from 'graphql';

/** Samples of the other scalars; any scalar not named here (JSON) gets `{}`. */
const SCALAR_SAMPLES: Readonly<Record<string, () => unknown>> = {
  Int: () => 1,
  Float: () => 1,
  Boolean: () => true,
  DateTime: () => new Date().toISOString(),
};

/**
 * A value of `type` that passes GraphQL's coercion (not necessarily a resolver's rules): a UUID for
 * ID and String, 1, true, the current time, `{}` for JSON, an enum's first value, an input object's
 * required fields, a list of one. `text` replaces every String and ID leaf when given (fuzzing).
 */
export function sampleInputValue(type: GraphQLInputType, text?: unknown): unknown {
  if (isNonNullType(type)) return sampleInputValue(type.ofType, text);
  if (isListType(type)) return [sampleInputValue(type.ofType, text)];
  if (isEnumType(type)) return type.getValues()[0]?.value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      const leaf = isTextType(field.type);
      if (isNonNullType(field.type) || (leaf && text !== undefined))
        value[field.name] = sampleInputValue(field.type, text);
    }
    return value;
  }
  if (isScalarType(type)) {
    if (type.name === 'String' || type.name === 'ID') return text ?? crypto.randomUUID();
    return (SCALAR_SAMPLES[type.name] ?? (() => ({})))();
  }
  return null;
}

/** String or ID, possibly non-null or in a list: the leaves a fuzzer fills with text. */
export function isTextType(type: GraphQLInputType): boolean {
  if (isNonNullType(type) || isListType(type)) return isTextType(type.ofType);
  return isScalarType(type) && (type.name === 'String' || type.name === 'ID');
}

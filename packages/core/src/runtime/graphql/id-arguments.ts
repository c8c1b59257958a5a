import {
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { isUuid } from '@tradesage/prisma';
import { BadInputError } from '../errors.ts';
import type { BaseContext } from '../viewer.ts';
import type { IMiddlewareTypeMap } from './shield-runtime.ts';

/**
 * Every `ID` this API accepts is a UUID (users, sessions, tenants). Postgres compares UUIDs
 * whatever their case, code compares strings: "ABC…" and "abc…" are one row to the database and
 * two users to `userId === viewer.userId`, to a DataLoader's map and to a Redis key. So before
 * any rule or resolver sees them, every `ID` argument, and every `ID` field of an input object at
 * any depth, is checked to be a UUID and lowercased; anything else is refused with
 * BAD_USER_INPUT (`details.reason: invalid_id`), never passed on to fail in SQL.
 *
 * Applied as the outermost middleware of each subgraph, on the fields that take an ID only.
 */
type Normalise = (value: unknown, path: string) => unknown;

type Middleware = (
  resolve: GraphQLFieldResolver<unknown, unknown>,
  parent: unknown,
  args: Record<string, unknown>,
  context: unknown,
  info: Parameters<GraphQLFieldResolver<unknown, unknown>>[3],
) => unknown;

export function idArgumentsMiddleware(schema: GraphQLSchema): IMiddlewareTypeMap<unknown, BaseContext, unknown> {
  const map: Record<string, Record<string, Middleware>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const plans = field.args.map((arg): [GraphQLArgument, Normalise | null] => [
        arg,
        normaliserFor(arg.type, new Set()),
      ]);
      const normalised = plans.filter((plan): plan is [GraphQLArgument, Normalise] => plan[1] !== null);
      if (normalised.length === 0) continue;
      (map[type.name] ??= {})[field.name] = (resolve, parent, args, context, info) => {
        const next: Record<string, unknown> = { ...args };
        for (const [arg, normalise] of normalised) {
          if (next[arg.name] !== undefined && next[arg.name] !== null)
            next[arg.name] = normalise(next[arg.name], arg.name);
        }
        return resolve(parent, next, context, info);
      };
    }
  }
  return map as unknown as IMiddlewareTypeMap<unknown, BaseContext, unknown>;
}

/** A function normalising values of `type`, or null when the type holds no ID anywhere. */
function normaliserFor(type: GraphQLInputType, seen: Set<string>): Normalise | null {
  if (isNonNullType(type)) return normaliserFor(type.ofType, seen);
  if (isListType(type)) {
    const item = normaliserFor(type.ofType as GraphQLInputType, seen);
    if (!item) return null;
    return (value, path) =>
      Array.isArray(value)
        ? value.map((entry, i) => (entry === null ? null : item(entry, `${path}[${i}]`)))
        : item(value, path);
  }
  const named = getNamedType(type);
  if (named.name === 'ID') return normaliseId;
  if (!isInputObjectType(named) || seen.has(named.name)) return null;
  seen.add(named.name);
  const fields = Object.values(named.getFields())
    .map((field): [string, Normalise | null] => [field.name, normaliserFor(field.type, seen)])
    .filter((plan): plan is [string, Normalise] => plan[1] !== null);
  seen.delete(named.name);
  if (fields.length === 0) return null;
  return (value, path) => {
    if (typeof value !== 'object' || value === null) return value;
    const next: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [name, normalise] of fields) {
      if (next[name] !== undefined && next[name] !== null) next[name] = normalise(next[name], `${path}.${name}`);
    }
    return next;
  };
}

function normaliseId(value: unknown, path: string): string {
  if (typeof value !== 'string' || !isUuid(value)) {
    throw new BadInputError('BAD_USER_INPUT', `${path} is not a valid id`, { field: path, reason: 'invalid_id' });
  }
  return value.toLowerCase();
}

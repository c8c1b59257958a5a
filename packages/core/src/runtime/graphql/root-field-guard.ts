import type { GraphQLSchema } from 'graphql';
import type { IMiddlewareTypeMap } from './shield-runtime.ts';
import type { BaseContext } from '../viewer.ts';

/**
 * A middleware on the Query and Mutation fields `applies` names: before the field's rule or
 * resolver runs, `refusal` may refuse the request (the error it answers is thrown). Mounted by
 * the subgraph server before the shield, for refusals that depend on the kind of credential, not
 * on a field's rule (an enrolment-only session, an API key).
 */
export function rootFieldGuard(
  schema: GraphQLSchema,
  applies: (field: string) => boolean,
  refusal: (context: BaseContext, field: string) => Error | undefined,
): IMiddlewareTypeMap<unknown, BaseContext, unknown> {
  const map: Record<string, Record<string, unknown>> = {};
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root) continue;
    for (const name of Object.keys(root.getFields())) {
      if (!applies(name)) continue;
      (map[root.name] ??= {})[name] = (
        resolve: (...args: unknown[]) => unknown,
        parent: unknown,
        args: unknown,
        context: BaseContext,
        info: unknown,
      ) => {
        const error = refusal(context, name);
        if (error) throw error;
        return resolve(parent, args, context, info);
      };
    }
  }
  return map as unknown as IMiddlewareTypeMap<unknown, BaseContext, unknown>;
}

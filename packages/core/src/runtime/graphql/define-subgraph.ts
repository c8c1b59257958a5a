import type { DocumentNode } from 'graphql';
import type { IMiddlewareGenerator } from './shield-runtime.ts';
import {
  createSubgraphServer,
  type SubgraphLogger,
  type SubgraphRequest,
  type SubgraphResolvers,
  type SubgraphServer,
} from './subgraph-server.ts';
import { loadTypeDefs } from './type-defs.ts';
import type { Config } from '../config.ts';
import type { BaseContext } from '../viewer.ts';
import { subgraphOperationLimits } from './operation-limits.ts';

export interface SubgraphParts<TRuntime, TContext extends BaseContext> {
  readonly resolvers: SubgraphResolvers<TContext>;
  /** The shield, from `createPermissions(ruleTree)`. */
  readonly permissions: IMiddlewareGenerator<unknown, BaseContext, unknown>;
  /** Builds the per-request context from the process's runtime and the HTTP exchange. */
  readonly context: (runtime: TRuntime, request: SubgraphRequest) => Promise<TContext>;
}

export interface SubgraphDefinition<TRuntime> {
  /** Every `*.graphql` file of the subgraph's schema folder, as one document. */
  readonly typeDefs: DocumentNode;
  /** The subgraph's server for one process's runtime (its logger logs the server's errors). */
  create(runtime: TRuntime): SubgraphServer;
}

/**
 * One subgraph, declared the same way by all four: its name, its schema folder and the parts
 * `createSubgraphServer` puts together.
 */
export function defineSubgraph<
  TRuntime extends { readonly logger: SubgraphLogger; readonly config: Config },
  TContext extends BaseContext,
>(name: string, schemaDir: URL, parts: SubgraphParts<TRuntime, TContext>): SubgraphDefinition<TRuntime> {
  const typeDefs = loadTypeDefs(schemaDir);
  return {
    typeDefs,
    create: (runtime) =>
      createSubgraphServer({
        name,
        typeDefs,
        resolvers: parts.resolvers,
        permissions: parts.permissions,
        context: (request) => parts.context(runtime, request),
        logger: runtime.logger,
        // As at the gateway: the schema is shown only while a development explorer is on.
        introspection: runtime.config.sandbox || runtime.config.explorer,
        bodyLimit: runtime.config.bodyLimits.subgraphBytes,
        limits: subgraphOperationLimits(runtime.config.operationLimits),
        metrics: runtime.config,
      }),
  };
}

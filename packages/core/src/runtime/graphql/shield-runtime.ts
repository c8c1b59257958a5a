import { createRequire } from 'node:module';

/**
 * The one place graphql-shield and graphql-middleware are loaded. Import them from here, never
 * from the packages directly.
 *
 * Why they are loaded through `require`:
 * - The ESM build of graphql-shield 7.6.5 (the latest release) does
 *   `import { isUndefined } from 'util'`. Node 23 removed `util.isUndefined`, so on Node 24 any
 *   ESM `import 'graphql-shield'` fails at link time with a SyntaxError. Its CommonJS build only
 *   looks `util.isUndefined` up when `chain`/`race` run, so the rest of it works: those two are
 *   deliberately not re-exported (use `and`, which needs no ordering with rules that handle a
 *   missing viewer themselves, as ours do).
 * - `applyMiddleware` recognises the shield by `instanceof MiddlewareGenerator`, so it must come
 *   from the same graphql-middleware instance graphql-shield's CommonJS build requires; the ESM
 *   build of graphql-middleware is a different module instance and would not recognise it.
 * `graphql` itself has no `exports` map, so ESM and CJS code share one instance of it.
 */
const requireCjs = createRequire(import.meta.url);

type GraphQLShieldModule = typeof import('graphql-shield');
type GraphQLMiddlewareModule = typeof import('graphql-middleware');

const graphqlShield = requireCjs('graphql-shield') as GraphQLShieldModule;
const graphqlMiddleware = requireCjs('graphql-middleware') as GraphQLMiddlewareModule;

export const { shield, rule, allow, deny, and, or, not } = graphqlShield;
export const { applyMiddleware } = graphqlMiddleware;

export type { IRules, IRule } from 'graphql-shield';
export type { IMiddlewareGenerator, IMiddlewareTypeMap } from 'graphql-middleware';

// graphql-shield's package exports only its index, which does not name these; derived here.
/** A rule or a logic rule (`and`, `or`, `not`). */
export type ShieldRule = Parameters<GraphQLShieldModule['and']>[number];
/** `{ TypeName: rule | { fieldName: rule, '*'?: rule } }` */
export type RuleTypeMap = Exclude<import('graphql-shield').IRules, ShieldRule>;
export type RuleFieldMap = Exclude<RuleTypeMap[string], ShieldRule>;
/** What a rule function may return: `true`, `false` (fallback error) or an error to report. */
export type RuleResult = Awaited<ReturnType<import('graphql-shield').IRule['resolve']>>;

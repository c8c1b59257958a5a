import { buildSubgraphSchema } from '@apollo/subgraph';
import { createRequire } from 'node:module';
const req = createRequire(import.meta.url);
const { applyMiddleware } = req('graphql-middleware') as typeof import('graphql-middleware');
const { shield, allow, deny, rule } = req('graphql-shield') as typeof import('graphql-shield');
import { parse, graphql, isObjectType } from 'graphql';
const typeDefs = parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Query { hello: String }
type Widget @key(fields: "id") { id: ID! name: String! secret: String }`);
const resolvers = {
  Query: { hello: () => 'hi' },
  Widget: { __resolveReference: (ref: { id: string }) => { console.log('resolveReference called'); return { id: ref.id, name: 'w-' + ref.id, secret: 's' }; } },
};
const schema = buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
const authed = rule('authed')((_p, _a, ctx) => ctx.viewer ? true : new Error('UNAUTH'));
const perms = shield({ Query: { hello: allow, _entities: authed, _service: allow }, _Service: { sdl: allow }, Widget: { id: allow, name: allow } }, { fallbackRule: deny, allowExternalErrors: true });
const s2 = applyMiddleware(schema, perms);
const w1 = schema.getType('Widget'); const w2 = s2.getType('Widget');
console.log('orig ext', isObjectType(w1) && JSON.stringify(Object.keys(w1.extensions)), (w1 as any).resolveReference);
console.log('new ext', isObjectType(w2) && w2.extensions, (w2 as any).resolveReference);
const q = `query($r:[_Any!]!){ _entities(representations:$r){ ... on Widget { id name } } }`;
console.log(JSON.stringify(await graphql({ schema: s2, source: q, variableValues: { r: [{ __typename: 'Widget', id: '1' }] }, contextValue: { viewer: {} } })));
console.log(JSON.stringify(await graphql({ schema: s2, source: q, variableValues: { r: [{ __typename: 'Widget', id: '1' }] }, contextValue: { viewer: null } })));
console.log(JSON.stringify(await graphql({ schema: s2, source: `query($r:[_Any!]!){ _entities(representations:$r){ ... on Widget { secret } } }`, variableValues: { r: [{ __typename: 'Widget', id: '1' }] }, contextValue: { viewer: {} } })));
console.log(JSON.stringify(await graphql({ schema: s2, source: `{ _service { sdl } }`, contextValue: { } })).slice(0,200));

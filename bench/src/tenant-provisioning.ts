// The tenant subgraph's package exports only its server (`@tradesage/subgraph-tenant` -> server.ts),
// not provisionTenantWithUsers; until it does, the bench reaches the service file directly.
export { provisionTenantWithUsers } from '../../subgraphs/tenant/src/services/tenant-provisioning.service.ts';

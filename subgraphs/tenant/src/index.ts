import { startStandaloneSubgraph } from '@tradesage/core';
import { bootstrapPlatform, createTenantSubgraph, tenantJobs } from './server.ts';

// Run alone, the tenant subgraph also runs the tenant domain's jobs (retention purge).
await startStandaloneSubgraph(
  'tenant',
  (runtime) => {
    void bootstrapPlatform(runtime).catch((error: unknown) =>
      runtime.logger.error({ err: (error as Error).message }, 'platform bootstrap failed'),
    );
    return createTenantSubgraph(runtime);
  },
  tenantJobs,
);

import { startStandaloneSubgraph } from '@tradesage/core';
import { bootstrapPlatform, createTenantSubgraph } from './server.ts';

await startStandaloneSubgraph('tenant', (runtime) => {
  void bootstrapPlatform(runtime).catch((error: unknown) =>
    runtime.logger.error({ err: (error as Error).message }, 'platform bootstrap failed'),
  );
  return createTenantSubgraph(runtime);
});

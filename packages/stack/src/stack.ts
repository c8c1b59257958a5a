import {
  createRuntime,
  apiKeyJobs,
  oauthJobs,
  sessionJobs,
  startJobs,
  SUBGRAPH_NAMES,
  type Config,
  type Logger,
  type Runtime,
  type SubgraphName,
} from '@tradesage/core';
import { createGateway } from '@tradesage/gateway';
import { migrateAllTenants, migrateControl, type TenantMigrationReport } from '@tradesage/prisma';
import { createAuthSubgraph } from '@tradesage/subgraph-auth';
import { createSessionSubgraph } from '@tradesage/subgraph-session';
import { bootstrapPlatform, createTenantSubgraph, tenantJobs } from '@tradesage/subgraph-tenant';
import { createUserSubgraph } from '@tradesage/subgraph-user';

/** Where the in-process subgraphs listen: loopback only, whatever HOST says. */
const INTERNAL_HOST = '127.0.0.1';

export interface RunningStack {
  readonly runtime: Runtime;
  readonly gatewayUrl: string;
  readonly subgraphUrls: Readonly<Record<SubgraphName, string>>;
  readonly platformTenantId: string;
  readonly migrations: readonly TenantMigrationReport[];
  stop(): Promise<void>;
}

/**
 * Migrates, bootstraps the platform tenant, then starts the four subgraphs and the gateway
 * in this process, sharing one Runtime (one pg.Pool, one Redis connection).
 *
 * The gateway listens on GATEWAY_PORT (`ephemeralPorts`: any free port, for tests and benchmarks).
 * The subgraphs are internal to this process: the gateway is handed their URLs, so each takes a
 * free port on the loopback interface and the subgraph port settings (AUTH_PORT...) apply only to
 * a subgraph run as its own process. Nothing outside this machine can reach them, and no other
 * program's port can stop the stack from starting.
 */
export async function startStack(
  config: Config,
  options: { ephemeralPorts?: boolean; logger?: Logger } = {},
): Promise<RunningStack> {
  const runtime = await createRuntime(config, {
    name: 'tradesage',
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const stops: Array<() => Promise<void>> = [];
  try {
    await migrateControl(runtime.db.pool);
    // A new deployment's first look at Redis came before its control schema existed.
    await runtime.cache.verify();
    const migrations = await migrateAllTenants(runtime.db.pool);
    const failed = migrations.filter((m) => m.status === 'failed');
    if (failed.length > 0) throw new Error(`tenant migrations failed for ${failed.map((m) => m.slug).join(', ')}`);
    const platform = await bootstrapPlatform(runtime);
    await runtime.issuer();

    const factories = {
      auth: createAuthSubgraph,
      tenant: createTenantSubgraph,
      user: createUserSubgraph,
      session: createSessionSubgraph,
    } satisfies Record<SubgraphName, unknown>;
    const subgraphUrls = {} as Record<SubgraphName, string>;
    for (const name of SUBGRAPH_NAMES) {
      const server = await factories[name](runtime).start(0, INTERNAL_HOST, runtime.gatewayCredentials);
      stops.push(() => server.stop());
      subgraphUrls[name] = server.url;
    }
    const gateway = await createGateway(runtime, { subgraphUrls }).start(
      options.ephemeralPorts ? 0 : config.ports.gateway,
      config.host,
    );
    stops.push(() => gateway.stop());
    // Every domain's background jobs (session cleanup, tenant purge), each on one instance at a time.
    const jobs = startJobs(runtime, [
      ...sessionJobs(runtime),
      ...tenantJobs(runtime),
      ...apiKeyJobs(runtime),
      ...oauthJobs(runtime),
    ]);
    stops.push(async () => jobs.stop());
    return {
      runtime,
      gatewayUrl: gateway.url,
      subgraphUrls,
      platformTenantId: platform.tenantId,
      migrations,
      async stop() {
        for (const stop of stops.reverse()) await stop();
        await runtime.close();
      },
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    await runtime.close();
    throw error;
  }
}

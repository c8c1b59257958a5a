import type { SubgraphName } from './config.ts';
import type { GatewayCredentialVerifier } from './gateway-credential.ts';
import { startJobs, type Job } from './jobs.ts';
import { metrics } from './observability/metrics.ts';
import { loadConfigOrExit, stopOnSignals } from './process.ts';
import { createRuntime, type Runtime } from './runtime.ts';

interface Startable {
  start(
    port: number,
    host: string | undefined,
    gatewayCredentials: GatewayCredentialVerifier,
  ): Promise<{ url: string; stop(): Promise<void> }>;
}

/**
 * Runs one subgraph as its own process (a production deployment runs each subgraph
 * separately), with the background jobs of the domains it serves (`jobs`: e.g. the session
 * subgraph's `sessionJobs`; each runs on one instance at a time). It needs DATABASE_URL; the
 * embedded default is `npm start` at the root.
 */
export async function startStandaloneSubgraph(
  name: SubgraphName,
  create: (runtime: Runtime) => Startable,
  jobs: (runtime: Runtime) => readonly Job[] = () => [],
): Promise<void> {
  const config = loadConfigOrExit();
  const runtime = await createRuntime(config, { name: `subgraph-${name}` });
  // This process's breakers of Postgres and Redis, on its own /metrics (the gateway reports its own).
  metrics.reportDependencyBreakers(runtime.dependencies);
  const server = await create(runtime).start(config.ports[name], config.host, runtime.gatewayCredentials);
  runtime.logger.info({ url: server.url }, `${name} subgraph ready`);
  const running = startJobs(runtime, jobs(runtime));
  stopOnSignals(runtime.logger, async () => {
    running.stop();
    await server.stop();
    await runtime.close();
  });
}

import type { SubgraphName } from './config.ts';
import type { GatewayCredentialVerifier } from './gateway-credential.ts';
import { loadConfigOrExit, stopOnSignals } from './process.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { startSessionCleanup } from '../domains/sessions/jobs/session-cleanup.job.ts';

interface Startable {
  start(
    port: number,
    host: string | undefined,
    gatewayCredentials: GatewayCredentialVerifier,
  ): Promise<{ url: string; stop(): Promise<void> }>;
}

/**
 * Runs one subgraph as its own process (a production deployment runs each subgraph
 * separately). It needs DATABASE_URL; the embedded default is `npm start` at the root.
 */
export async function startStandaloneSubgraph(
  name: SubgraphName,
  create: (runtime: Runtime) => Startable,
): Promise<void> {
  const config = loadConfigOrExit();
  const runtime = await createRuntime(config, { name: `subgraph-${name}` });
  const server = await create(runtime).start(config.ports[name], config.host, runtime.gatewayCredentials);
  runtime.logger.info({ url: server.url }, `${name} subgraph ready`);
  // The session subgraph, run alone, owns the session cleanup job (one instance at a time).
  const sessionCleanup = name === 'session' ? startSessionCleanup(runtime) : undefined;
  stopOnSignals(runtime.logger, async () => {
    sessionCleanup?.stop();
    await server.stop();
    await runtime.close();
  });
}

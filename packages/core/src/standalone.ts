import { loadConfig, type SubgraphName } from './config.ts';
import { createRuntime, type Runtime } from './runtime.ts';

interface Startable {
  start(port: number, host?: string): Promise<{ url: string; stop(): Promise<void> }>;
}

/**
 * Runs one subgraph as its own process (a production deployment runs each subgraph
 * separately). It needs DATABASE_URL; the embedded default is `npm start` at the root.
 */
export async function startStandaloneSubgraph(name: SubgraphName, create: (runtime: Runtime) => Startable): Promise<void> {
  const config = loadConfig();
  const runtime = await createRuntime(config, { name: `subgraph-${name}` });
  const server = await create(runtime).start(config.ports[name], config.host);
  runtime.logger.info({ url: server.url }, `${name} subgraph ready`);
  const shutdown = async (signal: string) => {
    runtime.logger.info({ signal }, 'shutting down');
    await server.stop();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', (s) => void shutdown(s));
  process.once('SIGTERM', (s) => void shutdown(s));
}

import { ConfigError, createRuntime, loadConfig, type Config } from '@tradesage/core';
import { createGateway } from './server.ts';

/** Runs the gateway as its own process. Builds nothing itself: see server.ts. */
let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const runtime = await createRuntime(config, { name: 'gateway' });
const server = await createGateway(runtime).start(config.ports.gateway, config.host);
runtime.logger.info({ url: server.url, sandbox: config.sandbox }, 'gateway ready');

/** Lets in-flight requests finish, then closes Postgres and Redis; a second signal forces the exit. */
let stopping = false;
const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
  if (stopping) {
    runtime.logger.warn({ signal }, 'second signal: exiting now');
    process.exit(1);
  }
  stopping = true;
  runtime.logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => {
    runtime.logger.error('shutdown took too long: exiting');
    process.exit(1);
  }, 15_000);
  force.unref();
  try {
    await server.stop();
    await runtime.close();
    process.exit(0);
  } catch (error) {
    runtime.logger.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
};
process.on('SIGINT', (signal) => void shutdown(signal));
process.on('SIGTERM', (signal) => void shutdown(signal));

import { createRuntime, loadConfigOrExit, stopOnSignals } from '@tradesage/core';
import { createGateway } from './server.ts';

/** Runs the gateway as its own process. Builds nothing itself: see server.ts. */
const config = loadConfigOrExit();
const runtime = await createRuntime(config, { name: 'gateway' });
const server = await createGateway(runtime).start(config.ports.gateway, config.host);
runtime.logger.info({ url: server.url, sandbox: config.sandbox, explorer: config.explorer }, 'gateway ready');
stopOnSignals(runtime.logger, async () => {
  await server.stop();
  await runtime.close();
});

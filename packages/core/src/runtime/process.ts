import net from 'node:net';
import { ConfigError, loadConfig, type Config } from './config.ts';
import type { Logger } from './logger.ts';

/** Entry points' config loading: a bad environment prints every problem and exits 1, no stack. */
export function loadConfigOrExit(source?: Record<string, string | undefined>): Config {
  try {
    return loadConfig(source);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * On SIGINT/SIGTERM lets in-flight requests finish, then runs `stop` (servers, Postgres, Redis);
 * gives up after 15 s, and a second signal exits at once.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long: exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await stop();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));
}

/** A port an entry point is about to listen on, and the setting that chooses it. */
export interface PlannedPort {
  readonly port: number;
  readonly host: string;
  readonly setting: string;
}

/** Whether `host:port` can be bound now (port 0 always can). */
export function portIsFree(port: number, host: string): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The one line a person needs when a port is taken: which port, and which setting moves it. */
export function portInUseMessage({ port, host, setting }: PlannedPort): string {
  return `Port ${port} on ${host} is already in use by another program: set ${setting} to a free port (e.g. ${setting}=${port + 100}) and start again.`;
}

/**
 * Checks every port an entry point will listen on before it writes or starts anything; a busy
 * one prints one line naming the setting to change and exits 1.
 */
export async function exitIfPortsBusy(ports: readonly PlannedPort[]): Promise<void> {
  const busy: PlannedPort[] = [];
  for (const planned of ports) if (!(await portIsFree(planned.port, planned.host))) busy.push(planned);
  if (busy.length === 0) return;
  for (const planned of busy) console.error(portInUseMessage(planned));
  process.exit(1);
}

/** True for the error `listen` rejects with when the port was taken after the check (a race). */
export function isPortInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}

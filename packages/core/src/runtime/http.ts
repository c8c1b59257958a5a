import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** HTTP plumbing shared by the gateway and the subgraph servers. */

/** Resolves once the server listens; rejects with the bind error (port taken, ...). */
export function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const onListening = (): void => {
      server.off('error', reject);
      resolve();
    };
    if (host === undefined) server.listen(port, onListening);
    else server.listen(port, host, onListening);
  });
}

/** The host part of a URL for a bound address (wildcards become localhost, IPv6 is bracketed). */
export function urlHost(host: string | undefined): string {
  if (host === undefined || host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** The HTTP status an express/body-parser error asks for, else 500. */
export function readHttpStatus(error: unknown): number {
  if (typeof error !== 'object' || error === null) return 500;
  const status: unknown = (error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : 500;
}

export interface ServedGraphQL {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Listens, and returns the GraphQL URL and a stop that runs `stopApp` (Apollo's drain closes the
 * server once in-flight requests are answered) then closes the server if it is still open.
 * A failed bind runs `stopApp` too, so nothing started is left behind.
 */
export async function serveGraphQL(
  httpServer: Server,
  port: number,
  host: string | undefined,
  stopApp: () => Promise<void>,
): Promise<ServedGraphQL> {
  try {
    await listen(httpServer, port, host);
  } catch (error) {
    await stopApp();
    throw error;
  }
  const address = httpServer.address() as AddressInfo;
  return {
    url: `http://${urlHost(host)}:${address.port}/graphql`,
    port: address.port,
    async stop() {
      await stopApp();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

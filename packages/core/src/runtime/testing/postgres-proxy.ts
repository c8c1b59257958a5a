import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of the test PostgreSQL, so a test can take the database away
 * from a stack while the server itself keeps running for everything else:
 *
 * - `cut()`: every open connection is destroyed and new ones are refused (a crash, a partition
 *   with resets);
 * - `stall()`: nothing is forwarded any more, either way, on open connections and on new ones,
 *   which are accepted and then left silent (a black hole: the server seems to be there and never
 *   answers);
 * - `heal()`: new connections go through again (stalled ones are dropped: a stall that ends
 *   leaves nothing half-read behind).
 *
 * `close()` destroys every socket it opened and stops listening.
 */
export class PostgresProxy {
  readonly #sockets = new Set<net.Socket>();
  readonly #pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  readonly #server: net.Server;
  readonly #target: { host: string; port: number };
  #mode: 'open' | 'cut' | 'stalled' = 'open';
  port = 0;

  private constructor(target: { host: string; port: number }) {
    this.#target = target;
    this.#server = net.createServer((client) => this.#accept(client));
  }

  /** Listens on a free port of 127.0.0.1, forwarding to the server of `databaseUrl`. */
  static async start(databaseUrl: string): Promise<PostgresProxy> {
    const url = new URL(databaseUrl);
    const proxy = new PostgresProxy({ host: url.hostname || '127.0.0.1', port: Number(url.port || 5432) });
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.#server.address() as net.AddressInfo).port;
    return proxy;
  }

  /** `databaseUrl` (same database, user and options) reached through this proxy. */
  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  cut(): void {
    this.#mode = 'cut';
    for (const socket of this.#sockets) socket.destroy();
  }

  stall(): void {
    this.#mode = 'stalled';
    for (const { client, upstream } of this.#pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  heal(): void {
    if (this.#mode === 'stalled') for (const socket of this.#sockets) socket.destroy();
    this.#mode = 'open';
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #track(socket: net.Socket): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => undefined);
  }

  #accept(client: net.Socket): void {
    if (this.#mode === 'cut') {
      client.destroy();
      return;
    }
    this.#track(client);
    if (this.#mode === 'stalled') {
      // Accepted, never answered: read nothing, send nothing.
      client.pause();
      return;
    }
    const upstream = net.connect(this.#target.port, this.#target.host);
    this.#track(upstream);
    const pair = { client, upstream };
    this.#pairs.add(pair);
    client.pipe(upstream).pipe(client);
    const end = () => {
      this.#pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  }
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pooledSubgraphFetch } from './subgraph-http.ts';

let url: string;
const connections: Array<{ closed: boolean }> = [];
let open = 0;
let maxOpen = 0;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    open++;
    maxOpen = Math.max(maxOpen, open);
    setTimeout(() => {
      open--;
      res.setHeader('content-type', 'application/json');
      res.appendHeader('set-cookie', 'a=1; Path=/');
      res.appendHeader('set-cookie', 'b=2; Path=/');
      res.end(JSON.stringify({ echo: body, header: req.headers['x-test'] ?? null }));
    }, 20);
  });
});

server.on('connection', (socket) => {
  const connection = { closed: false };
  connections.push(connection);
  socket.once('close', () => (connection.closed = true));
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('pooledSubgraphFetch', () => {
  it('answers like fetch: status, JSON body, request headers, each Set-Cookie on its own', async () => {
    const pool = pooledSubgraphFetch({ maxSockets: 4 });
    const response = await pool.fetch(url, {
      method: 'POST',
      headers: { 'x-test': 'yes', 'content-type': 'application/json' },
      body: '{"q":1}',
    });
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(await response.json()).toEqual({ echo: '{"q":1}', header: 'yes' });
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    pool.close();
  });

  it('never has more than maxSockets calls in flight to one subgraph; the rest wait their turn', async () => {
    const pool = pooledSubgraphFetch({ maxSockets: 3 });
    maxOpen = 0;
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        pool.fetch(url, { method: 'POST', body: String(i) }).then((r) => r.json() as Promise<{ echo: string }>),
      ),
    );
    expect(answers.map((a) => a.echo)).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
    expect(maxOpen).toBe(3);
    pool.close();
  });

  it('gives up at the signal, with its reason', async () => {
    const pool = pooledSubgraphFetch({ maxSockets: 1 });
    const error = await pool
      .fetch(url, { method: 'POST', body: 'x', signal: AbortSignal.timeout(5) })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    pool.close();
  });

  it('reuses an idle connection, and closes it itself once idle for idleSocketMs', async () => {
    const pool = pooledSubgraphFetch({ maxSockets: 1, idleSocketMs: 300 });
    const before = connections.length;
    await (await pool.fetch(url, { method: 'POST', body: 'a' })).json();
    // The socket goes back to the pool on the next tick after the answer ends.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await (await pool.fetch(url, { method: 'POST', body: 'b' })).json();
    const opened = connections.slice(before);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.closed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 700));
    // The server keeps connections open far longer (SERVER_KEEP_ALIVE_MS): the pool closed it.
    expect(opened[0]?.closed).toBe(true);
    pool.close();
  });
});

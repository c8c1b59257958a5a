import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on loopback standing in for one subgraph in front of a gateway. `stall`: it
 * accepts every connection and request and never answers (a hung process, a full accept queue
 * behind a proxy); `relay`: it passes each request to the real subgraph at `target` and its
 * answer back (the subgraph has recovered). `calls` counts the GraphQL requests that reached it,
 * whatever the mode; health probes (`GET /health`) are not counted.
 */
export interface StandInSubgraph {
  /** `http://127.0.0.1:<port>/graphql` */
  readonly url: string;
  readonly calls: number;
  mode: 'stall' | 'relay';
  close(): Promise<void>;
}

/** Hop-by-hop and framing headers, which belong to each connection and are not relayed. */
const CONNECTION_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

export async function startStandInSubgraph(target: string): Promise<StandInSubgraph> {
  let calls = 0;
  let mode: StandInSubgraph['mode'] = 'stall';
  const server = createServer((req, res) => {
    if (req.method === 'POST') calls += 1;
    if (mode === 'stall') return;
    relay(req, res, new URL(req.url ?? '/', target)).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    get calls() {
      return calls;
    },
    get mode() {
      return mode;
    },
    set mode(value) {
      mode = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Stalled requests hold their connections open: end them so the server can close.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function relay(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !CONNECTION_HEADERS.has(name)) headers.set(name, String(value));
  }
  const answer = await fetch(url, {
    method: req.method ?? 'GET',
    headers,
    ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
  });
  const body = Buffer.from(await answer.arrayBuffer());
  const out: Record<string, string | string[]> = {};
  answer.headers.forEach((value, name) => {
    if (!CONNECTION_HEADERS.has(name) && name !== 'set-cookie' && name !== 'content-encoding') out[name] = value;
  });
  const cookies = answer.headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  res.writeHead(answer.status, out);
  res.end(body);
}

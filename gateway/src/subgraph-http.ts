import http from 'node:http';
import https from 'node:https';
import { SUBGRAPH_IDLE_SOCKET_MS } from '@tradesage/core';

/**
 * `fetch` for subgraph calls over keep-alive connections, at most `maxSockets` per subgraph; the
 * calls beyond wait in this process, first come first served. Global fetch would open one new
 * connection per concurrent call: a burst of a thousand logins became a thousand simultaneous
 * connects to the auth subgraph, overflowing its listen backlog, and connects retried by the
 * kernel (1 s, 3 s, 7 s, 15 s) outlived the subgraph timeout. Bounding the connections bounds what
 * one gateway can throw at a subgraph, and waiting here is cheap.
 */
export function pooledSubgraphFetch(options: { maxSockets: number; idleSocketMs?: number }): {
  fetch: typeof fetch;
  close(): void;
} {
  // An idle connection is closed here before the subgraph closes it (see SERVER_KEEP_ALIVE_MS).
  const pool = {
    keepAlive: true,
    maxSockets: options.maxSockets,
    timeout: options.idleSocketMs ?? SUBGRAPH_IDLE_SOCKET_MS,
  };
  const agents = { 'http:': new http.Agent(pool), 'https:': new https.Agent(pool) };
  const call = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
    const request = protocol === 'https:' ? https.request : http.request;
    return new Promise<Response>((resolve, reject) => {
      const req = request(
        url,
        {
          method: init?.method ?? 'GET',
          headers: plainHeaders(init?.headers),
          agent: agents[protocol],
          ...(init?.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (Array.isArray(value)) for (const one of value) headers.append(name, one);
              else if (value !== undefined) headers.set(name, value);
            }
            const status = res.statusCode ?? 502;
            const body = [101, 204, 205, 304].includes(status) ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status, statusText: res.statusMessage ?? '', headers }));
          });
        },
      );
      req.on('error', (error) => reject(init?.signal?.aborted ? (init.signal.reason as Error) : error));
      req.end(typeof init?.body === 'string' ? init.body : undefined);
    });
  };
  return {
    fetch: call as typeof fetch,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers);
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  return { ...(headers as Record<string, string>) };
}

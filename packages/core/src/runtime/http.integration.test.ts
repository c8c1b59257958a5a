import { createServer } from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { SERVER_KEEP_ALIVE_MS, serveGraphQL } from './http.ts';

/** Sends `request` on the socket and resolves with the first chunk of the answer ('' if the socket closed first). */
function exchange(socket: net.Socket, request: string): Promise<string> {
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => done(chunk.toString());
    const onClose = () => done('');
    const done = (answer: string) => {
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(answer);
    };
    socket.once('data', onData);
    socket.once('close', onClose);
    socket.write(request);
  });
}

describe('serveGraphQL', () => {
  it('keeps an idle keep-alive connection open past the 5 s Node would close it at', async () => {
    expect(SERVER_KEEP_ALIVE_MS).toBeGreaterThan(60_000);
    const served = await serveGraphQL(
      createServer((_req, res) => res.end('ok')),
      0,
      '127.0.0.1',
      async () => {},
    );
    const socket = net.connect(served.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const request = 'GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n';
    expect(await exchange(socket, request)).toMatch(/^HTTP\/1\.1 200/);
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    expect(await exchange(socket, request)).toMatch(/^HTTP\/1\.1 200/);
    socket.destroy();
    await served.stop();
  }, 15_000);
});

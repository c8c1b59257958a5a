import crypto from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { startHttpReceiver, type HttpReceiver } from '../testing/http-receiver.ts';
import { currentRequestId } from './request-scope.ts';
import { requestScope, startTracing, withClientSpan } from './tracing.ts';

let collector: HttpReceiver;
const logger = createLogger({ level: 'silent', name: 'test' });

beforeAll(async () => {
  collector = await startHttpReceiver();
});
afterAll(() => collector.close());

/** A one-route app: the request scope, then a handler reporting its request id and the headers a client span would send. */
async function withApp<T>(continueIncomingTrace: boolean, use: (url: string) => Promise<T>): Promise<T> {
  const app = express();
  app.get(
    '/work',
    requestScope({
      name: 'test /work',
      requestId: (req) => String(req.headers['x-request-id']),
      continueIncomingTrace,
    }),
    async (_req, res) => {
      const headers = await withClientSpan(
        'fetch test',
        {},
        async (traceHeaders) => traceHeaders,
        () => ({ error: false }),
      );
      res.json({ requestId: currentRequestId(), headers });
    },
  );
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}/work`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

function exportedSpanCount(): number {
  return collector.requests
    .filter((request) => request.path === '/v1/traces')
    .reduce((count, request) => count + (request.body.match(/"spanId"/g)?.length ?? 0), 0);
}

describe('tracing', () => {
  it('is off without an endpoint: requests still get their scope, calls get no trace header', async () => {
    const tracing = startTracing(loadConfig({}), 'test', logger);
    expect(tracing.enabled).toBe(false);
    const body = await withApp(true, async (url) =>
      (await fetch(url, { headers: { 'x-request-id': 'r-off' } })).json(),
    );
    expect(body).toEqual({ requestId: 'r-off', headers: {} });
  });

  it('continues the caller trace between our services, names the service and stamps the request id', async () => {
    const tracing = startTracing(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'svc-under-test' }),
      'test',
      logger,
    );
    try {
      const traceId = crypto.randomBytes(16).toString('hex');
      const parent = crypto.randomBytes(8).toString('hex');
      const body = (await withApp(true, async (url) =>
        (await fetch(url, { headers: { 'x-request-id': 'r-on', traceparent: `00-${traceId}-${parent}-01` } })).json(),
      )) as { headers: { traceparent?: string } };
      // The outgoing call continues the same trace from a span of its own.
      expect(body.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      await tracing.flush();
      const exported = collector.requests.map((request) => request.body).join('\n');
      expect(exported).toContain(traceId);
      expect(exported).toContain(parent);
      expect(exported).toContain('svc-under-test');
      expect(exported).toContain('"r-on"');
    } finally {
      await tracing.shutdown();
    }
  });

  it('records no new trace with TRACE_SAMPLE_RATIO=0', async () => {
    const before = exportedSpanCount();
    const tracing = startTracing(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, TRACE_SAMPLE_RATIO: '0' }),
      'test',
      logger,
    );
    try {
      const body = (await withApp(false, async (url) =>
        (await fetch(url, { headers: { 'x-request-id': 'r-unsampled' } })).json(),
      )) as { headers: { traceparent?: string } };
      // Still propagated, marked not sampled.
      expect(body.headers.traceparent).toMatch(/-00$/);
      await tracing.flush();
      expect(exportedSpanCount()).toBe(before);
    } finally {
      await tracing.shutdown();
    }
  });

  it('logs a failed export as a warning and never fails the request', async () => {
    const refusing = await startHttpReceiver({ status: 500 });
    const lines: string[] = [];
    const capturing = createLogger({ level: 'info', name: 'test', destination: { write: (line) => lines.push(line) } });
    const tracing = startTracing(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: refusing.url }), 'test', capturing);
    try {
      const response = await withApp(false, (url) => fetch(url, { headers: { 'x-request-id': 'r-refused' } }));
      expect(response.status).toBe(200);
      await tracing.flush();
      await refusing.waitFor('/v1/traces');
      expect(lines.some((line) => line.includes('tracing: export problem'))).toBe(true);
    } finally {
      await tracing.shutdown();
      await refusing.close();
    }
  });
});

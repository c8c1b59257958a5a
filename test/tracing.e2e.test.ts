import crypto from 'node:crypto';
import { createLogger } from '@tradesage/core';
import { describe, expect, it } from 'vitest';
import { MeDocument } from '@tradesage/client';
import { dataOf, startTestStack, useHttpReceiver, useTestStack } from './support/fixtures.ts';

/**
 * OpenTelemetry across the gateway and the subgraphs: with OTEL_EXPORTER_OTLP_ENDPOINT set, a
 * federated `me` is one trace (W3C traceparent from the gateway's fetch spans to each subgraph),
 * every span carries the request id, and the spans reach an OTLP/HTTP receiver on loopback.
 */

interface OtlpAttribute {
  readonly key: string;
  readonly value: { readonly stringValue?: string; readonly intValue?: string | number };
}
interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes?: readonly OtlpAttribute[];
  readonly links?: ReadonlyArray<{ readonly traceId: string; readonly spanId: string }>;
}
interface ExportedSpan extends OtlpSpan {
  readonly service: string | undefined;
}

const SERVICE_NAME = `tradesage-trace-test-${crypto.randomBytes(3).toString('hex')}`;
const collector = useHttpReceiver();
const logLines: string[] = [];
const logger = createLogger({
  level: 'info',
  name: 'tradesage',
  destination: { write: (line) => logLines.push(line) },
});

const [t, tenant] = useTestStack(
  () =>
    startTestStack({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: `${collector.url}/otlp/`, OTEL_SERVICE_NAME: SERVICE_NAME },
      logger,
    }),
  { prefix: 'traced' },
);

/** Every span the receiver got so far, with the service.name of its resource. */
function exportedSpans(): ExportedSpan[] {
  return collector.requests
    .filter((request) => request.path === '/otlp/v1/traces')
    .flatMap((request) => {
      const body = JSON.parse(request.body) as {
        resourceSpans: Array<{
          resource?: { attributes?: OtlpAttribute[] };
          scopeSpans: Array<{ spans?: OtlpSpan[] }>;
        }>;
      };
      return body.resourceSpans.flatMap((resource) => {
        const service = attribute(resource.resource?.attributes, 'service.name');
        return resource.scopeSpans.flatMap((scope) => (scope.spans ?? []).map((span) => ({ ...span, service })));
      });
    });
}

function attribute(attributes: readonly OtlpAttribute[] | undefined, key: string): string | undefined {
  const value = attributes?.find((each) => each.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : String(value.intValue));
}

async function spansOfRequest(requestId: string, atLeast: number): Promise<ExportedSpan[]> {
  const until = Date.now() + 15_000;
  for (;;) {
    await t.stack.runtime.tracing.flush();
    const spans = exportedSpans().filter((span) => attribute(span.attributes, 'request.id') === requestId);
    if (spans.length >= atLeast || Date.now() > until) return spans;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('traces', () => {
  it('makes a federated me one trace spanning the gateway and every subgraph it calls, each span with the request id', async () => {
    const requestId = `trace-${crypto.randomUUID()}`;
    // A client's own trace context is linked, never continued: no client picks our trace ids or sampling.
    const clientTraceId = crypto.randomBytes(16).toString('hex');
    const clientParent = `00-${clientTraceId}-${crypto.randomBytes(8).toString('hex')}-01`;
    const res = await t.request(
      MeDocument,
      {},
      { token: tenant.admin.token, headers: { 'x-request-id': requestId, traceparent: clientParent } },
    );
    expect(dataOf(res).me?.tenant?.slug).toBe(tenant.slug);

    const spans = await spansOfRequest(requestId, 8);
    const traceIds = new Set(spans.map((span) => span.traceId));
    expect(traceIds.size).toBe(1);
    expect(traceIds.has(clientTraceId)).toBe(false);

    const root = spans.find((span) => span.name === 'gateway /graphql');
    expect(root).toBeDefined();
    expect(root?.parentSpanId ?? '').toBe('');
    expect(root?.links?.[0]?.traceId).toBe(clientTraceId);
    expect(attribute(root?.attributes, 'graphql.operation.type')).toBe('query');
    expect(attribute(root?.attributes, 'graphql.operation.name')).toBe('Me');
    expect(attribute(root?.attributes, 'http.response.status_code')).toBe('200');

    // Apollo Gateway's query planning (the first request of this operation: not cached yet) sits
    // under the request span; its spans that would repeat ours or say little (request, validate,
    // execute, fetch, post-processing) are not recorded, and the subgraph calls hang from the
    // request span directly.
    const names = spans.map((span) => span.name);
    expect(names).toContain('gateway.plan');
    for (const repeated of [
      'gateway.request',
      'gateway.validate',
      'gateway.execute',
      'gateway.fetch',
      'gateway.postprocessing',
    ])
      expect(names).not.toContain(repeated);
    const gatewaySpans = spans.filter((span) => span.name.startsWith('gateway.') || span.name.startsWith('fetch '));
    expect(gatewaySpans.length).toBe(4);
    for (const span of gatewaySpans) expect(span.parentSpanId).toBe(root?.spanId);

    // Each subgraph's server span is the child of the gateway's fetch span for it, in the same trace.
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const served = spans.filter((span) => span.name.startsWith('subgraph '));
    const subgraphs = new Set(served.map((span) => attribute(span.attributes, 'tradesage.subgraph')));
    expect([...subgraphs].sort()).toEqual(['session', 'tenant', 'user']);
    for (const span of served) {
      const parent = byId.get(span.parentSpanId ?? '');
      expect(parent?.name).toBe(`fetch ${attribute(span.attributes, 'tradesage.subgraph')}`);
      expect(attribute(parent?.attributes, 'http.response.status_code')).toBe('200');
    }

    // The request id is on every span of the request, Apollo's included; the configured service name on the resource.
    expect(spans.every((span) => attribute(span.attributes, 'request.id') === requestId)).toBe(true);
    expect(new Set(spans.map((span) => span.service))).toEqual(new Set([SERVICE_NAME]));

    // The request's log line names its trace.
    const logged = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line['msg'] === 'graphql operation' && line['requestId'] === requestId);
    expect(logged?.['traceId']).toBe(root?.traceId);
  });

  it('sends no document, variable, header or token with the spans', async () => {
    const requestId = `trace-${crypto.randomUUID()}`;
    await t.request(MeDocument, {}, { token: tenant.admin.token, headers: { 'x-request-id': requestId } });
    await spansOfRequest(requestId, 8);
    const exported = collector.requests.map((request) => request.body).join('\n');
    expect(exported).not.toContain(tenant.admin.token);
    expect(exported).not.toContain(tenant.admin.token.split('.')[2]);
    expect(exported).not.toContain('sessions {');
    expect(exported.toLowerCase()).not.toContain('authorization');
  });
});

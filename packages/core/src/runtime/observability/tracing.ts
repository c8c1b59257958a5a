import {
  context,
  diag,
  DiagLogLevel,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  INVALID_SPAN_CONTEXT,
  type Link,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config.ts';
import { currentRequestId, runInRequestScope } from './request-scope.ts';

/**
 * OpenTelemetry traces across the gateway and the subgraphs, W3C Trace Context (`traceparent`)
 * between them, exported over OTLP/HTTP (JSON) to `OTEL_EXPORTER_OTLP_ENDPOINT`/v1/traces.
 *
 * Spans are made here by hand, not by auto-instrumentation (its require hooks do not see ES
 * modules run by tsx): one SERVER span per request at the gateway and at each subgraph, one CLIENT
 * span per subgraph call (whose context the call carries), and Apollo Gateway's own spans
 * (`gateway.plan`, `gateway.fetch`, ...) in between. Every span carries the request id.
 *
 * Without an endpoint nothing is registered: the API's no-op tracer answers, requests only enter
 * their request scope, and no header is added to subgraph calls.
 */
export interface Tracing {
  readonly enabled: boolean;
  /** Exports the spans ended so far (tests, and before a process exits). */
  flush(): Promise<void>;
  /** Flushes, then unregisters the provider (a later runtime in the same process may register its own). */
  shutdown(): Promise<void>;
}

/** The span attribute naming the request (the same id as the `X-Request-Id` header and the log lines). */
export const REQUEST_ID_ATTRIBUTE = 'request.id';

const TRACER_NAME = '@tradesage/core';

let active = false;

/** Whether this process exports traces (a provider is registered). */
export function tracingEnabled(): boolean {
  return active;
}

let cachedTracer: Tracer | undefined;

/** This process's tracer (looked up once per registered provider: every span asks for it). */
export function tracer(): Tracer {
  return (cachedTracer ??= trace.getTracer(TRACER_NAME));
}

/** Stamps the request id of the current request on every span that starts, Apollo Gateway's included. */
const requestIdOnEverySpan: SpanProcessor = {
  onStart(span) {
    const requestId = currentRequestId();
    if (requestId) span.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
  },
  onEnd() {},
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

const DISABLED: Tracing = Object.freeze({
  enabled: false,
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
});

/**
 * Registers this process's tracer provider when `config.tracing.endpoint` is set. One provider
 * per process: in `npm start` the gateway and the subgraphs share it (each span says which one
 * made it); a process that already has one keeps it.
 */
export function startTracing(
  config: Pick<Config, 'tracing'>,
  serviceName: string,
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void },
): Tracing {
  const settings = config.tracing;
  if (!settings.endpoint) return DISABLED;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName ?? serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRatio) }),
    spanProcessors: [
      requestIdOnEverySpan,
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${settings.endpoint.replace(/\/$/, '')}/v1/traces` })),
    ],
  });
  if (!trace.setGlobalTracerProvider(withoutRepeatedSpans(provider))) {
    logger.warn({}, 'tracing: this process already has a tracer provider; keeping it');
    void provider.shutdown();
    return DISABLED;
  }
  // The SDK reports failed exports through its diagnostic logger: they reach our log as warnings.
  const report = (message: string) => logger.warn({ detail: message.slice(0, 300) }, 'tracing: export problem');
  diag.setLogger(
    { error: report, warn: report, info: () => {}, debug: () => {}, verbose: () => {} },
    DiagLogLevel.WARN,
  );
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  active = true;
  cachedTracer = undefined;
  logger.info({ endpoint: settings.endpoint, sampleRatio: settings.sampleRatio }, 'tracing: exporting over OTLP/HTTP');
  // A collector that is down never fails a request, a flush or a shutdown: the spans are lost, and logged.
  const settle = (done: Promise<void>) =>
    done.catch((error: unknown) => report(error instanceof Error ? error.message : String(error)));
  return {
    enabled: true,
    flush: () => settle(provider.forceFlush()),
    async shutdown() {
      active = false;
      cachedTracer = undefined;
      await settle(provider.shutdown());
      trace.disable();
      context.disable();
      propagation.disable();
      diag.disable();
    },
  };
}

export interface RequestSpanOptions {
  /** The span's name, e.g. `POST /graphql` or `subgraph auth`. */
  readonly name: string;
  readonly requestId: (req: Request, res: Response) => string;
  readonly attributes?: Attributes;
  /**
   * Whether the caller's `traceparent` continues its trace. Only between our own services (a
   * subgraph, behind the gateway's credential); the public edge starts a trace of its own and
   * links the client's, so no client chooses our trace ids or whether we sample.
   */
  readonly continueIncomingTrace: boolean;
}

/**
 * Express middleware: runs the rest of the request in its request scope and, with tracing on,
 * inside a SERVER span that ends when the response is sent. Mount it after the body parser.
 */
export function requestScope(options: RequestSpanOptions) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const requestId = options.requestId(req, res);
    if (!active) {
      runInRequestScope(requestId, next);
      return;
    }
    const incoming = propagation.extract(ROOT_CONTEXT, req.headers);
    const parent = options.continueIncomingTrace ? incoming : ROOT_CONTEXT;
    const link = options.continueIncomingTrace ? undefined : linkTo(incoming);
    runInRequestScope(requestId, () => {
      const span = tracer().startSpan(
        options.name,
        {
          kind: SpanKind.SERVER,
          attributes: { 'http.request.method': req.method, 'url.path': req.path, ...options.attributes },
          ...(link ? { links: [link] } : {}),
        },
        parent,
      );
      res.once('close', () => {
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
      context.with(trace.setSpan(parent, span), next);
    });
  };
}

function linkTo(incoming: Context): Link | undefined {
  const spanContext = trace.getSpanContext(incoming);
  return spanContext && trace.isSpanContextValid(spanContext) ? { context: spanContext } : undefined;
}

/**
 * Runs `call` inside a CLIENT span and hands it the headers (`traceparent`) that continue the
 * trace in the service called. Without tracing, `call` gets no headers and nothing is recorded.
 */
export async function withClientSpan<T>(
  name: string,
  attributes: Attributes,
  call: (traceHeaders: Record<string, string>) => Promise<T>,
  describe: (result: T) => { error: boolean; attributes?: Attributes },
): Promise<T> {
  if (!active) return call({});
  // Nothing inside the call starts spans of its own: the span is only carried in the headers, not
  // made the active one (no context switch per subgraph call).
  const span: Span = tracer().startSpan(name, { kind: SpanKind.CLIENT, attributes });
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), headers);
  try {
    const result = await call(headers);
    const outcome = describe(result);
    if (outcome.attributes) span.setAttributes(outcome.attributes);
    if (outcome.error) span.setStatus({ code: SpanStatusCode.ERROR });
    return result;
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
    throw error;
  } finally {
    span.end();
  }
}

/** Sets attributes on the span of the current request, if one is recording (operation type and name). */
export function annotateActiveSpan(attributes: Attributes): void {
  if (active) trace.getActiveSpan()?.setAttributes(attributes);
}

/**
 * Apollo Gateway's spans that repeat ours or say little: `gateway.request` and `gateway.execute`
 * lie inside the request's SERVER span, each `gateway.fetch` around the CLIENT span of its
 * subgraph call, `gateway.postprocessing` is a few microseconds, and `gateway.validate` checks a
 * document Apollo Server has validated already (a refusal shows on the SERVER span as
 * `tradesage.outcome` and in the answer). They are not recorded: the span handed to Apollo carries
 * its parent's context, so what Apollo starts inside (our CLIENT spans) hangs from the SERVER
 * span. Every request would otherwise pay for five more spans. `gateway.plan` is kept: Apollo
 * starts it only when a query plan is not cached, which is when planning takes time.
 */
/** The name Apollo Gateway gives its tracer. */
const APOLLO_GATEWAY_TRACER = 'apollo/gateway-js';

const REPEATED_SPANS: ReadonlySet<string> = new Set([
  'gateway.request',
  'gateway.execute',
  'gateway.fetch',
  'gateway.postprocessing',
  'gateway.validate',
]);

function withoutRepeatedSpans(provider: TracerProvider): TracerProvider {
  return {
    getTracer(name, version, options) {
      const real = provider.getTracer(name, version, options);
      if (name !== APOLLO_GATEWAY_TRACER) return real;
      const startSpan = (spanName: string, spanOptions?: SpanOptions, parent: Context = context.active()): Span =>
        REPEATED_SPANS.has(spanName)
          ? trace.wrapSpanContext(trace.getSpanContext(parent) ?? INVALID_SPAN_CONTEXT)
          : real.startSpan(spanName, spanOptions, parent);
      const startActiveSpan = (spanName: string, ...rest: unknown[]): unknown => {
        const fn = rest.pop() as (span: Span) => unknown;
        const [spanOptions, parent = context.active()] = rest as [SpanOptions | undefined, Context | undefined];
        const span = startSpan(spanName, spanOptions, parent);
        return context.with(trace.setSpan(parent, span), fn, undefined, span);
      };
      return { startSpan, startActiveSpan } as Tracer;
    },
  };
}

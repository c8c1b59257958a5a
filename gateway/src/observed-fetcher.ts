import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { metrics, withClientSpan, type SubgraphFetchOutcome, type SubgraphName } from '@tradesage/core';

type Fetcher = RemoteGraphQLDataSource['fetcher'];

/**
 * Every call to one subgraph, timed (`tradesage_subgraph_fetch_duration_seconds{subgraph,outcome}`)
 * and, with tracing on, made inside a CLIENT span whose W3C `traceparent` the call carries, so the
 * subgraph's own span joins the gateway's trace. `timed: false` leaves the timing out (a benchmark's
 * gateway without metrics, see EdgeFeatures).
 */
export function observedFetcher(subgraph: SubgraphName, fetcher: Fetcher, options: { timed?: boolean } = {}): Fetcher {
  const record = options.timed === false ? () => undefined : metrics.subgraphFetch.bind(metrics);
  return async (url, init) => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const response = await withClientSpan(
        `fetch ${subgraph}`,
        { 'tradesage.subgraph': subgraph, 'http.request.method': init?.method ?? 'POST' },
        (traceHeaders) =>
          fetcher(
            url,
            Object.keys(traceHeaders).length === 0 ? init : { ...init, headers: { ...init?.headers, ...traceHeaders } },
          ),
        (answer) => ({ error: !answer.ok, attributes: { 'http.response.status_code': answer.status } }),
      );
      record(subgraph, response.ok ? 'success' : 'http_error', seconds());
      return response;
    } catch (error) {
      record(subgraph, failureOf(error), seconds());
      throw error;
    }
  };
}

function failureOf(error: unknown): SubgraphFetchOutcome {
  const { name, code, reason } = (error ?? {}) as { name?: unknown; code?: unknown; reason?: unknown };
  // The resilience layer's verdict: past the deadline, refused by an open breaker, or unreachable.
  if (name === 'SubgraphUnavailableError')
    return reason === 'timeout' ? 'timeout' : reason === 'rejected' ? 'circuit_open' : 'network_error';
  if (name === 'TimeoutError') return 'timeout';
  // opossum's refusal while a breaker is open.
  if (code === 'EOPENBREAKER') return 'circuit_open';
  return 'network_error';
}

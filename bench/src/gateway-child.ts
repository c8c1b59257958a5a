/**
 * One gateway in a process of its own (forked by gateway-process.ts), in front of subgraphs that
 * run elsewhere (the bench's stack): production's shape, where the gateway has its own event loop
 * and its CPU time per request can be read apart from the subgraphs'.
 *
 * - `tradesage`: our gateway as shipped (`createRuntime` + `createGateway`), from the config the
 *   bench hands over; `options` may turn edge features off (GatewayOptions `features`).
 * - `bare`: a plain `ApolloGateway` with `RemoteGraphQLDataSource`s over the same supergraph and
 *   subgraphs, no plugins, no auth context. It adds only what our subgraphs refuse to answer
 *   without: the gateway credential made per call for that subgraph (as SubgraphDataSource does,
 *   through `gatewayCredentials`), and the client's `authorization`, forwarded as received.
 *
 * After the start it answers `cpu` (this process's CPU time so far) and `stop`.
 */
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import fs from 'node:fs/promises';
import {
  createRuntime,
  GATEWAY_CREDENTIAL_HEADER,
  GatewayCredentials,
  isSubgraphName,
  loadConfig,
  type SubgraphName,
} from '@tradesage/core';
import { createGateway, DEFAULT_SUPERGRAPH_PATH, type GatewayOptions } from '@tradesage/gateway';
import type { GatewayCommand, GatewayJob, GatewayReply } from './gateway-process.ts';

interface Started {
  readonly url: string;
  stop(): Promise<void>;
}

interface BareContext {
  readonly authorization: string | undefined;
}

/** The credential our subgraphs ask for, made per call; the client's Authorization as it came. */
class BareDataSource extends RemoteGraphQLDataSource<BareContext> {
  constructor(
    private readonly subgraph: SubgraphName,
    url: string,
    private readonly credentials: GatewayCredentials,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<BareContext>): void {
    request.http?.headers.set(GATEWAY_CREDENTIAL_HEADER, this.credentials.issue(this.subgraph));
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
  }
}

async function startBare(job: GatewayJob): Promise<Started> {
  // Apollo's default fetcher (make-fetch-happen's agent-base) makes an Error stack per subgraph call
  // to tell https from http; under tsx each stack would be source-mapped, a cost the same gateway run
  // by plain node does not pay. The baseline must not be slowed by how the bench loads it.
  process.setSourceMapsEnabled(false);
  const config = loadConfig(job.env);
  const keys = config.tokens.gatewayCredentialKeys;
  if (!keys) throw new Error('the bare gateway needs GATEWAY_CREDENTIAL_KEYS in the bench config');
  const credentials = GatewayCredentials.fromBase64List(keys.reveal());
  const gateway = new ApolloGateway({
    supergraphSdl: await fs.readFile(DEFAULT_SUPERGRAPH_PATH, 'utf8'),
    buildService({ name }) {
      if (!isSubgraphName(name)) throw new Error(`unknown subgraph ${name}`);
      return new BareDataSource(name, job.subgraphUrls[name], credentials);
    },
  });
  const server = new ApolloServer<BareContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: ({ req }) => Promise.resolve({ authorization: req.headers.authorization }),
  });
  return { url, stop: () => server.stop() };
}

async function startTradeSage(job: GatewayJob): Promise<Started> {
  const runtime = await createRuntime(loadConfig(job.env), { name: 'bench-gateway' });
  const options: GatewayOptions = {
    subgraphUrls: job.subgraphUrls,
    ...(job.features ? { features: job.features } : {}),
  };
  const running = await createGateway(runtime, options).start(0, '127.0.0.1');
  return {
    url: running.url,
    async stop() {
      await running.stop();
      await runtime.close();
    },
  };
}

let started: Started | undefined;
const reply = (message: GatewayReply): void => {
  process.send?.(message);
};

process.on('message', (command: GatewayCommand) => {
  void (async () => {
    try {
      switch (command.cmd) {
        case 'start':
          started = await (command.job.kind === 'bare' ? startBare(command.job) : startTradeSage(command.job));
          reply({ ok: true, url: started.url });
          return;
        case 'cpu':
          reply({ ok: true, cpu: process.cpuUsage() });
          return;
        case 'stop':
          await started?.stop();
          // process.exit, not a natural end: a --cpu-prof profile is written on exit either way.
          process.send?.({ ok: true }, () => process.exit(0));
          return;
      }
    } catch (error) {
      reply({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});

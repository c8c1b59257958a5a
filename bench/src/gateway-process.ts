import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SubgraphName } from '@tradesage/core';
import { GATEWAY_NODE_FLAGS, type EdgeFeatures } from '@tradesage/gateway';

/**
 * A gateway in a child process of its own (gateway-child.ts): ours or a bare Apollo Gateway, in
 * front of the bench's subgraphs. The parent reads its CPU time between load runs, so the
 * gateway's own cost per request is known apart from the subgraphs' (which run in the parent).
 */
export interface GatewayJob {
  readonly kind: 'tradesage' | 'bare';
  /** The environment handed to `loadConfig` in the child (the bench's config, as variables). */
  readonly env: Record<string, string>;
  readonly subgraphUrls: Readonly<Record<SubgraphName, string>>;
  /** Ours only: edge features turned off for a comparison (all on when absent). */
  readonly features?: Partial<EdgeFeatures>;
}

export type GatewayCommand = { readonly cmd: 'start'; readonly job: GatewayJob } | { readonly cmd: 'cpu' | 'stop' };

export type GatewayReply =
  | { readonly ok: true; readonly url?: string; readonly cpu?: NodeJS.CpuUsage }
  | { readonly ok: false; readonly error: string };

export interface GatewayProcess {
  readonly label: string;
  readonly url: string;
  /** CPU time (user + system) the process has used so far, in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Forks a gateway and waits until it listens. `cpuProfileDir`: run it with `--cpu-prof`, the
 * profile written there when it stops.
 */
export async function startGatewayProcess(
  label: string,
  job: GatewayJob,
  options: { cpuProfileDir?: string | undefined } = {},
): Promise<GatewayProcess> {
  // Both gateways run with the Node flags ours is started with (GATEWAY_NODE_FLAGS): the bench
  // compares gateway code on the same runtime, the one a deployment of ours uses.
  const execArgv = [...process.execArgv, ...GATEWAY_NODE_FLAGS];
  if (options.cpuProfileDir)
    execArgv.push(
      '--cpu-prof',
      `--cpu-prof-dir=${options.cpuProfileDir}`,
      `--cpu-prof-name=${label.replace(/[^A-Za-z0-9]+/g, '-')}-${Date.now()}.cpuprofile`,
    );
  // fork keeps this process's TypeScript loader (tsx) through execArgv.
  // Its log lines (stdout) go nowhere: written, as in production, but not mixed into the bench's output.
  const child = fork(fileURLToPath(new URL('./gateway-child.ts', import.meta.url)), {
    serialization: 'json',
    execArgv,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ask = rpc(child, label);
  let started: GatewayReply;
  try {
    started = await ask({ cmd: 'start', job });
  } catch (error) {
    child.kill();
    throw error;
  }
  const url = started.ok ? started.url : undefined;
  if (!url) throw new Error(`${label}: started without a URL`);
  return {
    label,
    url,
    async cpuMicros() {
      const reply = await ask({ cmd: 'cpu' });
      const cpu = reply.ok ? reply.cpu : undefined;
      if (!cpu) throw new Error(`${label}: no CPU figure`);
      return cpu.user + cpu.system;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask({ cmd: 'stop' });
      await exited;
    },
  };
}

/** One question at a time: each command is answered by the child's next message. */
function rpc(child: ChildProcess, label: string): (command: GatewayCommand) => Promise<GatewayReply> {
  let queue = Promise.resolve() as Promise<unknown>;
  return (command) => {
    const answer = queue.then(
      () =>
        new Promise<GatewayReply>((resolve, reject) => {
          const onMessage = (reply: GatewayReply) => {
            child.off('exit', onExit);
            if (reply.ok) resolve(reply);
            else reject(new Error(`${label}: ${reply.error}`));
          };
          const onExit = (code: number | null, signal: string | null) => {
            child.off('message', onMessage);
            reject(new Error(`${label} exited (${signal ?? code}) before answering ${command.cmd}`));
          };
          child.once('message', onMessage);
          child.once('exit', onExit);
          child.send(command);
        }),
    );
    queue = answer.catch(() => undefined);
    return answer;
  };
}

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { failFastRedis } from './fail-fast-redis.ts';

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// A redis-server must not outlive the test process that started it. The children are not
// detached, but a child is not killed with its parent, so: an 'exit' hook kills those still running
// and removes their temp folders (synchronously: 'exit' handlers cannot wait) — enough when the
// process ends by itself or by process.exit(). Vitest ends its workers with SIGTERM, though, which
// runs no 'exit' handler; where util-linux's setpriv exists (Linux) each server is also started
// with a parent-death signal, so the kernel kills it however its parent ends.
const runningChildren = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let exitHookInstalled = false;
let parentDeathSignal: boolean | undefined;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of runningChildren) child.kill('SIGKILL');
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** `redis-server args`, under `setpriv --pdeathsig KILL` where that works. */
function serverCommand(args: string[]): [string, string[]] {
  parentDeathSignal ??= spawnSync('setpriv', ['--pdeathsig', 'KILL', 'true'], { stdio: 'ignore' }).status === 0;
  // setpriv execs redis-server: the child's pid stays the server's (freeze/thaw signal it).
  return parentDeathSignal ? ['setpriv', ['--pdeathsig', 'KILL', 'redis-server', ...args]] : ['redis-server', args];
}

export interface RestartOptions {
  /** An RDB file (from `snapshot()`) to load; without it the server starts empty. */
  readonly from?: string;
}

/**
 * A redis-server of this test's own, on its own port, so a test can stop, freeze or roll it back
 * (the shared Redis of the machine must keep running for everything else).
 *
 * It runs in a temp folder of its own with RDB persistence on demand only: no automatic saves, no
 * AOF, so nothing is written unless the test takes a `snapshot()`, and a `restart({ from })` loads
 * such a snapshot — what a Redis restarted from an older RDB, or a failover to a lagging replica,
 * looks like. `dispose()` (in afterAll/afterEach) stops the server and removes the folder.
 */
export class PrivateRedis {
  private process: ChildProcess | undefined;
  private readonly clients = new Set<Redis>();
  private snapshots = 0;

  private constructor(
    readonly port: number,
    /** The server's working folder (`--dir`): dump.rdb, the snapshots, redis.log. */
    readonly dir: string,
  ) {}

  static async start(): Promise<PrivateRedis> {
    installExitHook();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'private-redis-'));
    tempDirs.add(dir);
    const redis = new PrivateRedis(await freePort(), dir);
    try {
      await redis.start();
    } catch (error) {
      await redis.dispose();
      throw error;
    }
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  private get dumpFile(): string {
    return path.join(this.dir, 'dump.rdb');
  }

  private get logFile(): string {
    return path.join(this.dir, 'redis.log');
  }

  /** Starts (again) on the same port, empty: what a restarted Redis without persistence looks like. */
  async start(): Promise<void> {
    await fs.rm(this.dumpFile, { force: true });
    await this.launch();
  }

  /**
   * Kills the server (SIGKILL) and starts it again on the same port: empty by default, or with the
   * data of the snapshot `from`.
   */
  async restart(options: RestartOptions = {}): Promise<void> {
    await this.kill();
    if (options.from) await fs.copyFile(options.from, this.dumpFile);
    else await fs.rm(this.dumpFile, { force: true });
    await this.launch();
  }

  /** Saves the data as it is now (SAVE) and returns the path of an RDB file holding it. */
  async snapshot(): Promise<string> {
    await this.withDirectClient((client) => client.save());
    this.snapshots += 1;
    const file = path.join(this.dir, `snapshot-${this.snapshots}.rdb`);
    await fs.copyFile(this.dumpFile, file);
    return file;
  }

  /** Deletes every key of every database. */
  async flushAll(): Promise<void> {
    await this.withDirectClient((client) => client.flushall());
  }

  /**
   * Stops the process (SIGSTOP): its connections stay open and new ones are accepted by the
   * kernel, but nothing answers — a stalled Redis, not a dead one. `thaw()` resumes it.
   */
  async freeze(): Promise<void> {
    const child = this.running('freeze');
    child.kill('SIGSTOP');
    await waitForProcessState(child, 'T');
  }

  /** Resumes a frozen server (SIGCONT); it answers what was sent meanwhile. */
  async thaw(): Promise<void> {
    const child = this.running('thaw');
    child.kill('SIGCONT');
    await waitForProcessState(child, 'running');
  }

  /** Kills the server (SIGKILL: no goodbye to its clients) and waits until it is gone. */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // SIGKILL ends a frozen (SIGSTOPped) process too.
      child.kill('SIGKILL');
      await exited;
    }
    runningChildren.delete(child);
  }

  /** Kills the server, disconnects the clients made by `client()` and removes the temp folder. */
  async dispose(): Promise<void> {
    for (const client of this.clients) client.disconnect();
    this.clients.clear();
    await this.kill();
    await fs.rm(this.dir, { recursive: true, force: true });
    tempDirs.delete(this.dir);
  }

  /** A direct client (not through any proxy), with the given key prefix; `dispose()` disconnects it. */
  client(keyPrefix = ''): Redis {
    const client = new Redis(this.url, { keyPrefix, maxRetriesPerRequest: 1 });
    // The server is stopped on purpose during tests: reconnect quietly.
    client.on('error', () => undefined);
    this.clients.add(client);
    client.once('end', () => this.clients.delete(client));
    return client;
  }

  private async launch(): Promise<void> {
    if (this.process) throw new Error(`redis-server on port ${this.port} is already running`);
    const [command, args] = serverCommand([
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--dbfilename',
      'dump.rdb',
      '--save',
      '',
      '--appendonly',
      'no',
      '--loglevel',
      'warning',
      '--logfile',
      this.logFile,
    ]);
    // Not detached: the child stays in the test's process group (see also the exit hook).
    const child = spawn(command, args, { stdio: 'ignore' });
    this.process = child;
    runningChildren.add(child);
    child.once('exit', () => runningChildren.delete(child));
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        this.process = undefined;
        throw new Error(`redis-server on port ${this.port} exited at start: ${this.logTail()}`);
      }
      const client = failFastRedis(this.url);
      try {
        await client.connect();
        // While it loads an RDB the server answers LOADING: not ready yet.
        if ((await client.ping()) === 'PONG') return;
      } catch {
        if (Date.now() > deadline) {
          await this.kill();
          throw new Error(`redis-server did not start on port ${this.port}: ${this.logTail()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        client.disconnect();
      }
    }
  }

  private running(operation: string): ChildProcess {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`cannot ${operation}: redis-server on port ${this.port} is not running`);
    }
    return child;
  }

  private async withDirectClient<T>(use: (client: Redis) => Promise<T>): Promise<T> {
    const client = failFastRedis(this.url);
    try {
      await client.connect();
      return await use(client);
    } finally {
      client.disconnect();
    }
  }

  private logTail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').slice(-2_000);
    } catch {
      return '(no log)';
    }
  }
}

/**
 * Waits until the kernel reports the process stopped ('T') or running again (any other state), so
 * that a test's next command meets the state it asked for. Where /proc does not exist the signal
 * is trusted as delivered.
 */
async function waitForProcessState(child: ChildProcess, wanted: 'T' | 'running'): Promise<void> {
  const deadline = Date.now() + 2_000;
  for (;;) {
    let state: string;
    try {
      // /proc/<pid>/stat: "pid (comm) S ...": the state follows the last ')'.
      const stat = await fs.readFile(`/proc/${child.pid}/stat`, 'utf8');
      state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    } catch {
      return;
    }
    if (wanted === 'T' ? state === 'T' : state !== 'T') return;
    if (Date.now() > deadline) throw new Error(`redis-server (pid ${child.pid}) did not reach state ${wanted}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A TCP proxy in front of a server that a test can cut and heal: cutting destroys every open
 * connection and refuses new ones while the server behind keeps its data, which is what a network
 * partition between an instance and Redis looks like to that instance.
 */
export class CuttableProxy {
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;
  private cut = false;
  port = 0;

  private constructor(private readonly targetPort: number) {
    this.server = net.createServer((client) => this.accept(client));
  }

  static async start(targetPort: number): Promise<CuttableProxy> {
    const proxy = new CuttableProxy(targetPort);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.server.address() as net.AddressInfo).port;
    return proxy;
  }

  private accept(client: net.Socket): void {
    if (this.cut) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  partition(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.destroy();
  }

  heal(): void {
    this.cut = false;
  }

  async close(): Promise<void> {
    this.partition();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

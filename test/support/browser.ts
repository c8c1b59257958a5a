import fs from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium: nothing downloads a browser build (`.ci/run` installs the package). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface Browser {
  readonly context: BrowserContext;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/**
 * Headless Chromium on a fresh throwaway profile, with everything that would phone home turned
 * off, so that each request the page makes is one the page itself asked for. Throws (the test
 * fails, it is never skipped) when Chromium is not installed.
 */
export async function launchChromium(options: { hostResolverRules?: string } = {}): Promise<Browser> {
  try {
    await fs.access(CHROMIUM_PATH, fs.constants.X_OK);
  } catch (error) {
    throw new Error(
      `Browser tests need Debian's chromium at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\``,
      { cause: error },
    );
  }
  const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tradesage-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // e.g. `MAP trading.acme.example 127.0.0.1`: a custom domain reaching the local gateway.
        ...(options.hostResolverRules ? [`--host-resolver-rules=${options.hostResolverRules}`] : []),
      ],
    });
    return {
      context,
      async close() {
        await context.close();
        await fs.rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await fs.rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

export interface LocalhostRelay {
  /** `http://localhost:<port>`: the origin the browser uses (and APP_URL names). */
  readonly origin: string;
  /** Where requests go from now on (the gateway, once its stack has started). */
  relayTo(target: string): void;
  close(): Promise<void>;
}

/**
 * A port on the loopback interface, open before the stack starts, that relays every request to
 * the gateway once `relayTo` names it. The stack's gateway listens on a port known only once it
 * runs, but WebAuthn needs the page's origin to be the relying party's (APP_URL, read at start) and
 * its host a domain, never an IP address: `localhost` is one, and a secure context over plain HTTP.
 */
export async function startLocalhostRelay(): Promise<LocalhostRelay> {
  let target: URL | undefined;
  const server = http.createServer((req, res) => {
    if (!target) {
      res.writeHead(503).end();
      return;
    }
    const upstream = http.request(
      { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    relayTo(gateway) {
      target = new URL(gateway);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let axeSource: Promise<string> | undefined;

/** axe-core's serious and critical violations on the page as it is now (`id (impact, count)`). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  axeSource ??= fs.readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(await axeSource);
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            context: unknown,
          ): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }>;
        };
      }
    ).axe;
    return (await axe.run((globalThis as unknown as { document: unknown }).document)).violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      count: v.nodes.length,
    }));
  });
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.count})`);
}

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

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

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A port held by "another program" for the duration of the test. */
async function occupiedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => server.close());
  return (server.address() as net.AddressInfo).port;
}

function runStart(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      ['scripts/start.ts'],
      { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number | null) : 0, stdout, stderr }),
    );
  });
}

describe('npm start with a busy port', () => {
  it.each(['GATEWAY_PORT', 'EMBEDDED_POSTGRES_PORT'])(
    'says in one line which setting (%s) to change, and writes nothing',
    async (setting) => {
      const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'tradesage-start-')), 'data');
      cleanups.push(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }));
      const busy = await occupiedPort();
      const free = await occupiedPort(); // bound, then released below: free, and not the default port
      cleanups.pop()?.();
      const ports =
        setting === 'GATEWAY_PORT'
          ? { GATEWAY_PORT: String(busy), EMBEDDED_POSTGRES_PORT: String(free) }
          : { GATEWAY_PORT: String(free), EMBEDDED_POSTGRES_PORT: String(busy) };
      const result = await runStart({ DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...ports });
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`Port ${busy} on 127.0.0.1 is already in use`);
      expect(lines[0]).toContain(`set ${setting} to a free port`);
      expect(existsSync(dataDir)).toBe(false);
    },
    60_000,
  );
});

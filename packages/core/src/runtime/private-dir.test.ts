import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ensurePrivateDir } from './private-dir.ts';

let root: string | undefined;
afterEach(async () => {
  if (root) await fs.rm(root, { recursive: true, force: true });
});

it('makes the folder 0700 and leaves the parents it creates traversable', async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'tradesage-private-dir-'));
  const parent = path.join(root, 'data');
  const dir = path.join(parent, 'keys');
  await ensurePrivateDir(dir);
  expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
  // Whatever the umask allows, never 0700: the embedded Postgres cluster lives beside it.
  expect((await fs.stat(parent)).mode & 0o011).not.toBe(0);
  // An existing folder is narrowed too.
  await fs.chmod(dir, 0o755);
  await ensurePrivateDir(dir);
  expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
});

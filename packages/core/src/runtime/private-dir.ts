import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Makes `dir` a folder only its owner can enter (0700), creating missing parents with the usual
 * mode. `mkdir -p` with a mode would give every parent it creates 0700 too: the data folder
 * holding both secrets and the embedded Postgres cluster must stay traversable for the `postgres`
 * user. An existing folder is narrowed to 0700 as well.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(path.dirname(dir), { recursive: true });
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700);
}

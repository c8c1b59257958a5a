// Generates the control and tenant Prisma clients.
// `prisma generate` insists that a schema-engine binary exists although generation never runs it,
// and that binary cannot be downloaded on our machines. Any existing file satisfies the check,
// so unless the caller already set one we point PRISMA_SCHEMA_ENGINE_BINARY at this script.
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const packageDir = path.dirname(path.dirname(self));
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || self };

for (const schema of ['control.prisma', 'tenant.prisma']) {
  const result = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', schema], {
    cwd: packageDir,
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`prisma generate --schema ${schema} failed`);
    process.exit(result.status ?? 1);
  }
}

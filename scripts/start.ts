/**
 * `npm start`: the whole supergraph in one process. With no DATABASE_URL it runs on an
 * embedded PostgreSQL whose data lives in DATA_DIR (default .data/) and survives restarts;
 * with no REDIS_URL it uses the in-process Redis stand-in. First run on the embedded default
 * also seeds the `demo` tenant and prints its credentials.
 */
import path from 'node:path';
import { loadConfig, loadConfigOrExit, stopOnSignals } from '@tradesage/core';
import { startEmbeddedPostgres } from '@tradesage/prisma';
import { startStack } from '@tradesage/stack';
import { seedDemoTenant } from '@tradesage/subgraph-tenant';

async function main(): Promise<void> {
  let config = loadConfigOrExit();

  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  if (!config.databaseUrl) {
    console.log(`DATABASE_URL not set: starting the embedded PostgreSQL in ${path.join(config.dataDir, 'postgres')}`);
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(config.dataDir, 'postgres'),
      port: config.embeddedPostgresPort,
    });
    config = loadConfig({ ...process.env, DATABASE_URL: embedded.connectionString });
  }

  const stack = await startStack(config);
  const lines = [`TradeSage gateway: ${stack.gatewayUrl}`];
  if (config.sandbox) lines.push(`Apollo Sandbox:    ${stack.gatewayUrl.replace(/\/graphql$/, '/')}`);
  if (embedded && config.seedDemo) {
    const demo = await seedDemoTenant(stack.runtime, config.dataDir);
    lines.push(
      `Demo tenant "${demo.tenant}" (credentials also in ${path.join(config.dataDir, 'demo-credentials.json')}):`,
    );
    for (const user of demo.users) lines.push(`  ${user.role.padEnd(7)} ${user.email}  ${user.password}`);
  }
  console.log(lines.join('\n'));

  stopOnSignals(stack.runtime.logger, async () => {
    await stack.stop();
    await embedded?.stop();
  });
}

await main();

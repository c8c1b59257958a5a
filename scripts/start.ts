/**
 * `npm start`: the whole supergraph in one process. With no DATABASE_URL it runs on an
 * embedded PostgreSQL whose data lives in DATA_DIR (default .data/) and survives restarts;
 * with no REDIS_URL it uses the in-process Redis stand-in. First run on the embedded default
 * also seeds the `demo` tenant and prints its credentials; later runs print those that still work.
 *
 * Every port it listens on is checked before anything is written: a busy one is one line naming
 * the setting to change.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  exitIfPortsBusy,
  isPortInUse,
  loadConfig,
  loadConfigOrExit,
  portInUseMessage,
  stopOnSignals,
  type PlannedPort,
} from '@tradesage/core';
import { startEmbeddedPostgres } from '@tradesage/prisma';
import { webAppBuilt } from '@tradesage/gateway';
import { startStack } from '@tradesage/stack';
import { seedDemoTenant, type DemoCredentials } from '@tradesage/subgraph-tenant';

async function main(): Promise<void> {
  let config = loadConfigOrExit();
  const gatewayPort: PlannedPort = { port: config.ports.gateway, host: config.host, setting: 'GATEWAY_PORT' };
  const postgresDir = path.join(config.dataDir, 'postgres');
  await exitIfPortsBusy([
    gatewayPort,
    ...(config.databaseUrl
      ? []
      : [{ port: config.embeddedPostgresPort, host: '127.0.0.1', setting: 'EMBEDDED_POSTGRES_PORT' }]),
  ]);

  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  if (!config.databaseUrl) {
    const reused = existsSync(path.join(postgresDir, 'PG_VERSION'));
    console.log(`DATABASE_URL not set: ${reused ? 'reusing' : 'creating'} the embedded PostgreSQL in ${postgresDir}`);
    try {
      embedded = await startEmbeddedPostgres({ dataDir: postgresDir, port: config.embeddedPostgresPort });
    } catch (error) {
      // Its messages say what to change (a folder, a user, the server's last log lines).
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    }
    config = loadConfig({ ...process.env, DATABASE_URL: embedded.connectionString });
  }

  let stack: Awaited<ReturnType<typeof startStack>>;
  try {
    stack = await startStack(config);
  } catch (error) {
    await embedded?.stop();
    // Taken between the check and the bind: the same one line.
    if (isPortInUse(error)) {
      console.error(portInUseMessage(gatewayPort));
      process.exit(1);
    }
    throw error;
  }
  const lines = [`TradeSage gateway: ${stack.gatewayUrl}`];
  if (webAppBuilt()) {
    // APP_URL's origin (by default the gateway's port as `localhost`: passkeys need a domain).
    const origin = new URL(config.mail.appUrl).origin;
    lines.push(`Sign in:           ${origin}/login`, `Admin console:     ${origin}/console`);
  }
  if (config.explorer) lines.push(`Explorer:          ${stack.gatewayUrl.replace(/\/graphql$/, '/explorer')}`);
  if (config.sandbox) lines.push(`Apollo Sandbox:    ${stack.gatewayUrl} (loads from Apollo's CDN: needs internet)`);
  if (embedded && config.seedDemo) lines.push(...demoLines(await seedDemoTenant(stack.runtime, config.dataDir)));
  console.log(lines.join('\n'));

  stopOnSignals(stack.runtime.logger, async () => {
    await stack.stop();
    await embedded?.stop();
  });

  function demoLines(demo: DemoCredentials): string[] {
    const lines = demo.reused
      ? [
          `Data folder ${config.dataDir} reused from an earlier start. Demo tenant "${demo.tenant}", users whose first password still works:`,
        ]
      : [`Demo tenant "${demo.tenant}" (credentials also in ${path.join(config.dataDir, 'demo-credentials.json')}):`];
    for (const user of demo.users) {
      const password =
        user.password ??
        `(no longer the first password, or the user is disabled: requestPasswordReset, then resetPassword with the token from the mail in ${config.mail.outboxDir})`;
      lines.push(`  ${user.role.padEnd(7)} ${user.email}  ${password}`);
    }
    if (demo.reused) lines.push(`  (delete ${config.dataDir} to start afresh with new demo users)`);
    lines.push(
      `OpenID Connect issuer of "${demo.tenant}": ${config.mail.appUrl}/t/${demo.tenant} (an example application signing in with it: npm run oidc:example)`,
    );
    return lines;
  }
}

await main();

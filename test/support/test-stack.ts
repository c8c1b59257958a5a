import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ExecutionResult } from 'graphql';
import type { TypedDocument } from '@tradesage/client';
import { GATEWAY_CREDENTIAL_HEADER, loadConfig, type Logger, type SubgraphName } from '@tradesage/core';
import { createTestDatabase } from '@tradesage/prisma/testing';
import { startStack, type RunningStack } from '@tradesage/stack';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** The user agent of every request and sign-in of the e2e tests unless a test sends another. */
export const TEST_USER_AGENT = 'vitest-e2e';

export interface GraphQLResponse<T> {
  readonly status: number;
  readonly body: ExecutionResult<T>;
  readonly headers: Headers;
}

export interface RequestOptions {
  token?: string;
  /** Default: the gateway. */
  url?: string;
  headers?: Record<string, string>;
  /**
   * With `url` one of the stack's subgraphs: sends the gateway's credential made for that
   * subgraph, as the gateway would, so the subgraph's own rules (token, session, shield) are what
   * the test meets. Without it a subgraph refuses the request (GATEWAY_CREDENTIAL_REQUIRED).
   */
  viaGatewayCredential?: boolean;
}

export interface TestStack {
  readonly stack: RunningStack;
  readonly gatewayUrl: string;
  readonly platformAdmin: { readonly email: string; readonly password: string };
  /** SIGNING_KEYS_DIR of this stack (its signing keys and token-encryption.key): tests forge tokens with them. */
  readonly keysDir: string;
  /** The configuration variables the stack was started with (another instance starts from them). */
  readonly env: Readonly<Record<string, string>>;
  /** Sends a typed operation to the gateway (or another URL), optionally with a bearer token. */
  request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables?: TVariables,
    options?: RequestOptions,
  ): Promise<GraphQLResponse<TResult>>;
  /** Sends raw GraphQL text (for operations outside the typed client, e.g. `_entities`). */
  raw<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: RequestOptions,
  ): Promise<GraphQLResponse<T>>;
  /** Adds a user with a role to a tenant directly in its schema; returns its id. */
  addUser(tenantId: string, input: { email: string; password: string; role: string }): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The whole supergraph on ephemeral ports against real Postgres and Redis, in its own
 * throwaway database, with a random platform administrator. Nothing is shared between
 * test files. `env` overrides or adds configuration variables (e.g. SMTP_URL). `databaseVia`
 * turns the database's own URL into the one the stack is given (a proxy the test can cut:
 * PostgresProxy's `urlFor`); creating and dropping the database do not go through it.
 */
export async function startTestStack(
  options: {
    env?: Readonly<Record<string, string>>;
    logger?: Logger;
    databaseVia?: (databaseUrl: string) => string;
  } = {},
): Promise<TestStack> {
  const database = await createTestDatabase('tradesage_e2e');
  const keysDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tradesage-keys-'));
  const platformAdmin = {
    email: `root-${crypto.randomBytes(4).toString('hex')}@platform.test`,
    password: crypto.randomBytes(18).toString('base64url'),
  };
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    DATABASE_URL: options.databaseVia?.(database.connectionString) ?? database.connectionString,
    REDIS_URL,
    // Own key space per stack: counters (login throttling, rate limits) never carry over between runs.
    REDIS_KEY_PREFIX: `e2e:${crypto.randomBytes(4).toString('hex')}:`,
    BCRYPT_COST: '10',
    SIGNING_KEYS_DIR: keysDir,
    // Mail without SMTP_URL goes to the outbox, backups and exports to DATA_DIR: this stack's own
    // folders, never the checkout's .data (a first `npm start` must find none).
    OUTBOX_DIR: path.join(keysDir, 'outbox'),
    DATA_DIR: path.join(keysDir, 'data'),
    PLATFORM_ADMIN_EMAIL: platformAdmin.email,
    PLATFORM_ADMIN_PASSWORD: platformAdmin.password,
    SANDBOX: 'false',
    // Off as in production (no introspection); the browser test turns it on.
    EXPLORER: 'false',
    ...options.env,
  };
  return startInstance(env, platformAdmin, keysDir, options.logger, async () => {
    await fs.rm(keysDir, { recursive: true, force: true });
    await database.drop();
  });
}

/**
 * Another instance of `first`'s deployment, as a second process would be: the same database,
 * keys and Redis key space, its own ports, caches and connections; `env` overrides (e.g. its own
 * REDIS_URL through a proxy). Stopping it leaves the first and its database alone.
 */
export function startAnotherInstance(
  first: TestStack,
  options: { env?: Readonly<Record<string, string>>; logger?: Logger } = {},
): Promise<TestStack> {
  return startInstance({ ...first.env, ...options.env }, first.platformAdmin, first.keysDir, options.logger, () =>
    Promise.resolve(),
  );
}

async function startInstance(
  env: Record<string, string>,
  platformAdmin: TestStack['platformAdmin'],
  keysDir: string,
  logger: Logger | undefined,
  cleanUp: () => Promise<void>,
): Promise<TestStack> {
  const config = loadConfig(env);
  const stack = await startStack(config, { ephemeralPorts: true, ...(logger ? { logger } : {}) });

  const send = async <T>(query: string, variables: unknown, options: RequestOptions = {}) => {
    const response = await fetch(options.url ?? stack.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // The same device as the fixtures' sign-ins: a request from another user agent than its
        // session's records `session.user_agent_changed` in the background, which would land in
        // the audit log at a moment no test controls.
        'user-agent': TEST_USER_AGENT,
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.viaGatewayCredential
          ? { [GATEWAY_CREDENTIAL_HEADER]: gatewayCredentialFor(stack, options.url) }
          : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query, variables: variables ?? {} }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as ExecutionResult<T> };
  };

  return {
    stack,
    gatewayUrl: stack.gatewayUrl,
    platformAdmin,
    keysDir,
    env,
    request: (document, variables, options) => send(document.toString(), variables, options),
    raw: (query, variables, options) => send(query, variables, options),
    async addUser(tenantId, input) {
      const id = crypto.randomUUID();
      await stack.runtime.db.tenant(tenantId).user.create({
        data: {
          id,
          email: input.email.toLowerCase(),
          roles: { create: { role: input.role } },
          passwordHash: await stack.runtime.passwords.hash(input.password),
        },
      });
      return id;
    },
    async stop() {
      await stack.stop();
      await cleanUp();
    },
  };
}

/** A fresh gateway credential for the stack's subgraph at `url`, as the gateway makes one per call. */
function gatewayCredentialFor(stack: RunningStack, url: string | undefined): string {
  const subgraph = (Object.entries(stack.subgraphUrls) as Array<[SubgraphName, string]>).find(
    ([, subgraphUrl]) => subgraphUrl === url,
  )?.[0];
  if (!subgraph)
    throw new Error(`viaGatewayCredential needs the url of one of the stack's subgraphs, not ${url ?? 'the gateway'}`);
  return stack.runtime.gatewayCredentials.issue(subgraph);
}

export function randomPassword(): string {
  return `pw-${crypto.randomBytes(12).toString('base64url')}`;
}

export function uniqueSlug(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(4).toString('hex')}`;
}

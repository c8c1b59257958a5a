import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// Three kinds of test, told apart by file suffix:
//   *.test.ts              unit: no network, no database
//   *.integration.test.ts  real Postgres/Redis from env (defaults to localhost)
//   *.e2e.test.ts          the composed supergraph: gateway + four subgraphs on ephemeral ports
export default defineConfig({
  // graphql ships index.mjs and index.js without an exports map: Vite would hand our TS the .mjs
  // copy while CommonJS libraries (@apollo/subgraph, graphql-middleware) load the .js one, and
  // two graphql realms refuse each other's types. One resolution for everyone.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.integration.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // `expect.poll` waits for what a page shows after its requests: 1 s (the default) is
          // too short on a 2-core machine running the other test files at the same time.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

// Three kinds of test, told apart by file suffix (STYLE.md):
//   *.test.ts              unit: no network, no database
//   *.integration.test.ts  real Postgres/Redis from env (defaults to localhost)
//   *.e2e.test.ts          the composed supergraph: gateway + four subgraphs on ephemeral ports
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.integration.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

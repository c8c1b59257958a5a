import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
const require = createRequire(import.meta.url);
const graphqlAlias = [{ find: /^graphql$/, replacement: require.resolve('graphql') }];
export default defineConfig({
  resolve: { alias: graphqlAlias },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['**/src/**/*.test.ts', 'scripts/**/*.test.ts'], exclude: ['**/node_modules/**', '**/*.integration.test.ts', '**/*.e2e.test.ts'] } },
    ],
  },
});

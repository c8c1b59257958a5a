import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GATEWAY_NODE_FLAGS } from './config.ts';

const startScript = (packageJson: URL): string[] =>
  (JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/);

describe('GATEWAY_NODE_FLAGS', () => {
  it('are given to Node by every start script that runs the gateway', () => {
    expect(GATEWAY_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const script of [
      startScript(new URL('../package.json', import.meta.url)),
      startScript(new URL('../../package.json', import.meta.url)),
    ]) {
      const file = script.findIndex((word) => word.endsWith('.ts'));
      expect(file).toBeGreaterThan(0);
      // Node flags go before the file tsx runs; after it they would be the program's arguments.
      for (const flag of GATEWAY_NODE_FLAGS) expect(script.slice(0, file)).toContain(flag);
    }
  });
});

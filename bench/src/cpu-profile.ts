/**
 * Where a process's CPU time went, from a V8 `.cpuprofile` (`node --cpu-prof`; the edge sections
 * write one per gateway process with BENCH_CPU_PROFILE_DIR): self time by package or project
 * folder, by function, and the inclusive time of the functions named on the command line.
 *
 *   npx tsx src/cpu-profile.ts <file.cpuprofile> [top=25] [function names to total...]
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** `node_modules/<pkg>` (scoped too), the project folder (gateway/src, packages/core/...), or node's own. */
function owner(url: string): string {
  if (url === '') return '(native / V8)';
  if (url.startsWith('node:')) return 'node: (built-in)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  const project = /\/(gateway|packages\/[^/]+|subgraphs\/[^/]+|bench|prisma)\/src\//.exec(url);
  return project ? `${project[1]}/src` : url;
}

const shortUrl = (url: string): string =>
  url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(gateway|packages|bench|prisma)\//, '$1/');

export function summarise(profile: Profile, top: number, inclusiveOf: readonly string[]): string {
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = profile.nodes
    .filter((node) => ['(idle)', '(program)', '(garbage collector)'].includes(node.callFrame.functionName))
    .map((node) => [node.callFrame.functionName, self.get(node.id) ?? 0] as const);
  const busy = total - (idle.find(([name]) => name === '(idle)')?.[1] ?? 0);

  const add = (map: Map<string, number>, key: string, micros: number) => map.set(key, (map.get(key) ?? 0) + micros);
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, micros] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    add(byOwner, owner(frame.url), micros);
    add(byFunction, `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`, micros);
  }

  // Inclusive time of named functions: samples whose stack holds the function (counted once per sample).
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>(inclusiveOf.map((name) => [name, 0]));
  if (inclusiveOf.length > 0) {
    for (const [id, micros] of self) {
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const name = byId.get(at)?.callFrame.functionName ?? '';
        if (inclusive.has(name) && !seen.has(name)) {
          seen.add(name);
          add(inclusive, name, micros);
        }
      }
    }
  }

  const pct = (micros: number) => `${((100 * micros) / busy).toFixed(1).padStart(5)}%`;
  const ms = (micros: number) => `${(micros / 1000).toFixed(0).padStart(7)} ms`;
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, micros]) => `${ms(micros)} ${pct(micros)}  ${key}`);
  return [
    `busy ${ms(busy)} of ${ms(total)} sampled (${idle.map(([name, micros]) => `${name} ${ms(micros).trim()}`).join(', ')})`,
    '',
    'self time by package / folder (share of busy time):',
    ...list(byOwner),
    '',
    'self time by function:',
    ...list(byFunction),
    ...(inclusiveOf.length > 0 ? ['', 'inclusive time of:', ...list(inclusive)] : []),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, topArg, ...names] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [top] [function names...]');
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
  console.log(summarise(profile, Number(topArg ?? 25) || 25, names));
}

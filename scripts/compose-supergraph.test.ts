import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  compose,
  GENERATED_HEADER,
  main,
  OUTPUT_FILES,
  readSubgraphs,
  renderOutputs,
  staleFiles,
  SUBGRAPH_NAMES,
  type SubgraphSource,
} from './compose-supergraph.ts';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

function subgraph(name: string, sdl: string): SubgraphSource {
  return { name, files: [{ path: `subgraphs/${name}/src/schema/${name}.graphql`, sdl: `${LINK}\n${sdl}` }] };
}

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** A throwaway copy of the repository's four subgraph SDL folders and an empty gateway/. */
function tempRepo(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'compose-'));
  tempDirs.push(root);
  for (const source of readSubgraphs()) {
    const dir = path.join(root, 'subgraphs', source.name, 'src', 'schema');
    mkdirSync(dir, { recursive: true });
    for (const file of source.files) writeFileSync(path.join(root, file.path), file.sdl);
  }
  mkdirSync(path.join(root, 'gateway'));
  return root;
}

describe('compose', () => {
  it('composes the four subgraphs of this repository', () => {
    const result = compose(readSubgraphs());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.supergraphSdl).toContain('@join__graph(name: "auth", url: "http://auth.subgraph.invalid/graphql")');
    // The API schema has the client-visible types and none of the federation machinery.
    expect(result.apiSchemaSdl).toContain('type User {');
    expect(result.apiSchemaSdl).not.toMatch(/join__|_entities|_service|@key/);
  });

  it('reports every composition error of a conflicting pair, with its code', () => {
    const result = compose([
      subgraph('a', 'type Query { a: Thing } type Thing @key(fields: "id") { id: ID! name: String! }'),
      // `name` is a different type and neither side is @shareable: two separate errors.
      subgraph('b', 'type Query { b: Thing } type Thing @key(fields: "id") { id: ID! name: Int! }'),
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^FIELD_TYPE_MISMATCH: .*Thing\.name/),
        expect.stringMatching(/^INVALID_FIELD_SHARING: .*Thing\.name/),
      ]),
    );
  });

  it('reports SDL that does not parse with its file, and keeps going to report the others', () => {
    const result = compose([
      { name: 'a', files: [{ path: 'a.graphql', sdl: 'type Query { a: String' }] },
      { name: 'b', files: [{ path: 'b.graphql', sdl: 'type Query { b: }' }] },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(2);
    expect(result.errors[0]).toMatch(/^\[a\] .*a\.graphql:1:/s);
    expect(result.errors[1]).toMatch(/^\[b\] .*b\.graphql:1:/s);
  });
});

describe('compose-supergraph main', () => {
  it('writes both files with the generated header, then --check passes', () => {
    const root = tempRepo();
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(main([], root)).toBe(0);
    for (const file of Object.values(OUTPUT_FILES)) {
      expect(readFileSync(path.join(root, file), 'utf8').startsWith(GENERATED_HEADER)).toBe(true);
    }
    expect(main(['--check'], root)).toBe(0);
  });

  it('--check fails and names the file when an SDL changed after the last composition', () => {
    const root = tempRepo();
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const errorSpy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(main([], root)).toBe(0);
    const sdlFile = path.join(root, 'subgraphs', 'user', 'src', 'schema', 'user.graphql');
    writeFileSync(
      sdlFile,
      readFileSync(sdlFile, 'utf8').replace('lastName: String!', 'lastName: String!\n  nickname: String'),
    );
    expect(main(['--check'], root)).toBe(1);
    expect(errorSpy).toHaveBeenCalledWith(expect.stringContaining(OUTPUT_FILES.supergraph));
    expect(errorSpy).toHaveBeenCalledWith(expect.stringContaining(OUTPUT_FILES.apiSchema));
  });

  it('--check fails when the files are missing', () => {
    const root = tempRepo();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(main(['--check'], root)).toBe(1);
  });

  it('exits 1 and prints every error when composition fails', () => {
    const root = tempRepo();
    const errorSpy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const schemaDir = path.join(root, 'subgraphs', 'session', 'src', 'schema');
    // The session subgraph's SDL becomes this one file alone (its other files extend what it replaces).
    for (const file of readdirSync(schemaDir)) if (file !== 'session.graphql') rmSync(path.join(schemaDir, file));
    writeFileSync(path.join(schemaDir, 'session.graphql'), `${LINK}\ntype Query { me: Int }`);
    expect(main([], root)).toBe(1);
    expect(errorSpy).toHaveBeenCalledWith(expect.stringMatching(/Supergraph composition failed with \d+ error/));
    expect(errorSpy).toHaveBeenCalledWith(expect.stringContaining('Query.me'));
  });

  it('the committed files are what the current SDL composes to', () => {
    const result = compose(readSubgraphs());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(staleFiles(renderOutputs(result))).toEqual([]);
    expect(SUBGRAPH_NAMES).toHaveLength(4);
  });
});

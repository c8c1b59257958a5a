import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { concatAST, parse, Source, type DocumentNode } from 'graphql';

/**
 * A subgraph's SDL: every `*.graphql` file of its schema folder, in name order, as one document
 * (the same files, in the same order, that scripts/compose-supergraph.ts composes).
 */
export function loadTypeDefs(schemaDir: URL): DocumentNode {
  const dir = fileURLToPath(schemaDir);
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort();
  if (files.length === 0) throw new Error(`no .graphql files in ${dir}`);
  return concatAST(files.map((file) => parse(new Source(readFileSync(path.join(dir, file), 'utf8'), file))));
}

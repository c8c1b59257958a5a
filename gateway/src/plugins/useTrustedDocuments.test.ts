import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrustedDocuments } from './useTrustedDocuments.ts';

let dir: string;
const text = 'query MyId { me { id } }';
const id = `sha256:${createHash('sha256').update(text).digest('hex')}`;

async function manifest(name: string, content: unknown): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'trusted-documents-'));
});

afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('loadTrustedDocuments', () => {
  it('finds a document by its sha256 id, with or without the prefix, and by its exact text', async () => {
    const documents = await loadTrustedDocuments([await manifest('ok.json', { [id]: text })]);
    expect(documents.byId(id)).toBe(text);
    expect(documents.byId(id.replace('sha256:', ''))).toBe(text);
    expect(documents.byId(`sha256:${'0'.repeat(64)}`)).toBeUndefined();
    expect(documents.byId('MyId')).toBeUndefined();
    expect(documents.has(text)).toBe(true);
    expect(documents.has(`${text} `)).toBe(false);
    expect(documents.size).toBe(1);
  });

  it('refuses to start on an entry whose text does not hash to its id (an edited manifest)', async () => {
    const edited = await manifest('edited.json', { [id]: 'query MyId { me { id email } }' });
    await expect(loadTrustedDocuments([edited])).rejects.toThrow(/not a sha256 id of its document/);
  });

  it('refuses to start on a manifest that is not an object of ids', async () => {
    await expect(loadTrustedDocuments([await manifest('list.json', [text])])).rejects.toThrow(/JSON object/);
    await expect(loadTrustedDocuments([await manifest('bad.json', '{')])).rejects.toThrow();
    await expect(loadTrustedDocuments([path.join(dir, 'missing.json')])).rejects.toThrow(/ENOENT/);
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_MIGRATIONS_DIR, loadMigrations, SCHEMA_TOKEN, TENANT_MIGRATIONS_DIR } from './migrator.ts';

describe('loadMigrations', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tradesage-migrations-'));
    await writeFile(path.join(dir, '0002_b.sql'), 'SELECT 2;');
    await writeFile(path.join(dir, '0001_a.sql'), 'SELECT 1;');
    await writeFile(path.join(dir, 'README.md'), 'not a migration');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads only *.sql files, in name order, with a sha256 of the text', async () => {
    const migrations = await loadMigrations(dir);
    expect(migrations.map((migration) => migration.name)).toEqual(['0001_a.sql', '0002_b.sql']);
    expect(migrations[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(migrations[0]?.checksum).not.toBe(migrations[1]?.checksum);
  });
});

describe('the shipped migrations', () => {
  it('exist for control and tenant schemas', async () => {
    expect((await loadMigrations(CONTROL_MIGRATIONS_DIR)).length).toBeGreaterThan(0);
    expect((await loadMigrations(TENANT_MIGRATIONS_DIR)).length).toBeGreaterThan(0);
  });

  // Tenant SQL must name every object through the schema token: an unqualified name would
  // resolve through search_path, i.e. land in `public` or in whichever tenant set it last.
  it('qualify every tenant table, index target and reference with the schema token', async () => {
    for (const migration of await loadMigrations(TENANT_MIGRATIONS_DIR)) {
      const sql = migration.sql.replace(/--.*$/gm, '');
      const statementForms = [
        /CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\S+)/gi,
        /CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?\S+\s+ON\s+(?:ONLY\s+)?(\S+)/gi,
        /CREATE\s+(?:OR\s+REPLACE\s+)?(?:SEQUENCE|VIEW|FUNCTION|TYPE)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\S+)/gi,
        /ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(\S+)/gi,
        // \b: not the end of an identifier such as user_preferences.
        /\bREFERENCES\s+(\S+)/gi,
        /INSERT\s+INTO\s+(\S+)/gi,
        /DELETE\s+FROM\s+(\S+)/gi,
      ];
      const objectNames = statementForms.flatMap((form) => [...sql.matchAll(form)].map((match) => match[1] ?? ''));
      expect(objectNames.length).toBeGreaterThan(0);
      for (const name of objectNames) {
        expect(name, `${migration.name}: ${name}`).toMatch(new RegExp(`^${SCHEMA_TOKEN}\\.`));
      }
      expect(sql, migration.name).not.toMatch(/search_path/i);
    }
  });

  it('never touch search_path in control migrations either', async () => {
    for (const migration of await loadMigrations(CONTROL_MIGRATIONS_DIR)) {
      expect(await readFile(path.join(CONTROL_MIGRATIONS_DIR, migration.name), 'utf8')).not.toMatch(/search_path/i);
    }
  });
});

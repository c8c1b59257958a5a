import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, migrateControl, type Database } from '@tradesage/prisma';
import { createTestDatabase, type TestDatabase } from '@tradesage/prisma/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { CachedKeySource } from './access-token.ts';
import { verifyingKeys } from './signing-key.repository.ts';
import {
  KEY_RETIREMENT_SKEW_SECONDS,
  SigningKeyManager,
  type RotatedKey,
  type SigningKeySource,
} from './signing-key-manager.ts';
import { generateSigningKey, signingKeyFromPem } from './signing-keys.ts';
import { TenantClaimCipher } from './tenant-claim.ts';

const settings = { issuer: 'https://issuer.test', audience: 'tradesage-api', accessTtlSeconds: 900 };
const logger = createLogger({ level: 'silent', name: 'test' });
let database: TestDatabase;
let db: Database;
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tradesage-keys-'));
  dirs.push(dir);
  return dir;
}

function manager(source: SigningKeySource, rotations: RotatedKey[] = [], checkMs = 0) {
  const keySource = new CachedKeySource(() => verifyingKeys(db));
  return new SigningKeyManager({
    source,
    db,
    keySource,
    cipher: new TenantClaimCipher(crypto.randomBytes(32)),
    settings,
    logger,
    onRotated: async (rotation) => {
      rotations.push(rotation);
    },
    checkMs,
  });
}

const kidOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { kid: string }).kid;

beforeAll(async () => {
  database = await createTestDatabase('tradesage_keys');
  db = createDatabase({ connectionString: database.connectionString, maxConnections: 2 });
  await migrateControl(db.pool);
});

beforeEach(async () => {
  await db.control.signingKey.deleteMany();
});

afterAll(async () => {
  await db?.close();
  await database?.drop();
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

describe('SigningKeyManager', () => {
  it('signs with a key given in the environment (production), publishing it first', async () => {
    const pem = crypto
      .generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const key = signingKeyFromPem(pem);
    const token = (await manager({ kind: 'static', key }).issuer()).issue({
      userId: 'u',
      tenantId: crypto.randomUUID(),
      sessionId: 's',
      roles: [],
      auth: { time: new Date(), methods: ['pwd'], enrolmentOnly: false },
    }).token;
    expect(kidOf(token)).toBe(key.kid);
    expect((await verifyingKeys(db)).map((k) => k.jwk.kid)).toEqual([key.kid]);
  });

  it('refuses to start in production with an empty key folder, and generates a key in development', async () => {
    await expect(manager({ kind: 'dir', dir: await tempDir(), generateWhenEmpty: false }).issuer()).rejects.toThrow(
      /no signing key/,
    );
    const dir = await tempDir();
    await manager({ kind: 'dir', dir, generateWhenEmpty: true }).issuer();
    expect((await fs.readdir(dir)).filter((name) => name.endsWith('.pem'))).toHaveLength(1);
  });

  it('switches to a newer key file at its next check and retires the old key for TTL + skew', async () => {
    const dir = await tempDir();
    const rotations: RotatedKey[] = [];
    const keys = manager({ kind: 'dir', dir, generateWhenEmpty: true }, rotations);
    const first = kidOf(
      (await keys.issuer()).issue({
        userId: 'u',
        tenantId: crypto.randomUUID(),
        sessionId: 's',
        roles: [],
        auth: { time: new Date(), methods: ['pwd'], enrolmentOnly: false },
      }).token,
    );
    expect(rotations).toEqual([]);

    const newer = await generateSigningKey(dir, new Date(Date.now() + 1000));
    expect(await keys.check()).toBe(newer.kid);
    expect(
      kidOf(
        (await keys.issuer()).issue({
          userId: 'u',
          tenantId: crypto.randomUUID(),
          sessionId: 's',
          roles: [],
          auth: { time: new Date(), methods: ['pwd'], enrolmentOnly: false },
        }).token,
      ),
    ).toBe(newer.kid);

    const rows = await db.control.signingKey.findMany();
    const retired = rows.find((row) => row.kid === first)?.verifyUntil?.getTime() ?? 0;
    const expected = Date.now() + (settings.accessTtlSeconds + KEY_RETIREMENT_SKEW_SECONDS) * 1000;
    expect(Math.abs(retired - expected)).toBeLessThan(5_000);
    expect(rows.find((row) => row.kid === newer.kid)?.verifyUntil).toBeNull();
    expect(rotations).toEqual([{ kid: newer.kid, retiredKids: [first], verifyUntil: expect.any(Date) as unknown }]);
    // A second check finds nothing new and audits nothing.
    await keys.check();
    expect(rotations).toHaveLength(1);
  });

  it('keeps a key verifiable while some process still signs with it', async () => {
    const dir = await tempDir();
    const keys = manager({ kind: 'dir', dir, generateWhenEmpty: true });
    const kid = await keys.check();
    // Another process (a newer deploy) retired this key a while ago.
    await db.control.signingKey.update({ where: { kid }, data: { verifyUntil: new Date(Date.now() + 1000) } });
    await keys.check();
    const row = await db.control.signingKey.findUniqueOrThrow({ where: { kid } });
    expect(row.verifyUntil?.getTime()).toBeGreaterThan(Date.now() + settings.accessTtlSeconds * 1000);
  });

  it('never reads a key file half written: keys appear under their final name in one step', async () => {
    const dir = await tempDir();
    await Promise.all(Array.from({ length: 5 }, (_, i) => generateSigningKey(dir, new Date(Date.now() + i))));
    const names = await fs.readdir(dir);
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(names.filter((name) => name.endsWith('.pem'))).toHaveLength(5);
  });
});

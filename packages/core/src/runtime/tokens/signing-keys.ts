import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ensurePrivateDir } from '../private-dir.ts';

/** An ES256 public key as published in the JWKS (RFC 7517). */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: PublicJwk;
  readonly createdAt: Date;
}

/** RFC 7638 JWK thumbprint: the key id is derived from the key, never chosen. */
export function jwkThumbprint(jwk: { crv: string; kty: string; x: string; y: string }): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return crypto.createHash('sha256').update(canonical).digest('base64url');
}

export function signingKeyFromPem(pem: string, createdAt = new Date()): SigningKey {
  const privateKey = crypto.createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('signing key must be an EC P-256 private key (ES256)');
  }
  const exported = crypto.createPublicKey(privateKey).export({ format: 'jwk' });
  if (!exported.x || !exported.y) throw new Error('signing key has no public point');
  const base = { kty: 'EC' as const, crv: 'P-256' as const, x: exported.x, y: exported.y };
  const kid = jwkThumbprint(base);
  return { kid, privateKey, createdAt, publicJwk: { ...base, kid, alg: 'ES256', use: 'sig' } };
}

const KEY_FILE = /^(\d{13})-[A-Za-z0-9_-]+\.pem$/;

/** A key file's name, newest first by its `<createdMillis>-` prefix (then by name). */
function compareKeyFiles(a: string, b: string): number {
  const byTime = Number(KEY_FILE.exec(b)?.[1]) - Number(KEY_FILE.exec(a)?.[1]);
  return byTime !== 0 ? byTime : b.localeCompare(a);
}

async function keyFiles(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).filter((name) => KEY_FILE.test(name)).sort(compareKeyFiles);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Name of the newest `<createdMillis>-<kid>.pem` in `dir` (the key that signs), or null. One readdir. */
export async function newestSigningKeyFile(dir: string): Promise<string | null> {
  return (await keyFiles(dir))[0] ?? null;
}

/** Loads one key file written by generateSigningKey. */
export async function readSigningKeyFile(dir: string, name: string): Promise<SigningKey> {
  const match = KEY_FILE.exec(name);
  if (!match?.[1]) throw new Error(`not a signing key file: ${name}`);
  return signingKeyFromPem(await fs.readFile(path.join(dir, name), 'utf8'), new Date(Number(match[1])));
}

/**
 * Reads every `<createdMillis>-<kid>.pem` in `dir`, newest first. The newest signs; the
 * others stay loaded so their public halves keep being published until retired.
 */
export async function readSigningKeys(dir: string): Promise<SigningKey[]> {
  const keys: SigningKey[] = [];
  for (const name of await keyFiles(dir)) keys.push(await readSigningKeyFile(dir, name));
  return keys;
}

/**
 * Generates a P-256 key and writes it with mode 0600 in a 0700 folder. The file appears
 * atomically (written under a temporary name, then renamed): a running service that looks
 * for new keys never reads half a key.
 */
export async function generateSigningKey(dir: string, now = new Date()): Promise<SigningKey> {
  await ensurePrivateDir(dir);
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const key = signingKeyFromPem(pem, now);
  const name = `${now.getTime()}-${key.kid}.pem`;
  const temporary = path.join(dir, `.${name}.${process.pid}.tmp`);
  await fs.writeFile(temporary, pem, { mode: 0o600, flag: 'wx' });
  await fs.rename(temporary, path.join(dir, name));
  return key;
}

/** Reads or creates (development) a 32-byte secret file with mode 0600. */
export async function readOrCreateSecretFile(file: string): Promise<Buffer> {
  try {
    return Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'base64');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await ensurePrivateDir(path.dirname(file));
  const secret = crypto.randomBytes(32);
  try {
    await fs.writeFile(file, secret.toString('base64'), { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process created it first: use theirs so every service shares one key.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'base64');
    throw error;
  }
}

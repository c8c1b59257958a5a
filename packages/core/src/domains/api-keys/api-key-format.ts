import crypto from 'node:crypto';
import zlib from 'node:zlib';

/**
 * API keys as secret scanners can recognise them (the shape of GitHub's tokens):
 *
 *   tsk_<environment>_<30 base62 characters: 178 random bits><6 base62 characters: CRC32>
 *
 * - The prefix names the product and the environment (`live` or `test`, the deployment's
 *   `API_KEY_ENVIRONMENT`), so a leaked key is recognisable and its blast radius obvious.
 * - The checksum is the CRC32 (zlib's) of everything before it, in base62, zero-padded to six
 *   characters: a scanner can tell a real key from a random string offline, and a key with a bad
 *   checksum is refused before any lookup (with the answer an unknown key gets).
 * - Only the SHA-256 of the whole key is stored: 178 random bits make guessing hopeless, so a
 *   fast hash suffices (as for refresh tokens), and the edge can afford it on every request.
 *
 * The published pattern for scanners: API_KEY_PATTERN.
 */
export type ApiKeyEnvironment = 'live' | 'test';

export const API_KEY_PATTERN = /\btsk_(?:live|test)_[0-9A-Za-z]{36}\b/;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 30;
const CHECKSUM_LENGTH = 6;
const KEY = /^tsk_(live|test)_([0-9A-Za-z]{30})([0-9A-Za-z]{6})$/;

/** A key just made: the secret (shown once, never stored or logged) and what is stored of it. */
export interface NewApiKey {
  readonly secret: string;
  readonly hash: string;
  readonly environment: ApiKeyEnvironment;
  readonly lastFour: string;
}

/** What the edge knows of a well-formed key before any lookup. */
export interface ParsedApiKey {
  readonly hash: string;
  readonly environment: ApiKeyEnvironment;
}

export function newApiKey(environment: ApiKeyEnvironment): NewApiKey {
  const body = `${prefixOf(environment)}${randomBase62(RANDOM_LENGTH)}`;
  const secret = `${body}${checksumOf(body)}`;
  return { secret, hash: hashApiKey(secret), environment, lastFour: secret.slice(-4) };
}

/** A key's parts when it is one of ours with a valid checksum; null otherwise (no lookup needed). */
export function parseApiKey(candidate: string): ParsedApiKey | null {
  const match = KEY.exec(candidate);
  if (!match) return null;
  const body = candidate.slice(0, candidate.length - CHECKSUM_LENGTH);
  if (checksumOf(body) !== match[3]) return null;
  return { hash: hashApiKey(candidate), environment: match[1] as ApiKeyEnvironment };
}

/** True for anything that claims to be a key (our prefix), valid or not: such a bearer is never a JWT. */
export function looksLikeApiKey(candidate: string): boolean {
  return candidate.startsWith('tsk_');
}

export function hashApiKey(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('base64url');
}

/** How a key is shown without its secret: `tsk_live_…abcd`. */
export function displayApiKey(environment: ApiKeyEnvironment, lastFour: string): string {
  return `${prefixOf(environment)}…${lastFour}`;
}

function prefixOf(environment: ApiKeyEnvironment): string {
  return `tsk_${environment}_`;
}

function checksumOf(body: string): string {
  let value = zlib.crc32(body);
  let text = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    text = BASE62[value % 62] + text;
    value = Math.floor(value / 62);
  }
  return text;
}

/** Uniform base62 from a CSPRNG: bytes of 248 and above are dropped (248 = 4 × 62), so no character is likelier. */
function randomBase62(length: number): string {
  let text = '';
  while (text.length < length) {
    for (const byte of crypto.randomBytes(length * 2)) {
      if (byte >= 248) continue;
      text += BASE62[byte % 62];
      if (text.length === length) break;
    }
  }
  return text;
}

/**
 * `npm run keys:rotate`: adds a new ES256 signing key to SIGNING_KEYS_DIR (default
 * DATA_DIR/keys). Services sign with the newest key after their next start; older keys stay
 * in the JWKS so tokens they signed keep verifying until they expire. When DATABASE_URL is
 * set the public half is published to the key registry at once.
 */
import { createDatabase } from '@tradesage/prisma';
import { loadConfig } from '../config.ts';
import { publishSigningKey } from '../runtime.ts';
import { generateSigningKey } from '../tokens/signing-keys.ts';

const config = loadConfig();
if (config.tokens.privateKeyPem) {
  console.error('JWT_PRIVATE_KEY is set: rotate by deploying a new key through your secret store instead.');
  process.exit(1);
}
const key = await generateSigningKey(config.tokens.signingKeysDir);
console.log(`new signing key ${key.kid} in ${config.tokens.signingKeysDir}`);
if (config.databaseUrl) {
  const db = createDatabase({ connectionString: config.databaseUrl.reveal(), maxConnections: 2 });
  try {
    await publishSigningKey(db, key);
    console.log('published to the key registry (control.signing_keys)');
  } finally {
    await db.close();
  }
}

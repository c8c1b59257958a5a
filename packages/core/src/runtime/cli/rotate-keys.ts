/**
 * `npm run keys:rotate`: adds a new ES256 signing key to SIGNING_KEYS_DIR (default
 * DATA_DIR/keys). Running services sign with it within seconds, without a restart (each issuer
 * looks for a newer key file every few seconds); when one switches, the previous key is retired:
 * it keeps verifying until `now + access-token lifetime + skew`, when every token it signed has
 * expired, and then leaves the JWKS. The switch is audited (`signing_key.rotated`) in the
 * platform tenant. When DATABASE_URL is set the public half is published here at once, so
 * verifiers know the key before any token carries it.
 *
 * With DATABASE_URL it also adds a new RS256 and ES256 key for the tenants' OpenID Connect
 * providers: published at once, signing once every running provider has reloaded its keys
 * (OIDC_KEY_ACTIVATION_SECONDS), the previous ones still published for a day after that.
 */
import { createDatabase } from '@tradesage/prisma';
import { loadConfig } from '../config.ts';
import { publishSigningKey } from '../tokens/signing-key.repository.ts';
import { generateSigningKey } from '../tokens/signing-keys.ts';
import { OIDC_KEY_ACTIVATION_SECONDS, rotateOidcSigningKeys } from '../../domains/oauth/oidc-signing-keys.ts';
import { secretsAtRestCipher } from '../runtime.ts';

const config = loadConfig();
if (config.tokens.privateKeyPem) {
  console.error('JWT_PRIVATE_KEY is set: rotate by deploying a new key through your secret store instead.');
  process.exit(1);
}
const key = await generateSigningKey(config.tokens.signingKeysDir);
console.log(`new signing key ${key.kid} in ${config.tokens.signingKeysDir}`);
if (config.databaseUrl) {
  const db = createDatabase({
    connectionString: config.databaseUrl.reveal(),
    maxConnections: 2,
    connectTimeoutMillis: config.dependencies.postgres.connectTimeoutMs,
    queryTimeoutMillis: config.dependencies.postgres.queryTimeoutMs,
  });
  try {
    await publishSigningKey(db, key);
    console.log('published to the key registry (control.signing_keys)');
    const added = await rotateOidcSigningKeys(db, await secretsAtRestCipher(config));
    console.log(
      `new OpenID Connect provider keys ${added.join(', ')}: they sign from ${OIDC_KEY_ACTIVATION_SECONDS / 60} minutes from now`,
    );
  } finally {
    await db.close();
  }
}

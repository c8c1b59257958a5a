import crypto from 'node:crypto';
import { AccessTokenIssuer, AccessTokenVerifier } from '../tokens/access-token.ts';
import { signingKeyFromPem } from '../tokens/signing-keys.ts';
import { TenantClaimCipher } from '../tokens/tenant-claim.ts';

export interface InMemoryAccessTokens {
  readonly kid: string;
  readonly issuer: AccessTokenIssuer;
  readonly verifier: AccessTokenVerifier;
  /** A token for a new user and session of `tenantId`. */
  token(tenantId: string, roles?: readonly string[]): string;
}

/**
 * Real token issuing and verification on a new in-memory ES256 key: no database, no key folder.
 * `keysFail`: every key lookup of the verifier throws, as when Postgres is down.
 */
export function inMemoryAccessTokens(options: { keysFail?: boolean } = {}): InMemoryAccessTokens {
  const pem = crypto
    .generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();
  const key = signingKeyFromPem(pem);
  const cipher = new TenantClaimCipher(crypto.randomBytes(32));
  const settings = { issuer: 'https://issuer.test', audience: 'api.test', accessTtlSeconds: 300 };
  const publicKey = crypto.createPublicKey(key.privateKey);
  const verifier = new AccessTokenVerifier(
    {
      get: async (kid) => {
        if (options.keysFail) throw new Error('connect ECONNREFUSED 10.0.0.1:5432');
        return kid === key.kid ? publicKey : undefined;
      },
    },
    cipher,
    settings,
  );
  const issuer = new AccessTokenIssuer(key, cipher, settings);
  return {
    kid: key.kid,
    issuer,
    verifier,
    token: (tenantId, roles = ['trader']) =>
      issuer.issue({
        userId: crypto.randomUUID(),
        tenantId,
        sessionId: crypto.randomUUID(),
        roles,
        auth: { time: new Date(), methods: ['pwd'], enrolmentOnly: false },
      }).token,
  };
}

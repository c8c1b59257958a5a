import { MfaRepository, tenantKey, type ChallengeRow, type Runtime } from '@tradesage/core';
import { AccountTenantRepository } from '../../repositories/account-tenant.repository.ts';
import type { PasskeyVerifier } from './challenge.service.ts';
import {
  credentialIdOf,
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  verifyPasskeyAuthentication,
  verifyPasskeyRegistration,
  type RelyingParty,
  type StoredPasskey,
  type VerifiedPasskeyRegistration,
} from './passkeys.ts';

/** How long a registration ceremony's challenge waits (the options' own timeout). */
const REGISTRATION_TTL_SECONDS = 5 * 60;

/**
 * Passkeys of a tenant's users: ceremonies with single-use challenges (a registration's in Redis,
 * taken with GETDEL; an authentication's on its MFA challenge row, which ends when answered).
 * The relying party is the tenant's custom domain when it has one, else the deployment's host
 * (APP_URL), and only that origin is accepted.
 */
export class PasskeyService {
  constructor(private readonly runtime: Runtime) {}

  async relyingParty(tenantId: string): Promise<RelyingParty> {
    const tenant = await new AccountTenantRepository(this.runtime.db.control).findById(tenantId);
    const app = new URL(this.runtime.config.mail.appUrl);
    if (tenant?.domain) return { id: tenant.domain, name: tenant.name, origins: [`https://${tenant.domain}`] };
    return { id: app.hostname, name: tenant?.name ?? 'TradeSage', origins: [app.origin] };
  }

  /** Registration options for a signed-in user; the challenge is kept for one answer. */
  async registrationOptions(
    tenantId: string,
    user: { id: string; email: string; displayName: string },
  ): Promise<string> {
    const rp = await this.relyingParty(tenantId);
    const existing = await new MfaRepository(this.runtime.db.tenant(tenantId)).passkeys(user.id);
    const options = await passkeyRegistrationOptions({
      rp,
      user: { id: user.id, name: user.email, displayName: user.displayName || user.email },
      exclude: existing.map(stored),
    });
    await this.runtime.redis.set(
      tenantKey(tenantId, 'passkey-registration', user.id),
      options.challenge,
      'EX',
      REGISTRATION_TTL_SECONDS,
    );
    return JSON.stringify(options);
  }

  /** Verifies the browser's registration answer against the challenge handed out (used once). */
  async verifyRegistration(tenantId: string, userId: string, response: unknown): Promise<VerifiedPasskeyRegistration> {
    const expectedChallenge = await this.runtime.redis.getdel(tenantKey(tenantId, 'passkey-registration', userId));
    const rp = await this.relyingParty(tenantId);
    return verifyPasskeyRegistration({ rp, response, expectedChallenge: expectedChallenge ?? '' });
  }

  /** Authentication options for a challenge: its user's passkeys, the challenge stored on the row. */
  async authenticationOptions(tenantId: string, challenge: Pick<ChallengeRow, 'id' | 'userId'>): Promise<string> {
    const mfa = new MfaRepository(this.runtime.db.tenant(tenantId));
    const options = await passkeyAuthenticationOptions({
      rp: await this.relyingParty(tenantId),
      allow: (await mfa.passkeys(challenge.userId)).map(stored),
    });
    await mfa.setPasskeyChallenge(challenge.id, options.challenge);
    return JSON.stringify(options);
  }

  /** Checks a passkey answer to a challenge: a passkey of the challenge's user, its own challenge, the counter moved on. */
  readonly verifier: PasskeyVerifier = async ({ tenantId, userId, challenge, response, now }) => {
    if (!challenge.passkeyChallenge) return null;
    const credentialId = credentialIdOf(response);
    if (!credentialId) return null;
    const mfa = new MfaRepository(this.runtime.db.tenant(tenantId));
    const passkey = (await mfa.passkeys(userId)).find((candidate) => candidate.credentialId === credentialId);
    if (!passkey) return null;
    const verified = await verifyPasskeyAuthentication({
      rp: await this.relyingParty(tenantId),
      response,
      expectedChallenge: challenge.passkeyChallenge,
      passkey: stored(passkey),
    });
    await mfa.recordFactorUse(passkey.id, now, verified.newCounter);
    return { factorId: passkey.id };
  };
}

function stored(row: {
  credentialId: string;
  publicKey: Uint8Array;
  signCount: number;
  transports: readonly string[];
}): StoredPasskey {
  return {
    credentialId: row.credentialId,
    publicKey: row.publicKey,
    counter: row.signCount,
    transports: row.transports,
  };
}

import crypto from 'node:crypto';
import {
  hashOneTimeToken,
  issueOneTimeToken,
  MfaRepository,
  tenantKey,
  tenantOfOneTimeToken,
  type ChallengeRow,
  type Runtime,
} from '@tradesage/core';
import { AccountTenantRepository } from '../../repositories/account-tenant.repository.ts';
import type { PasskeyVerifier } from './challenge.service.ts';
import {
  credentialIdOf,
  passkeyAuthenticationOptions,
  userHandleOf,
  passkeyRegistrationOptions,
  verifyPasskeyAuthentication,
  verifyPasskeyRegistration,
  type RelyingParty,
  type StoredPasskey,
  type VerifiedPasskeyRegistration,
} from './passkeys.ts';

/** How long a ceremony's challenge waits (the options' own timeout). */
const CEREMONY_TTL_SECONDS = 5 * 60;

/**
 * Passkeys of a tenant's users: ceremonies with single-use challenges (a registration's in Redis,
 * taken with GETDEL; an authentication's on its MFA challenge row, which ends when answered).
 * The relying party is the tenant's custom domain when it has one, else the deployment's host
 * (APP_URL), and only that origin is accepted.
 */
export class PasskeyService {
  constructor(private readonly runtime: Runtime) {}

  async relyingParty(tenantId: string | null): Promise<RelyingParty> {
    const tenant = tenantId ? await new AccountTenantRepository(this.runtime.db.control).findById(tenantId) : null;
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
      CEREMONY_TTL_SECONDS,
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

  /**
   * A passwordless sign-in: request options for any discoverable passkey of the tenant, and a
   * token (`<encrypted tenant>.<random>`) whose Redis record holds the WebAuthn challenge for one
   * answer. An unknown tenant gets options and a token too (for no tenant), so the answer tells nothing.
   */
  async startSignIn(tenant: { id: string } | null): Promise<{ token: string; options: string; expiresAt: Date }> {
    const tenantId = tenant?.id ?? crypto.randomUUID();
    const rp = await this.relyingParty(tenant ? tenantId : null);
    const options = await passkeyAuthenticationOptions({ rp });
    const now = new Date();
    const issued = issueOneTimeToken(this.runtime.tenantClaims, tenantId, 'mfa_challenge', now);
    await this.runtime.redis.set(
      tenantKey(tenantId, 'passkey-sign-in', issued.hash),
      options.challenge,
      'EX',
      CEREMONY_TTL_SECONDS,
    );
    return {
      token: issued.token,
      options: JSON.stringify(options),
      expiresAt: new Date(now.getTime() + CEREMONY_TTL_SECONDS * 1000),
    };
  }

  /**
   * Checks a passwordless answer: the token's challenge (taken once), a passkey registered in the
   * tenant whose user handle names its owner, and a valid signature with user verification. Null
   * for anything that is not all of that.
   */
  async verifySignIn(
    token: string,
    response: unknown,
    now: Date,
  ): Promise<{ tenantId: string; userId: string; factorId: string } | null> {
    const tenantId = tenantOfOneTimeToken(this.runtime.tenantClaims, token, 'mfa_challenge');
    if (!tenantId) return null;
    const expectedChallenge = await this.runtime.redis.getdel(
      tenantKey(tenantId, 'passkey-sign-in', hashOneTimeToken(token)),
    );
    const credentialId = credentialIdOf(response);
    if (!expectedChallenge || !credentialId) return null;
    const mfa = new MfaRepository(this.runtime.db.tenant(tenantId));
    const passkey = await mfa.passkeyByCredential(credentialId);
    if (!passkey || userHandleOf(response) !== passkey.userId) return null;
    try {
      const verified = await verifyPasskeyAuthentication({
        rp: await this.relyingParty(tenantId),
        response,
        expectedChallenge,
        passkey: stored(passkey),
      });
      if (!verified.userVerified) return null;
      await mfa.recordFactorUse(passkey.id, now, verified.newCounter);
      return { tenantId, userId: passkey.userId, factorId: passkey.id };
    } catch {
      await mfa.recordFactorFailure(passkey.userId, [passkey.id], now);
      return null;
    }
  }

  /** Checks a passkey answer to a challenge: a passkey of the challenge's user, its own challenge, the counter moved on. */
  readonly verifier: PasskeyVerifier = async ({ tenantId, userId, challenge, response, now }) => {
    if (!challenge.passkeyChallenge) return null;
    const credentialId = credentialIdOf(response);
    if (!credentialId) return null;
    const mfa = new MfaRepository(this.runtime.db.tenant(tenantId));
    const passkey = (await mfa.passkeys(userId)).find((candidate) => candidate.credentialId === credentialId);
    if (!passkey) return null;
    try {
      const verified = await verifyPasskeyAuthentication({
        rp: await this.relyingParty(tenantId),
        response,
        expectedChallenge: challenge.passkeyChallenge,
        passkey: stored(passkey),
      });
      await mfa.recordFactorUse(passkey.id, now, verified.newCounter);
      return { factorId: passkey.id };
    } catch {
      // A wrong answer (origin, challenge, signature, counter): counted like a wrong code.
      await mfa.recordFactorFailure(userId, [passkey.id], now);
      return null;
    }
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

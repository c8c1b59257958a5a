import { AppError, NotFoundError } from '../../runtime/errors.ts';
import { SignedInService } from '../../runtime/request-service.ts';
import { parseTenantSettings } from '../tenants/tenant-settings.ts';
import { findStoredTenantSettings } from '../tenants/tenant.repository.ts';
import { MfaRepository } from '../mfa/mfa.repository.ts';
import { usableFactors } from '../mfa/mfa-policy.ts';
import { isSocialProvider } from './social-providers.ts';
import { randomToken, SOCIAL_FLOW_TTL_SECONDS, SocialStore } from './social-store.ts';
import { SocialRepository, type UserIdentityRow } from './social.repository.ts';

/**
 * RFC 8176 names no method for "a federated identity provider authenticated the user": sessions
 * a social sign-in opens carry this value in `amr` (with the second factor's values when one was
 * asked), so they are told apart from password sign-ins and never count as proof of a password.
 */
export const FEDERATED_AMR = 'fed';

/** What proves control of an account by its own credentials: a password, or a passkey. */
const OWN_CREDENTIAL_AMR: readonly string[] = ['pwd', 'hwk'];

/** A signed-in user's linked identities: list, link (startSocialLink, a pending link), unlink. */
export class SocialAccountService extends SignedInService {
  readonly #store = new SocialStore(this.runtime.redis);

  identities(): Promise<UserIdentityRow[]> {
    return new SocialRepository(this.db).identitiesOf(this.viewer.userId);
  }

  /**
   * A URL that starts linking `provider` to the caller: a single-use intent bound to this user,
   * spent by the gateway's start route within ten minutes.
   */
  async startLink(provider: string): Promise<{ url: string; expiresAt: Date }> {
    if (!isSocialProvider(provider)) throw notEnabled(provider);
    const connection = await new SocialRepository(this.db).connection(provider);
    if (!connection?.enabled) throw notEnabled(provider);
    const tenant = await this.runtime.db.control.tenant.findUnique({
      where: { id: this.viewer.tenantId },
      select: { slug: true },
    });
    if (!tenant) throw new NotFoundError('No such tenant');
    const intent = randomToken();
    await this.#store.saveIntent(this.viewer.tenantId, intent, { userId: this.viewer.userId, provider });
    const params = new URLSearchParams({ intent });
    return {
      url: `${this.runtime.config.mail.appUrl}/t/${tenant.slug}/social/${provider}/start?${params.toString()}`,
      expiresAt: new Date(Date.now() + SOCIAL_FLOW_TTL_SECONDS * 1000),
    };
  }

  /**
   * Links the identity a social sign-in found for an existing account with the same address
   * (never linked automatically, "nOAuth"), once the caller proved control of that account: this
   * session signed in after the pending link was made, with the account's own credentials
   * (password or passkey, not a federated sign-in), and with the second factor when the user has one.
   */
  async confirmPendingLink(token: string): Promise<UserIdentityRow> {
    const tenantId = this.viewer.tenantId;
    const pending = await this.#store.peekPendingLink(tenantId, token);
    if (!pending || pending.userId !== this.viewer.userId)
      throw new AppError(
        'INVALID_TOKEN',
        'This link request is unknown, used or expired: sign in with the provider again',
      );
    const repository = new SocialRepository(this.db);
    const user = await repository.userById(this.viewer.userId);
    const auth = this.viewer.auth;
    const ownCredential = auth.methods.some((method) => OWN_CREDENTIAL_AMR.includes(method));
    let proven = !!user && user.email === pending.email && ownCredential && auth.time.getTime() >= pending.createdAt;
    if (proven && !auth.methods.includes('mfa')) {
      const settings = parseTenantSettings(await findStoredTenantSettings(this.runtime.db.control, tenantId)).mfa;
      const kinds = await new MfaRepository(this.db).activeKinds(this.viewer.userId);
      proven = usableFactors(settings, kinds).length === 0;
    }
    if (!proven) {
      await this.audit(this.db, {
        action: 'social.refused',
        result: 'refused',
        targetType: 'user',
        targetId: this.viewer.userId,
        data: { provider: pending.provider, reason: 'link_not_proven' },
      });
      throw new AppError(
        'SOCIAL_LINK_PROOF_REQUIRED',
        'Sign in to this account with its password (and second factor) first, then confirm the link',
      );
    }
    if (!(await this.#store.takePendingLink(tenantId, token)))
      throw new AppError(
        'INVALID_TOKEN',
        'This link request is unknown, used or expired: sign in with the provider again',
      );
    const linked = await repository.link({
      userId: this.viewer.userId,
      provider: pending.provider,
      issuer: pending.issuer,
      subject: pending.subject,
      email: pending.email,
    });
    if (!linked) throw new AppError('SOCIAL_IDENTITY_TAKEN', 'This account at the provider is already linked');
    await this.audit(this.db, {
      action: 'social.linked',
      targetType: 'user',
      targetId: this.viewer.userId,
      data: { provider: pending.provider, identityId: linked.id, by: 'pending_link' },
    });
    return linked;
  }

  /** Unlinks one of the caller's identities, unless it is their last way to sign in. */
  async unlink(id: string): Promise<boolean> {
    const repository = new SocialRepository(this.db);
    const outcome = await repository.unlinkUnlessLast(this.viewer.userId, id);
    if (outcome === 'missing') throw new NotFoundError('No such linked identity');
    if (outcome === 'last') {
      await this.audit(this.db, {
        action: 'social.unlinked',
        result: 'refused',
        targetType: 'user_identity',
        targetId: id,
        data: { reason: 'last_sign_in_method' },
      });
      throw new AppError(
        'SOCIAL_LAST_SIGN_IN_METHOD',
        'This is your only way to sign in: set a password or link another account first',
      );
    }
    await this.audit(this.db, { action: 'social.unlinked', targetType: 'user_identity', targetId: id });
    return true;
  }
}

function notEnabled(provider: string): AppError {
  return new AppError('SOCIAL_PROVIDER_NOT_ENABLED', 'This provider is not enabled for this tenant', {
    details: { provider: provider.slice(0, 32) },
  });
}

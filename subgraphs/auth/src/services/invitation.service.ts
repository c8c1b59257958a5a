import crypto from 'node:crypto';
import {
  accountLink,
  AppError,
  assertMayGrant,
  assertMayManageUser,
  assertPasswordAllowed,
  assertUserQuota,
  invitationMail,
  loadTenantRoles,
  RequestService,
  type TenantRoles,
  type Viewer,
  rateLimitedError,
  issueOneTimeToken,
  ONE_TIME_TOKEN_TTL_SECONDS,
  validEmail,
} from '@tradesage/core';
import { AccountTenantRepository } from '../repositories/account-tenant.repository.ts';
import { AccountRepository, inAccountTransaction, isUniqueViolation } from '../repositories/account.repository.ts';
import { accountLimits, assertDomainAllowed, InvalidTokenError, validName } from './account-support.ts';
import { linkFailure, linkHolder, openLink } from './one-time-link.ts';
import { SignInGate } from './mfa/sign-in-gate.ts';
import { TokenService, type IssuedTokens } from './token.service.ts';

export interface InvitedUser {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly lastLoginAt: Date | null;
}

/**
 * Invitations, the way into a tenant whose sign-up is not self-service. An
 * admin (`users:write`) creates the user with status `invited` and no password; the emailed
 * single-use link (7 days) lets the invitee choose a password (policy applies), which activates
 * the account, verifies the address (the link reached it) and signs them in.
 */
export class InvitationService extends RequestService {
  async inviteUser(
    viewer: Viewer,
    input: { email: string; role: string; firstName?: string | null; lastName?: string | null },
  ): Promise<InvitedUser> {
    const email = validEmail(input.email);
    const firstName = validName(input.firstName, 'firstName');
    const lastName = validName(input.lastName, 'lastName');
    const db = this.runtime.db.tenant(viewer.tenantId);
    assertMayInvite(viewer, input.role, await loadTenantRoles(db));
    const tenant = await new AccountTenantRepository(this.runtime.db.control).findById(viewer.tenantId);
    if (!tenant) throw new AppError('NOT_FOUND', 'Tenant not found');
    assertDomainAllowed(email, tenant.settings.signup.allowedEmailDomains);
    const sent = await accountLimits(this.runtime).invitationsPerAdmin.hit(viewer.tenantId, viewer.userId);
    if (sent.exceeded) throw rateLimitedError(sent.msBeforeReset, 'Too many invitations, please retry later');

    const existing = await new AccountRepository(db, viewer.tenantId).findByEmail(email);
    // The caller may list the tenant's users anyway, so saying the address is taken discloses nothing new.
    if (existing && existing.status !== 'invited') throw emailTaken();
    // Re-inviting replaces the invitee's role: not for someone invited with more than the caller holds.
    if (existing) await assertMayManageUser(db, viewer, existing.id, 'email');
    // A new invitee takes a seat of the tenant's plan; re-inviting does not.
    if (!existing) await assertUserQuota(this.runtime, viewer.tenantId);
    const userId = existing?.id ?? crypto.randomUUID();
    const now = new Date();
    const issued = issueOneTimeToken(this.runtime.tenantClaims, viewer.tenantId, 'invitation', now);
    try {
      await inAccountTransaction(db, viewer.tenantId, async ({ accounts, tokens }) => {
        if (existing) {
          // Invited again before accepting: the new role and names apply and only the new link works.
          if (!(await accounts.updateInvited(userId, { role: input.role, firstName, lastName }))) throw emailTaken();
          await tokens.revokeOutstanding(userId, ['invitation'], now);
        } else {
          await accounts.create({
            id: userId,
            email,
            role: input.role,
            status: 'invited',
            passwordHash: null,
            firstName,
            lastName,
          });
        }
        await tokens.create({ hash: issued.hash, userId, purpose: 'invitation', email, expiresAt: issued.expiresAt });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
    await this.audit(db, {
      action: 'user.invited',
      actorId: viewer.userId,
      targetType: 'user',
      targetId: userId,
      data: { role: input.role, again: existing !== null },
    });
    this.runtime.mailer.dispatch(
      invitationMail({
        to: email,
        link: accountLink(this.runtime.config.mail.appUrl, 'accept-invitation', issued.token, tenant.slug),
        tenantName: tenant.name,
        role: input.role,
        validDays: ONE_TIME_TOKEN_TTL_SECONDS.invitation / 86_400,
      }),
    );
    return { id: userId, tenantId: viewer.tenantId, email, lastLoginAt: null };
  }

  async acceptInvitation(input: { token: string; password: string }): Promise<IssuedTokens> {
    const link = await openLink(this.runtime, input.token, 'invitation');
    const { tenantId, tenant, db, hash } = link;
    const user = await linkHolder(link, { status: 'invited', action: 'invitation.accepted' }, (entry) =>
      this.audit(db, entry),
    );
    assertPasswordAllowed(input.password, tenant.settings.passwordPolicy, {
      email: user.email,
      username: user.username,
    });
    const passwordHash = await this.runtime.passwords.hash(input.password);
    const now = new Date();
    await inAccountTransaction(db, tenantId, async ({ accounts, tokens }) => {
      const spent = await tokens.consume(hash, 'invitation', now);
      if (!spent || spent.userId !== user.id || !(await accounts.activateInvited(user.id, passwordHash, now)))
        throw new InvalidTokenError();
    }).catch(async (error: unknown) => {
      if (error instanceof InvalidTokenError) {
        await this.audit(db, linkFailure('invitation.accepted', user.id, 'token_already_used'));
      }
      throw error;
    });
    await this.audit(db, {
      action: 'invitation.accepted',
      actorId: user.id,
      targetType: 'user',
      targetId: user.id,
      data: { roles: user.roles.join(',') },
    });
    // A new account has no second factor: under a policy that requires one, the session may only enrol it.
    const step = await new SignInGate(this.runtime).step({
      tenantId,
      user,
      settings: tenant.settings.mfa,
      now,
    });
    const enrolBy = step.kind === 'enrol' || step.kind === 'refused' ? step.enrolBy : undefined;
    const tokens = await new TokenService(this.runtime).startSession(
      tenantId,
      { id: user.id, email: user.email, roles: user.roles },
      { time: now, methods: ['pwd'], enrolmentOnly: enrolBy !== undefined },
      this.caller,
      now,
    );
    return enrolBy ? { ...tokens, enrolBy } : tokens;
  }
}

/**
 * Roles an admin may invite to: any role of the tenant, built-in or custom, except platform_admin
 * (which counts only in the platform tenant and is never granted by invitation), and never one
 * with a permission the inviter lacks, so an invitation cannot raise anyone above the inviter.
 */
export function assertMayInvite(viewer: Pick<Viewer, 'permissions'>, role: string, roles: TenantRoles): void {
  if (role === 'platform_admin') {
    throw new AppError('ROLE_NOT_ALLOWED', 'Invitations never give the platform_admin role', {
      details: { field: 'role', role },
    });
  }
  assertMayGrant(viewer, [role], roles, 'role');
}

function emailTaken(): AppError {
  return new AppError('EMAIL_TAKEN', 'A user with this email address already exists', { details: { field: 'email' } });
}

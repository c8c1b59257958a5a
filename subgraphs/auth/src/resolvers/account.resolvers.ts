import DataLoader from 'dataloader';
import { signedIn } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import type { AuthContext } from '../context.ts';
import { AccountRepository } from '../repositories/account.repository.ts';
import { EmailVerificationService } from '../services/email-verification.service.ts';
import { InvitationService } from '../services/invitation.service.ts';
import { LoginService } from '../services/login.service.ts';
import { PasswordService } from '../services/password.service.ts';
import { SignUpService } from '../services/sign-up.service.ts';
import { issued } from './shared.ts';
import { deliverTokens } from './token-delivery.ts';

/**
 * `User.emailVerified`, batched per request. Keyed by tenant and id because a User here may come
 * from a login payload (no viewer yet) as well as from the caller's own tenant.
 */
const emailVerifiedLoaders = new WeakMap<AuthContext, DataLoader<string, boolean>>();

function emailVerifiedLoader(ctx: AuthContext): DataLoader<string, boolean> {
  let loader = emailVerifiedLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<string, boolean>(async (keys) => {
      const byTenant = new Map<string, string[]>();
      for (const key of keys) {
        const [tenantId = '', userId = ''] = key.split(':');
        byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), userId]);
      }
      const verified = new Map<string, boolean>();
      for (const [tenantId, ids] of byTenant) {
        const rows = await new AccountRepository(ctx.runtime.db.tenant(tenantId), tenantId).emailVerifiedAt(ids);
        for (const [id, at] of rows) verified.set(`${tenantId}:${id}`, at !== null);
      }
      return keys.map((key) => verified.get(key) ?? false);
    });
    emailVerifiedLoaders.set(ctx, loader);
  }
  return loader;
}

export const accountResolvers: Resolvers = {
  Query: {
    passwordRequirements: (_parent, { tenant }, ctx) => new PasswordService(ctx.runtime, ctx).requirements(tenant),
    tenantForDomain: (_parent, { domain }, ctx) => new LoginService(ctx.runtime).tenantForDomain(domain),
  },
  Mutation: {
    changePassword: (_parent, { input }, ctx) =>
      new PasswordService(ctx.runtime, ctx).changePassword(signedIn(ctx).viewer, input),
    requestPasswordReset: (_parent, { input }, ctx) =>
      new PasswordService(ctx.runtime, ctx).requestPasswordReset(input),
    resetPassword: (_parent, { input }, ctx) => new PasswordService(ctx.runtime, ctx).resetPassword(input),
    requestEmailChange: (_parent, { input }, ctx) =>
      new EmailVerificationService(ctx.runtime, ctx).requestEmailChange(signedIn(ctx).viewer, input),
    verifyEmail: (_parent, { input }, ctx) => new EmailVerificationService(ctx.runtime, ctx).verifyEmail(input),
    resendVerificationEmail: (_parent, _args, ctx) =>
      new EmailVerificationService(ctx.runtime, ctx).resendVerificationEmail(signedIn(ctx).viewer),
    signUp: (_parent, { input }, ctx) => new SignUpService(ctx.runtime, ctx).signUp(input),
    inviteUser: (_parent, { input }, ctx) =>
      new InvitationService(ctx.runtime, ctx).inviteUser(signedIn(ctx).viewer, input),
    acceptInvitation: async (_parent, { input }, ctx, info) =>
      deliverTokens(
        ctx,
        issued(ctx, info, await new InvitationService(ctx.runtime, ctx).acceptInvitation(input)),
        input.refreshTokenDelivery,
      ),
  },
  User: {
    emailVerified: (user, _args, ctx) => emailVerifiedLoader(ctx).load(`${user.tenantId}:${user.id}`),
  },
};

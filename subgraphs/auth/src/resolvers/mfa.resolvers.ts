import { BadInputError, fromGraphEnum, signedIn, toGraphEnum, type FactorKind } from '@tradesage/core';
import type { MfaFactorKind, Resolvers } from '../__generated__/resolvers-types.ts';
import { LoginService } from '../services/login.service.ts';
import { MfaService, mfaViewOf } from '../services/mfa/mfa.service.ts';
import { MfaAdminService } from '../services/mfa/mfa-admin.service.ts';
import { StepUpService } from '../services/mfa/step-up.service.ts';
import { UserRepository } from '../repositories/user.repository.ts';

export function toFactorKind(kind: FactorKind): MfaFactorKind {
  return toGraphEnum(kind);
}

export const mfaResolvers: Resolvers = {
  SignInResult: {
    __resolveType: (result) => ('challengeToken' in result ? 'MfaChallenge' : 'AuthPayload'),
  },
  Mutation: {
    startTotpEnrolment: (_parent, { input }, ctx) => new MfaService(ctx.runtime, signedIn(ctx)).startTotp(input?.name),
    confirmTotpEnrolment: async (_parent, { input }, ctx) =>
      withKinds(await new MfaService(ctx.runtime, signedIn(ctx)).confirmTotp(input.factorId, input.code)),
    sendMfaCode: async (_parent, { input }, ctx) => {
      const kind = fromGraphEnum(input.factor);
      if (kind !== 'email' && kind !== 'sms')
        throw new BadInputError('BAD_USER_INPUT', 'Codes are sent by EMAIL or SMS', { field: 'factor' });
      return new LoginService(ctx.runtime).sendCode(input.challengeToken, kind, ctx);
    },
    startOtpFactor: async (_parent, { input }, ctx) => {
      const kind = fromGraphEnum(input.kind);
      if (kind !== 'email' && kind !== 'sms')
        throw new BadInputError('BAD_USER_INPUT', 'EMAIL or SMS', { field: 'kind' });
      return new MfaService(ctx.runtime, signedIn(ctx)).startOtpFactor(kind, input.phone);
    },
    confirmOtpFactor: async (_parent, { input }, ctx) =>
      withKinds(await new MfaService(ctx.runtime, signedIn(ctx)).confirmOtpFactor(input.factorId, input.code)),
    startPasskeyRegistration: (_parent, _args, ctx) =>
      new MfaService(ctx.runtime, signedIn(ctx)).passkeyRegistrationOptions(),
    finishPasskeyRegistration: async (_parent, { input }, ctx) =>
      withKinds(await new MfaService(ctx.runtime, signedIn(ctx)).finishPasskeyRegistration(input.name, input.response)),
    renameMfaFactor: async (_parent, { id, name }, ctx) =>
      viewOf(await new MfaService(ctx.runtime, signedIn(ctx)).renameFactor(id, name)),
    removeMfaFactor: (_parent, { id }, ctx) => new MfaService(ctx.runtime, signedIn(ctx)).removeFactor(id),
    regenerateRecoveryCodes: async (_parent, _args, ctx) => ({
      codes: await new MfaService(ctx.runtime, signedIn(ctx)).regenerateRecoveryCodes(),
    }),
    revokeTrustedDevice: (_parent, { id }, ctx) => new MfaService(ctx.runtime, signedIn(ctx)).revokeTrustedDevice(id),
    startStepUp: async (_parent, _args, ctx) => {
      const started = await new StepUpService(ctx.runtime, signedIn(ctx)).start();
      return { ...started, factors: started.factors.map(toFactorKind) };
    },
    completeStepUp: (_parent, { input }, ctx) => new StepUpService(ctx.runtime, signedIn(ctx)).complete(input),
    resetUserMfa: (_parent, { userId }, ctx) => new MfaAdminService(ctx.runtime, signedIn(ctx)).resetUser(userId),
  },
  User: {
    mfa: async (user, _args, ctx) => {
      // Shield allows the user themself (also in their own sign-in payload) and users:pii:read.
      const found = await new UserRepository(ctx.runtime.db.tenant(user.tenantId), user.tenantId).findById(user.id);
      if (!found) return null;
      const view = await mfaViewOf(ctx.runtime, found);
      return {
        ...view,
        factors: view.factors.map(viewOf),
        trustedDevices: [...view.trustedDevices],
        allowedFactors: view.allowedFactors.map(toFactorKind),
      };
    },
  },
};

type View = Awaited<ReturnType<MfaService['renameFactor']>>;

function viewOf(view: View): Omit<View, 'kind'> & { kind: MfaFactorKind } {
  return { ...view, kind: toFactorKind(view.kind) };
}

function withKinds(result: { factor: View; recoveryCodes: string[] | null }) {
  return { ...result, factor: viewOf(result.factor) };
}

import { signedIn, toGraphEnum, type FactorKind } from '@tradesage/core';
import type { MfaFactorKind, Resolvers } from '../__generated__/resolvers-types.ts';
import { MfaService } from '../services/mfa/mfa.service.ts';
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
    resetUserMfa: (_parent, { userId }, ctx) => new StepUpService(ctx.runtime, signedIn(ctx)).resetUser(userId),
  },
  User: {
    mfa: async (user, _args, ctx) => {
      const caller = signedIn(ctx);
      const roles =
        user.id === caller.viewer.userId
          ? caller.viewer.roles
          : ((await new UserRepository(ctx.runtime.db.tenant(user.tenantId), user.tenantId).findById(user.id))?.roles ??
            []);
      const view = await new MfaService(ctx.runtime, caller).view(user.id, roles);
      return { ...view, factors: view.factors.map(viewOf), trustedDevices: [...view.trustedDevices] };
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

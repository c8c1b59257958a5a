import { mergeTypeMaps, DateTimeScalar, JSONScalar } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { accountResolvers } from './account.resolvers.ts';
import { apiKeyResolvers } from './api-keys.resolvers.ts';
import { auditResolvers } from './audit.resolvers.ts';
import { loginResolvers } from './login.resolvers.ts';
import { mfaResolvers } from './mfa.resolvers.ts';
import { oauthResolvers } from './oauth.resolvers.ts';
import { socialResolvers } from './social.resolvers.ts';
import { tokenResolvers } from './token.resolvers.ts';

/** The auth subgraph's resolvers, one file per area (login, tokens, ...), merged here. */
export const resolvers: Resolvers = mergeTypeMaps<Resolvers>(
  {
    DateTime: DateTimeScalar,
    JSON: JSONScalar,
    User: {
      __resolveReference: (reference, ctx) => ctx.loaders.userById.load(reference.id),
    },
  },
  loginResolvers,
  tokenResolvers,
  accountResolvers,
  auditResolvers,
  mfaResolvers,
  apiKeyResolvers,
  oauthResolvers,
  socialResolvers,
);

import { signedIn } from '@tradesage/core';
import type { Resolvers, UserActivityKind } from '../__generated__/resolvers-types.ts';
import { ActivityService } from '../services/activity.service.ts';

const KINDS = {
  login: 'LOGIN',
  profile_updated: 'PROFILE_UPDATED',
  email_changed: 'EMAIL_CHANGED',
  password_changed: 'PASSWORD_CHANGED',
  password_reset: 'PASSWORD_RESET',
  preferences_changed: 'PREFERENCES_CHANGED',
  api: 'API',
} as const satisfies Record<string, UserActivityKind>;

export const activityResolvers: Resolvers = {
  Query: {
    userActivity: (_parent, args, ctx) =>
      new ActivityService(ctx.runtime, signedIn(ctx)).userActivity(args.userId, args),
    dailyActiveUsers: (_parent, args, ctx) =>
      new ActivityService(ctx.runtime, signedIn(ctx)).dailyActiveUsers(args.days),
  },
  UserActivity: {
    kind: (row) => {
      if (!Object.hasOwn(KINDS, row.kind)) throw new Error(`user activity has an unknown kind ${row.kind}`);
      return KINDS[row.kind as keyof typeof KINDS];
    },
  },
};

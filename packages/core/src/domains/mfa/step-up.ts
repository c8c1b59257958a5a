import { AppError, UnauthenticatedError } from '../../runtime/errors.ts';
import { defineRule, type ShieldRule } from '../../runtime/graphql/shield-rules.ts';
import type { RequestContext } from '../../runtime/request-context.ts';
import { parseTenantSettings } from '../tenants/tenant-settings.ts';
import { findStoredTenantSettings } from '../tenants/tenant.repository.ts';
import { usableFactors } from './mfa-policy.ts';
import { MfaRepository } from './mfa.repository.ts';

/**
 * Step-up: a sensitive operation needs a recent strong authentication of the session — its
 * `auth_time` (sign-in or latest step-up) within the tenant's `mfa.stepUpMaxAgeMinutes` (default
 * 10), with the second factor when the user has one (a trusted device never counts). Otherwise
 * STEP_UP_REQUIRED, whose details say what to do: `maxAgeSeconds`, and `secondFactor` (answer
 * `startStepUp`'s challenge) or not (the password). RFC 9470 asks the same of OAuth resources.
 *
 * A new sensitive field gets it by adding this rule (`and(..., recentAuthentication)`). Settings
 * are read fresh: tightening the window applies to the next request.
 */
export const recentAuthentication: ShieldRule = defineRule<RequestContext>(
  'recentAuthentication',
  'contextual',
  async (_parent, _args, ctx) => {
    const viewer = ctx.viewer;
    if (!viewer) return new UnauthenticatedError();
    // A key proves no person's presence: sensitive operations are for sessions only.
    if (viewer.apiKeyId)
      return new AppError('API_KEY_NOT_ALLOWED', 'This operation needs a recent sign-in, not an API key');
    const settings = parseTenantSettings(await findStoredTenantSettings(ctx.runtime.db.control, viewer.tenantId)).mfa;
    const maxAgeSeconds = settings.stepUpMaxAgeMinutes * 60;
    const recent = Date.now() - viewer.auth.time.getTime() <= maxAgeSeconds * 1000;
    const twoFactor = viewer.auth.methods.includes('mfa');
    if (recent && twoFactor) return true;
    const kinds = await new MfaRepository(ctx.runtime.db.tenant(viewer.tenantId)).activeKinds(viewer.userId);
    const secondFactor = usableFactors(settings, kinds).length > 0;
    if (recent && !secondFactor) return true;
    return new AppError(
      'STEP_UP_REQUIRED',
      secondFactor
        ? 'Confirm it is you with your second factor first (startStepUp, completeStepUp)'
        : 'Confirm it is you with your password first (completeStepUp)',
      { details: { maxAgeSeconds, secondFactor } },
    );
  },
);

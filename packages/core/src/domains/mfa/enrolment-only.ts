import type { GraphQLSchema } from 'graphql';
import { AppError } from '../../runtime/errors.ts';
import { rootFieldGuard } from '../../runtime/graphql/root-field-guard.ts';
import type { IMiddlewareTypeMap } from '../../runtime/graphql/shield-runtime.ts';
import type { BaseContext } from '../../runtime/viewer.ts';

/**
 * What a session may do while it is enrolment-only (the tenant requires a second factor the user
 * has not enrolled yet): read who it is, enrol a factor, step up, sign out. Root fields only; the
 * fields below them keep their own rules. Federation's entry points stay open: the gateway reaches
 * `me`'s fields in other subgraphs through them.
 */
export const ENROLMENT_ONLY_ROOT_FIELDS: ReadonlySet<string> = new Set([
  'me',
  // The caller's own permissions and tenant: what a page needs to show who is signed in.
  'myPermissions',
  'myTenant',
  'startTotpEnrolment',
  'confirmTotpEnrolment',
  'startOtpFactor',
  'confirmOtpFactor',
  'startPasskeyRegistration',
  'finishPasskeyRegistration',
  'startStepUp',
  'completeStepUp',
  'refresh',
  'logout',
  'logoutEverywhere',
  'passwordRequirements',
  '_entities',
  '_service',
]);

/**
 * Refuses every other root field to an enrolment-only session with MFA_ENROLMENT_REQUIRED, in
 * every subgraph (before the shield, so no rule or resolver of a refused field runs).
 */
export function enrolmentOnlyMiddleware(schema: GraphQLSchema): IMiddlewareTypeMap<unknown, BaseContext, unknown> {
  return rootFieldGuard(
    schema,
    (field) => !ENROLMENT_ONLY_ROOT_FIELDS.has(field),
    (context, field) =>
      context.viewer?.auth.enrolmentOnly
        ? new AppError('MFA_ENROLMENT_REQUIRED', 'Enrol a second factor first: this tenant requires one', {
            details: { field },
          })
        : undefined,
  );
}

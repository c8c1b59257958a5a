import type { GraphQLSchema } from 'graphql';
import { AppError } from '../../runtime/errors.ts';
import { rootFieldGuard } from '../../runtime/graphql/root-field-guard.ts';
import type { IMiddlewareTypeMap } from '../../runtime/graphql/shield-runtime.ts';
import type { BaseContext } from '../../runtime/viewer.ts';

/**
 * Root fields an API key may never call: they act on a session (its tokens, the sessions list,
 * signing out), on how a person signs in (password, email, second factors, step-up) or on keys and
 * service accounts themselves (a leaked key must not mint, roll or hide keys), or on the tenant's
 * OAuth applications and a user's authorizations of them. A key may revoke itself (`revokeApiKey`).
 * Everything else a key may call within its scopes, under the same rules.
 */
export const SESSION_ONLY_ROOT_FIELDS: ReadonlySet<string> = new Set([
  'refresh',
  'logout',
  'logoutEverywhere',
  'mySessions',
  'revokeSession',
  'revokeOtherSessions',
  'revokeAllSessions',
  'changePassword',
  'requestEmailChange',
  'startOtpFactor',
  'confirmOtpFactor',
  'startTotpEnrolment',
  'confirmTotpEnrolment',
  'startPasskeyRegistration',
  'finishPasskeyRegistration',
  'renameMfaFactor',
  'removeMfaFactor',
  'regenerateRecoveryCodes',
  'revokeTrustedDevice',
  'startStepUp',
  'completeStepUp',
  'apiKeys',
  'serviceAccounts',
  'createApiKey',
  'rotateApiKey',
  'createServiceAccount',
  'deleteServiceAccount',
  // The tenant's applications: a leaked key or an application's token must not register, read
  // (redirect URIs), re-point or roll them.
  'oauthClients',
  'oauthClient',
  'createOAuthClient',
  'updateOAuthClient',
  'rotateOAuthClientSecret',
  'deleteOAuthClient',
  // A user's authorized applications: an application must not list or end the others.
  'myAuthorizedApps',
  'revokeAppAuthorization',
  // A user's linked sign-in accounts: a key or an application must not add, confirm or remove one.
  'myIdentities',
  'startSocialLink',
  'confirmSocialLink',
  'unlinkIdentity',
]);

/**
 * Refuses the session-only root fields to a request made with an API key (API_KEY_NOT_ALLOWED) or
 * with an application's access token from the OpenID Connect provider (OAUTH_TOKEN_NOT_ALLOWED), in
 * every subgraph, before the shield (no rule or resolver of a refused field runs).
 */
export function sessionOnlyMiddleware(schema: GraphQLSchema): IMiddlewareTypeMap<unknown, BaseContext, unknown> {
  return rootFieldGuard(
    schema,
    (field) => SESSION_ONLY_ROOT_FIELDS.has(field),
    (context, field) =>
      context.viewer?.apiKeyId
        ? new AppError('API_KEY_NOT_ALLOWED', 'This operation needs a signed-in session, not an API key', {
            details: { field },
          })
        : context.viewer?.oauthClientId
          ? new AppError(
              'OAUTH_TOKEN_NOT_ALLOWED',
              "This operation needs the user's own session, not an application's token",
              { details: { field } },
            )
          : undefined,
  );
}

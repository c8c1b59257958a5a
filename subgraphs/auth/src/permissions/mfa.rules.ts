import {
  allowAnonymous,
  and,
  defineRule,
  or,
  UnauthenticatedError,
  hasPermission,
  isAuthenticated,
  recentAuthentication,
  type RuleTypeMap,
} from '@tradesage/core';
import type { AuthContext } from '../context.ts';

/**
 * Second factors. Completing a sign-in is anonymous: the challenge token is the credential. The
 * caller's own factors are managed after a recent strong sign-in (step-up), as the tenant's
 * `mfa.stepUpMaxAgeMinutes` says; starting and completing a step-up only need the session.
 */
const withStepUp = and(isAuthenticated, recentAuthentication);

/** Tokens were issued in this request (a sign-in payload), whose `user.mfa` its user may read. */
const issuedNow = defineRule<AuthContext>('tokensIssuedInThisRequest', 'contextual', (_parent, _args, ctx) =>
  ctx.issuedTo !== null ? true : new UnauthenticatedError(),
);
/** Types reached only through `User.mfa` and the caller's own mutations, which decide who sees them. */
const reached = or(isAuthenticated, issuedNow);

export const mfaRules = {
  Mutation: {
    completeSignIn: allowAnonymous,
    // The challenge token is the credential (as for completeSignIn).
    sendMfaCode: allowAnonymous,
    startOtpFactor: withStepUp,
    confirmOtpFactor: withStepUp,
    startTotpEnrolment: withStepUp,
    confirmTotpEnrolment: withStepUp,
    startPasskeyRegistration: withStepUp,
    finishPasskeyRegistration: withStepUp,
    // Anonymous: the passkey is the credential.
    startPasskeySignIn: allowAnonymous,
    signInWithPasskey: allowAnonymous,
    renameMfaFactor: isAuthenticated,
    removeMfaFactor: withStepUp,
    regenerateRecoveryCodes: withStepUp,
    revokeTrustedDevice: isAuthenticated,
    startStepUp: isAuthenticated,
    completeStepUp: isAuthenticated,
    // Same tenant by construction: the user is looked up in the caller's own schema.
    resetUserMfa: and(isAuthenticated, hasPermission('users:write'), recentAuthentication),
  },
  SentMfaCode: { sentTo: allowAnonymous, expiresAt: allowAnonymous, resendAfterSeconds: allowAnonymous },
  OtpFactorEnrolment: {
    factorId: isAuthenticated,
    sentTo: isAuthenticated,
    expiresAt: isAuthenticated,
    resendAfterSeconds: isAuthenticated,
  },
  PasskeySignIn: { challengeToken: allowAnonymous, passkeyOptions: allowAnonymous, expiresAt: allowAnonymous },
  // What the challenge's holder (and only they) asked for.
  MfaChallenge: {
    challengeToken: allowAnonymous,
    expiresAt: allowAnonymous,
    factors: allowAnonymous,
    passkeyOptions: allowAnonymous,
  },
  // Answers of the caller's own mutations, and the caller's (or a users:pii:read holder's) User.mfa.
  TotpEnrolment: {
    factorId: isAuthenticated,
    secret: isAuthenticated,
    otpauthUri: isAuthenticated,
    qrCodePng: isAuthenticated,
    qrCodeSvg: isAuthenticated,
  },
  MfaEnrolmentResult: { factor: isAuthenticated, recoveryCodes: isAuthenticated },
  RecoveryCodes: { codes: isAuthenticated },
  MfaFactor: {
    id: reached,
    kind: reached,
    name: reached,
    weaker: reached,
    createdAt: reached,
    lastUsedAt: reached,
  },
  TrustedDevice: {
    id: reached,
    browser: reached,
    os: reached,
    deviceType: reached,
    ip: reached,
    createdAt: reached,
    lastUsedAt: reached,
    expiresAt: reached,
  },
  UserMfa: {
    factors: reached,
    recoveryCodesRemaining: reached,
    trustedDevices: reached,
    required: reached,
    allowedFactors: reached,
    enrolBy: reached,
  },
  StepUpChallenge: {
    challengeToken: isAuthenticated,
    factors: isAuthenticated,
    passkeyOptions: isAuthenticated,
    expiresAt: isAuthenticated,
  },
  StepUpPayload: { accessToken: isAuthenticated, expiresIn: isAuthenticated, authTime: isAuthenticated },
} satisfies RuleTypeMap;

import {
  allowAnonymous,
  and,
  hasPermission,
  isAuthenticated,
  recentAuthentication,
  type RuleTypeMap,
} from '@tradesage/core';

/**
 * Second factors. Completing a sign-in is anonymous: the challenge token is the credential. The
 * caller's own factors are managed after a recent strong sign-in (step-up), as the tenant's
 * `mfa.stepUpMaxAgeMinutes` says; starting and completing a step-up only need the session.
 */
const withStepUp = and(isAuthenticated, recentAuthentication);

export const mfaRules = {
  Mutation: {
    completeSignIn: allowAnonymous,
    startTotpEnrolment: withStepUp,
    confirmTotpEnrolment: withStepUp,
    renameMfaFactor: isAuthenticated,
    removeMfaFactor: withStepUp,
    regenerateRecoveryCodes: withStepUp,
    revokeTrustedDevice: isAuthenticated,
    startStepUp: isAuthenticated,
    completeStepUp: isAuthenticated,
    // Same tenant by construction: the user is looked up in the caller's own schema.
    resetUserMfa: and(isAuthenticated, hasPermission('users:write'), recentAuthentication),
  },
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
    id: isAuthenticated,
    kind: isAuthenticated,
    name: isAuthenticated,
    weaker: isAuthenticated,
    createdAt: isAuthenticated,
    lastUsedAt: isAuthenticated,
  },
  TrustedDevice: {
    id: isAuthenticated,
    browser: isAuthenticated,
    os: isAuthenticated,
    deviceType: isAuthenticated,
    ip: isAuthenticated,
    createdAt: isAuthenticated,
    lastUsedAt: isAuthenticated,
    expiresAt: isAuthenticated,
  },
  UserMfa: {
    factors: isAuthenticated,
    recoveryCodesRemaining: isAuthenticated,
    trustedDevices: isAuthenticated,
    required: isAuthenticated,
    enrolBy: isAuthenticated,
  },
  StepUpChallenge: {
    challengeToken: isAuthenticated,
    factors: isAuthenticated,
    passkeyOptions: isAuthenticated,
    expiresAt: isAuthenticated,
  },
  StepUpPayload: { accessToken: isAuthenticated, expiresIn: isAuthenticated, authTime: isAuthenticated },
} satisfies RuleTypeMap;

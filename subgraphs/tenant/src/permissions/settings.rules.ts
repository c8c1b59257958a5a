import { and, isAuthenticated, recentAuthentication, type RuleTypeMap } from '@tradesage/core';
import { ownTenantWith } from './rules.ts';

export const settingsRules = {
  Query: {
    tenantSettings: ownTenantWith('tenantId', 'tenant:read', 'tenant:settings:write'),
  },
  Mutation: {
    // Sensitive: a recent strong sign-in too (step-up).
    updateTenantSettings: and(ownTenantWith('tenantId', 'tenant:settings:write'), recentAuthentication),
  },
  // Reached only through the two fields above.
  TenantSettings: {
    passwordPolicy: isAuthenticated,
    lockout: isAuthenticated,
    sessions: isAuthenticated,
    signup: isAuthenticated,
    mfa: isAuthenticated,
    apiKeys: isAuthenticated,
    rateLimits: isAuthenticated,
  },
  TenantPasswordPolicy: {
    minLength: isAuthenticated,
    requireUppercase: isAuthenticated,
    requireLowercase: isAuthenticated,
    requireDigit: isAuthenticated,
    requireSymbol: isAuthenticated,
  },
  TenantLockoutSettings: { threshold: isAuthenticated },
  TenantSessionSettings: {
    refreshTokenTtlDays: isAuthenticated,
    idleTimeoutMinutes: isAuthenticated,
    maxConcurrent: isAuthenticated,
    refreshReuseLeewaySeconds: isAuthenticated,
  },
  TenantSignupSettings: { mode: isAuthenticated, allowedEmailDomains: isAuthenticated },
  TenantMfaSettings: {
    mode: isAuthenticated,
    requiredForRoles: isAuthenticated,
    allowedFactors: isAuthenticated,
    enrolmentGraceDays: isAuthenticated,
    totpWindow: isAuthenticated,
    stepUpMaxAgeMinutes: isAuthenticated,
    trustedDeviceDays: isAuthenticated,
  },
  TenantApiKeySettings: { maxLifetimeDays: isAuthenticated },
  TenantRateLimits: { requestsPerMinute: isAuthenticated, loginAttemptsPerMinute: isAuthenticated },
} satisfies RuleTypeMap;

import type { SocialProvider } from './social-providers.ts';

/**
 * The associated data a connection's client secret is sealed under (SealingCipher, MFA_SECRET_KEYS):
 * its tenant and provider, so a sealed value copied to another tenant's or provider's row does not open.
 */
export function socialSecretAad(tenantId: string, provider: SocialProvider): string {
  return `social_connection:${tenantId}:${provider}`;
}

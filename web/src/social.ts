import type { SocialProvider } from '@tradesage/client';

/**
 * Social sign-in as the account pages see it. The browser starts at the gateway's
 * `/t/<slug>/social/<provider>/start?return=<path>`; the callback comes back to `/login` with
 * `?social=<ticket>` (completeSocialSignIn), `?socialLink=<token>&provider=<name>` (an account with
 * that address exists: its own sign-in first, then confirmSocialLink) or `?socialError=<code>`, and
 * a link started from the security page comes back there with `?socialLinked=<name>` or
 * `?socialError=<code>`.
 */
export const SOCIAL_PROVIDERS: readonly SocialProvider[] = ['GOOGLE', 'MICROSOFT', 'LINKEDIN', 'GITHUB'];

/** Each provider's name as people know it. */
export const PROVIDER_NAMES: Record<SocialProvider, string> = {
  GOOGLE: 'Google',
  MICROSOFT: 'Microsoft',
  LINKEDIN: 'LinkedIn',
  GITHUB: 'GitHub',
};

/** A provider's name from the lower-case form the gateway's URLs carry (`?provider=google`), if it is one. */
export function providerNamed(value: string | null): SocialProvider | undefined {
  const upper = value?.toUpperCase();
  return SOCIAL_PROVIDERS.find((provider) => provider === upper);
}

/** The gateway's start route: the provider's sign-in, then back to `returnPath` (a path of this origin). */
export function socialStartUrl(slug: string, provider: SocialProvider, returnPath: string): string {
  const query = new URLSearchParams({ return: returnPath });
  return `/t/${encodeURIComponent(slug)}/social/${provider.toLowerCase()}/start?${query.toString()}`;
}

/**
 * What a person is told for the code the callback came back with (`?socialError=`): the codes of
 * core's SocialSignIn refusals, and a sentence for any other.
 */
const SOCIAL_ERRORS: Record<string, string> = {
  SOCIAL_PROVIDER_NOT_ENABLED: 'Your organisation does not offer signing in with this provider.',
  SOCIAL_STATE_INVALID: 'This sign-in took too long, was used already, or was started in another browser. Start again.',
  SOCIAL_UPSTREAM_REFUSED:
    'The provider did not confirm who you are: the sign-in was cancelled or refused there. Try again.',
  SOCIAL_EMAIL_NOT_VERIFIED:
    'The provider did not confirm your email address. Verify it with them, or sign in with your password.',
  SOCIAL_IDENTITY_TAKEN: 'That account at the provider is already linked to another account here.',
  EMAIL_DOMAIN_NOT_ALLOWED: 'Your organisation does not accept addresses of that domain.',
  SIGNUP_NOT_ALLOWED:
    'No account here has that email address, and your organisation does not create accounts this way. Ask its administrator for an invitation.',
  QUOTA_EXCEEDED: 'Your organisation cannot take more people. Ask its administrator.',
  CONFLICT: 'Something changed meanwhile. Start again.',
  // Confirming a pending link after the account's own sign-in (the sign-in page's confirmSocialLink).
  INVALID_TOKEN:
    'The link to the provider took too long to confirm, or was confirmed already. Sign in with the provider again.',
  SOCIAL_LINK_PROOF_REQUIRED:
    'To link the provider, sign in with your password (and second factor) after signing in with the provider.',
};

export function socialErrorMessage(code: string): string {
  return SOCIAL_ERRORS[code] ?? 'Signing in with the provider did not work. Try again, or sign in with your password.';
}

import {
  hashOneTimeToken,
  tenantOfOneTimeToken,
  type AuditAction,
  type AuditEntry,
  type OneTimeTokenPurpose,
  type Runtime,
} from '@tradesage/core';
import type { TenantPrismaClient } from '@tradesage/prisma';
import { AccountTenantRepository, type AccountTenant } from '../repositories/account-tenant.repository.ts';
import { AccountRepository, type AccountUser } from '../repositories/account.repository.ts';
import { OneTimeTokenRepository } from '../repositories/one-time-token.repository.ts';
import { InvalidTokenError } from './account-support.ts';

/** An emailed link (password reset, invitation, email verification) opened in its own tenant. */
export interface OpenedLink {
  readonly purpose: OneTimeTokenPurpose;
  readonly tenantId: string;
  readonly tenant: AccountTenant;
  readonly db: TenantPrismaClient;
  /** The token as stored: only its hash is kept, never the token itself. */
  readonly hash: string;
}

/**
 * The token names its tenant (signed, so it cannot be pointed at another one); that tenant must
 * exist and be active, else the link is invalid, with the same error as any other bad link.
 */
export async function openLink(runtime: Runtime, token: string, purpose: OneTimeTokenPurpose): Promise<OpenedLink> {
  const tenantId = tenantOfOneTimeToken(runtime.tenantClaims, token, purpose);
  if (!tenantId) throw new InvalidTokenError();
  const tenant = await new AccountTenantRepository(runtime.db.control).findById(tenantId);
  if (!tenant || tenant.status !== 'active') throw new InvalidTokenError();
  return { purpose, tenantId, tenant, db: runtime.db.tenant(tenantId), hash: hashOneTimeToken(token) };
}

/**
 * The user a link still usable now belongs to, when their account has `status`. Otherwise (the
 * link is unknown, spent or expired, or the account is in another state) the failure of `action`
 * is audited and the link is refused with the same error as any other bad link.
 */
export async function linkHolder(
  link: OpenedLink,
  expected: { readonly status: AccountUser['status']; readonly action: AuditAction },
  audit: (entry: AuditEntry) => Promise<void>,
): Promise<AccountUser> {
  const row = await new OneTimeTokenRepository(link.db).findUsable(link.hash, link.purpose, new Date());
  const user = row ? await new AccountRepository(link.db, link.tenantId).findById(row.userId) : null;
  if (user?.status === expected.status) return user;
  await audit(linkFailure(expected.action, user?.id ?? null, 'invalid_token'));
  throw new InvalidTokenError();
}

/** The audit entry of a link that did not work: a failure of `action`, and why. */
export function linkFailure(
  action: AuditAction,
  actorId: string | null,
  reason: 'invalid_token' | 'token_already_used',
): AuditEntry {
  return { action, actorId, result: 'failure', data: { reason } };
}

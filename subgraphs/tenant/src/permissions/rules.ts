import { ForbiddenError, UnauthenticatedError, assertInCatalogue, defineRule, type ShieldRule } from '@tradesage/core';
import type { Permission } from '@tradesage/prisma';

const memo = new Map<string, ShieldRule>();

/**
 * For operations on one tenant named by the argument `arg` (absent: the caller's own): platform
 * administrators may act on any tenant; anyone else needs one of `permissions` and may act only on
 * their own tenant. Another tenant's id is FORBIDDEN whether it exists or not, so the answer
 * tells nothing about other tenants. Evaluated per field (it reads the arguments).
 */
export function ownTenantWith(arg: string, ...permissions: readonly Permission[]): ShieldRule {
  assertInCatalogue('ownTenantWith', permissions);
  const name = `ownTenantWith:${arg}:${permissions.join('|')}`;
  let existing = memo.get(name);
  if (!existing) {
    existing = defineRule(name, 'no_cache', (_parent, args, ctx) => {
      if (!ctx.viewer) return new UnauthenticatedError();
      if (ctx.viewer.isPlatformAdmin) return true;
      const target = args[arg];
      if (target !== undefined && target !== null && target !== ctx.viewer.tenantId) return new ForbiddenError();
      return permissions.some((permission) => ctx.viewer?.permissions.has(permission) === true) || new ForbiddenError();
    });
    memo.set(name, existing);
  }
  return existing;
}

import { InvalidTransitionError, type TenantAction } from '../errors.ts';

/**
 * The tenant lifecycle, as a table:
 *
 *   pending ──activate──▶ active ◀──activate── suspended
 *                           │ └────suspend────▶ ┘
 *   pending | active | suspended ──cancel──▶ cancelled ──restore──▶ active
 *                                            cancelled ──purge (job, after retention)──▶ purged
 *
 * `purged` is final: the schema is gone; the export can be restored with `npm run tenant:restore`.
 */
export type TenantStatusValue = 'pending' | 'active' | 'suspended' | 'cancelled' | 'purged';

export const TRANSITIONS: Readonly<
  Record<TenantAction, { readonly from: readonly TenantStatusValue[]; readonly to: TenantStatusValue }>
> = {
  activate: { from: ['pending', 'suspended'], to: 'active' },
  suspend: { from: ['active'], to: 'suspended' },
  cancel: { from: ['pending', 'active', 'suspended'], to: 'cancelled' },
  restore: { from: ['cancelled'], to: 'active' },
  purge: { from: ['cancelled'], to: 'purged' },
};

/** The status `action` leads to from `from`; throws INVALID_TRANSITION when the table has no such arrow. */
export function nextStatus(action: TenantAction, from: string): TenantStatusValue {
  const transition = TRANSITIONS[action];
  if ((transition.from as readonly string[]).includes(from)) return transition.to;
  if (from === 'purged' && action === 'restore') {
    throw new InvalidTransitionError(
      action,
      from,
      'This tenant was purged: its data is gone from the database; restore its export with `npm run tenant:restore`',
    );
  }
  throw new InvalidTransitionError(action, from);
}

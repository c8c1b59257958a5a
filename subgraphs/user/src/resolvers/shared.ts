import type { UserStatus } from '../__generated__/resolvers-types.ts';

const STATUSES = {
  active: 'ACTIVE',
  disabled: 'DISABLED',
  invited: 'INVITED',
  deleted: 'DELETED',
} as const satisfies Record<string, UserStatus>;

/** The stored (lowercase) status as the GraphQL enum. */
export function toUserStatus(status: string): UserStatus {
  if (!Object.hasOwn(STATUSES, status)) throw new Error(`user has an unknown status ${status}`);
  return STATUSES[status as keyof typeof STATUSES];
}

/** The GraphQL enum as the stored status. */
export function fromUserStatus(status: UserStatus): string {
  return status.toLowerCase();
}

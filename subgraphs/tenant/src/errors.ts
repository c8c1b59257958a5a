import { AppError } from '@tradesage/core';

export type TenantAction = 'activate' | 'suspend' | 'cancel' | 'restore' | 'purge';

/** The lifecycle does not allow this action from the tenant's current status. */
export class InvalidTransitionError extends AppError {
  constructor(action: TenantAction, from: string, message?: string) {
    super('INVALID_TRANSITION', message ?? `A ${from} tenant cannot be ${pastTense(action)}`, {
      details: { action, from },
    });
  }
}

export class DomainTakenError extends AppError {
  constructor() {
    super('DOMAIN_TAKEN', 'This domain already belongs to another tenant');
  }
}

/** Another backup of this tenant is being written (one at a time per tenant). */
export class BackupInProgressError extends AppError {
  constructor() {
    super('BACKUP_IN_PROGRESS', 'A backup of this tenant is being made; try again once it is done');
  }
}

/**
 * The server has no pg_dump it can use with its PostgreSQL version. Shown without the folders
 * looked in or the versions found: those go to the log, for the operator.
 */
export class BackupUnavailableError extends AppError {
  constructor(options: { cause?: unknown } = {}) {
    super(
      'BACKUP_UNAVAILABLE',
      "Backups are not available on this server: it has no pg_dump for its database's PostgreSQL version",
      options,
    );
  }
}

/** A purged tenant has no data left to back up; its export (from the retention job) is what remains. */
export class TenantPurgedError extends AppError {
  constructor() {
    super('NOT_FOUND', 'This tenant was purged: it has no data left to back up', { details: { reason: 'purged' } });
  }
}

export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** Input refused field by field: `details.fields` lists every problem, not only the first. */
export class FieldsInvalidError extends AppError {
  constructor(what: string, fields: readonly FieldError[]) {
    const first = fields[0];
    super('BAD_USER_INPUT', first ? `Invalid ${what}: ${first.path} ${first.message}` : `Invalid ${what}`, {
      details: {
        fields: fields.map((f) => ({ path: f.path, message: f.message })),
      },
    });
  }
}

/** The status word of each action, as in messages and audit actions (`tenant.suspended`). */
export function pastTense<A extends TenantAction>(action: A): PastTense[A] {
  return PAST_TENSE[action] as PastTense[A];
}

const PAST_TENSE = {
  activate: 'activated',
  suspend: 'suspended',
  cancel: 'cancelled',
  restore: 'restored',
  purge: 'purged',
} as const;
type PastTense = typeof PAST_TENSE;

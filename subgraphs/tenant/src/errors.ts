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

export interface FieldError {
  readonly path: string;
  readonly message: string;
  /** A stable word for why, where a client acts on it (`not_available`: the feature is not built yet). */
  readonly reason?: string;
}

/** Input refused field by field: `details.fields` lists every problem, not only the first. */
export class FieldsInvalidError extends AppError {
  constructor(what: string, fields: readonly FieldError[]) {
    const first = fields[0];
    super('BAD_USER_INPUT', first ? `Invalid ${what}: ${first.path} ${first.message}` : `Invalid ${what}`, {
      details: {
        fields: fields.map((f) => ({ path: f.path, message: f.message, ...(f.reason ? { reason: f.reason } : {}) })),
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

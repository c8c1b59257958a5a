import { AppError } from '@tradesage/core';

export type TenantAction = 'activate' | 'suspend' | 'cancel' | 'restore' | 'purge';

/** The lifecycle does not allow this action from the tenant's current status. */
export class InvalidTransitionError extends AppError {
  constructor(action: TenantAction, from: string, message?: string) {
    super('INVALID_TRANSITION', message ?? `A ${from} tenant cannot be ${pastTense(action)}`, { details: { action, from } });
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
}

/** Input refused field by field: `details.fields` lists every problem, not only the first. */
export class FieldsInvalidError extends AppError {
  constructor(what: string, fields: readonly FieldError[]) {
    const first = fields[0];
    super('BAD_USER_INPUT', first ? `Invalid ${what}: ${first.path} ${first.message}` : `Invalid ${what}`, {
      details: { fields: fields.map((f) => ({ path: f.path, message: f.message })) },
    });
  }
}

function pastTense(action: TenantAction): string {
  switch (action) {
    case 'activate':
      return 'activated';
    case 'suspend':
      return 'suspended';
    case 'cancel':
      return 'cancelled';
    case 'restore':
      return 'restored';
    case 'purge':
      return 'purged';
  }
}

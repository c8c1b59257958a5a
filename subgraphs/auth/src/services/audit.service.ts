import {
  type AuditResult as StoredResult,
  BadInputError,
  fromGraphEnum,
  knownGraphEnum,
  type Page,
  type PageArgs,
  pageRequest,
  SignedInService,
} from '@tradesage/core';
import { isUuid, type AuditEvent as AuditRow } from '@tradesage/prisma';
import type { AuditEvent, AuditEventFilter, AuditResult } from '../__generated__/resolvers-types.ts';
import { AuditRepository } from '../repositories/audit.repository.ts';

const MAX_PAGE_SIZE = 100;

/** An audit event as served, carrying its tenant so the `sameTenant` rule can check it. */
export type TenantAuditEvent = AuditEvent & { readonly tenantId: string };

export type AuditEventPage = Page<TenantAuditEvent>;

/**
 * Reads one tenant's audit log for holders of `audit:read` (ASVS 5.0 V16): newest first, with a
 * cursor on (at, id) so pages stay stable while events keep being appended.
 */
export class AuditService extends SignedInService {
  readonly #audit = new AuditRepository(this.db);

  async page(filter: AuditEventFilter | null | undefined, paging: PageArgs): Promise<AuditEventPage> {
    const page = pageRequest(paging, { size: [50, MAX_PAGE_SIZE], ids: 'serial' });
    if (filter?.actorId && !isUuid(filter.actorId))
      throw new BadInputError('BAD_USER_INPUT', 'actorId is not a user id', { field: 'filter.actorId' });
    const rows = await this.#audit.page(
      {
        action: filter?.action ?? undefined,
        actorId: filter?.actorId ?? undefined,
        result: filter?.result ? fromGraphEnum(filter.result) : undefined,
        from: filter?.from ?? undefined,
        to: filter?.to ?? undefined,
      },
      page.take,
      page.start,
    );
    return page.of(rows, 'at', (row) => this.#serve(row));
  }

  #serve(row: AuditRow): TenantAuditEvent {
    return {
      tenantId: this.viewer.tenantId,
      id: row.id.toString(),
      at: row.at,
      action: row.action,
      result: servedResult(row.result),
      actorId: row.actorId,
      targetType: row.targetType,
      targetId: row.targetId,
      ip: row.ip,
      userAgent: row.userAgent,
      requestId: row.requestId,
      data: JSON.stringify(row.data ?? {}),
    };
  }
}

const STORED_RESULTS = ['success', 'failure', 'refused'] as const satisfies readonly StoredResult[];

function servedResult(stored: string): AuditResult {
  const served = knownGraphEnum(stored, STORED_RESULTS);
  if (served === undefined) throw new Error(`audit event with an unknown result "${stored}"`);
  return served;
}

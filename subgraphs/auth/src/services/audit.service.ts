import { BadInputError, SignedInService, type AuditResult as StoredResult } from '@tradesage/core';
import { isUuid, type AuditEvent as AuditRow } from '@tradesage/prisma';
import type { AuditEvent, AuditEventFilter, AuditResult } from '../__generated__/resolvers-types.ts';
import { AuditRepository, type AuditCursor } from '../repositories/audit.repository.ts';

const MAX_PAGE_SIZE = 100;

/** An audit event as served, carrying its tenant so the `sameTenant` rule can check it. */
export type TenantAuditEvent = AuditEvent & { readonly tenantId: string };

export interface AuditEventPage {
  edges: Array<{ cursor: string; node: TenantAuditEvent }>;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

/**
 * Reads one tenant's audit log for holders of `audit:read` (ASVS 5.0 V16): newest first, with a
 * cursor on (at, id) so pages stay stable while events keep being appended.
 */
export class AuditService extends SignedInService {
  readonly #audit = new AuditRepository(this.db);

  async page(
    filter: AuditEventFilter | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<AuditEventPage> {
    const size = first ?? 50;
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      throw new BadInputError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE_SIZE}`, { field: 'first' });
    }
    if (filter?.actorId && !isUuid(filter.actorId))
      throw new BadInputError('BAD_USER_INPUT', 'actorId is not a user id', { field: 'filter.actorId' });
    const rows = await this.#audit.page(
      {
        action: filter?.action ?? undefined,
        actorId: filter?.actorId ?? undefined,
        result: filter?.result ? storedResult(filter.result) : undefined,
        from: filter?.from ?? undefined,
        to: filter?.to ?? undefined,
      },
      size + 1,
      after ? decodeAuditCursor(after) : null,
    );
    const edges = rows.slice(0, size).map((row) => ({ cursor: encodeAuditCursor(row), node: this.#serve(row) }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
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

function storedResult(result: AuditResult): StoredResult {
  switch (result) {
    case 'SUCCESS':
      return 'success';
    case 'FAILURE':
      return 'failure';
    case 'REFUSED':
      return 'refused';
  }
}

function servedResult(stored: string): AuditResult {
  switch (stored as StoredResult) {
    case 'success':
      return 'SUCCESS';
    case 'failure':
      return 'FAILURE';
    case 'refused':
      return 'REFUSED';
    default:
      throw new Error(`audit event with an unknown result "${stored}"`);
  }
}

export function encodeAuditCursor(row: { at: Date; id: bigint }): string {
  return Buffer.from(`${row.at.toISOString()}|${row.id.toString()}`, 'utf8').toString('base64url');
}

export function decodeAuditCursor(cursor: string): AuditCursor {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const when = new Date(at ?? '');
  if (!id || !/^\d{1,19}$/.test(id) || Number.isNaN(when.getTime())) {
    throw new BadInputError('BAD_USER_INPUT', 'after is not a valid cursor', { field: 'after' });
  }
  return { at: when, id: BigInt(id) };
}

import type { AuditResult } from '@tradesage/core';
import type { AuditEvent, TenantPrismaClient } from '@tradesage/prisma';

export interface AuditQuery {
  readonly action?: string | undefined;
  readonly actorId?: string | undefined;
  readonly result?: AuditResult | undefined;
  /** Inclusive. */
  readonly from?: Date | undefined;
  /** Exclusive. */
  readonly to?: Date | undefined;
}

/** Position in the (at desc, id desc) order: the last row of the previous page. */
export interface AuditCursor {
  readonly at: Date;
  readonly id: bigint;
}

/** The tenant's audit log (append-only: this repository only reads it; core recordAudit appends). */
export class AuditRepository {
  constructor(private readonly db: TenantPrismaClient) {}

  /** Up to `take` events matching `query`, newest first, strictly after `cursor` in that order. */
  async page(query: AuditQuery, take: number, cursor: AuditCursor | null): Promise<AuditEvent[]> {
    return this.db.auditEvent.findMany({
      where: {
        AND: [
          query.action !== undefined ? { action: query.action } : {},
          query.actorId !== undefined ? { actorId: query.actorId } : {},
          query.result !== undefined ? { result: query.result } : {},
          query.from !== undefined ? { at: { gte: query.from } } : {},
          query.to !== undefined ? { at: { lt: query.to } } : {},
          cursor ? { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] } : {},
        ],
      },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take,
    });
  }
}

import type { ControlPrismaClient } from '@tradesage/prisma';

/** A committed revocation Redis could not be told about (control.revocation_outbox). */
export interface DeferredRevocation {
  readonly tenantId: string;
  readonly sessionId: string;
}

/** Keeps revocations until an instance that reaches Redis publishes them; a session already waiting stays once. */
export async function deferRevocations(
  control: ControlPrismaClient,
  tenantId: string,
  sessionIds: readonly string[],
): Promise<void> {
  await control.revocationOutbox.createMany({
    data: sessionIds.map((sessionId) => ({ tenantId, sessionId })),
    skipDuplicates: true,
  });
}

/** The oldest waiting revocations, at most `take`. */
export function oldestDeferredRevocations(control: ControlPrismaClient, take: number): Promise<DeferredRevocation[]> {
  return control.revocationOutbox.findMany({
    orderBy: { createdAt: 'asc' },
    take,
    select: { tenantId: true, sessionId: true },
  });
}

/** Removes revocations once published. */
export async function deleteDeferredRevocations(
  control: ControlPrismaClient,
  tenantId: string,
  sessionIds: readonly string[],
): Promise<void> {
  await control.revocationOutbox.deleteMany({ where: { tenantId, sessionId: { in: [...sessionIds] } } });
}

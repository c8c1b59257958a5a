import type { TenantPrisma, TenantPrismaClient } from '@tradesage/prisma';
import { recordAudit, type AuditEntry } from '../domains/audit/audit.repository.ts';
import type { Runtime } from './runtime.ts';
import type { Caller, SignedInCaller, Viewer } from './viewer.ts';

/**
 * The one constructor shape of a domain service that serves a request: `new XService(runtime,
 * caller)`, the process's shared runtime and the caller the request comes from. Audits what the
 * caller does through the one audit helper.
 */
export abstract class RequestService<C extends Caller = Caller> {
  constructor(
    protected readonly runtime: Runtime,
    protected readonly caller: C,
  ) {}

  /** Appends to `db`'s audit log what the caller did (actor, address, user agent, request id). */
  protected audit(db: TenantPrismaClient | TenantPrisma.TransactionClient, entry: AuditEntry): Promise<void> {
    return recordAudit(db, this.runtime.logger, this.caller, entry);
  }
}

/** A service for a signed-in caller, working in the caller's own tenant schema (from the verified token). */
export abstract class SignedInService extends RequestService<SignedInCaller> {
  protected readonly viewer: Viewer;
  protected readonly db: TenantPrismaClient;

  constructor(runtime: Runtime, caller: SignedInCaller) {
    super(runtime, caller);
    this.viewer = caller.viewer;
    this.db = runtime.db.tenant(caller.viewer.tenantId);
  }
}

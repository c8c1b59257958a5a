import {
  quoteIdent,
  tenantSchemaName,
  type ControlPrismaClient,
  type RoleDefinition,
  type TenantPrisma,
  type TenantPrismaClient,
} from '@tradesage/prisma';

/** A tenant client or the client of an open transaction. */
export type TenantDb = TenantPrismaClient | TenantPrisma.TransactionClient;

/** Every role of one tenant (built-in and custom) by name. */
export type TenantRoles = ReadonlyMap<string, RoleDefinition>;

export interface RoleHolding extends RoleDefinition {
  readonly name: string;
  /** Whether the user asked about holds this role. */
  readonly held: boolean;
}

/**
 * Every role of the tenant (name, parent, own permissions) and whether `userId` holds it, in one
 * query. Schema-qualified (never search_path); the name comes from the tenant id alone, quoted.
 */
export async function rolesHeldBy(db: TenantPrismaClient, tenantId: string, userId: string): Promise<RoleHolding[]> {
  const schema = quoteIdent(tenantSchemaName(tenantId));
  return db.$queryRawUnsafe<Array<{ name: string; parent: string | null; permissions: string[]; held: boolean }>>(
    `SELECT r.name, r.parent, r.permissions, (ur.user_id IS NOT NULL) AS held
       FROM ${schema}.roles r
       LEFT JOIN ${schema}.user_roles ur ON ur.role = r.name AND ur.user_id = $1::uuid`,
    userId,
  );
}

export async function loadTenantRoles(db: TenantDb): Promise<TenantRoles> {
  const rows = await db.role.findMany({ select: { name: true, parent: true, permissions: true } });
  return new Map(rows.map((row) => [row.name, row]));
}

/** The names of the roles `userId` holds now. */
export async function roleNamesOf(db: TenantDb, userId: string): Promise<string[]> {
  const rows = await db.userRole.findMany({ where: { userId }, select: { role: true } });
  return rows.map((row) => row.role);
}

/** A permission-cache invalidation Redis could not take (userId null: the whole tenant). */
export interface DeferredInvalidation {
  readonly id: bigint;
  readonly tenantId: string;
  readonly userId: string | null;
}

/** Keeps invalidations in control.permission_invalidations until an instance that reaches Redis applies them. */
export async function deferInvalidations(
  control: ControlPrismaClient,
  rows: ReadonlyArray<{ tenantId: string; userId: string | null }>,
): Promise<void> {
  await control.permissionInvalidation.createMany({ data: [...rows] });
}

/** The oldest deferred invalidations, at most `take`. */
export function oldestDeferredInvalidations(
  control: ControlPrismaClient,
  take: number,
): Promise<DeferredInvalidation[]> {
  return control.permissionInvalidation.findMany({
    orderBy: { id: 'asc' },
    take,
    select: { id: true, tenantId: true, userId: true },
  });
}

export async function deleteDeferredInvalidations(control: ControlPrismaClient, ids: readonly bigint[]): Promise<void> {
  await control.permissionInvalidation.deleteMany({ where: { id: { in: [...ids] } } });
}

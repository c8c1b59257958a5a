import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { DataLayerError } from './errors.ts';
import { loadMigrations, migrateTenantSchema, TENANT_MIGRATIONS_DIR } from './migrator.ts';
import { isUuid, quoteIdent, tenantSchemaName } from './tenant-schema-name.ts';
import { validateTenantSlug } from './tenant-slug.ts';
import { withTransaction } from './transaction.ts';

export type ProvisionTenantStatus = 'pending' | 'active';

export interface ProvisionTenantInput {
  /** Defaults to a random uuid; the schema name is derived from it. */
  id?: string;
  slug: string;
  name: string;
  domain?: string | null;
  /** Defaults to `pending`, like the column: a tenant is not usable until someone activates it. */
  status?: ProvisionTenantStatus;
  /** Only for the internal bootstrap of the `platform` tenant; never from client input. */
  allowReservedSlug?: boolean;
  /**
   * Runs inside the provisioning transaction after the schema is migrated, e.g. to insert the
   * first admin with raw SQL on `client` into `${quoteIdent(schema)}.users`. Throwing rolls
   * back the whole tenant.
   */
  seed?: (client: pg.PoolClient, schema: string) => Promise<void>;
}

export interface ProvisionedTenant {
  id: string;
  slug: string;
  name: string;
  status: ProvisionTenantStatus;
  schema: string;
}

export interface ProvisionTenantOptions {
  /** Tenant migrations to apply; tests point this elsewhere. */
  migrationsDir?: string;
}

const MAX_NAME_LENGTH = 200;
// A lowercase DNS name: labels of letters, digits and inner hyphens, at least two labels.
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const UNIQUE_VIOLATION = '23505';

function validateName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH) {
    throw new DataLayerError('BAD_USER_INPUT', `tenant name must be 1 to ${MAX_NAME_LENGTH} characters`);
  }
  return trimmed;
}

function validateDomain(domain: string | null | undefined): string | null {
  if (domain === undefined || domain === null) return null;
  if (typeof domain !== 'string' || !DOMAIN.test(domain)) {
    throw new DataLayerError('BAD_USER_INPUT', 'tenant domain must be a lowercase DNS name such as "acme.example.com"');
  }
  return domain;
}

function isPgError(error: unknown): error is Error & { code: string; constraint?: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/** Translates the registry's unique violations into errors a client can act on. */
function registryConflict(error: unknown): DataLayerError | undefined {
  if (!isPgError(error) || error.code !== UNIQUE_VIOLATION) return undefined;
  switch (error.constraint) {
    case 'tenants_slug_key':
      return new DataLayerError('SLUG_TAKEN', 'this tenant slug is already taken', { cause: error });
    case 'tenants_domain_key':
      return new DataLayerError('BAD_USER_INPUT', 'this domain already belongs to another tenant', { cause: error });
    case 'tenants_pkey':
      return new DataLayerError('BAD_USER_INPUT', 'a tenant with this id already exists', { cause: error });
    default:
      return undefined;
  }
}

/**
 * Creates a tenant: registry row, schema, every tenant migration, and the caller's seed — in
 * ONE transaction, so any failure leaves neither a schema nor a registry row behind
 * (a new tenant is provisioned by the migrator's own path).
 * All input is validated before the database is touched.
 */
export async function provisionTenant(
  pool: pg.Pool,
  input: ProvisionTenantInput,
  options: ProvisionTenantOptions = {},
): Promise<ProvisionedTenant> {
  const slug = validateTenantSlug(input.slug, { allowReserved: input.allowReservedSlug === true });
  const name = validateName(input.name);
  const domain = validateDomain(input.domain);
  const status: ProvisionTenantStatus = input.status ?? 'pending';
  if (status !== 'pending' && status !== 'active') {
    throw new DataLayerError('BAD_USER_INPUT', 'a new tenant is either pending or active');
  }
  const id = input.id ?? randomUUID();
  if (!isUuid(id)) {
    throw new DataLayerError('BAD_USER_INPUT', 'tenant id must be a uuid');
  }
  const tenantId = id.toLowerCase();
  const schema = tenantSchemaName(tenantId);
  const migrations = await loadMigrations(options.migrationsDir ?? TENANT_MIGRATIONS_DIR);

  await withTransaction(pool, async (client) => {
    try {
      await client.query('INSERT INTO control.tenants (id, slug, name, domain, status) VALUES ($1, $2, $3, $4, $5)', [
        tenantId,
        slug,
        name,
        domain,
        status,
      ]);
    } catch (error) {
      throw registryConflict(error) ?? error;
    }
    // Fails (rather than reusing) if a schema for this id is somehow left over.
    await client.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    await migrateTenantSchema(client, schema, { migrations });
    if (input.seed !== undefined) {
      await input.seed(client, schema);
    }
  });

  return { id: tenantId, slug, name, status, schema };
}

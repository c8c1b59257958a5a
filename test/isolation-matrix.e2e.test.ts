import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { quoteIdent, tenantSchemaName } from '@tradesage/prisma';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateApiKeyDocument,
  CreateFeatureFlagDocument,
  CreateOAuthClientDocument,
  CreateRoleDocument,
  CreateServiceAccountDocument,
  MyPermissionsDocument,
  StartTotpEnrolmentDocument,
} from '@tradesage/client';
import { MfaRepository, SocialRepository } from '@tradesage/core';
import {
  addSignedInUser,
  codeOf,
  dataOf,
  startTestStack,
  uniqueSlug,
  useTestStack,
  type GraphQLResponse,
  type SignedInUser,
  type TestTenant,
} from './support/fixtures.ts';

/**
 * A cross-tenant matrix GENERATED from the composed supergraph. Every Query and
 * Mutation field that takes a reference to tenant data — an argument or input field of type ID
 * (at any depth), one named `id` / `…Id` / `…Ids`, or a name-keyed lookup listed in NAME_KEYED —
 * is sent by a user of every role of tenant A with tenant B's real ids, and must be refused
 * (NOT_FOUND / FORBIDDEN, or BAD_USER_INPUT about the B reference alone) or answer nothing (null,
 * false, 0, empty lists), show no B id, email or name anywhere in the response, and leave every
 * row of B's schema and registry entry unchanged. The same queries from B's own admin must
 * return B's data, which proves the ids real and the generated arguments valid.
 *
 * A field the matrix cannot build arguments for FAILS (a new operation is covered or breaks the
 * build, never skipped): teach KIND_BY_WORD, NAME_KEYED or stringFor about it.
 */

const SUPERGRAPH_PATH = fileURLToPath(new URL('../gateway/supergraph.graphql', import.meta.url));
const schema = buildSchema(fs.readFileSync(SUPERGRAPH_PATH, 'utf8'));
const ROOTS = ['Query', 'Mutation'] as const;
type Root = (typeof ROOTS)[number];

/** What kind of tenant-B data an argument names. */
type RefKind =
  | 'user'
  | 'session'
  | 'tenant'
  | 'tenantSlug'
  | 'flagKey'
  | 'roleName'
  | 'mfaFactor'
  | 'trustedDevice'
  | 'apiKey'
  | 'serviceAccount'
  | 'oauthClient'
  | 'userIdentity';

/** Words of a field or argument name that say which entity a bare `id` / `…Id` means. */
const KIND_BY_WORD: Readonly<Record<string, RefKind>> = {
  user: 'user',
  users: 'user',
  actor: 'user',
  session: 'session',
  sessions: 'session',
  tenant: 'tenant',
  factor: 'mfaFactor',
  device: 'trustedDevice',
  key: 'apiKey',
  account: 'serviceAccount',
  // An OAuth application, by its client id (`tsc_…`, a String: not a UUID).
  client: 'oauthClient',
  // A key's owner: a user (or a service account, which is a user of kind `service`).
  owner: 'user',
  // An upstream account linked to a user (social sign-in).
  identity: 'userIdentity',
};

/**
 * Id-shaped names that name nothing of a tenant: the values are the caller's own input, listed
 * with why.
 */
const NOT_REFERENCES: ReadonlyArray<{ readonly field: RegExp; readonly arg: RegExp; readonly why: string }> = [
  {
    field: /SocialConnection$/,
    arg: /^clientId$/,
    why: "the tenant's own application id at Google, Microsoft, LinkedIn or GitHub: free text",
  },
];

/**
 * Name-keyed lookups: strings that name tenant data the way an id does. They cannot be found by
 * type, so each is listed, with why.
 */
const NAME_KEYED: ReadonlyArray<{
  readonly field: RegExp;
  readonly arg: RegExp;
  readonly kind: RefKind;
  readonly why: string;
}> = [
  {
    field: /FeatureFlag/,
    arg: /^key$/,
    kind: 'flagKey',
    why: "a feature flag is found by its key in the caller's tenant",
  },
  {
    field: /^(role|updateRole|deleteRole|assignRoles)$/,
    arg: /^(name|reassignTo|roles)$/,
    kind: 'roleName',
    why: "a role is found by its name in the caller's tenant",
  },
];

/** Input fields naming a tenant by slug (anonymous entry points: see BY_DESIGN). */
const SLUG_INPUT_FIELDS = /^tenant$/;

/** Tenant-registry operations only platform administrators may call: FORBIDDEN for every tenant role. */
const PLATFORM_ONLY: Readonly<Record<string, string>> = {
  'Query.tenants': 'lists every tenant of the platform',
  'Mutation.createTenant': 'onboards a tenant',
  'Mutation.activateTenant': 'tenant lifecycle is the platform operator’s',
  'Mutation.suspendTenant': 'tenant lifecycle is the platform operator’s',
  'Mutation.cancelTenant': 'tenant lifecycle is the platform operator’s',
  'Mutation.restoreTenant': 'tenant lifecycle is the platform operator’s',
  'Mutation.setTenantPlan': 'plans and quotas are the platform operator’s',
  'Query.tenantBackups': 'a backup holds a whole tenant: the platform operator’s, not its own admins’',
  'Mutation.backupTenant': 'a backup holds a whole tenant: the platform operator’s, not its own admins’',
};

/**
 * Cross-tenant by design for platform administrators only (they manage any tenant by id); a
 * tenant's own users reach only their own tenant, so with B's id every role of A is refused
 * (or, for the nullable `tenant`, answered null). They run in the matrix like any other field.
 */
const PLATFORM_ANY_TENANT: Readonly<Record<string, string>> = {
  'Query.tenant': 'platform administrators read any tenant',
  'Query.tenantHealth': 'platform administrators inspect any tenant',
  'Query.tenantUsage': 'platform administrators read any tenant’s usage',
  'Query.tenantSettings': 'platform administrators read any tenant’s settings',
  'Mutation.updateTenantSettings': 'platform administrators change any tenant’s settings',
  'Mutation.setTenantDomain': 'platform administrators set any tenant’s domain',
};

/**
 * Anonymous entry points that name their tenant by slug — the only way to reach a tenant before
 * holding a token. Sent by A's users with B's slug they must not let A in or change B; each has
 * its own check.
 */
const BY_DESIGN: Readonly<
  Record<
    string,
    {
      readonly why: string;
      readonly check: (res: GraphQLResponse<unknown>) => void;
      readonly variables?: () => Record<string, unknown>;
    }
  >
> = {
  'Mutation.login': {
    why: 'signs in to the tenant it names; a token is never needed or used',
    // A's admin's own email and password, at tenant B: no such account there.
    variables: () => ({
      input: { tenant: fixture().b.slug, email: fixture().a.admin.email, password: fixture().a.admin.password },
    }),
    check: (res) => {
      expect(codeOf(res)).toBe('INVALID_CREDENTIALS');
      expect(res.body.data ?? null).toBeNull();
    },
  },
  'Mutation.requestPasswordReset': {
    why: 'always answers true whether or not the account exists (no enumeration)',
    // A fresh address each time: the flow throttles per address.
    variables: () => ({ input: { tenant: fixture().b.slug, email: `nobody-${hex()}@example.com` } }),
    check: (res) => {
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data).toEqual({ requestPasswordReset: true });
    },
  },
  'Mutation.signUp': {
    why: 'self-service sign-up into the tenant it names, when that tenant allows it (B does not)',
    check: (res) => {
      expect(codeOf(res)).toBe('SIGNUP_NOT_ALLOWED');
    },
  },
};

/**
 * Refusals the matrix accepts. BAD_USER_INPUT counts only when every field it names
 * (`details.fields[].path`, `details.field`) holds a tenant-B reference, e.g. an allow-list naming
 * B's users: a validation error about anything the generator made fails the matrix.
 */
// API_KEY_NOT_ALLOWED: the API-key caller, refused an operation for sessions only.
const REFUSAL_CODES = new Set(['NOT_FOUND', 'FORBIDDEN', 'API_KEY_NOT_ALLOWED']);

/**
 * Values for optional input fields the generator would leave out, where a reference is accepted
 * only together with them (e.g. allowedUserIds only on an allow-list flag), keyed `Input.field`.
 */
const INPUT_HINTS: Readonly<Record<string, unknown>> = {
  'CreateFeatureFlagInput.kind': 'ALLOW_LIST',
  'UpdateFeatureFlagInput.kind': 'ALLOW_LIST',
  // A service account is named only by a SERVICE client.
  'CreateOAuthClientInput.kind': 'SERVICE',
};

// --- the generator -------------------------------------------------------------------------

class Unbuildable extends Error {}

interface Operation {
  readonly coordinate: string;
  readonly root: Root;
  readonly field: GraphQLField<unknown, unknown>;
}

function operations(): Operation[] {
  return ROOTS.flatMap((root) => {
    const type = schema.getType(root) as GraphQLObjectType | undefined | null;
    return type
      ? Object.values(type.getFields()).map((field) => ({ coordinate: `${root}.${field.name}`, root, field }))
      : [];
  });
}

function camelWords(name: string): string[] {
  return name.split(/(?=[A-Z])/).map((word) => word.toLowerCase());
}

/** The one entity a name speaks of (`revokeSession` → session), or undefined if none or several. */
function kindIn(name: string): RefKind | undefined {
  const kinds = new Set(camelWords(name).flatMap((word) => (KIND_BY_WORD[word] ? [KIND_BY_WORD[word]] : [])));
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

/**
 * The kind of tenant data an argument (or input field) references, or undefined if it references
 * none. Throws Unbuildable for a reference the matrix cannot interpret.
 */
function referenceKind(op: Operation, name: string, type: GraphQLInputType, topLevel: boolean): RefKind | undefined {
  if (topLevel) {
    const keyed = NAME_KEYED.find((rule) => rule.field.test(op.field.name) && rule.arg.test(name));
    if (keyed) return keyed.kind;
  }
  if (NOT_REFERENCES.some((rule) => rule.field.test(op.field.name) && rule.arg.test(name))) return undefined;
  const named = getNamedType(type);
  if (named.name === 'String' && SLUG_INPUT_FIELDS.test(name) && !topLevel) return 'tenantSlug';
  const idLike = named.name === 'ID' || /^id$|Ids?$/.test(name);
  if (!idLike) return undefined;
  const kind =
    name === 'id'
      ? (kindIn(op.field.name) ?? kindIn(getNamedType(op.field.type).name))
      : (kindIn(name.replace(/Ids?$/, '')) ?? (named.name === 'ID' ? kindIn(name) : undefined));
  if (!kind)
    throw new Unbuildable(
      `${op.coordinate}(${name}: ${String(type)}): no way to tell which tenant data this id names (teach KIND_BY_WORD)`,
    );
  return kind;
}

/** The kinds of tenant data an argument (or input field) references, at any depth. */
function kindsIn(
  op: Operation,
  name: string,
  type: GraphQLInputType,
  topLevel: boolean,
  seen = new Set<string>(),
): Set<RefKind> {
  const kinds = new Set<RefKind>();
  const kind = referenceKind(op, name, type, topLevel);
  if (kind) kinds.add(kind);
  const named = getNamedType(type);
  if (!isInputObjectType(named) || seen.has(named.name)) return kinds;
  seen.add(named.name);
  for (const field of Object.values(named.getFields()))
    for (const inner of kindsIn(op, field.name, field.type, false, seen)) kinds.add(inner);
  return kinds;
}

/** The kinds of tenant data an operation's arguments reference; empty: it is not in the matrix. */
function referenceKinds(op: Operation): Set<RefKind> {
  return new Set(op.field.args.flatMap((arg) => [...kindsIn(op, arg.name, arg.type, true)]));
}

/** Tenant B's values, by kind (lists get every one of them). */
type RefValues = Readonly<Record<RefKind, readonly string[]>>;

const hex = () => crypto.randomBytes(4).toString('hex');

/** A valid value for a non-reference string, from its name. */
function stringFor(name: string): string {
  const lower = name.toLowerCase();
  if (lower.includes('email')) return `matrix-${hex()}@example.com`;
  if (lower.includes('password')) return `Matrix ${hex()} long passphrase`;
  if (lower === 'slug') return uniqueSlug('matrix');
  if (lower === 'domain') return `matrix-${hex()}.example.com`;
  if (lower === 'role' || lower === 'roles' || lower === 'parent') return 'viewer';
  return `matrix-${hex()}`;
}

function scalarFor(named: GraphQLNamedType, name: string, where: string): unknown {
  switch (named.name) {
    case 'String':
      return stringFor(name);
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTime':
      return new Date().toISOString();
    case 'JSON':
      return {};
    default:
      throw new Unbuildable(`${where}: no generator for scalar ${named.name} (teach scalarFor)`);
  }
}

/**
 * A value of `type` whose references are B's and the rest valid; undefined: leave it out. The
 * names of the arguments and input fields given B references are added to `referenced`.
 */
function valueFor(
  op: Operation,
  name: string,
  type: GraphQLInputType,
  topLevel: boolean,
  refs: RefValues,
  defaulted: boolean,
  referenced: Set<string>,
): unknown {
  const where = `${op.coordinate}(${name})`;
  const kind = referenceKind(op, name, type, topLevel);
  const inner = isNonNullType(type) ? type.ofType : type;
  if (kind) {
    const values = refs[kind];
    if (values.length === 0) throw new Unbuildable(`${where}: the fixture has no tenant-B ${kind}`);
    referenced.add(name);
    return isListType(inner) ? values : values[0];
  }
  const required = isNonNullType(type) && !defaulted;
  if (!required && kindsIn(op, name, type, topLevel).size === 0) return undefined;
  if (isListType(inner)) return [valueFor(op, name, inner.ofType, false, refs, false, referenced)];
  const named = getNamedType(inner);
  if (isEnumType(named)) return named.getValues()[0]?.name;
  if (isScalarType(named)) return scalarFor(named, name, where);
  if (isInputObjectType(named)) {
    const object: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields()) as GraphQLInputField[]) {
      const hint = INPUT_HINTS[`${named.name}.${field.name}`];
      const value =
        hint ?? valueFor(op, field.name, field.type, false, refs, field.defaultValue !== undefined, referenced);
      if (value !== undefined) object[field.name] = value;
    }
    return object;
  }
  throw new Unbuildable(`${where}: cannot build a ${String(type)}`);
}

const MAX_DEPTH = 2;

/** `__typename` and every field that needs no argument, objects to MAX_DEPTH: whatever leaks shows. */
function selectionFor(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) && !isInterfaceType(named)) return '{ __typename }';
  const parts = ['__typename'];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((arg: GraphQLArgument) => isNonNullType(arg.type) && arg.defaultValue === undefined)) continue;
    if (isLeafType(getNamedType(field.type))) parts.push(field.name);
    else if (depth < MAX_DEPTH) parts.push(`${field.name} ${selectionFor(field.type, depth + 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

interface BuiltOperation {
  readonly query: string;
  readonly variables: Record<string, unknown>;
  /** Names of the arguments and input fields holding tenant-B references. */
  readonly referenced: ReadonlySet<string>;
}

function buildOperation(op: Operation, refs: RefValues): BuiltOperation {
  const variables: Record<string, unknown> = {};
  const declared: string[] = [];
  const passed: string[] = [];
  const referenced = new Set<string>();
  for (const arg of op.field.args) {
    const value = valueFor(op, arg.name, arg.type, true, refs, arg.defaultValue !== undefined, referenced);
    if (value === undefined) continue;
    variables[arg.name] = value;
    declared.push(`$${arg.name}: ${String(arg.type)}`);
    passed.push(`${arg.name}: $${arg.name}`);
  }
  const head = declared.length > 0 ? `(${declared.join(', ')})` : '';
  const args = passed.length > 0 ? `(${passed.join(', ')})` : '';
  const keyword = op.root === 'Query' ? 'query' : 'mutation';
  return {
    query: `${keyword} Matrix${head} { ${op.field.name}${args} ${selectionFor(op.field.type)} }`,
    variables,
    referenced,
  };
}

/** A refusal the matrix accepts: NOT_FOUND, FORBIDDEN, or BAD_USER_INPUT naming only B's references. */
function isAcceptedRefusal(
  error: { extensions?: Record<string, unknown> } | undefined,
  referenced: ReadonlySet<string>,
): boolean {
  const code = error?.extensions?.['code'];
  if (typeof code === 'string' && REFUSAL_CODES.has(code)) return true;
  if (code !== 'BAD_USER_INPUT') return false;
  const details = error?.extensions?.['details'] as { fields?: Array<{ path?: unknown }>; field?: unknown } | undefined;
  const paths = [
    ...(details?.fields ?? []).map((field) => field.path),
    ...(details?.field === undefined ? [] : [details.field]),
  ];
  return (
    paths.length > 0 &&
    paths.every(
      (path) =>
        typeof path === 'string' &&
        referenced.has(path.split('.').find((part) => !/^\d+$/.test(part) && part !== 'input') ?? ''),
    )
  );
}

/** null, false, 0, '', [] and objects holding only those: an answer that reveals nothing. */
function isEmptyAnswer(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object')
    return Object.entries(value).every(([key, inner]) => key === '__typename' || isEmptyAnswer(inner));
  return false;
}

// --- the fixture ---------------------------------------------------------------------------

interface Member extends SignedInUser {
  readonly role: string;
}

interface Fixture {
  readonly a: {
    readonly id: string;
    readonly slug: string;
    readonly admin: Member;
    readonly members: readonly Member[];
  };
  readonly b: {
    readonly id: string;
    readonly slug: string;
    readonly admin: Member;
    readonly members: readonly Member[];
    readonly refs: RefValues;
    readonly secrets: readonly string[];
  };
}

const [t, a, b] = useTestStack(startTestStack, { prefix: 'mxa' }, { prefix: 'mxb' });
let built: Fixture | undefined;
const fixture = (): Fixture => {
  if (!built) throw new Error('the fixture was not built');
  return built;
};

const BUILTIN_TENANT_ROLES = ['viewer', 'trader', 'admin', 'api_user'] as const;
const mutationFields = new Set(Object.keys((schema.getType('Mutation') as GraphQLObjectType).getFields()));

async function addMember(tenant: TestTenant, role: string): Promise<Member> {
  return { ...(await addSignedInUser(t, tenant, role)), role };
}

/** A custom role, when the supergraph has them (another team adds them; the matrix only uses them). */
async function customRole(admin: Member, name: string, parent: string): Promise<string | undefined> {
  if (!mutationFields.has('createRole')) return undefined;
  dataOf(
    await t.request(CreateRoleDocument, { input: { name, parent, permissions: [] } }, { token: admin.token }),
    `createRole ${name}`,
  );
  return name;
}

/** Every row of tenant B's schema and its registry entry, as sorted JSON: "B unchanged" compares these. */
async function snapshotB(): Promise<Record<string, string[]>> {
  const pool = t.stack.runtime.db.pool;
  const schemaName = tenantSchemaName(fixture().b.id);
  const tables = await pool.query<{ table_name: string }>(
    'select table_name from information_schema.tables where table_schema = $1 order by 1',
    [schemaName],
  );
  const snapshot: Record<string, string[]> = {};
  for (const { table_name: table } of tables.rows) {
    const rows = await pool.query(`select * from ${quoteIdent(schemaName)}.${quoteIdent(table)}`);
    snapshot[table] = rows.rows.map((row) => JSON.stringify(row)).sort();
  }
  const registry = await pool.query('select * from control.tenants where id = $1', [fixture().b.id]);
  snapshot['control.tenants(B)'] = registry.rows.map((row) => JSON.stringify(row));
  const count = await pool.query<{ n: string }>('select count(*) as n from control.tenants');
  snapshot['control.tenants(count)'] = [String(count.rows[0]?.n)];
  return snapshot;
}

/** The tables (and registry entries) of B that differ between two snapshots, with their changed rows. */
function changesInB(
  before: Record<string, string[]>,
  after: Record<string, string[]>,
): Record<string, { gone: string[]; new: string[] }> {
  const changes: Record<string, { gone: string[]; new: string[] }> = {};
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = new Set(before[table] ?? []);
    const is = new Set(after[table] ?? []);
    const gone = [...was].filter((row) => !is.has(row));
    const added = [...is].filter((row) => !was.has(row));
    if (gone.length > 0 || added.length > 0) changes[table] = { gone, new: added };
  }
  return changes;
}

/** Waits until B's rows stop changing (writes that follow B's own sign-ins land asynchronously). */
async function settledSnapshotB(): Promise<Record<string, string[]>> {
  let previous = await snapshotB();
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const next = await snapshotB();
    if (JSON.stringify(next) === JSON.stringify(previous)) return next;
    previous = next;
  }
  throw new Error("tenant B's rows did not settle");
}

const all = operations();
const unbuildable: string[] = [];
const referencing = all.filter((op) => {
  try {
    return referenceKinds(op).size > 0;
  } catch (error) {
    if (!(error instanceof Unbuildable)) throw error;
    // Kept in the matrix, where building its arguments fails its test too.
    unbuildable.push(error.message);
    return true;
  }
});
const MATRIX = referencing.filter((op) => !BY_DESIGN[op.coordinate]);
/** The queries B's own admin may send: platform-only ones are FORBIDDEN to every tenant role, B's admin too. */
const CONTROLLED = MATRIX.filter((op) => op.root === 'Query' && !PLATFORM_ONLY[op.coordinate]);
const covered: string[] = [];
/** Each query of the matrix as B's own admin sends it: proof the ids are real and the arguments valid. */
const controls = new Map<string, GraphQLResponse<unknown>>();

beforeAll(async () => {
  const aAdmin: Member = { ...a.admin, role: 'admin' };
  const bAdmin: Member = { ...b.admin, role: 'admin' };

  const aMembers: Member[] = [aAdmin];
  for (const role of BUILTIN_TENANT_ROLES.filter((r) => r !== 'admin')) aMembers.push(await addMember(a, role));
  const aCustom = await customRole(aAdmin, `mx-a-${hex()}`, 'trader');
  if (aCustom) aMembers.push(await addMember(a, aCustom));

  const bMembers: Member[] = [bAdmin, await addMember(b, 'viewer'), await addMember(b, 'trader')];
  const flagKey = `mx-b-flag-${hex()}`;
  dataOf(
    await t.request(
      CreateFeatureFlagDocument,
      { input: { key: flagKey, kind: 'BOOLEAN', enabled: true } },
      { token: bAdmin.token },
    ),
    'createFeatureFlag',
  );
  const bCustom = await customRole(bAdmin, `mx-b-${hex()}`, 'viewer');
  // A second factor (pending) and a trusted device of B's admin.
  const factorId = dataOf(
    await t.request(StartTotpEnrolmentDocument, {}, { token: bAdmin.token }),
    'startTotpEnrolment',
  ).startTotpEnrolment.factorId;
  const trustedDeviceId = await new MfaRepository(t.stack.runtime.db.tenant(b.id)).createTrustedDevice({
    hash: `mx-${hex()}`,
    userId: bAdmin.id,
    userAgent: null,
    browser: null,
    os: null,
    deviceType: 'other',
    ip: null,
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  // A service account of B, and a key of B's admin.
  const bServiceAccount = dataOf(
    await t.request(
      CreateServiceAccountDocument,
      { input: { name: `mx-b-${hex()}`, roles: ['api_user'] } },
      { token: bAdmin.token },
    ),
    'createServiceAccount',
  ).createServiceAccount;
  const bKey = dataOf(
    await t.request(
      CreateApiKeyDocument,
      {
        input: {
          name: `mx-b-${hex()}`,
          scopes: ['users:read'],
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
      { token: bAdmin.token },
    ),
    'createApiKey',
  ).createApiKey;
  // An OAuth application of B.
  const bClient = dataOf(
    await t.request(
      CreateOAuthClientDocument,
      {
        input: {
          name: `mx-b-${hex()}`,
          kind: 'CONFIDENTIAL',
          redirectUris: ['https://mx-b.example.com/callback'],
          scopes: ['openid'],
        },
      },
      { token: bAdmin.token },
    ),
    'createOAuthClient',
  ).createOAuthClient.client;
  // An upstream account linked to B's admin (social sign-in).
  const bIdentity = await new SocialRepository(t.stack.runtime.db.tenant(b.id)).link({
    userId: bAdmin.id,
    provider: 'google',
    issuer: 'https://accounts.google.com',
    subject: `mx-b-${hex()}`,
    email: null,
  });
  if (!bIdentity) throw new Error('could not link an identity of B');
  // One caller of A signs in with an API key of A's admin, holding every tenant permission the admin has.
  const adminPermissions = dataOf(
    await t.request(MyPermissionsDocument, {}, { token: aAdmin.token }),
    'myPermissions',
  ).myPermissions.permissions.filter(
    (permission) => !permission.startsWith('platform') && !permission.startsWith('tenants:'),
  );
  const aKey = dataOf(
    await t.request(
      CreateApiKeyDocument,
      { input: { name: 'mx-a', scopes: adminPermissions, expiresAt: new Date(Date.now() + 86_400_000).toISOString() } },
      { token: aAdmin.token },
    ),
    'createApiKey',
  ).createApiKey;
  aMembers.push({ ...aAdmin, token: aKey.secret, role: 'API key of the admin' });
  const sessions = await t.stack.runtime.db
    .tenant(b.id)
    .session.findMany({ where: { revokedAt: null }, select: { id: true } });
  const refs: RefValues = {
    user: bMembers.map((member) => member.id),
    session: sessions.map((session) => session.id),
    tenant: [b.id],
    tenantSlug: [b.slug],
    flagKey: [flagKey],
    roleName: bCustom ? [bCustom] : [],
    mfaFactor: [factorId],
    trustedDevice: [trustedDeviceId],
    apiKey: [bKey.apiKey.id],
    serviceAccount: [bServiceAccount.id],
    oauthClient: [bClient.id],
    userIdentity: [bIdentity.id],
  };
  const secrets = [
    b.id,
    b.slug,
    flagKey,
    ...(bCustom ? [bCustom] : []),
    ...bMembers.flatMap((member) => [member.id, member.email]),
    ...sessions.map((session) => session.id),
    bKey.apiKey.id,
    bServiceAccount.id,
    bClient.id,
    bIdentity.id,
  ];
  built = {
    a: { id: a.id, slug: a.slug, admin: aAdmin, members: aMembers },
    b: { id: b.id, slug: b.slug, admin: bAdmin, members: bMembers, refs, secrets },
  };
  for (const op of CONTROLLED) {
    let operation: ReturnType<typeof buildOperation>;
    try {
      operation = buildOperation(op, refs);
    } catch (error) {
      // Its own test fails on it.
      if (error instanceof Unbuildable) continue;
      throw error;
    }
    const { query, variables } = operation;
    controls.set(op.coordinate, await t.raw(query, variables, { token: b.admin.token }));
  }
  await settledSnapshotB();
}, 120_000);

afterAll(() => {
  if (covered.length > 0)
    console.info(`isolation matrix covered ${covered.length} operations: ${covered.sort().join(', ')}`);
});

function expectNoBData(res: GraphQLResponse<unknown>, context: string): void {
  const json = JSON.stringify(res.body);
  const leaked = fixture().b.secrets.filter((secret) => json.includes(secret));
  expect(leaked, `${context} revealed tenant B data: ${json}`).toEqual([]);
}

describe('the cross-tenant matrix, generated from gateway/supergraph.graphql', () => {
  it('finds the operations that take references to tenant data, and can build arguments for each', () => {
    expect(unbuildable).toEqual([]);
    // The generator sees what it should: these are known references today.
    const names = referencing.map((op) => op.coordinate);
    for (const known of [
      'Query.user',
      'Query.userSessions',
      'Query.tenant',
      'Mutation.revokeSession',
      'Mutation.deactivateUser',
      'Mutation.updateTenantSettings',
      'Query.auditEvents',
      'Mutation.deleteFeatureFlag',
    ]) {
      expect(names).toContain(known);
    }
    expect(names).not.toContain('Query.me');
    expect(MATRIX.length).toBeGreaterThanOrEqual(15);
  });

  it('fails, never skips, an operation whose reference it cannot interpret', () => {
    const probe = buildSchema(
      'type Query { ping: Int } type Mutation { archiveWidget(widgetId: ID!): Boolean! grant(input: GrantInput!): Boolean! } input GrantInput { userId: ID! note: String }',
    );
    const mutation = probe.getType('Mutation') as GraphQLObjectType;
    const op = (name: string): Operation => {
      const field = mutation.getFields()[name];
      if (!field) throw new Error(`no ${name}`);
      return { coordinate: `Mutation.${name}`, root: 'Mutation', field };
    };
    expect(() => referenceKinds(op('archiveWidget'))).toThrow(Unbuildable);
    expect([...referenceKinds(op('grant'))]).toEqual(['user']);
    const refs: RefValues = {
      user: ['b-user'],
      session: [],
      tenant: [],
      tenantSlug: [],
      flagKey: [],
      roleName: [],
      mfaFactor: [],
      trustedDevice: [],
      apiKey: [],
      serviceAccount: [],
      oauthClient: [],
      userIdentity: [],
    };
    expect(buildOperation(op('grant'), refs)).toMatchObject({
      variables: { input: { userId: 'b-user' } },
      referenced: new Set(['userId']),
    });
  });

  it('lists only operations the supergraph has, and every anonymous slug entry point it finds', () => {
    const present = new Set(all.map((op) => op.coordinate));
    for (const coordinate of [
      ...Object.keys(PLATFORM_ONLY),
      ...Object.keys(PLATFORM_ANY_TENANT),
      ...Object.keys(BY_DESIGN),
    ])
      expect(present).toContain(coordinate);
    for (const coordinate of Object.keys(PLATFORM_ANY_TENANT))
      expect(MATRIX.map((op) => op.coordinate)).toContain(coordinate);
    const slugEntryPoints = referencing.filter((op) => unbuildableSafe(() => referenceKinds(op).has('tenantSlug')));
    expect(slugEntryPoints.map((op) => op.coordinate).sort()).toEqual(Object.keys(BY_DESIGN).sort());
  });

  it.each(CONTROLLED.map((op) => [op.coordinate, op] as const))(
    "%s as B's own admin answers B data: the matrix's ids are real and its arguments valid",
    (coordinate, op) => {
      const control = controls.get(coordinate);
      expect(control, `${coordinate}: no control request (arguments could not be built)`).toBeDefined();
      expect(control?.body.errors, JSON.stringify(control?.body)).toBeUndefined();
      const answer = (control?.body.data as Record<string, unknown> | null | undefined)?.[op.field.name];
      expect(isEmptyAnswer(answer), `${coordinate} answered B's admin nothing: ${JSON.stringify(answer)}`).toBe(false);
    },
  );

  it.each(MATRIX.map((op) => [op.coordinate, op] as const))(
    '%s: every role of tenant A, given tenant B references, is refused or answered nothing; B unchanged',
    async (coordinate, op) => {
      const { a } = fixture();
      const before = await snapshotB();
      for (const member of a.members) {
        const { query, variables, referenced } = buildOperation(op, fixture().b.refs);
        const res = await t.raw(query, variables, { token: member.token });
        const context = `${coordinate} as ${member.role} of A with ${JSON.stringify(variables)}`;
        expectNoBData(res, context);
        const code = codeOf(res);
        const answer = (res.body.data as Record<string, unknown> | null | undefined)?.[op.field.name] ?? null;
        if (PLATFORM_ONLY[coordinate]) {
          expect(code, context).toBe('FORBIDDEN');
        } else if (code !== undefined) {
          expect(
            isAcceptedRefusal(res.body.errors?.[0], referenced),
            `${context} answered ${String(code)}: ${JSON.stringify(res.body.errors)}`,
          ).toBe(true);
        }
        expect(isEmptyAnswer(answer), `${context} answered ${JSON.stringify(answer)}`).toBe(true);
      }
      expect(changesInB(before, await snapshotB()), `${coordinate} changed tenant B`).toEqual({});
      covered.push(coordinate);
    },
  );

  it.each(Object.entries(PLATFORM_ONLY))(
    '%s is platform-only (%s): FORBIDDEN for every role of a tenant',
    async (coordinate) => {
      const op = all.find((candidate) => candidate.coordinate === coordinate);
      if (!op) throw new Error(`${coordinate} is not in the supergraph`);
      const before = await snapshotB();
      for (const member of fixture().a.members) {
        const { query, variables } = buildOperation(op, fixture().b.refs);
        const res = await t.raw(query, variables, { token: member.token });
        expect(codeOf(res), `${coordinate} as ${member.role}: ${JSON.stringify(res.body)}`).toBe('FORBIDDEN');
        expect((res.body.data as Record<string, unknown> | null | undefined)?.[op.field.name] ?? null).toBeNull();
        expectNoBData(res, coordinate);
      }
      expect(changesInB(before, await snapshotB()), `${coordinate} changed tenant B`).toEqual({});
    },
  );

  it.each(Object.entries(BY_DESIGN).map(([coordinate, entry]) => [coordinate, entry.why, entry] as const))(
    '%s names its tenant by slug by design (%s): no way into B, B unchanged',
    async (coordinate, _why, entry) => {
      const op = all.find((candidate) => candidate.coordinate === coordinate);
      if (!op) throw new Error(`${coordinate} is not in the supergraph`);
      const before = await settledSnapshotB();
      for (const member of fixture().a.members) {
        const built = buildOperation(op, fixture().b.refs);
        const res = await t.raw(built.query, entry.variables?.() ?? built.variables, { token: member.token });
        entry.check(res);
        expectNoBData(res, coordinate);
      }
      // The attempt is audited in the tenant it named, as every sign-in attempt is; nothing else changes.
      const { audit_events: audit, ...rest } = changesInB(before, await settledSnapshotB());
      expect(rest, `${coordinate} changed tenant B`).toEqual({});
      expect(audit?.gone ?? []).toEqual([]);
      for (const row of audit?.new ?? [])
        expect(JSON.parse(row)).toMatchObject({
          actor_id: null,
          result: expect.stringMatching(/^(failure|refused)$/) as unknown,
        });
    },
  );
});

function unbuildableSafe(check: () => boolean): boolean {
  try {
    return check();
  } catch (error) {
    if (error instanceof Unbuildable) return false;
    throw error;
  }
}

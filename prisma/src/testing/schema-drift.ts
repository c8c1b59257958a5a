import { readFile } from 'node:fs/promises';
import prismaSchemaWasm from '@prisma/prisma-schema-wasm';
import type pg from 'pg';

/**
 * Compares what the SQL migrations built in one Postgres schema with the Prisma models
 * (a test fails when the SQL and the Prisma models disagree).
 *
 * The models are read as Prisma's DMMF, produced from the .prisma file by Prisma's own schema
 * parser (@prisma/prisma-schema-wasm, the engine `prisma generate` uses). The generated client
 * only carries a reduced `runtimeDataModel` (names, db names, scalar types — no nullability,
 * lists, native types, defaults or indexes), so on its own it cannot catch a nullable column;
 * `generatedClientDrift` below checks that it agrees with the DMMF, so a stale generated
 * client is caught too.
 */

interface DmmfDefaultFunction {
  name: string;
  args: unknown[];
}

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  default?: DmmfDefaultFunction | string | number | boolean | unknown[];
  type: string;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  fields: { name: string }[];
}

export interface Dmmf {
  datamodel: { models: DmmfModel[]; indexes: DmmfIndex[] };
}

export async function readDmmf(prismaSchemaFile: string): Promise<Dmmf> {
  const prismaSchema = await readFile(prismaSchemaFile, 'utf8');
  return JSON.parse(prismaSchemaWasm.get_dmmf(JSON.stringify({ prismaSchema }))) as Dmmf;
}

const tableOf = (model: DmmfModel): string => model.dbName ?? model.name;
const columnOf = (field: DmmfField): string => field.dbName ?? field.name;
const columnNamed = (model: DmmfModel, fieldName: string): string => {
  const field = model.fields.find((candidate) => candidate.name === fieldName);
  return field === undefined ? fieldName : columnOf(field);
};

interface ExpectedType {
  udt: string;
  precision?: number;
  maxLength?: number;
}

// Prisma's defaults for PostgreSQL when a field has no @db.* attribute.
const SCALAR_TYPES: Readonly<Record<string, ExpectedType>> = {
  String: { udt: 'text' },
  Int: { udt: 'int4' },
  BigInt: { udt: 'int8' },
  Boolean: { udt: 'bool' },
  DateTime: { udt: 'timestamp', precision: 3 },
  Json: { udt: 'jsonb' },
  Float: { udt: 'float8' },
  Decimal: { udt: 'numeric' },
  Bytes: { udt: 'bytea' },
};

const NATIVE_TYPES: Readonly<Record<string, string>> = {
  Uuid: 'uuid',
  Text: 'text',
  VarChar: 'varchar',
  Char: 'bpchar',
  Timestamptz: 'timestamptz',
  Timestamp: 'timestamp',
  Date: 'date',
  Integer: 'int4',
  SmallInt: 'int2',
  BigInt: 'int8',
  Boolean: 'bool',
  JsonB: 'jsonb',
  Json: 'json',
  DoublePrecision: 'float8',
  Real: 'float4',
  ByteA: 'bytea',
  Inet: 'inet',
  Citext: 'citext',
};

function expectedType(field: DmmfField): ExpectedType | string {
  let expected: ExpectedType | undefined;
  if (field.nativeType) {
    const [native, args] = field.nativeType;
    const udt = NATIVE_TYPES[native];
    if (udt === undefined) return `native type @db.${native} is not known to the drift check; teach it`;
    const numeric = args[0] === undefined ? undefined : Number(args[0]);
    expected = { udt };
    if (udt === 'timestamp' || udt === 'timestamptz') expected.precision = numeric ?? 3;
    if (udt === 'varchar' || udt === 'bpchar') expected.maxLength = numeric;
  } else {
    expected = SCALAR_TYPES[field.type];
    if (expected === undefined) return `Prisma type ${field.type} is not known to the drift check; teach it`;
  }
  return field.isList ? { ...expected, udt: `_${expected.udt}` } : expected;
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  is_nullable: 'YES' | 'NO';
  udt_name: string;
  datetime_precision: number | null;
  character_maximum_length: number | null;
  column_default: string | null;
}

interface IndexRow {
  table_name: string;
  index_name: string;
  is_unique: boolean;
  is_primary: boolean;
  columns: string[];
}

interface ForeignKeyRow {
  constraint_name: string;
  table_name: string;
  columns: string[];
  ref_schema: string;
  ref_table: string;
  ref_columns: string[];
  on_delete: string;
  on_update: string;
}

// pg_constraint.confdeltype / confupdtype codes.
const REFERENTIAL_ACTIONS: Readonly<Record<string, string>> = {
  a: 'NoAction',
  r: 'Restrict',
  c: 'Cascade',
  n: 'SetNull',
  d: 'SetDefault',
};

export interface SchemaDriftOptions {
  /** Postgres schema the migrations built. */
  schema: string;
  /** The .prisma file whose models the schema must match. */
  prismaSchemaFile: string;
  /** Tables that are not models (e.g. the migrator's `_migrations`). */
  ignoreTables?: readonly string[];
  /** Foreign keys the SQL adds on purpose that are not Prisma relations, by constraint name. */
  sqlOnlyForeignKeys?: readonly string[];
}

async function checkDefault(
  client: pg.ClientBase,
  where: string,
  field: DmmfField,
  column: ColumnRow,
): Promise<string | undefined> {
  const sqlDefault = column.column_default;
  if (!field.hasDefaultValue) {
    return sqlDefault === null ? undefined : `${where}: SQL has DEFAULT ${sqlDefault} but the model has no @default`;
  }
  if (sqlDefault === null) return `${where}: model has @default but the SQL column has no DEFAULT`;
  const modelDefault = field.default;
  if (typeof modelDefault === 'object' && modelDefault !== null && !Array.isArray(modelDefault)) {
    switch (modelDefault.name) {
      case 'now':
        return ['CURRENT_TIMESTAMP', 'now()'].includes(sqlDefault)
          ? undefined
          : `${where}: @default(now()) but SQL DEFAULT ${sqlDefault}`;
      case 'autoincrement':
        return sqlDefault.startsWith('nextval(')
          ? undefined
          : `${where}: @default(autoincrement()) but SQL DEFAULT ${sqlDefault}`;
      default:
        return `${where}: @default(${modelDefault.name}()) is not known to the drift check; teach it`;
    }
  }
  // A literal default: let Postgres evaluate the column's DEFAULT expression and compare values.
  const { rows } = await client.query<{ value: unknown }>(`SELECT (${sqlDefault}) AS value`);
  const actual = rows[0]?.value;
  const expected =
    field.type === 'Json' && typeof modelDefault === 'string' ? (JSON.parse(modelDefault) as unknown) : modelDefault;
  return JSON.stringify(actual) === JSON.stringify(expected)
    ? undefined
    : `${where}: @default(${JSON.stringify(expected)}) but SQL DEFAULT ${sqlDefault} evaluates to ${JSON.stringify(actual)}`;
}

/** Every difference between the schema in the database and the models; empty when they agree. */
export async function findSchemaDrift(client: pg.ClientBase, options: SchemaDriftOptions): Promise<string[]> {
  const { schema } = options;
  const ignored = new Set(options.ignoreTables ?? []);
  const dmmf = await readDmmf(options.prismaSchemaFile);
  const problems: string[] = [];

  const { rows: tableRows } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
    [schema],
  );
  const { rows: columnRows } = await client.query<ColumnRow>(
    `SELECT table_name, column_name, is_nullable, udt_name, datetime_precision, character_maximum_length, column_default
       FROM information_schema.columns WHERE table_schema = $1`,
    [schema],
  );
  const tables = new Set(tableRows.map((row) => row.table_name).filter((name) => !ignored.has(name)));
  const columns = new Map(columnRows.map((row) => [`${row.table_name}.${row.column_name}`, row]));
  const modelTables = new Map(dmmf.datamodel.models.map((model) => [tableOf(model), model]));

  for (const table of tables) {
    if (!modelTables.has(table)) problems.push(`${table}: table exists in SQL but no model maps to it`);
  }

  for (const model of dmmf.datamodel.models) {
    const table = tableOf(model);
    if (!tables.has(table)) {
      problems.push(`${table}: model ${model.name} has no table in schema ${schema}`);
      continue;
    }
    const scalarFields = model.fields.filter((field) => field.kind === 'scalar' || field.kind === 'enum');
    const modelColumns = new Set(scalarFields.map(columnOf));
    for (const row of columnRows) {
      if (row.table_name === table && !modelColumns.has(row.column_name)) {
        problems.push(`${table}.${row.column_name}: column exists in SQL but not in model ${model.name}`);
      }
    }
    for (const field of scalarFields) {
      const where = `${table}.${columnOf(field)} (${model.name}.${field.name})`;
      const column = columns.get(`${table}.${columnOf(field)}`);
      if (column === undefined) {
        problems.push(`${where}: column missing in SQL`);
        continue;
      }
      const expected = expectedType(field);
      if (typeof expected === 'string') {
        problems.push(`${where}: ${expected}`);
      } else {
        if (column.udt_name !== expected.udt)
          problems.push(`${where}: SQL type ${column.udt_name}, model expects ${expected.udt}`);
        if (expected.precision !== undefined && column.datetime_precision !== expected.precision) {
          problems.push(
            `${where}: SQL precision ${String(column.datetime_precision)}, model expects ${expected.precision}`,
          );
        }
        if (expected.maxLength !== undefined && column.character_maximum_length !== expected.maxLength) {
          problems.push(
            `${where}: SQL length ${String(column.character_maximum_length)}, model expects ${expected.maxLength}`,
          );
        }
      }
      const sqlNullable = column.is_nullable === 'YES';
      if (sqlNullable === field.isRequired) {
        problems.push(
          `${where}: SQL is ${sqlNullable ? 'NULL' : 'NOT NULL'}, model field is ${field.isRequired ? 'required' : 'optional'}`,
        );
      }
      const defaultProblem = await checkDefault(client, where, field, column);
      if (defaultProblem !== undefined) problems.push(defaultProblem);
    }
  }

  problems.push(...(await indexDrift(client, schema, dmmf, ignored)));
  problems.push(...(await foreignKeyDrift(client, schema, dmmf, ignored, new Set(options.sqlOnlyForeignKeys ?? []))));
  return problems;
}

/** SQL: the names, in key order, of the columns of the relation `relid` whose numbers `keys` holds. */
function columnNames(keys: string, relid: string): string {
  return `ARRAY(SELECT a.attname::text FROM unnest(${keys}) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = ${relid} AND a.attnum = k.attnum ORDER BY k.ord)`;
}

/** What the model has and SQL lacks, then what SQL has and the model lacks. */
function setDrift(expected: ReadonlySet<string>, actual: ReadonlySet<string>): string[] {
  return [
    ...[...expected].filter((item) => !actual.has(item)).map((item) => `${item}: in the model, missing in SQL`),
    ...[...actual].filter((item) => !expected.has(item)).map((item) => `${item}: in SQL, not in the model`),
  ];
}

async function indexDrift(
  client: pg.ClientBase,
  schema: string,
  dmmf: Dmmf,
  ignored: ReadonlySet<string>,
): Promise<string[]> {
  const { rows } = await client.query<IndexRow>(
    `SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
            ${columnNames('ix.indkey', 't.oid')} AS columns
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1`,
    [schema],
  );
  const describe = (table: string, kind: string, cols: readonly string[]): string =>
    `${kind} index on ${table}(${cols.join(', ')})`;
  const actual = new Set(
    rows
      .filter((row) => !ignored.has(row.table_name))
      .map((row) =>
        describe(row.table_name, row.is_primary ? 'primary' : row.is_unique ? 'unique' : 'plain', row.columns),
      ),
  );
  const expected = new Set<string>();
  for (const index of dmmf.datamodel.indexes) {
    const model = dmmf.datamodel.models.find((candidate) => candidate.name === index.model);
    if (model === undefined) continue;
    const cols = index.fields.map((ref) => columnNamed(model, ref.name));
    const kind = index.type === 'id' ? 'primary' : index.type === 'unique' ? 'unique' : 'plain';
    expected.add(describe(tableOf(model), kind, cols));
  }
  return setDrift(expected, actual);
}

async function foreignKeyDrift(
  client: pg.ClientBase,
  schema: string,
  dmmf: Dmmf,
  ignored: ReadonlySet<string>,
  sqlOnly: ReadonlySet<string>,
): Promise<string[]> {
  const { rows } = await client.query<ForeignKeyRow>(
    `SELECT c.conname AS constraint_name, t.relname AS table_name, rn.nspname AS ref_schema, rt.relname AS ref_table,
            c.confdeltype AS on_delete, c.confupdtype AS on_update,
            ${columnNames('c.conkey', 'c.conrelid')} AS columns,
            ${columnNames('c.confkey', 'c.confrelid')} AS ref_columns
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_class rt ON rt.oid = c.confrelid
       JOIN pg_namespace rn ON rn.oid = rt.relnamespace
      WHERE c.contype = 'f' AND n.nspname = $1`,
    [schema],
  );
  const problems: string[] = [];
  const describe = (
    table: string,
    cols: readonly string[],
    refTable: string,
    refCols: readonly string[],
    onDelete: string,
    onUpdate: string,
  ): string =>
    `foreign key ${table}(${cols.join(', ')}) -> ${refTable}(${refCols.join(', ')}) ON DELETE ${onDelete} ON UPDATE ${onUpdate}`;

  const actual = new Set<string>();
  for (const row of rows) {
    if (ignored.has(row.table_name)) continue;
    // A tenant's rows may only ever point at rows of the same tenant.
    if (row.ref_schema !== schema)
      problems.push(`${row.constraint_name}: references schema ${row.ref_schema}, outside ${schema}`);
    if (sqlOnly.has(row.constraint_name)) continue;
    actual.add(
      describe(
        row.table_name,
        row.columns,
        row.ref_table,
        row.ref_columns,
        REFERENTIAL_ACTIONS[row.on_delete] ?? row.on_delete,
        REFERENTIAL_ACTIONS[row.on_update] ?? row.on_update,
      ),
    );
  }
  for (const name of sqlOnly) {
    if (!rows.some((row) => row.constraint_name === name))
      problems.push(`${name}: declared SQL-only foreign key does not exist`);
  }

  const expected = new Set<string>();
  for (const model of dmmf.datamodel.models) {
    for (const field of model.fields) {
      if (field.kind !== 'object' || (field.relationFromFields ?? []).length === 0) continue;
      const target = dmmf.datamodel.models.find((candidate) => candidate.name === field.type);
      if (target === undefined) continue;
      const fromCols = (field.relationFromFields ?? []).map((name) => columnNamed(model, name));
      const toCols = (field.relationToFields ?? []).map((name) => columnNamed(target, name));
      // Prisma's defaults: required relations Restrict on delete, optional ones SetNull; updates Cascade.
      const onDelete = field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull');
      const onUpdate = field.relationOnUpdate ?? 'Cascade';
      expected.add(describe(tableOf(model), fromCols, tableOf(target), toCols, onDelete, onUpdate));
    }
  }
  problems.push(...setDrift(expected, actual));
  return problems;
}

interface RuntimeField {
  name: string;
  kind: string;
  type: string;
  dbName?: string | null;
}

interface RuntimeDataModel {
  models: Record<string, { dbName: string | null; fields: RuntimeField[] }>;
}

function isRuntimeDataModel(value: unknown): value is RuntimeDataModel {
  return typeof value === 'object' && value !== null && typeof (value as { models?: unknown }).models === 'object';
}

/**
 * Differences between a generated client's runtime data model and the .prisma file's DMMF:
 * non-empty means `npm run generate` was not run after the models changed. Prisma 7 keeps the
 * runtime data model on the client instance (`_runtimeDataModel`, from generated/<name>/internal/class.ts).
 */
export async function generatedClientDrift(client: object, prismaSchemaFile: string): Promise<string[]> {
  const runtime: unknown = Reflect.get(client, '_runtimeDataModel');
  if (!isRuntimeDataModel(runtime))
    return ['the generated client exposes no _runtimeDataModel; Prisma changed where it keeps it'];
  const dmmf = await readDmmf(prismaSchemaFile);
  const summarise = (name: string, dbName: string | null, fields: readonly RuntimeField[]): string =>
    `${name}@${dbName ?? name}: ${fields.map((f) => `${f.name}@${f.dbName ?? f.name}:${f.kind}:${f.type}`).join(' ')}`;
  const fromClient = Object.entries(runtime.models)
    .map(([name, model]) => summarise(name, model.dbName, model.fields))
    .sort();
  const fromSchema = dmmf.datamodel.models.map((model) => summarise(model.name, model.dbName, model.fields)).sort();
  return [
    ...fromSchema
      .filter((item) => !fromClient.includes(item))
      .map((item) => `in ${prismaSchemaFile}, not in the generated client: ${item}`),
    ...fromClient
      .filter((item) => !fromSchema.includes(item))
      .map((item) => `in the generated client, not in ${prismaSchemaFile}: ${item}`),
  ];
}

// Export and import of the library as JSON Lines: one record per row, `{"record":"entity","id":…}`,
// tables in an order where every reference points backwards (except organisation parents,
// merges and nested citations, which import sets in a second pass). Database ids are the stable
// ids. Tokens and grants are never exported. Export pages through each table by id in batches
// (constant memory); import reads line by line and writes batches of one table in one
// transaction each, then moves PostgreSQL's id sequences past the imported ids.
// JSON columns are written with their keys sorted, so SQLite (text) and PostgreSQL (jsonb, which
// reorders keys) export byte-identical files.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import type { Database, Prisma, PrismaClient } from '../db/client.js';

type Tx = Prisma.TransactionClient;
type Delegate = {
  findMany(args: unknown): Promise<Array<Record<string, unknown>>>;
  createMany(args: { data: unknown[] }): Promise<unknown>;
  count(args?: unknown): Promise<number>;
};

interface TableSpec {
  /** Record type in the file. */
  type: string;
  /** Prisma delegate name. */
  model: string;
  /** SQL table name (for PostgreSQL sequences). */
  table: string;
  dates: string[];
  json?: string[];
  /** Self references set after all rows exist. */
  deferred?: string[];
  /** Composite key instead of `id`. */
  key?: [string, string];
  /** Rows of one collection. */
  scope?: (collectionId: number) => Record<string, unknown>;
}

const inDocuments = (collectionId: number) => ({ document: { collectionId } });

export const tables: TableSpec[] = [
  { type: 'collection', model: 'collection', table: 'Collection', dates: ['createdAt', 'updatedAt'], scope: (id) => ({ id }) },
  { type: 'entity', model: 'entity', table: 'Entity', dates: ['createdAt', 'updatedAt'], deferred: ['parentId', 'mergedIntoId'] },
  { type: 'name', model: 'entityName', table: 'EntityName', dates: [] },
  { type: 'externalId', model: 'externalId', table: 'ExternalId', dates: [] },
  { type: 'document', model: 'document', table: 'Document', dates: ['retrievedAt', 'createdAt', 'updatedAt'], scope: (collectionId) => ({ collectionId }) },
  { type: 'documentAuthor', model: 'documentAuthor', table: 'DocumentAuthor', dates: [], key: ['documentId', 'personId'], scope: inDocuments },
  { type: 'version', model: 'documentVersion', table: 'DocumentVersion', dates: ['createdAt'], scope: inDocuments },
  { type: 'boilerplateRegion', model: 'boilerplateRegion', table: 'BoilerplateRegion', dates: [], scope: (collectionId) => ({ version: inDocuments(collectionId) }) },
  { type: 'span', model: 'span', table: 'Span', dates: ['createdAt'], scope: inDocuments },
  { type: 'spanAnchor', model: 'spanAnchor', table: 'SpanAnchor', dates: [], scope: (collectionId) => ({ span: inDocuments(collectionId) }) },
  { type: 'mention', model: 'mention', table: 'Mention', dates: ['createdAt', 'updatedAt'], scope: inDocuments },
  { type: 'citation', model: 'citation', table: 'Citation', dates: ['createdAt', 'updatedAt'], deferred: ['parentId'], scope: inDocuments },
  { type: 'claim', model: 'claim', table: 'Claim', dates: ['createdAt', 'updatedAt'], scope: inDocuments },
  { type: 'qualifier', model: 'claimQualifier', table: 'ClaimQualifier', dates: [], scope: (collectionId) => ({ claim: inDocuments(collectionId) }) },
  { type: 'judgement', model: 'entityJudgement', table: 'EntityJudgement', dates: ['undoneAt', 'createdAt'], json: ['snapshot'] },
  { type: 'change', model: 'change', table: 'Change', dates: ['createdAt'], json: ['before', 'after'], scope: (collectionId) => ({ collectionId }) },
];

const byType = new Map(tables.map((spec) => [spec.type, spec]));
const delegate = (client: PrismaClient | Tx, spec: TableSpec) => (client as unknown as Record<string, Delegate>)[spec.model]!;

/** JSON with object keys sorted at every depth. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

function record(spec: TableSpec, row: Record<string, unknown>): string {
  const out: Record<string, unknown> = { record: spec.type };
  for (const [column, value] of Object.entries(row)) {
    if (value instanceof Date) out[column] = value.toISOString();
    else if (spec.json?.includes(column)) out[column] = value === null ? null : canonical(value);
    else out[column] = value;
  }
  return JSON.stringify(out);
}

export interface ExportOptions {
  /** Only this collection's documents and what hangs from them (entities are shared and always exported). */
  collection?: string;
  batchSize?: number;
}

export interface ExportReport {
  records: Record<string, number>;
}

async function write(out: Writable, text: string) {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

export async function exportLibrary(prisma: PrismaClient, out: Writable, options: ExportOptions = {}): Promise<ExportReport> {
  const batchSize = options.batchSize ?? 1000;
  let collectionId: number | undefined;
  if (options.collection !== undefined) {
    const found = await prisma.collection.findUnique({ where: { slug: options.collection } });
    if (!found) throw new Error(`no collection "${options.collection}"`);
    collectionId = found.id;
  }
  const records: Record<string, number> = {};
  for (const spec of tables) {
    const model = delegate(prisma, spec);
    const scope = collectionId !== undefined && spec.scope ? spec.scope(collectionId) : {};
    let count = 0;
    if (spec.key) {
      const [a, b] = spec.key;
      let last: Record<string, number> | null = null;
      for (;;) {
        const after: Record<string, unknown> = last ? { OR: [{ [a]: { gt: last[a] } }, { [a]: last[a], [b]: { gt: last[b] } }] } : {};
        const rows = await model.findMany({ where: { AND: [scope, after] }, orderBy: [{ [a]: 'asc' }, { [b]: 'asc' }], take: batchSize });
        for (const row of rows) await write(out, `${record(spec, row)}\n`);
        count += rows.length;
        if (rows.length < batchSize) break;
        last = rows[rows.length - 1] as Record<string, number>;
      }
    } else {
      let lastId = 0;
      for (;;) {
        const rows = await model.findMany({ where: { AND: [scope, { id: { gt: lastId } }] }, orderBy: { id: 'asc' }, take: batchSize });
        let chunk = '';
        for (const row of rows) chunk += `${record(spec, row)}\n`;
        if (chunk) await write(out, chunk);
        count += rows.length;
        if (rows.length < batchSize) break;
        lastId = rows[rows.length - 1]!.id as number;
      }
    }
    records[spec.type] = count;
  }
  return { records };
}

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface ImportOptions {
  batchSize?: number;
  onProgress?: (records: number) => void;
}

/** Loads an export file into an empty database (refuses one that holds any library row). */
export async function importLibrary(db: Database, file: string, options: ImportOptions = {}): Promise<ExportReport> {
  const batchSize = options.batchSize ?? 500;
  for (const spec of tables) {
    const rows = await delegate(db.prisma, spec).count();
    if (rows > 0) throw new ImportError(`the database is not empty (${rows} ${spec.model} rows): import loads into an empty database only`);
  }
  const records: Record<string, number> = {};
  const deferred: Array<{ spec: TableSpec; id: number; data: Record<string, unknown> }> = [];
  let batch: Array<Record<string, unknown>> = [];
  let batchSpec: TableSpec | undefined;
  let seenOrder = -1;
  let total = 0;
  const flush = async () => {
    if (!batchSpec || batch.length === 0) return;
    const spec = batchSpec;
    const rows = batch;
    batch = [];
    await db.transaction(async (tx) => {
      await delegate(tx, spec).createMany({ data: rows });
    });
    total += rows.length;
    options.onProgress?.(total);
  };
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim().length === 0) continue;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch (error) {
      throw new ImportError(`line ${lineNumber}: not JSON (${(error as Error).message})`);
    }
    const { record: type, ...row } = parsed;
    const spec = byType.get(String(type));
    if (!spec) throw new ImportError(`line ${lineNumber}: unknown record "${String(type)}"`);
    const order = tables.indexOf(spec);
    if (order < seenOrder) throw new ImportError(`line ${lineNumber}: a ${spec.type} record after ${tables[seenOrder]!.type} records: the file is not in export order`);
    seenOrder = order;
    if (spec !== batchSpec) {
      await flush();
      batchSpec = spec;
    }
    for (const column of spec.dates) if (typeof row[column] === 'string') row[column] = new Date(row[column] as string);
    for (const column of spec.json ?? []) if (row[column] === null) delete row[column];
    const later: Record<string, unknown> = {};
    for (const column of spec.deferred ?? []) {
      if (row[column] !== null && row[column] !== undefined) later[column] = row[column];
      row[column] = null;
    }
    // Setting the reference later must not move updatedAt: write the exported value with it.
    if (Object.keys(later).length) deferred.push({ spec, id: row.id as number, data: { ...later, ...(row.updatedAt ? { updatedAt: row.updatedAt } : {}) } });
    batch.push(row);
    records[spec.type] = (records[spec.type] ?? 0) + 1;
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  for (let i = 0; i < deferred.length; i += batchSize) {
    const slice = deferred.slice(i, i + batchSize);
    await db.transaction(async (tx) => {
      for (const { spec, id, data } of slice) {
        await (tx as unknown as Record<string, { update(args: unknown): Promise<unknown> }>)[spec.model]!.update({ where: { id }, data });
      }
    });
  }
  if (db.provider === 'postgresql') {
    for (const spec of tables) {
      if (spec.key) continue;
      await db.prisma.$executeRawUnsafe(
        `SELECT setval(pg_get_serial_sequence('"${spec.table}"', 'id'), COALESCE((SELECT MAX(id) FROM "${spec.table}"), 1), (SELECT MAX(id) FROM "${spec.table}") IS NOT NULL)`,
      );
    }
  }
  return { records };
}

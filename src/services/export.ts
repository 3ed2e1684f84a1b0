// Export and import of the library as JSON Lines: one record per row, `{"record":"entity","id":…}`,
// tables in an order where every reference points backwards (except organisation parents,
// merges and nested citations, which import sets in a second pass). Database ids are the stable
// ids. Tokens and grants are never exported. The last line is a manifest: the record count of
// every type and the sha256 of every byte before it, so a file cut short (even at a line
// boundary) or altered is refused.
// Export reads one snapshot (a read transaction) and pages through each table by id in batches
// (constant memory). Import streams the file line by line into ONE transaction on a connection
// of its own, checks the manifest before committing, and rolls everything back on any error: the
// database is left exactly as it was.
// JSON columns are written with their keys sorted, so SQLite (text) and PostgreSQL (jsonb, which
// reorders keys) export byte-identical files.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { openDatabase, type Database, type Prisma, type PrismaClient } from '../db/client.js';
import { documentTooLarge } from './curation.js';

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


/** The version of the file format, in the manifest. */
export const EXPORT_FORMAT_VERSION = 1;

/**
 * Export and import each run in one transaction that lasts as long as the library takes: Prisma
 * bounds an interactive transaction by a timeout (Database.transaction() uses a minute), which a
 * large library would exceed. This only guards against a job that never ends.
 */
const WHOLE_JOB_MS = 24 * 60 * 60 * 1000;

export interface ExportOptions {
  /** Only this collection's documents and what hangs from them (entities are shared and always exported). */
  collection?: string;
  batchSize?: number;
}

export interface ExportReport {
  /** Records of every type, in file order (zeros included), as in the manifest. */
  records: Record<string, number>;
  /** sha256 (hex) of the bytes before the manifest line. */
  sha256: string;
}

/** The last line of an export file. */
interface Manifest {
  record: 'manifest';
  version: number;
  records: Record<string, number>;
  sha256: string;
}

async function write(out: Writable, text: string) {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

/**
 * Writes the library as JSON Lines, then the manifest line. All tables are read in one read
 * transaction (REPEATABLE READ on PostgreSQL; on SQLite in WAL mode a read transaction sees one
 * snapshot), so rows a live server writes meanwhile are either all in the file or none are. On
 * SQLite the transaction is on db.prisma's connection: run it where nothing else reads through
 * that client (the CLI), or those reads would see the same snapshot.
 */
export async function exportLibrary(db: Database, out: Writable, options: ExportOptions = {}): Promise<ExportReport> {
  const isolationLevel = (db.provider === 'postgresql' ? 'RepeatableRead' : undefined) as Prisma.TransactionIsolationLevel | undefined;
  return db.prisma.$transaction((tx) => exportRows(tx, out, options), { isolationLevel, maxWait: 10_000, timeout: WHOLE_JOB_MS });
}

async function exportRows(tx: Tx, out: Writable, options: ExportOptions): Promise<ExportReport> {
  const batchSize = options.batchSize ?? 1000;
  let collectionId: number | undefined;
  if (options.collection !== undefined) {
    const found = await tx.collection.findUnique({ where: { slug: options.collection } });
    if (!found) throw new Error(`no collection "${options.collection}"`);
    collectionId = found.id;
  }
  const hash = createHash('sha256');
  const emit = (text: string) => {
    hash.update(text);
    return write(out, text);
  };
  const records: Record<string, number> = {};
  for (const spec of tables) {
    const model = delegate(tx, spec);
    const scope = collectionId !== undefined && spec.scope ? spec.scope(collectionId) : {};
    let count = 0;
    if (spec.key) {
      const [a, b] = spec.key;
      let last: Record<string, number> | null = null;
      for (;;) {
        const after: Record<string, unknown> = last ? { OR: [{ [a]: { gt: last[a] } }, { [a]: last[a], [b]: { gt: last[b] } }] } : {};
        const rows = await model.findMany({ where: { AND: [scope, after] }, orderBy: [{ [a]: 'asc' }, { [b]: 'asc' }], take: batchSize });
        let chunk = '';
        for (const row of rows) chunk += `${record(spec, row)}\n`;
        if (chunk) await emit(chunk);
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
        if (chunk) await emit(chunk);
        count += rows.length;
        if (rows.length < batchSize) break;
        lastId = rows[rows.length - 1]!.id as number;
      }
    }
    records[spec.type] = count;
  }
  const sha256 = hash.digest('hex');
  const manifest: Manifest = { record: 'manifest', version: EXPORT_FORMAT_VERSION, records, sha256 };
  await write(out, `${JSON.stringify(manifest)}\n`);
  return { records, sha256 };
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

/** The file's lines as bytes, each with its "\n" (the last one may lack it), read as a stream. */
async function* lines(file: string): AsyncGenerator<Buffer> {
  const stream = createReadStream(file, { highWaterMark: 1 << 16 });
  try {
    let rest: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, end + 1);
        if (rest.length) {
          rest.push(piece);
          yield Buffer.concat(rest);
          rest = [];
        } else {
          yield piece;
        }
        start = end + 1;
      }
      if (start < chunk.length) rest.push(chunk.subarray(start));
    }
    if (rest.length) yield Buffer.concat(rest);
  } finally {
    stream.destroy();
  }
}

/** The last non-empty line of an error message (Prisma's start with the call, end with the cause). */
export function lastLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').map((line) => line.trim()).filter(Boolean).pop() ?? 'unknown error';
}

function checkManifest(value: Record<string, unknown>, lineNumber: number): Manifest {
  const bad = (why: string) => new ImportError(`line ${lineNumber}: the manifest ${why}`);
  if (value.version !== EXPORT_FORMAT_VERSION) throw bad(`has version ${JSON.stringify(value.version)}; this crosscheck reads version ${EXPORT_FORMAT_VERSION}`);
  if (typeof value.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(value.sha256)) throw bad('has no sha256');
  const counts = value.records;
  if (!counts || typeof counts !== 'object' || Array.isArray(counts)) throw bad('has no record counts');
  for (const [type, n] of Object.entries(counts)) {
    if (!byType.has(type)) throw bad(`counts an unknown record "${type}"`);
    if (!Number.isSafeInteger(n) || (n as number) < 0) throw bad(`has a bad count for ${type}`);
  }
  return value as unknown as Manifest;
}

/**
 * Loads an export file into an empty database (refuses one that holds any library row), keeping
 * its ids. All or nothing: every row is written in one transaction, and the file's manifest (its
 * record counts and checksum) is checked before that transaction commits; a file without one, cut
 * short, altered or not loadable rolls back, leaving the database as it was. Memory stays flat:
 * the file is read as a stream and written in batches (only the few deferred references are kept).
 */
export async function importLibrary(db: Database, file: string, options: ImportOptions = {}): Promise<ExportReport> {
  // A connection of the import's own: on SQLite the adapter runs every query of a client on one
  // connection, so a transaction on a client that others read through would show them rows that
  // may still roll back; Database.transaction() would bound the import to a minute.
  const own = await openDatabase(db.url);
  try {
    return await own.prisma.$transaction((tx) => importRows(tx, db.provider, file, options), { maxWait: 10_000, timeout: WHOLE_JOB_MS });
  } finally {
    await own.close();
  }
}

async function importRows(tx: Tx, provider: Database['provider'], file: string, options: ImportOptions): Promise<ExportReport> {
  const batchSize = options.batchSize ?? 500;
  // SQLite's BEGIN is deferred: take the write lock now (waiting out busy writers), so the
  // emptiness check below and the rows written after it belong to one unchallenged transaction.
  if (provider === 'sqlite') await tx.$executeRawUnsafe('DELETE FROM "Collection" WHERE 0');
  for (const spec of tables) {
    const rows = await delegate(tx, spec).count();
    if (rows > 0) throw new ImportError(`the database is not empty (${rows} ${spec.model} rows): import loads into an empty database only`);
  }
  const records: Record<string, number> = Object.fromEntries(tables.map((spec) => [spec.type, 0]));
  const deferred: Array<{ spec: TableSpec; id: number; data: Record<string, unknown> }> = [];
  const hash = createHash('sha256');
  let manifest: Manifest | undefined;
  let digest = '';
  let batch: Array<Record<string, unknown>> = [];
  let batchSpec: TableSpec | undefined;
  let batchLines: [number, number] = [0, 0];
  let seenOrder = -1;
  let total = 0;
  const flush = async () => {
    if (!batchSpec || batch.length === 0) return;
    const spec = batchSpec;
    const rows = batch;
    batch = [];
    try {
      await delegate(tx, spec).createMany({ data: rows });
    } catch (error) {
      throw new ImportError(`lines ${batchLines[0]}-${batchLines[1]}: ${spec.type} records could not be written: ${lastLine(error)}`);
    }
    total += rows.length;
    options.onProgress?.(total);
  };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lineNumber = 0;
  for await (const bytes of lines(file)) {
    lineNumber++;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw new ImportError(`line ${lineNumber}: not UTF-8 text`);
    }
    if (manifest) {
      if (text.trim().length > 0) throw new ImportError(`line ${lineNumber}: a record after the manifest, which must be the last line`);
      continue;
    }
    if (text.trim().length === 0) {
      hash.update(bytes);
      continue;
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new ImportError(`line ${lineNumber}: not JSON (${(error as Error).message})`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ImportError(`line ${lineNumber}: not a record`);
    if (parsed.record === 'manifest') {
      manifest = checkManifest(parsed, lineNumber);
      digest = hash.digest('hex');
      continue;
    }
    hash.update(bytes);
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
    if (batch.length === 0) batchLines = [lineNumber, lineNumber];
    batchLines[1] = lineNumber;
    // The one size limit for documents, however they arrive (MAX_DOCUMENT_BYTES).
    if (spec.table === 'DocumentVersion' && typeof row.rawText === 'string') {
      const tooLarge = documentTooLarge(Buffer.byteLength(row.rawText, 'utf8'));
      if (tooLarge) throw new ImportError(`line ${lineNumber}: document version ${String(row.id)} is ${tooLarge}`);
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
    records[spec.type]!++;
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  if (!manifest) {
    throw new ImportError(`no manifest line at the end (${lineNumber} lines read): the file is incomplete, or was not written by crosscheck export`);
  }
  if (digest !== manifest.sha256) throw new ImportError(`the checksum of the records differs from the manifest's: the file was altered or damaged`);
  for (const spec of tables) {
    const expected = manifest.records[spec.type] ?? 0;
    if (records[spec.type] !== expected) throw new ImportError(`the file holds ${records[spec.type]} ${spec.type} records, its manifest ${expected}`);
  }
  for (const { spec, id, data } of deferred) {
    try {
      await (tx as unknown as Record<string, { update(args: unknown): Promise<unknown> }>)[spec.model]!.update({ where: { id }, data });
    } catch (error) {
      throw new ImportError(`${spec.type} ${id}: a reference could not be set: ${lastLine(error)}`);
    }
  }
  if (provider === 'postgresql') {
    for (const spec of tables) {
      if (spec.key) continue;
      await tx.$executeRawUnsafe(
        `SELECT setval(pg_get_serial_sequence('"${spec.table}"', 'id'), COALESCE((SELECT MAX(id) FROM "${spec.table}"), 1), (SELECT MAX(id) FROM "${spec.table}") IS NOT NULL)`,
      );
    }
  }
  return { records, sha256: digest };
}

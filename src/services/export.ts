// Export and import of the library as JSON Lines: one record per row, `{"record":"entity","id":…}`,
// tables in an order where every reference points backwards (except organisation parents,
// merges and nested citations, which import sets in a second pass). Database ids are the stable
// ids. Tokens and grants are never exported. The last line is a manifest: the record count of
// every type and the sha256 of every byte before it, so a file cut short (even at a line
// boundary) or altered is refused.
// Export reads one snapshot (a read transaction) and pages through each table by id in batches
// (constant memory). Import streams the file line by line into ONE transaction on a driver
// connection of its own, checks the manifest before committing, and rolls everything back on any
// error: the database is left exactly as it was.
// JSON columns are written with their keys sorted, so SQLite (text) and PostgreSQL (jsonb, which
// reorders keys) export byte-identical files.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { Database, Prisma, PrismaClient } from '../db/client.js';
import { sqlitePath } from '../db/provider.js';
import { documentTooLarge } from './curation.js';
import { lastLine } from './errors.js';

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
  /** Change.nodeType values whose nodeId is an id of this table (and, for collections, Change.collectionId). */
  changeNodeTypes?: string[];
}

const inDocuments = (collectionId: number) => ({ document: { collectionId } });

export const tables: TableSpec[] = [
  { type: 'collection', model: 'collection', table: 'Collection', dates: ['createdAt', 'updatedAt'], scope: (id) => ({ id }), changeNodeTypes: ['Collection'] },
  { type: 'entity', model: 'entity', table: 'Entity', dates: ['createdAt', 'updatedAt'], deferred: ['parentId', 'mergedIntoId'], changeNodeTypes: ['Person', 'Organisation', 'Event'] },
  { type: 'name', model: 'entityName', table: 'EntityName', dates: [], changeNodeTypes: ['Name'] },
  { type: 'externalId', model: 'externalId', table: 'ExternalId', dates: [] },
  { type: 'document', model: 'document', table: 'Document', dates: ['retrievedAt', 'createdAt', 'updatedAt'], scope: (collectionId) => ({ collectionId }), changeNodeTypes: ['Document'] },
  { type: 'documentAuthor', model: 'documentAuthor', table: 'DocumentAuthor', dates: [], key: ['documentId', 'personId'], scope: inDocuments },
  { type: 'version', model: 'documentVersion', table: 'DocumentVersion', dates: ['createdAt'], scope: inDocuments },
  { type: 'boilerplateRegion', model: 'boilerplateRegion', table: 'BoilerplateRegion', dates: [], scope: (collectionId) => ({ version: inDocuments(collectionId) }) },
  { type: 'span', model: 'span', table: 'Span', dates: ['createdAt'], scope: inDocuments },
  { type: 'spanAnchor', model: 'spanAnchor', table: 'SpanAnchor', dates: [], scope: (collectionId) => ({ span: inDocuments(collectionId) }) },
  { type: 'mention', model: 'mention', table: 'Mention', dates: ['createdAt', 'updatedAt'], scope: inDocuments, changeNodeTypes: ['Mention'] },
  { type: 'citation', model: 'citation', table: 'Citation', dates: ['createdAt', 'updatedAt'], deferred: ['parentId'], scope: inDocuments, changeNodeTypes: ['Citation'] },
  { type: 'claim', model: 'claim', table: 'Claim', dates: ['createdAt', 'updatedAt'], scope: inDocuments, changeNodeTypes: ['Claim'] },
  { type: 'qualifier', model: 'claimQualifier', table: 'ClaimQualifier', dates: [], scope: (collectionId) => ({ claim: inDocuments(collectionId) }) },
  { type: 'judgement', model: 'entityJudgement', table: 'EntityJudgement', dates: ['undoneAt', 'createdAt'], json: ['snapshot'], changeNodeTypes: ['EntityJudgement'] },
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


/**
 * Moves a table's id counter past every id the library has used: its rows, and the ids the
 * change log names for it. Rows deleted before the export are not in the file, but their changes
 * are; a new row that took such an id would inherit the deleted row's history (a deleted private
 * collection's changes would be shown to the new collection's readers).
 */
function idCounterStatements(provider: Database['provider'], spec: TableSpec): string[] {
  const used = [`SELECT MAX("id") AS id FROM "${spec.table}"`];
  if (spec.changeNodeTypes) {
    used.push(`SELECT MAX("nodeId") FROM "Change" WHERE "nodeType" IN (${spec.changeNodeTypes.map((type) => `'${type}'`).join(', ')})`);
    if (spec.table === 'Collection') used.push(`SELECT MAX("collectionId") FROM "Change"`);
  }
  const highest = `(SELECT MAX(id) FROM (${used.join(' UNION ALL ')}) AS used)`;
  if (provider === 'postgresql') {
    return [`SELECT setval(pg_get_serial_sequence('"${spec.table}"', 'id'), COALESCE(${highest}, 1), ${highest} IS NOT NULL)`];
  }
  // AUTOINCREMENT tables keep their counter in sqlite_sequence (a row appears with the first insert).
  return [
    `INSERT INTO sqlite_sequence (name, seq) SELECT '${spec.table}', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '${spec.table}')`,
    `UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE(${highest}, 0)) WHERE name = '${spec.table}'`,
  ];
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
  /** Most records written in one statement. */
  batchSize?: number;
  /** Most bytes of file lines written in one statement (a larger record goes alone). */
  batchBytes?: number;
  onProgress?: (records: number) => void;
}

/** Bytes of file lines per insert (a record larger than this goes alone). */
const DEFAULT_BATCH_BYTES = 256 * 1024;

/**
 * References set after all rows are in (self references, pointing forwards in the file): the
 * row's id and the target id per column, in typed arrays (8 bytes a reference), not an object
 * per row.
 */
class Deferred {
  private ids = new Float64Array(256);
  private targets = new Float64Array(256);
  length = 0;
  push(id: number, target: number) {
    if (this.length === this.ids.length) {
      const grow = (from: Float64Array) => {
        const to = new Float64Array(from.length * 2);
        to.set(from);
        return to;
      };
      this.ids = grow(this.ids);
      this.targets = grow(this.targets);
    }
    this.ids[this.length] = id;
    this.targets[this.length] = target;
    this.length++;
  }
  *batches(size: number): Generator<Array<[number, number]>> {
    for (let start = 0; start < this.length; start += size) {
      const batch: Array<[number, number]> = [];
      for (let i = start; i < Math.min(start + size, this.length); i++) batch.push([this.ids[i]!, this.targets[i]!]);
      yield batch;
    }
  }
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
 * the file is read as a stream and written in batches bounded in bytes; only the deferred
 * references are kept (16 bytes each).
 */
export async function importLibrary(db: Database, file: string, options: ImportOptions = {}): Promise<ExportReport> {
  // A driver connection of the import's own, not Prisma: a transaction on a client others read
  // through would show them rows that may still roll back, Database.transaction() would bound the
  // import to a minute, and Prisma keeps the arguments of its last 100 debug calls in memory even
  // with debugging off (for its error reports), among them every query plan with its values: up
  // to 100 batches of rows, or of 10 MB document versions.
  const connection = db.provider === 'sqlite' ? sqliteConnection(db.url) : await postgresConnection(db.url);
  try {
    await connection.begin();
    const report = await importRows(connection, file, options);
    await connection.commit();
    return report;
  } catch (error) {
    await connection.rollback();
    throw error;
  } finally {
    await connection.close();
  }
}

type ColumnKind = 'integer' | 'number' | 'text' | 'boolean' | 'date' | 'json';

/** A record's value fits the column (null: the database's NOT NULL decides). */
function fits(kind: ColumnKind, value: unknown): boolean {
  if (value === null || kind === 'json') return true;
  if (kind === 'integer') return Number.isSafeInteger(value);
  if (kind === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (kind === 'boolean') return typeof value === 'boolean';
  return typeof value === 'string';
}

/** The few statements import needs, on one connection (placeholders $1, $2 … on both databases). */
interface Connection {
  provider: Database['provider'];
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
  run(text: string, params?: unknown[]): Promise<void>;
  count(table: string): Promise<number>;
  /** The table's columns and what each holds. */
  columns(table: string): Promise<Map<string, ColumnKind>>;
  /** Inserts rows (objects keyed by column, in the database's encodings) given as one JSON text. */
  insert(table: string, columns: string[], rows: string): Promise<void>;
}

function sqliteConnection(url: string): Connection {
  const db = new BetterSqlite3(sqlitePath(url), { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const positional = (text: string) => text.replace(/\$\d+/g, '?');
  return {
    provider: 'sqlite',
    // IMMEDIATE: the write lock first (waiting out busy writers), so the emptiness check and the
    // rows written after it belong to one unchallenged transaction.
    begin: async () => void db.exec('BEGIN IMMEDIATE'),
    commit: async () => void db.exec('COMMIT'),
    rollback: async () => {
      if (db.inTransaction) db.exec('ROLLBACK');
    },
    close: async () => void db.close(),
    run: async (text, params = []) => void db.prepare(positional(text)).run(...(params as unknown[])),
    count: async (table) => db.prepare(`SELECT COUNT(*) FROM "${table}"`).pluck().get() as number,
    columns: async (table) => {
      const kinds: Record<string, ColumnKind> = { INTEGER: 'integer', REAL: 'number', TEXT: 'text', BOOLEAN: 'boolean', DATETIME: 'date', JSONB: 'json' };
      const found = db.prepare('SELECT name, type FROM pragma_table_info(?)').all(table) as Array<{ name: string; type: string }>;
      return new Map(found.map(({ name, type }) => [name, kinds[type.toUpperCase()] ?? 'text']));
    },
    insert: async (table, columns, rows) =>
      void db
        .prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${columns.map((c) => `value ->> '$."${c}"'`).join(', ')} FROM json_each(?)`)
        .run(rows),
  };
}

async function postgresConnection(url: string): Promise<Connection> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let open = false;
  return {
    provider: 'postgresql',
    begin: async () => {
      await client.query('BEGIN');
      open = true;
    },
    commit: async () => {
      await client.query('COMMIT');
      open = false;
    },
    rollback: async () => {
      if (open) await client.query('ROLLBACK').catch(() => undefined);
      open = false;
    },
    close: () => client.end(),
    run: async (text, params = []) => void (await client.query(text, params)),
    count: async (table) => Number((await client.query(`SELECT COUNT(*) AS n FROM "${table}"`)).rows[0].n),
    columns: async (table) => {
      const found = await client.query<{ name: string; type: string }>(
        'SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1',
        [table],
      );
      const kind = (type: string): ColumnKind =>
        /^(integer|bigint|smallint)$/.test(type) ? 'integer'
        : /^(double precision|real|numeric)$/.test(type) ? 'number'
        : type === 'boolean' ? 'boolean'
        : type.startsWith('timestamp') ? 'date'
        : /^jsonb?$/.test(type) ? 'json'
        : 'text';
      return new Map(found.rows.map(({ name, type }) => [name, kind(type)]));
    },
    insert: async (table, columns, rows) => {
      const list = columns.map((c) => `"${c}"`).join(', ');
      await client.query(`INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)`, [rows]);
    },
  };
}

async function importRows(connection: Connection, file: string, options: ImportOptions): Promise<ExportReport> {
  const provider = connection.provider;
  const batchSize = options.batchSize ?? 500;
  const columnsOf = new Map<TableSpec, Map<string, ColumnKind>>();
  for (const spec of tables) {
    const rows = await connection.count(spec.table);
    if (rows > 0) throw new ImportError(`the database is not empty (${rows} ${spec.model} rows): import loads into an empty database only`);
    columnsOf.set(spec, await connection.columns(spec.table));
  }
  const records: Record<string, number> = Object.fromEntries(tables.map((spec) => [spec.type, 0]));
  const batchBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES;
  const deferred = new Map<string, { spec: TableSpec; column: string; refs: Deferred }>();
  const hash = createHash('sha256');
  let manifest: Manifest | undefined;
  let digest = '';
  let batch: Array<Record<string, unknown>> = [];
  let bytesInBatch = 0;
  let batchSpec: TableSpec | undefined;
  let batchLines: [number, number] = [0, 0];
  let seenOrder = -1;
  let total = 0;
  const flush = async () => {
    if (!batchSpec || batch.length === 0) return;
    const spec = batchSpec;
    const rows = batch;
    batch = [];
    bytesInBatch = 0;
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    try {
      await connection.insert(spec.table, columns, JSON.stringify(rows));
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
    // Column names go into SQL, and SQLite stores any value in any column: both checked here.
    const columns = columnsOf.get(spec)!;
    for (const [column, value] of Object.entries(row)) {
      const kind = columns.get(column);
      if (!kind) throw new ImportError(`line ${lineNumber}: a ${spec.type} record has no column "${column}"`);
      if (!fits(kind, value)) throw new ImportError(`line ${lineNumber}: ${spec.type} ${column} is not ${kind === 'integer' ? 'an integer' : `a ${kind}`}`);
    }
    const order = tables.indexOf(spec);
    if (order < seenOrder) throw new ImportError(`line ${lineNumber}: a ${spec.type} record after ${tables[seenOrder]!.type} records: the file is not in export order`);
    seenOrder = order;
    if (spec !== batchSpec || (batch.length > 0 && bytesInBatch + bytes.length > batchBytes)) {
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
    // Prisma's encodings: DateTime as ISO text with "+00:00" on SQLite (UTC wall-clock time in
    // PostgreSQL's timestamp(3), which ignores the zone), Json as JSON text on SQLite.
    for (const column of spec.dates) {
      if (row[column] === null || row[column] === undefined) continue;
      const date = new Date(row[column] as string);
      if (typeof row[column] !== 'string' || Number.isNaN(date.getTime())) throw new ImportError(`line ${lineNumber}: ${spec.type} ${column} is not a date`);
      row[column] = provider === 'sqlite' ? date.toISOString().replace('Z', '+00:00') : date.toISOString();
    }
    for (const column of spec.json ?? []) {
      if (row[column] === null || row[column] === undefined) delete row[column];
      else if (provider === 'sqlite') row[column] = JSON.stringify(row[column]);
    }
    for (const column of spec.deferred ?? []) {
      const target = row[column];
      if (target !== null && target !== undefined) {
        if (!Number.isSafeInteger(row.id) || !Number.isSafeInteger(target)) throw new ImportError(`line ${lineNumber}: ${spec.type} ${column} is not an id`);
        const key = `${spec.type}.${column}`;
        if (!deferred.has(key)) deferred.set(key, { spec, column, refs: new Deferred() });
        deferred.get(key)!.refs.push(row.id as number, target as number);
      }
      row[column] = null;
    }
    batch.push(row);
    bytesInBatch += bytes.length;
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
  // updatedAt keeps the exported value (@updatedAt is Prisma's, not the database's). Each
  // target's existence is the foreign key's to check.
  for (const { spec, column, refs } of deferred.values()) {
    for (const pairs of refs.batches(200)) {
      let n = 0;
      const param = () => `$${++n}`;
      const cases = pairs.map(() => `WHEN ${param()} THEN CAST(${param()} AS INTEGER)`).join(' ');
      const ids = pairs.map(() => param()).join(', ');
      const text = `UPDATE "${spec.table}" SET "${column}" = CASE "id" ${cases} END WHERE "id" IN (${ids})`;
      try {
        await connection.run(text, [...pairs.flat(), ...pairs.map(([id]) => id)]);
      } catch (error) {
        throw new ImportError(`${spec.type} records ${pairs[0]![0]}-${pairs[pairs.length - 1]![0]}: a ${column} reference could not be set: ${lastLine(error)}`);
      }
    }
  }
  for (const spec of tables) if (!spec.key) for (const statement of idCounterStatements(provider, spec)) await connection.run(statement);
  return { records, sha256: digest };
}

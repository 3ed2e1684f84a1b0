// Bulk writes for ingest: new documents with their first version, boilerplate regions, Change
// row, and (optionally) SUGGESTED spans, mentions, citations and claims (with their qualifiers), all of a batch in one
// transaction, without a Prisma call per row or per table.
//
// Every Prisma call pays a fixed cost (query compilation, the driver adapter, result mapping) whatever
// it does, and createManyAndReturn maps every row through its query compiler: through Prisma, that
// cost, not the database, bounded ingest (docs/performance.md, Ingest).
// Here:
//   - SQLite: prepared better-sqlite3 statements on a connection of the writer's own, one
//     synchronous transaction per batch. Each version is inserted before its document (foreign
//     keys deferred to COMMIT, document ids assigned as AUTOINCREMENT would), so the full-text
//     triggers index a document once instead of three times. It runs inside a
//     Database.exclusive() slot so that it never overlaps a Prisma transaction of this process,
//     and synchronously, so no lock is ever held across an await. Its BEGIN IMMEDIATE waits a
//     short busy_timeout for the lock; while another process holds it, exclusive() runs the
//     transaction again after a pause (DatabaseBusyError once its wait budget is spent).
//   - PostgreSQL: one INSERT … SELECT FROM unnest($1::int[], …) per table (a handful of
//     parameters whatever the row count), with ids taken from the tables' sequences beforehand
//     (one query), so every row's foreign keys are known without relying on the order of
//     RETURNING. Batches of DRIVER_MIN documents or more go through a pg connection of the
//     writer's own (BEGIN … COMMIT): through Prisma's $executeRawUnsafe every parameter array
//     crosses its query compiler, which cost more CPU than the rest of ingest together. Smaller
//     writes (one document from the ingestDocument mutation, the one-by-one retry) run the same
//     statements in a Prisma transaction rather than open a connection.
// Rows are written in Prisma's encodings, with the columns and defaults Prisma's createMany
// writes (DateTime as ISO text with "+00:00" on SQLite, Boolean 0/1, Json as JSON text), so Prisma
// reads them back exactly as its own. The full-text triggers of migrations 0005/0007 fire as for
// any insert, so the search index stays in sync.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { Database } from './client.js';
import { sqlitePath } from './provider.js';

export interface NewDocumentRows {
  document: {
    collectionId: number;
    title: string;
    language: string | null;
    url: string | null;
    publishedYear: number | null;
    publishedMonth: number | null;
    publishedDay: number | null;
    publishedText: string | null;
    publishedSort: number | null;
    contentHash: string;
    notes: string | null;
  };
  /** Version 1. */
  version: { rawText: string; body: string; contentHash: string };
  regions: Array<{ kind: string; start: number; end: number; text: string }>;
  /** The Change row for the document (nodeType Document, nodeId its id). */
  change: { actor: string; requestId: string | null; operation: string; collectionId: number | null; after: unknown };
  /** Spans on version 1; mentions, citations and claims name their span by index in this list. */
  spans: Array<{ exact: string; prefix: string; suffix: string; start: number; end: number }>;
  mentions: Array<{ span: number; entityId: number; status: string; method: string; confidence: number | null }>;
  citations: Array<{ span: number; kind: string; sourceEntityId: number | null; sourceDescription: string | null; status: string; method: string; confidence: number | null }>;
  /** citation: the claim's citation by index in this document's citations. */
  claims: Array<{
    span: number;
    subjectId: number;
    property: string;
    valueText: string;
    valueKind: string;
    lower: number | null;
    upper: number | null;
    approximate: boolean;
    valueNote: string | null;
    normalisedBy: number | null;
    modality: string;
    asserterId: number | null;
    asserterDescription: string | null;
    citation: number | null;
    status: string;
    method: string;
    confidence: number | null;
    qualifiers: Array<{ property: string; valueText: string | null; entityId: number | null }>;
  }>;
}

export interface WrittenDocument {
  documentId: number;
  versionId: number;
}

export interface DocumentWriter {
  /** Writes all documents in one transaction (all or none); ids in input order. */
  write(documents: NewDocumentRows[], now?: Date): Promise<WrittenDocument[]>;
  /** Closes the writer's own connection, if it opened one. */
  close(): Promise<void>;
}

/** A writer for one database; open it for a run of batches and close it afterwards. */
export function documentWriter(db: Database): DocumentWriter {
  return db.provider === 'sqlite' ? sqliteWriter(db) : postgresWriter(db);
}

// ---- SQLite ---------------------------------------------------------------------------------

const INSERT = {
  document:
    'INSERT INTO "Document" ("id", "collectionId", "title", "kind", "language", "url", "publishedYear", "publishedMonth", "publishedDay", "publishedText", "publishedSort", "retrievedAt", "contentHash", "notes", "version", "createdAt", "updatedAt") ' +
    "VALUES (?, ?, ?, 'ARTICLE', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
  // The id AUTOINCREMENT would give the next document: above every id in use or ever used.
  nextDocumentId:
    'SELECT max(coalesce((SELECT "seq" FROM "sqlite_sequence" WHERE "name" = \'Document\'), 0), coalesce((SELECT max("id") FROM "Document"), 0)) + 1 AS "next"',
  version: 'INSERT INTO "DocumentVersion" ("documentId", "number", "rawText", "body", "contentHash", "createdAt") VALUES (?, 1, ?, ?, ?, ?)',
  region: 'INSERT INTO "BoilerplateRegion" ("versionId", "kind", "start", "end", "text") VALUES (?, ?, ?, ?, ?)',
  change: 'INSERT INTO "Change" ("collectionId", "actor", "operation", "nodeType", "nodeId", "after", "requestId", "createdAt") VALUES (?, ?, ?, \'Document\', ?, ?, ?, ?)',
  span:
    'INSERT INTO "Span" ("documentId", "versionId", "exact", "prefix", "suffix", "start", "end", "offsetUnit", "status", "createdAt") ' +
    "VALUES (?, ?, ?, ?, ?, ?, ?, 'UTF16_CODE_UNIT', 'ANCHORED', ?)",
  mention: 'INSERT INTO "Mention" ("documentId", "spanId", "entityId", "status", "method", "confidence", "version", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)',
  citation:
    'INSERT INTO "Citation" ("documentId", "spanId", "kind", "sourceEntityId", "sourceDescription", "status", "method", "confidence", "version", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)',
  claim:
    'INSERT INTO "Claim" ("documentId", "spanId", "subjectId", "property", "valueText", "valueKind", "lower", "upper", "approximate", "valueNote", "normalisedBy", "modality", "asserterId", "asserterDescription", "citationId", "status", "method", "confidence", "version", "createdAt", "updatedAt") ' +
    'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)',
  qualifier: 'INSERT INTO "ClaimQualifier" ("claimId", "property", "valueText", "entityId") VALUES (?, ?, ?, ?)',
} as const;

/** Prisma's SQLite encoding of a DateTime. */
const sqliteDate = (date: Date) => date.toISOString().replace('Z', '+00:00');

/** PRAGMA synchronous of each database's Prisma connections, asked once. */
const synchronousOf = new WeakMap<Database, number>();

function sqliteWriter(db: Database): DocumentWriter {
  let connection: BetterSqlite3.Database | null = null;
  let writeAll: BetterSqlite3.Transaction<(documents: NewDocumentRows[], now: string) => WrittenDocument[]> | null = null;
  const open = async () => {
    // As durable as the Prisma connections of this database (openDatabase's synchronous option).
    let synchronous = synchronousOf.get(db);
    if (synchronous === undefined) {
      const [setting] = await db.prisma.$queryRawUnsafe<Array<{ synchronous: number | bigint }>>('PRAGMA synchronous');
      synchronous = Number(setting?.synchronous ?? 2);
      synchronousOf.set(db, synchronous);
    }
    connection = new BetterSqlite3(sqlitePath(db.url), { fileMustExist: true });
    connection.pragma(`busy_timeout = ${db.sqliteBusyTimeoutMs}`);
    connection.pragma('foreign_keys = ON');
    connection.pragma(`synchronous = ${synchronous}`);
    const s = Object.fromEntries(Object.entries(INSERT).map(([name, text]) => [name, connection!.prepare(text)])) as Record<keyof typeof INSERT, BetterSqlite3.Statement>;
    writeAll = connection.transaction((documents: NewDocumentRows[], now: string) => {
      const written: WrittenDocument[] = [];
      // Each version is written before its document (foreign keys checked at COMMIT), so the
      // full-text triggers index the document once, title and body together, instead of
      // indexing the title, removing it again and indexing both when the version follows.
      // A flag pragma acts when prepared, and is reset at COMMIT: prepared anew in each transaction.
      connection!.pragma('defer_foreign_keys = ON');
      let nextId = Number((s.nextDocumentId.get() as { next: number }).next);
      for (const { document: d, version: v, regions, change, spans, mentions, citations, claims } of documents) {
        const documentId = nextId++;
        const versionId = Number(s.version.run(documentId, v.rawText, v.body, v.contentHash, now).lastInsertRowid);
        s.document.run(documentId, d.collectionId, d.title, d.language, d.url, d.publishedYear, d.publishedMonth, d.publishedDay, d.publishedText, d.publishedSort, now, d.contentHash, d.notes, now, now);
        for (const r of regions) s.region.run(versionId, r.kind, r.start, r.end, r.text);
        s.change.run(change.collectionId, change.actor, change.operation, documentId, JSON.stringify(change.after), change.requestId, now);
        const spanIds = spans.map((span) => Number(s.span.run(documentId, versionId, span.exact, span.prefix, span.suffix, span.start, span.end, now).lastInsertRowid));
        for (const m of mentions) s.mention.run(documentId, spanIds[m.span], m.entityId, m.status, m.method, m.confidence, now, now);
        const citationIds = citations.map((c) =>
          Number(s.citation.run(documentId, spanIds[c.span], c.kind, c.sourceEntityId, c.sourceDescription, c.status, c.method, c.confidence, now, now).lastInsertRowid),
        );
        for (const c of claims) {
          const { lastInsertRowid } = s.claim.run(
            documentId,
            spanIds[c.span],
            c.subjectId,
            c.property,
            c.valueText,
            c.valueKind,
            c.lower,
            c.upper,
            Number(c.approximate),
            c.valueNote,
            c.normalisedBy,
            c.modality,
            c.asserterId,
            c.asserterDescription,
            c.citation === null ? null : citationIds[c.citation],
            c.status,
            c.method,
            c.confidence,
            now,
            now,
          );
          for (const q of c.qualifiers) s.qualifier.run(Number(lastInsertRowid), q.property, q.valueText, q.entityId);
        }
        written.push({ documentId, versionId });
      }
      return written;
    });
  };
  return {
    async write(documents, now = new Date()) {
      if (documents.length === 0) return [];
      if (!connection) await open();
      const run = writeAll!;
      // One synchronous transaction (all or nothing), run again from the start while busy.
      return db.exclusive(async () => run.immediate(documents, sqliteDate(now)));
    },
    async close() {
      connection?.close();
      connection = null;
    },
  };
}

// ---- PostgreSQL -----------------------------------------------------------------------------

/** Batches at least this large go through the writer's own pg connection. */
export const DRIVER_MIN = 32;

/** Runs one statement; rows only when asked for. */
type Execute = (text: string, params: unknown[], rows?: boolean) => Promise<Array<Record<string, unknown>>>;

function postgresWriter(db: Database): DocumentWriter {
  let client: pg.Client | null = null;
  const drop = () => {
    void client?.end().catch(() => undefined);
    client = null;
  };
  return {
    async write(documents, now = new Date()) {
      if (documents.length === 0) return [];
      if (documents.length < DRIVER_MIN) {
        return db.transaction((tx) =>
          writePostgres(async (text, params, rows) => (rows ? tx.$queryRawUnsafe<Array<Record<string, unknown>>>(text, ...params) : (await tx.$executeRawUnsafe(text, ...params), [])), documents, now),
        );
      }
      if (!client) {
        const connecting = new pg.Client({ connectionString: db.url, options: `-c lock_timeout=${db.postgresLockTimeoutMs}` });
        connecting.on('error', () => undefined); // a broken connection fails the next query, and is dropped then
        await connecting.connect();
        client = connecting;
      }
      const connection = client;
      // A serialization failure, deadlock or lock timeout rolls back the whole batch: run it again.
      return db.exclusive(async () => {
        await connection.query('BEGIN');
        try {
          const written = await writePostgres(async (text, params) => (await connection.query(text, params)).rows, documents, now);
          await connection.query('COMMIT');
          return written;
        } catch (error) {
          await connection.query('ROLLBACK').catch(() => undefined);
          if (!(error instanceof pg.DatabaseError)) drop(); // not the statement's fault: reconnect next time
          throw error;
        }
      });
    },
    async close() {
      const open = client;
      client = null;
      await open?.end().catch(() => undefined);
    },
  };
}

async function writePostgres(execute: Execute, documents: NewDocumentRows[], now: Date): Promise<WrittenDocument[]> {
  if (documents.length === 0) return [];
  const at = now.toISOString(); // timestamp(3) holds UTC wall-clock time; the zone is ignored
  const spanCount = documents.reduce((sum, d) => sum + d.spans.length, 0);
  const citationCount = documents.reduce((sum, d) => sum + d.citations.length, 0);
  const claimCount = documents.reduce((sum, d) => sum + d.claims.length, 0);
  // Citation and claim ids too: claims name their citation, qualifiers their claim.
  const [ids] = (await execute(
    'SELECT ' +
      `ARRAY(SELECT nextval(pg_get_serial_sequence('"Document"', 'id'))::int FROM generate_series(1, $1)) AS "documents", ` +
      `ARRAY(SELECT nextval(pg_get_serial_sequence('"DocumentVersion"', 'id'))::int FROM generate_series(1, $1)) AS "versions", ` +
      `ARRAY(SELECT nextval(pg_get_serial_sequence('"Span"', 'id'))::int FROM generate_series(1, $2)) AS "spans", ` +
      `ARRAY(SELECT nextval(pg_get_serial_sequence('"Citation"', 'id'))::int FROM generate_series(1, $3)) AS "citations", ` +
      `ARRAY(SELECT nextval(pg_get_serial_sequence('"Claim"', 'id'))::int FROM generate_series(1, $4)) AS "claims"`,
    [documents.length, spanCount, citationCount, claimCount],
    true,
  )) as Array<{ documents: number[]; versions: number[]; spans: number[]; citations: number[]; claims: number[] }>;
  const insert = (text: string, ...params: unknown[]) => execute(text, params);
  const documentIds = ids!.documents.map(Number);
  const versionIds = ids!.versions.map(Number);
  const spanIds = ids!.spans.map(Number);
  const columns = <T>(rows: T[], pick: Array<(row: T) => unknown>) => pick.map((f) => rows.map(f));

  const d = documents.map((doc) => doc.document);
  await insert(
    'INSERT INTO "Document" ("id", "collectionId", "title", "kind", "language", "url", "publishedYear", "publishedMonth", "publishedDay", "publishedText", "publishedSort", "retrievedAt", "contentHash", "notes", "version", "createdAt", "updatedAt") ' +
      `SELECT "id", "collectionId", "title", 'ARTICLE', "language", "url", "publishedYear", "publishedMonth", "publishedDay", "publishedText", "publishedSort", $12::timestamp(3), "contentHash", "notes", 1, $12::timestamp(3), $12::timestamp(3) ` +
      'FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::text[], $10::int[], $11::text[], $13::text[]) ' +
      'AS t("id", "collectionId", "title", "language", "url", "publishedYear", "publishedMonth", "publishedDay", "publishedText", "publishedSort", "contentHash", "notes")',
    documentIds,
    ...columns(d, [(r) => r.collectionId, (r) => r.title, (r) => r.language, (r) => r.url, (r) => r.publishedYear, (r) => r.publishedMonth, (r) => r.publishedDay, (r) => r.publishedText, (r) => r.publishedSort, (r) => r.contentHash]),
    at,
    d.map((r) => r.notes),
  );
  await insert(
    'INSERT INTO "DocumentVersion" ("id", "documentId", "number", "rawText", "body", "contentHash", "createdAt") ' +
      'SELECT "id", "documentId", 1, "rawText", "body", "contentHash", $6::timestamp(3) FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[]) AS t("id", "documentId", "rawText", "body", "contentHash")',
    versionIds,
    documentIds,
    documents.map((doc) => doc.version.rawText),
    documents.map((doc) => doc.version.body),
    documents.map((doc) => doc.version.contentHash),
    at,
  );
  const regions = documents.flatMap((doc, i) => doc.regions.map((r) => ({ versionId: versionIds[i]!, ...r })));
  if (regions.length) {
    await insert(
      'INSERT INTO "BoilerplateRegion" ("versionId", "kind", "start", "end", "text") ' +
        'SELECT "versionId", "kind"::"BoilerplateKind", "start", "end", "text" FROM unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::text[]) AS t("versionId", "kind", "start", "end", "text")',
      ...columns(regions, [(r) => r.versionId, (r) => r.kind, (r) => r.start, (r) => r.end, (r) => r.text]),
    );
  }
  const changes = documents.map((doc, i) => ({ ...doc.change, nodeId: documentIds[i]! }));
  await insert(
    'INSERT INTO "Change" ("collectionId", "actor", "operation", "nodeType", "nodeId", "after", "requestId", "createdAt") ' +
      `SELECT "collectionId", "actor", "operation", 'Document', "nodeId", "after"::jsonb, "requestId", $7::timestamp(3) FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[]) AS t("collectionId", "actor", "operation", "nodeId", "after", "requestId")`,
    ...columns(changes, [(r) => r.collectionId, (r) => r.actor, (r) => r.operation, (r) => r.nodeId, (r) => JSON.stringify(r.after), (r) => r.requestId]),
    at,
  );
  if (spanCount === 0) return documentIds.map((documentId, i) => ({ documentId, versionId: versionIds[i]! }));

  // Each document's spans take the next ids in order; mentions, citations and claims point at them.
  const firstSpan: number[] = [];
  let next = 0;
  for (const doc of documents) {
    firstSpan.push(next);
    next += doc.spans.length;
  }
  const spanId = (i: number, span: number) => spanIds[firstSpan[i]! + span]!;
  const spans = documents.flatMap((doc, i) => doc.spans.map((s, k) => ({ id: spanId(i, k), documentId: documentIds[i]!, versionId: versionIds[i]!, ...s })));
  await insert(
    'INSERT INTO "Span" ("id", "documentId", "versionId", "exact", "prefix", "suffix", "start", "end", "offsetUnit", "status", "createdAt") ' +
      `SELECT "id", "documentId", "versionId", "exact", "prefix", "suffix", "start", "end", 'UTF16_CODE_UNIT', 'ANCHORED', $9::timestamp(3) ` +
      'FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[]) AS t("id", "documentId", "versionId", "exact", "prefix", "suffix", "start", "end")',
    ...columns(spans, [(r) => r.id, (r) => r.documentId, (r) => r.versionId, (r) => r.exact, (r) => r.prefix, (r) => r.suffix, (r) => r.start, (r) => r.end]),
    at,
  );
  const mentions = documents.flatMap((doc, i) => doc.mentions.map((m) => ({ documentId: documentIds[i]!, spanId: spanId(i, m.span), ...m })));
  if (mentions.length) {
    await insert(
      'INSERT INTO "Mention" ("documentId", "spanId", "entityId", "status", "method", "confidence", "version", "createdAt", "updatedAt") ' +
        'SELECT "documentId", "spanId", "entityId", "status"::"ReviewStatus", "method"::"Method", "confidence", 1, $7::timestamp(3), $7::timestamp(3) ' +
        'FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[], $6::float8[]) AS t("documentId", "spanId", "entityId", "status", "method", "confidence")',
      ...columns(mentions, [(r) => r.documentId, (r) => r.spanId, (r) => r.entityId, (r) => r.status, (r) => r.method, (r) => r.confidence]),
      at,
    );
  }
  // Each document's citations and claims take the next ids in order, as its spans do.
  const firstCitation: number[] = [];
  const firstClaim: number[] = [];
  let nextCitation = 0;
  let nextClaim = 0;
  for (const doc of documents) {
    firstCitation.push(nextCitation);
    firstClaim.push(nextClaim);
    nextCitation += doc.citations.length;
    nextClaim += doc.claims.length;
  }
  const citationIds = ids!.citations.map(Number);
  const claimIds = ids!.claims.map(Number);
  const citations = documents.flatMap((doc, i) => doc.citations.map((c, k) => ({ id: citationIds[firstCitation[i]! + k]!, documentId: documentIds[i]!, spanId: spanId(i, c.span), ...c })));
  if (citations.length) {
    await insert(
      'INSERT INTO "Citation" ("id", "documentId", "spanId", "kind", "sourceEntityId", "sourceDescription", "status", "method", "confidence", "version", "createdAt", "updatedAt") ' +
        'SELECT "id", "documentId", "spanId", "kind"::"CitationKind", "sourceEntityId", "sourceDescription", "status"::"ReviewStatus", "method"::"Method", "confidence", 1, $10::timestamp(3), $10::timestamp(3) ' +
        'FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::float8[]) AS t("id", "documentId", "spanId", "kind", "sourceEntityId", "sourceDescription", "status", "method", "confidence")',
      ...columns(citations, [(r) => r.id, (r) => r.documentId, (r) => r.spanId, (r) => r.kind, (r) => r.sourceEntityId, (r) => r.sourceDescription, (r) => r.status, (r) => r.method, (r) => r.confidence]),
      at,
    );
  }
  const claims = documents.flatMap((doc, i) =>
    doc.claims.map((c, k) => ({
      ...c,
      id: claimIds[firstClaim[i]! + k]!,
      documentId: documentIds[i]!,
      spanId: spanId(i, c.span),
      citationId: c.citation === null ? null : citationIds[firstCitation[i]! + c.citation]!,
    })),
  );
  if (claims.length) {
    await insert(
      'INSERT INTO "Claim" ("id", "documentId", "spanId", "subjectId", "property", "valueText", "valueKind", "lower", "upper", "approximate", "valueNote", "normalisedBy", "modality", "asserterId", "asserterDescription", "citationId", "status", "method", "confidence", "version", "createdAt", "updatedAt") ' +
        'SELECT "id", "documentId", "spanId", "subjectId", "property", "valueText", "valueKind"::"ValueKind", "lower", "upper", "approximate", "valueNote", "normalisedBy", "modality"::"Modality", "asserterId", "asserterDescription", "citationId", "status"::"ReviewStatus", "method"::"Method", "confidence", 1, $20::timestamp(3), $20::timestamp(3) ' +
        'FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::float8[], $10::boolean[], $11::text[], $12::int[], $13::text[], $14::int[], $15::text[], $16::int[], $17::text[], $18::text[], $19::float8[]) ' +
        'AS t("id", "documentId", "spanId", "subjectId", "property", "valueText", "valueKind", "lower", "upper", "approximate", "valueNote", "normalisedBy", "modality", "asserterId", "asserterDescription", "citationId", "status", "method", "confidence")',
      ...columns(claims, [
        (r) => r.id,
        (r) => r.documentId,
        (r) => r.spanId,
        (r) => r.subjectId,
        (r) => r.property,
        (r) => r.valueText,
        (r) => r.valueKind,
        (r) => r.lower,
        (r) => r.upper,
        (r) => r.approximate,
        (r) => r.valueNote,
        (r) => r.normalisedBy,
        (r) => r.modality,
        (r) => r.asserterId,
        (r) => r.asserterDescription,
        (r) => r.citationId,
        (r) => r.status,
        (r) => r.method,
        (r) => r.confidence,
      ]),
      at,
    );
    const qualifiers = claims.flatMap((c) => c.qualifiers.map((q) => ({ claimId: c.id, ...q })));
    if (qualifiers.length) {
      await insert(
        'INSERT INTO "ClaimQualifier" ("claimId", "property", "valueText", "entityId") SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[])',
        ...columns(qualifiers, [(r) => r.claimId, (r) => r.property, (r) => r.valueText, (r) => r.entityId]),
      );
    }
  }
  return documentIds.map((documentId, i) => ({ documentId, versionId: versionIds[i]! }));
}

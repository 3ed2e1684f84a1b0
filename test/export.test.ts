// Export / import round trip: the sample corpus seeded on SQLite, exported, imported into a fresh
// database of the provider under test (so SQLite → PostgreSQL under TEST_DATABASE=postgresql),
// exported again: the files are byte-identical and every exported table's rows are equal.
// Import is all or nothing: damaged, cut or manifest-less files leave every table empty, and a
// good import into the same database afterwards succeeds.
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { exportLibrary, importLibrary, ImportError, tables } from '../src/services/export.js';
import { loadSeed } from '../src/services/seed.js';
import { createEmptyDatabase, createTestDatabase, tableCounts, testProvider, type TestDatabase } from './helpers/database.js';

let dir: string;
let source: Database;
let target: TestDatabase;

async function exportTo(db: Database, file: string, collection?: string) {
  const out = createWriteStream(file);
  const report = await exportLibrary(db, out, { collection, batchSize: 50 });
  out.end();
  await finished(out);
  return report;
}

async function rows(db: Database, model: string, key?: [string, string]) {
  const delegate = (db.prisma as unknown as Record<string, { findMany(args: unknown): Promise<unknown[]> }>)[model]!;
  const found = await delegate.findMany({ orderBy: key ? [{ [key[0]]: 'asc' }, { [key[1]]: 'asc' }] : { id: 'asc' } });
  // jsonb reorders object keys: compare JSON values structurally.
  return JSON.parse(JSON.stringify(found)) as unknown[];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crosscheck-export-'));
  const url = `file:${join(dir, 'source.db')}`;
  await migrate(url);
  source = await openDatabase(url, { synchronous: 'NORMAL' });
  await loadSeed(source.prisma);
  // Rows the seed does not make: a judgement with a JSON snapshot, a nested citation, history.
  const [a, b] = await source.prisma.entity.findMany({ where: { type: 'PERSON' }, take: 2, orderBy: { id: 'asc' } });
  await source.prisma.entityJudgement.create({ data: { entityAId: a!.id, entityBId: b!.id, verdict: 'NOT_SAME', actor: 'test', snapshot: { zeta: 1, alpha: { b: [1, { y: 2, x: 3 }], a: null } } } });
  const [first, second] = await source.prisma.citation.findMany({ take: 2, orderBy: { id: 'asc' } });
  await source.prisma.citation.update({ where: { id: first!.id }, data: { parentId: second!.id } });
  // Unnamed sources and a speculation (columns and an enum value added after the first migrations).
  await source.prisma.citation.update({ where: { id: second!.id }, data: { sourceDescription: 'a spokesman for the ministry' } });
  const ownVoice = await source.prisma.claim.findFirstOrThrow({ where: { asserterId: null }, orderBy: { id: 'asc' } });
  await source.prisma.claim.update({ where: { id: ownVoice.id }, data: { asserterDescription: 'officials', modality: 'SPECULATES' } });
  await source.prisma.change.create({ data: { actor: 'test', operation: 'test', nodeType: 'Document', nodeId: 1, collectionId: 1, before: { b: 2, a: 1 }, after: { list: [3, 2, 1] } } });
  target = await createTestDatabase();
});

afterAll(async () => {
  await source?.close();
  await target?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** Rows of every exported table plus the helper's fingerprint: all zero after a refused import. */
async function nonEmptyTables(db: Database): Promise<Array<[string, number]>> {
  const counts: Record<string, number> = { ...(await tableCounts(db)) };
  for (const spec of tables) counts[spec.model] = await (db.prisma as unknown as Record<string, { count(): Promise<number> }>)[spec.model]!.count();
  return Object.entries(counts).filter(([, n]) => n !== 0);
}

/** The file's lines without the final newline. */
const linesOf = (file: string) => readFileSync(file, 'utf8').replace(/\n$/, '').split('\n');

/** Records (lines with their newline) followed by a manifest that matches them. */
function withManifest(records: string[]): string {
  const body = records.map((line) => `${line}\n`).join('');
  const counts = Object.fromEntries(tables.map((spec) => [spec.type, 0]));
  for (const line of records) counts[(JSON.parse(line) as { record: string }).record]!++;
  const sha256 = createHash('sha256').update(body).digest('hex');
  return `${body}${JSON.stringify({ record: 'manifest', version: 1, records: counts, sha256 })}\n`;
}

describe(`import is all or nothing (${testProvider})`, () => {
  let full: string;
  let lines: string[];
  let middle: number;
  beforeAll(async () => {
    full = join(dir, 'full.jsonl');
    await exportTo(source, full);
    lines = linesOf(full);
    middle = Math.floor(lines.length / 2);
  });

  async function refused(name: string, content: string | Buffer, message: RegExp) {
    const file = join(dir, name);
    writeFileSync(file, content);
    let written = 0;
    await expect(importLibrary(target.db, file, { batchSize: 37, onProgress: (n) => (written = n) })).rejects.toThrow(message);
    expect(await nonEmptyTables(target.db), name).toEqual([]);
    return written;
  }

  it('ends the export with a manifest: counts of every record type and the sha256 of the lines before it', async () => {
    const manifest = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
    const body = readFileSync(full).subarray(0, readFileSync(full).lastIndexOf('\n', readFileSync(full).length - 2) + 1);
    expect(manifest).toEqual({ record: 'manifest', version: 1, records: expect.any(Object), sha256: createHash('sha256').update(body).digest('hex') });
    const counts = Object.fromEntries(tables.map((spec) => [spec.type, lines.slice(0, -1).filter((line) => JSON.parse(line).record === spec.type).length]));
    expect(manifest.records).toEqual(counts);
    expect(Object.keys(manifest.records as object)).toEqual(tables.map((spec) => spec.type));
  });

  it('refuses a corrupt line in the middle, rolling back the rows already written', async () => {
    const damaged = [...lines];
    damaged[middle] = damaged[middle]!.slice(0, 40);
    const written = await refused('corrupt.jsonl', `${damaged.join('\n')}\n`, new RegExp(`line ${middle + 1}: not JSON`));
    expect(written).toBeGreaterThan(0);
  });

  it('refuses a changed record that is still JSON (the checksum differs)', async () => {
    const damaged = [...lines];
    const document = lines.findIndex((line) => line.startsWith('{"record":"document"'));
    const record = JSON.parse(damaged[document]!) as Record<string, unknown>;
    damaged[document] = JSON.stringify({ ...record, title: `${String(record.title)} (altered)` });
    await refused('altered.jsonl', `${damaged.join('\n')}\n`, /checksum/);
  });

  it('refuses a file cut in the middle of a line', async () => {
    const bytes = readFileSync(full);
    const cut = Buffer.byteLength(lines.slice(0, middle).map((line) => `${line}\n`).join('')) + 15;
    await refused('cut-mid-line.jsonl', bytes.subarray(0, cut), new RegExp(`line ${middle + 1}: not JSON`));
  });

  it('refuses a file cut at a line boundary, and one without its manifest', async () => {
    await refused('cut-at-line.jsonl', lines.slice(0, middle).map((line) => `${line}\n`).join(''), /no manifest line/);
    await refused('no-manifest.jsonl', lines.slice(0, -1).map((line) => `${line}\n`).join(''), /no manifest line/);
  });

  it('refuses counts that differ from the manifest, a record after it, and an unknown version', async () => {
    const manifest = JSON.parse(lines[lines.length - 1]!) as { records: Record<string, number> };
    const records = lines.slice(0, -1).map((line) => `${line}\n`).join('');
    const miscounted = JSON.stringify({ ...manifest, records: { ...manifest.records, document: manifest.records.document! + 1 } });
    await refused('miscounted.jsonl', `${records}${miscounted}\n`, /holds 5 document records, its manifest 6/);
    await refused('after-manifest.jsonl', `${lines.join('\n')}\n${lines[0]}\n`, /after the manifest/);
    await refused('version.jsonl', `${records}${JSON.stringify({ ...manifest, version: 2 })}\n`, /version 2/);
  });

  it('refuses a column the table lacks and a value of the wrong type, even under a matching manifest', async () => {
    const document = lines.findIndex((line) => line.startsWith('{"record":"document"'));
    const record = JSON.parse(lines[document]!) as Record<string, unknown>;
    const edited = (change: Record<string, unknown>) => withManifest(lines.slice(0, -1).map((line, index) => (index === document ? JSON.stringify({ ...record, ...change }) : line)));
    await refused('unknown-column.jsonl', edited({ 'title") VALUES (1); --': 'x' }), new RegExp(`line ${document + 1}: a document record has no column "title\\"\\) VALUES`));
    await refused('mistyped.jsonl', edited({ collectionId: 'one' }), new RegExp(`line ${document + 1}: document collectionId is not an integer`));
    await refused('bad-date.jsonl', edited({ createdAt: 'yesterday' }), new RegExp(`line ${document + 1}: document createdAt is not a date`));
  });

  it('rolls back a file whose manifest matches but whose rows cannot be written', async () => {
    // A document taken out: its versions then point at nothing (a foreign key error mid-import).
    const document = lines.findIndex((line) => line.startsWith('{"record":"document"'));
    const written = await refused('orphans.jsonl', withManifest(lines.slice(0, -1).filter((_, index) => index !== document)), /could not be written/);
    expect(written).toBeGreaterThan(0);
  });
});

describe(`export → import (${testProvider}) → export`, () => {
  it('gives byte-identical files and equal rows in every exported table', async () => {
    const first = join(dir, 'first.jsonl');
    const second = join(dir, 'second.jsonl');
    const exported = await exportTo(source, first);
    expect(exported.records).toMatchObject({ collection: 1, document: 5, version: 5, judgement: 1 });
    // The database the refused imports above left as it was takes the whole file.
    const imported = await importLibrary(target.db, first, { batchSize: 37 });
    expect(imported).toEqual(exported);
    await exportTo(target.db, second);
    expect(readFileSync(second).equals(readFileSync(first))).toBe(true);
    for (const spec of tables) {
      expect(await rows(target.db, spec.model, spec.key), spec.model).toEqual(await rows(source, spec.model, spec.key));
    }
    // Records are one JSON object a line, typed, with the database id.
    const lines = linesOf(first);
    expect(JSON.parse(lines[0]!)).toMatchObject({ record: 'collection', id: 1, slug: 'sample' });
    expect(lines.some((line) => line.includes('"tokenHash"'))).toBe(false);
    // The unnamed sources and the speculation came through (the table comparison above would pass on two nulls).
    expect(await target.db.prisma.claim.findFirst({ where: { asserterDescription: 'officials', modality: 'SPECULATES' } })).not.toBeNull();
    expect(await target.db.prisma.citation.count({ where: { sourceDescription: 'a spokesman for the ministry' } })).toBe(1);
  });

  it('leaves id sequences past the imported ids', async () => {
    const max = (await target.db.prisma.entity.aggregate({ _max: { id: true } }))._max.id!;
    const created = await target.db.prisma.entity.create({ data: { type: 'PERSON', name: 'After Import', names: { create: { name: 'After Import', kind: 'PRIMARY', normalized: 'after import' } } } });
    expect(created.id).toBeGreaterThan(max);
  });

  it('moves id counters past the ids the change log names, so no new row takes a deleted one and its history', async () => {
    const records = linesOf(join(dir, 'first.jsonl')).slice(0, -1);
    const collection = records.find((line) => line.startsWith('{"record":"collection"'))!;
    const change = JSON.parse(records.find((line) => line.startsWith('{"record":"change"'))!) as Record<string, unknown>;
    const deleted = [
      { ...change, id: 900, operation: 'deleteCollection', nodeType: 'Collection', nodeId: 77, collectionId: 77, before: { slug: 'gone' }, after: null },
      { ...change, id: 901, operation: 'deleteDocument', nodeType: 'Document', nodeId: 300, collectionId: 77, before: { title: 'gone' }, after: null },
      { ...change, id: 902, operation: 'createPerson', nodeType: 'Person', nodeId: 5000, collectionId: null, before: null, after: { name: 'gone' } },
    ].map((record) => JSON.stringify(record));
    const file = join(dir, 'deleted.jsonl');
    writeFileSync(file, withManifest([collection, ...deleted]));
    const empty = await createEmptyDatabase();
    await migrate(empty.url);
    const db = await openDatabase(empty.url, { synchronous: 'NORMAL' });
    try {
      await importLibrary(db, file);
      const created = await db.prisma.collection.create({ data: { slug: 'after-import', name: 'After import' } });
      expect(created.id).toBeGreaterThan(77);
      const document = await db.prisma.document.create({ data: { collectionId: created.id, title: 'After import' } });
      expect(document.id).toBeGreaterThan(300);
      const person = await db.prisma.entity.create({ data: { type: 'PERSON', name: 'After Import' } });
      expect(person.id).toBeGreaterThan(5000);
      const change = await db.prisma.change.create({ data: { actor: 'test', operation: 'test', nodeType: 'Document', nodeId: document.id } });
      expect(change.id).toBeGreaterThan(902);
    } finally {
      await db.close();
      await empty.drop();
    }
  });

  it('refuses a database that is not empty, changing nothing', async () => {
    const before = await target.db.prisma.document.count();
    await expect(importLibrary(target.db, join(dir, 'first.jsonl'))).rejects.toThrow(ImportError);
    await expect(importLibrary(target.db, join(dir, 'first.jsonl'))).rejects.toThrow(/not empty/);
    expect(await target.db.prisma.document.count()).toBe(before);
  });

  it('exports one collection', async () => {
    await source.prisma.collection.create({ data: { slug: 'other', name: 'Other' } });
    const file = join(dir, 'sample.jsonl');
    const report = await exportTo(source, file, 'sample');
    expect(report.records).toMatchObject({ collection: 1, document: 5 });
    await expect(exportTo(source, join(dir, 'x.jsonl'), 'missing')).rejects.toThrow(/no collection "missing"/);
  });
});

describe(`import memory (${testProvider})`, () => {
  const entities = 6000;
  const changes = 3000;
  /**
   * A generated library: organisations (~430 bytes a line), each pointing forwards to the next as
   * its parent (references set after all rows are in), then changes of ~2 KB a line.
   */
  function generated(file: string): { entityBytes: number; changeBytes: number } {
    const lines: string[] = [];
    for (let id = 1; id <= entities; id++) {
      lines.push(
        JSON.stringify({ record: 'entity', id, type: 'ORGANISATION', key: null, name: `Org ${id}`, description: null, parentId: id < entities ? id + 1 : null, startYear: null, startMonth: null, startDay: null, startText: null, endYear: null, endMonth: null, endDay: null, endText: null, place: null, mergedIntoId: null, version: 1, createdAt: '2020-01-01T00:00:00.000Z', updatedAt: '2020-01-02T00:00:00.000Z' }),
      );
    }
    const padding = 'x'.repeat(1800);
    for (let id = 1; id <= changes; id++) {
      lines.push(
        JSON.stringify({ record: 'change', id, collectionId: null, actor: 'generator', operation: 'updateEntity', nodeType: 'Entity', nodeId: id, before: { name: `Org ${id}`, note: padding }, after: { name: `Org ${id} (renamed)` }, requestId: null, createdAt: '2020-01-03T00:00:00.000Z' }),
      );
    }
    writeFileSync(file, withManifest(lines));
    const bytes = (from: number, to: number) => lines.slice(from, to).reduce((sum, line) => sum + line.length + 1, 0);
    return { entityBytes: bytes(0, entities) / entities, changeBytes: bytes(entities, entities + changes) / changes };
  }

  it('keeps no record once written: the heap after GC stops growing as the file goes on', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const file = join(dir, 'generated.jsonl');
    const { entityBytes, changeBytes } = generated(file);
    const empty = await createEmptyDatabase();
    await migrate(empty.url);
    const db = await openDatabase(empty.url, { synchronous: 'NORMAL' });
    try {
      // Heap in use after a full GC, at these numbers of records written.
      const at = [2000, entities, entities + 1000, entities + changes];
      const heap = new Map<number, number>();
      // Small batches: what Prisma keeps of recent queries (its last 100 debug calls, plans with
      // their values) fills early on and then holds as much whatever the file's length.
      const report = await importLibrary(db, file, {
        batchBytes: 16 * 1024,
        onProgress(written) {
          const point = at.find((n) => n <= written && !heap.has(n));
          if (point === undefined) return;
          gc();
          heap.set(point, process.memoryUsage().heapUsed);
        },
      });
      expect(report.records).toMatchObject({ entity: entities, change: changes });
      expect([...heap.keys()]).toEqual(at);
      // Records kept in memory would take at least as much as their lines' bytes (as objects,
      // more); deferred references take 16 bytes each, a bounded buffer nothing once filled.
      const growth = (from: number, to: number) => heap.get(to)! - heap.get(from)!;
      expect(growth(2000, entities)).toBeLessThan(((entities - 2000) * entityBytes) / 4);
      expect(growth(entities + 1000, entities + changes)).toBeLessThan(((changes - 1000) * changeBytes) / 4);
      // The forward references were set after the rows were in, their updatedAt untouched.
      expect(await db.prisma.entity.findUnique({ where: { id: 1 } })).toMatchObject({ parentId: 2, updatedAt: new Date('2020-01-02T00:00:00.000Z') });
      expect(await db.prisma.entity.findUnique({ where: { id: entities } })).toMatchObject({ parentId: null });
      expect(await db.prisma.entity.count({ where: { parentId: { not: null } } })).toBe(entities - 1);
    } finally {
      await db.close();
      await empty.drop();
    }
  });
});

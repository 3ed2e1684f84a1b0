// Export / import round trip (issue 7): the sample corpus seeded on SQLite, exported, imported into
// a fresh database of the provider under test (so SQLite → PostgreSQL under TEST_DATABASE=postgresql),
// exported again: the files are byte-identical and every exported table's rows are equal.
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { exportLibrary, importLibrary, ImportError, tables } from '../src/services/export.js';
import { loadSeed } from '../src/services/seed.js';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/database.js';

let dir: string;
let source: Database;
let target: TestDatabase;

async function exportTo(db: Database, file: string, collection?: string) {
  const out = createWriteStream(file);
  const report = await exportLibrary(db.prisma, out, { collection, batchSize: 50 });
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
  await source.prisma.change.create({ data: { actor: 'test', operation: 'test', nodeType: 'Document', nodeId: 1, collectionId: 1, before: { b: 2, a: 1 }, after: { list: [3, 2, 1] } } });
  target = await createTestDatabase();
});

afterAll(async () => {
  await source?.close();
  await target?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe(`export → import (${testProvider}) → export`, () => {
  it('gives byte-identical files and equal rows in every exported table', async () => {
    const first = join(dir, 'first.jsonl');
    const second = join(dir, 'second.jsonl');
    const exported = await exportTo(source, first);
    expect(exported.records).toMatchObject({ collection: 1, document: 5, version: 5, judgement: 1 });
    const imported = await importLibrary(target.db, first, { batchSize: 37 });
    expect(imported.records).toEqual(Object.fromEntries(Object.entries(exported.records).filter(([, n]) => n > 0)));
    await exportTo(target.db, second);
    expect(readFileSync(second).equals(readFileSync(first))).toBe(true);
    for (const spec of tables) {
      expect(await rows(target.db, spec.model, spec.key), spec.model).toEqual(await rows(source, spec.model, spec.key));
    }
    // Records are one JSON object a line, typed, with the database id.
    const lines = readFileSync(first, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ record: 'collection', id: 1, slug: 'sample' });
    expect(lines.some((line) => line.includes('"tokenHash"'))).toBe(false);
  });

  it('leaves id sequences past the imported ids', async () => {
    const max = (await target.db.prisma.entity.aggregate({ _max: { id: true } }))._max.id!;
    const created = await target.db.prisma.entity.create({ data: { type: 'PERSON', name: 'After Import', names: { create: { name: 'After Import', kind: 'PRIMARY', normalized: 'after import' } } } });
    expect(created.id).toBeGreaterThan(max);
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

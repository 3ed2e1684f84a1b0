// Backups of a live database and restoring them. SQLite: the online backup API copies a database
// that is being written to (a write between steps restarts the copy; the result is one consistent
// state that passes integrity_check) and restore gives back the same data (the exports before and
// after are byte-identical). PostgreSQL: the same through pg_dump / pg_restore, when installed.
// Restore refuses a database holding rows unless forced, and leaves it untouched then; forced, it
// replaces it under connections left open, which then read and write the restored rows.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { sqlitePath } from '../src/db/provider.js';
import { BackupError, backupDatabase, countRows, restoreDatabase } from '../src/services/backup.js';
import { exportLibrary } from '../src/services/export.js';
import { loadSeed } from '../src/services/seed.js';
import { runCli } from './helpers/cli.js';
import { createEmptyDatabase, createTestDatabase, tableCounts, testProvider, type TestDatabase } from './helpers/database.js';

let dir: string;
let source: TestDatabase;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crosscheck-backup-'));
  source = await createTestDatabase();
  await loadSeed(source.db.prisma);
});

afterAll(async () => {
  await source?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

let exports = 0;
/** The library's export file, as bytes. */
async function exported(db: Database): Promise<Buffer> {
  const file = join(dir, `export-${++exports}.jsonl`);
  const out = createWriteStream(file);
  await exportLibrary(db, out);
  out.end();
  await finished(out);
  return readFileSync(file);
}

async function withOpen<T>(url: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(url, { synchronous: 'NORMAL' });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/**
 * Writes pairs (a collection and the Change row naming it) in one transaction each, one after
 * another, until stopped: a consistent copy holds pairs 0…k-1 for some k, each whole.
 */
function startWriter(db: Database) {
  let stopped = false;
  let written = 0;
  const done = (async () => {
    while (!stopped) {
      const n = written;
      await db.transaction(async (tx) => {
        const collection = await tx.collection.create({ data: { slug: `written-${n}`, name: `Written ${n}` } });
        await tx.change.create({ data: { actor: 'writer', operation: 'createCollection', nodeType: 'Collection', nodeId: collection.id, collectionId: collection.id } });
      });
      written = n + 1;
      // Through the SQLite adapter a transaction may complete in microtasks alone: yield as
      // requests arriving over the network would, so the backup's steps get their turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    written: () => written,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

/** The number of whole pairs; fails when a pair is half there or one is missing before the last. */
async function pairsIn(db: Database): Promise<number> {
  const collections = await db.prisma.collection.findMany({ where: { slug: { startsWith: 'written-' } }, orderBy: { id: 'asc' } });
  const changes = await db.prisma.change.findMany({ where: { actor: 'writer' }, orderBy: { id: 'asc' } });
  expect(collections.map((collection) => collection.slug)).toEqual(collections.map((_, n) => `written-${n}`));
  expect(changes.map((change) => change.nodeId)).toEqual(collections.map((collection) => collection.id));
  return collections.length;
}

describe.runIf(testProvider === 'sqlite')('SQLite backup and restore', () => {
  const integrity = (path: string) => {
    const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('PRAGMA integrity_check').pluck().all();
    } finally {
      db.close();
    }
  };

  it('copies a database written to between steps (the copy restarts), and restoring it gives the same data', async () => {
    const path = join(dir, 'restarted.db');
    const raw = new BetterSqlite3(sqlitePath(source.url), { fileMustExist: true });
    raw.pragma('busy_timeout = 5000');
    let injected = false;
    try {
      const report = await backupDatabase(source.url, path, {
        pagesPerStep: 2,
        onProgress(progress) {
          // A write from another connection halfway through the copy.
          if (!injected && progress.remainingPages < progress.totalPages) {
            raw
              .prepare(`INSERT INTO "Change" ("actor", "operation", "nodeType", "nodeId", "createdAt") VALUES ('during-backup', 'test', 'Test', 1, ?)`)
              .run(new Date().toISOString().replace('Z', '+00:00'));
            injected = true;
          }
        },
      });
      expect(injected).toBe(true);
      expect(report).toMatchObject({ provider: 'sqlite', method: 'sqlite-online-backup', path });
      expect(report.restarts).toBeGreaterThan(0);
    } finally {
      raw.close();
    }
    expect(integrity(path)).toEqual(['ok']);
    // A single file: no -wal or leftover temporary beside it.
    expect(readdirSync(dir).filter((name) => name.includes('restarted'))).toEqual(['restarted.db']);

    const target = `file:${join(dir, 'restored.db')}`;
    const restored = await restoreDatabase(target, path);
    expect(restored).toMatchObject({ provider: 'sqlite', replacedRows: 0, migrated: [] });
    const before = await exported(source.db);
    expect(before.toString()).toContain('"actor":"during-backup"');
    await withOpen(target, async (db) => {
      expect((await exported(db)).equals(before)).toBe(true);
      expect(await tableCounts(db)).toEqual(await tableCounts(source.db));
    });
  });

  it('makes a consistent copy while transactions keep committing', async () => {
    const path = join(dir, 'busy.db');
    const writer = startWriter(source.db);
    let steps = 0;
    try {
      // Small steps yield to the event loop often, so the writer's transactions land between them.
      await backupDatabase(source.url, path, { pagesPerStep: 4, onProgress: () => steps++ });
    } finally {
      await writer.stop();
    }
    expect(steps).toBeGreaterThan(1);
    expect(integrity(path)).toEqual(['ok']);
    const target = `file:${join(dir, 'busy-restored.db')}`;
    await restoreDatabase(target, path);
    await withOpen(target, async (restored) => {
      const pairs = await pairsIn(restored);
      expect(pairs).toBeLessThanOrEqual(writer.written());
      // The restored database is the backup: same export as the backup file opened itself.
      const fromBackup = await withOpen(`file:${path}`, (db) => exported(db));
      expect((await exported(restored)).equals(fromBackup)).toBe(true);
    });
    expect(await pairsIn(source.db)).toBe(writer.written());
  });

  it('refuses to overwrite a backup file unless forced', async () => {
    const path = join(dir, 'existing.db');
    writeFileSync(path, 'not a backup');
    await expect(backupDatabase(source.url, path)).rejects.toThrow(/already exists.*--force/);
    expect(readFileSync(path, 'utf8')).toBe('not a backup');
    await backupDatabase(source.url, path, { force: true });
    expect(integrity(path)).toEqual(['ok']);
    await expect(backupDatabase(`file:${join(dir, 'missing.db')}`, join(dir, 'never.db'))).rejects.toThrow(/no database at/);
    expect(existsSync(join(dir, 'never.db'))).toBe(false);
  });

  it('refuses to replace a database that holds rows unless forced, leaving it untouched; forced, replaces it under open connections', async () => {
    const path = join(dir, 'for-replace.db');
    await backupDatabase(source.url, path);
    const backupExport = await exported(source.db);
    // The target stays open throughout, as a running server's would: its reading and writing
    // connections have read (and cached) the rows the restore replaces.
    const live = await createTestDatabase();
    try {
      await loadSeed(live.db.prisma);
      await live.db.transaction((tx) => tx.collection.create({ data: { slug: 'only-here', name: 'Only here' } }));
      const liveExport = await exported(live.db);
      await expect(restoreDatabase(live.url, path)).rejects.toThrow(BackupError);
      await expect(restoreDatabase(live.url, path)).rejects.toThrow(/not empty \(Collection 2, .*--force/);
      expect((await exported(live.db)).equals(liveExport)).toBe(true);

      const report = await restoreDatabase(live.url, path, { force: true });
      expect(report.replacedRows).toBeGreaterThan(0);
      // The connections opened before the restore read the backup's rows, not what they cached.
      expect((await exported(live.db)).equals(backupExport)).toBe(true);
      expect(await live.db.prisma.collection.findUnique({ where: { slug: 'only-here' } })).toBeNull();
      expect(await live.db.lean('SELECT id FROM "Collection" WHERE slug = $1', ['only-here'])).toEqual([]);
      // And write on top of it: the new row follows the restored ids.
      const max = (await live.db.prisma.collection.aggregate({ _max: { id: true } }))._max.id!;
      const created = await live.db.transaction((tx) => tx.collection.create({ data: { slug: 'after-restore', name: 'After' } }));
      expect(created.id).toBe(max + 1);
      // A connection opened afterwards sees the same.
      await withOpen(live.url, async (db) => expect(await db.prisma.collection.findUnique({ where: { slug: 'after-restore' } })).toMatchObject({ id: created.id }));
      expect(integrity(sqlitePath(live.url))).toEqual(['ok']);
    } finally {
      await live.destroy();
    }
  });

  it('refuses a file that is not a crosscheck backup', async () => {
    const target = `file:${join(dir, 'untouched.db')}`;
    writeFileSync(join(dir, 'text.db'), 'hello');
    await expect(restoreDatabase(target, join(dir, 'text.db'))).rejects.toThrow(/not a readable SQLite backup/);
    const other = new BetterSqlite3(join(dir, 'other.db'));
    other.exec('CREATE TABLE t (x)');
    other.close();
    await expect(restoreDatabase(target, join(dir, 'other.db'))).rejects.toThrow(/not a crosscheck one/);
    await expect(restoreDatabase(target, join(dir, 'absent.db'))).rejects.toThrow(/no backup file/);
    expect(existsSync(sqlitePath(target))).toBe(false);
  });

  // The one child-process test of this command family: exit codes and one-line messages.
  it('the CLI: backup, restore and import answer in one line, failures exit non-zero', async () => {
    const url = `file:${join(dir, 'cli.db')}`;
    await migrate(url);
    await withOpen(url, (db) => loadSeed(db.prisma));
    const cli = (args: string[], databaseUrl = url) => runCli(args, databaseUrl);
    const path = join(dir, 'cli-backup.db');
    const backup = await cli(['backup', path]);
    expect(backup).toMatchObject({ code: 0, stderr: '' });
    expect(backup.stdout).toMatch(/^backed up the SQLite database to .*cli-backup\.db \(\d+ bytes, integrity and foreign keys checked\)\n$/);
    const again = await cli(['backup', path]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/^crosscheck backup: .*already exists.*--force to replace it\n$/);
    const restore = await cli(['restore', path]);
    expect(restore.code).not.toBe(0);
    expect(restore.stderr).toMatch(/^crosscheck restore: the database is not empty .*pass --force to do so\n$/);
    // An export cut at a line boundary (no manifest) into an empty database: refused, nothing kept.
    const empty = `file:${join(dir, 'cli-empty.db')}`;
    const lines = (await withOpen(url, (db) => exported(db))).toString().split('\n');
    writeFileSync(join(dir, 'cut.jsonl'), `${lines.slice(0, 300).join('\n')}\n`);
    const imported = await cli(['import', join(dir, 'cut.jsonl')], empty);
    expect(imported.code).not.toBe(0);
    expect(imported.stderr).toMatch(/^crosscheck import: no manifest line .*; nothing was imported\n$/);
    expect(Object.values(await countRows(empty)).every((n) => n === 0)).toBe(true);
  });
});

const hasPgDump = spawnSync('pg_dump', ['--version']).status === 0 && spawnSync('pg_restore', ['--version']).status === 0;

describe.runIf(testProvider === 'postgresql' && hasPgDump)('PostgreSQL backup and restore (pg_dump, pg_restore)', () => {
  it('restores a backup into an empty migrated database: the exports before and after are byte-identical', async () => {
    const path = join(dir, 'library.dump');
    const report = await backupDatabase(source.url, path);
    expect(report).toMatchObject({ provider: 'postgresql', method: 'pg_dump', path });
    expect(report.bytes).toBeGreaterThan(0);
    const target = await createTestDatabase();
    try {
      const restored = await restoreDatabase(target.url, path);
      expect(restored).toMatchObject({ replacedRows: 0, migrated: [] });
      expect((await exported(target.db)).equals(await exported(source.db))).toBe(true);
      // Sequences came along: new rows get new ids.
      const max = (await target.db.prisma.collection.aggregate({ _max: { id: true } }))._max.id!;
      expect((await target.db.prisma.collection.create({ data: { slug: 'after-restore', name: 'After' } })).id).toBeGreaterThan(max);
    } finally {
      await target.destroy();
    }
  });

  it('makes a consistent copy while transactions keep committing, restorable into a database without tables', async () => {
    const path = join(dir, 'busy.dump');
    const writer = startWriter(source.db);
    try {
      await backupDatabase(source.url, path);
    } finally {
      await writer.stop();
    }
    const empty = await createEmptyDatabase();
    try {
      await restoreDatabase(empty.url, path);
      await withOpen(empty.url, async (db) => expect(await pairsIn(db)).toBeLessThanOrEqual(writer.written()));
    } finally {
      await empty.drop();
    }
  });

  it('refuses to replace a database that holds rows unless forced, then replaces it', async () => {
    const path = join(dir, 'for-live.dump');
    await backupDatabase(source.url, path);
    const backupExport = await exported(source.db);
    await expect(backupDatabase(source.url, path)).rejects.toThrow(/already exists.*--force/);
    const live = await createTestDatabase();
    try {
      await live.db.prisma.collection.create({ data: { slug: 'only-here', name: 'Only here' } });
      const liveExport = await exported(live.db);
      await expect(restoreDatabase(live.url, path)).rejects.toThrow(/not empty \(Collection 1\).*--force/);
      expect((await exported(live.db)).equals(liveExport)).toBe(true);
      const report = await restoreDatabase(live.url, path, { force: true });
      expect(report.replacedRows).toBe(1);
      expect((await exported(live.db)).equals(backupExport)).toBe(true);
    } finally {
      await live.destroy();
    }
    writeFileSync(join(dir, 'text.dump'), 'hello');
    await expect(restoreDatabase(source.url, join(dir, 'text.dump'))).rejects.toThrow(/not a readable pg_dump archive/);
  });
});

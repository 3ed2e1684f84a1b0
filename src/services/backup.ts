// Backups of a live database, and restoring one.
// SQLite: SQLite's online backup API (better-sqlite3's db.backup()) copies the database page by
// page while the server keeps reading and writing; a write from another connection makes the copy
// start over, so what lands is one consistent state. After the first restart the rest is copied
// in one step (in WAL mode that step only holds a read snapshot: writers are not blocked), so a
// busy database cannot keep the copy from finishing. The copy goes to a temporary file beside
// PATH, is checked (integrity_check, foreign_key_check), synced and renamed into place: PATH holds
// a whole backup or nothing. Restore copies a backup into the database through the same API (the
// target's locks are respected), then applies any newer migrations. The pages go through the
// target's pager (its WAL, in WAL mode) and commit as one write, so connections that stay open on
// the target read the restored rows from their next transaction on.
// PostgreSQL: pg_dump (custom format; one snapshot, so consistent while the server writes) and
// pg_restore in one transaction (--single-transaction: all or nothing). Both need the PostgreSQL
// client tools on PATH; without them the command says what to run.
// Restore never replaces a database that holds rows unless asked to (force).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { migrate } from '../db/migrate.js';
import { providerOf, sqlitePath, type Provider } from '../db/provider.js';
import { tables } from './export.js';

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** Every table that holds crosscheck data (the migrations' bookkeeping and search index aside). */
export const dataTables = [...tables.map((spec) => spec.table), 'ApiToken', 'TokenGrant'];

export interface SqliteProgress {
  totalPages: number;
  remainingPages: number;
}

export interface BackupOptions {
  /** Replace a file that already exists at the path. */
  force?: boolean;
  /** SQLite: pages copied per step; between steps the database is free for readers and writers. */
  pagesPerStep?: number;
  /** SQLite: called after every step of the copy. */
  onProgress?: (progress: SqliteProgress) => void;
}

export interface BackupReport {
  provider: Provider;
  path: string;
  bytes: number;
  /** How the copy was made. */
  method: 'sqlite-online-backup' | 'pg_dump';
  /** SQLite: times a write to the database made the copy start over. */
  restarts?: number;
}

export interface RestoreOptions {
  /** Replace a database that holds rows. */
  force?: boolean;
  /** SQLite: give up when the database stays locked this long. */
  busyTimeoutMs?: number;
}

export interface RestoreReport {
  provider: Provider;
  /** Rows the database held before (it was replaced only with force). */
  replacedRows: number;
  /** Rows of every data table after the restore. */
  rows: Record<string, number>;
  /** Migrations applied after the restore (a backup from an older crosscheck). */
  migrated: string[];
}

function total(rows: Record<string, number>): number {
  return Object.values(rows).reduce((sum, n) => sum + n, 0);
}

function describeRows(rows: Record<string, number>): string {
  return Object.entries(rows)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');
}

/** Rows in every data table of the database (absent tables count none). */
export async function countRows(url: string): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  if (providerOf(url) === 'sqlite') {
    const path = sqlitePath(url);
    if (!existsSync(path)) return rows;
    const db = new BetterSqlite3(path, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      const present = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]));
      for (const table of dataTables) rows[table] = present.has(table) ? (db.prepare(`SELECT COUNT(*) FROM "${table}"`).pluck().get() as number) : 0;
    } finally {
      db.close();
    }
    return rows;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const present = new Set(
      (await client.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)).rows.map(
        (row) => row.name,
      ),
    );
    for (const table of dataTables) rows[table] = present.has(table) ? Number((await client.query(`SELECT COUNT(*) AS n FROM "${table}"`)).rows[0].n) : 0;
  } finally {
    await client.end();
  }
  return rows;
}

/** Writes a consistent copy of the database at url to path. */
export async function backupDatabase(url: string, path: string, options: BackupOptions = {}): Promise<BackupReport> {
  const target = resolve(path);
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new BackupError(`${path} is a directory: give the backup file's path`);
    if (!options.force) throw new BackupError(`${path} already exists: choose another path, or pass --force to replace it`);
  }
  if (!existsSync(dirname(target))) throw new BackupError(`the directory of ${path} does not exist`);
  // Written beside the target and renamed over it once complete and checked.
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    const provider = providerOf(url);
    const restarts = provider === 'sqlite' ? await backupSqlite(sqlitePath(url), temporary, options) : await backupPostgres(url, temporary);
    syncFile(temporary);
    renameSync(temporary, target);
    syncFile(dirname(target));
    return { provider, path: target, bytes: statSync(target).size, method: provider === 'sqlite' ? 'sqlite-online-backup' : 'pg_dump', restarts };
  } finally {
    rmSync(temporary, { force: true });
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${temporary}${suffix}`, { force: true });
  }
}

function syncFile(path: string) {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The number of pages SQLite copies in one step when asked for all of them. */
const ALL_PAGES = 0x7fffffff;

async function backupSqlite(source: string, destination: string, options: BackupOptions): Promise<number> {
  if (!existsSync(source)) throw new BackupError(`no database at ${source}`);
  const db = new BetterSqlite3(source, { fileMustExist: true });
  let restarts = 0;
  try {
    db.pragma('busy_timeout = 5000');
    const pagesPerStep = options.pagesPerStep ?? 1024;
    let previous = Number.POSITIVE_INFINITY;
    let allAtOnce = false;
    await db.backup(destination, {
      progress(progress: SqliteProgress) {
        options.onProgress?.(progress);
        // Fewer pages left than after the last step, unless a write to the source restarted the copy.
        if (progress.remainingPages >= previous) {
          restarts++;
          allAtOnce = true;
        }
        previous = progress.remainingPages;
        return allAtOnce ? ALL_PAGES : pagesPerStep;
      },
    });
  } finally {
    db.close();
  }
  const copy = new BetterSqlite3(destination, { fileMustExist: true });
  try {
    // One self-contained file (no -wal beside it), whatever the source's journal mode.
    copy.pragma('journal_mode = DELETE');
    const problem = sqliteProblem(copy);
    if (problem) throw new BackupError(`the copy failed its check (${problem}); the database itself may be damaged`);
  } finally {
    copy.close();
  }
  return restarts;
}

/** Undefined when integrity_check and foreign_key_check find nothing, else the first finding. */
function sqliteProblem(db: BetterSqlite3.Database): string | undefined {
  const integrity = db.prepare('PRAGMA integrity_check').pluck().all() as string[];
  if (integrity.length !== 1 || integrity[0] !== 'ok') return `integrity_check: ${integrity[0]}`;
  const foreign = db.prepare('PRAGMA foreign_key_check').all() as Array<{ table: string; rowid: number; parent: string }>;
  if (foreign.length) return `foreign_key_check: ${foreign.length} rows, the first in ${foreign[0]!.table} (row ${foreign[0]!.rowid}) pointing to a missing ${foreign[0]!.parent}`;
  return undefined;
}

/** Replaces the database at url with the backup at path. */
export async function restoreDatabase(url: string, path: string, options: RestoreOptions = {}): Promise<RestoreReport> {
  const source = resolve(path);
  if (!existsSync(source) || statSync(source).isDirectory()) throw new BackupError(`no backup file at ${path}`);
  const provider = providerOf(url);
  if (provider === 'sqlite') checkSqliteBackup(source, sqlitePath(url));
  else await checkPostgresBackup(source);
  const before = await countRows(url);
  const replacedRows = total(before);
  if (replacedRows > 0 && !options.force) {
    throw new BackupError(`the database is not empty (${describeRows(before)}): restoring would replace it; pass --force to do so`);
  }
  if (provider === 'sqlite') await restoreSqlite(source, sqlitePath(url), options.busyTimeoutMs ?? 30_000);
  else await restorePostgres(url, source);
  const { applied } = await migrate(url);
  return { provider, replacedRows, rows: await countRows(url), migrated: applied };
}

function checkSqliteBackup(source: string, target: string) {
  if (source === target) throw new BackupError('the backup is the database itself');
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
    const problem = sqliteProblem(db);
    if (problem) throw new BackupError(`the backup failed its check (${problem})`);
    const bookkeeping = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_crosscheck_migrations'`).get();
    if (!bookkeeping) throw new BackupError('the file is an SQLite database but not a crosscheck one (no _crosscheck_migrations table)');
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`the file is not a readable SQLite backup (${(error as Error).message})`);
  } finally {
    db?.close();
  }
}

async function restoreSqlite(source: string, target: string, busyTimeoutMs: number) {
  const db = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  try {
    let busySince: number | undefined;
    await db.backup(target, {
      // All pages in one step, under one lock of the target. A step that copies nothing found the
      // target locked (another process is writing): it is retried until busyTimeoutMs.
      progress(progress: SqliteProgress) {
        if (progress.remainingPages < progress.totalPages) {
          busySince = undefined;
        } else {
          busySince ??= Date.now();
          if (Date.now() - busySince > busyTimeoutMs) throw new BackupError(`the database stayed locked for ${busyTimeoutMs} ms: stop what is writing to it and retry`);
        }
        return ALL_PAGES;
      },
    });
  } finally {
    db.close();
  }
}

// --- PostgreSQL ---------------------------------------------------------------------------------

/** libpq connection parameters a URL may carry (Prisma's own, such as schema, are dropped). */
const LIBPQ_PARAMETERS = new Set(['sslmode', 'sslcert', 'sslkey', 'sslrootcert', 'sslcrl', 'connect_timeout', 'application_name', 'options', 'target_session_attrs', 'host', 'port']);

/** The URL for libpq tools, and the environment carrying its password (kept off the command line). */
function libpqTarget(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (parsed.password) {
    env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
  }
  for (const key of [...parsed.searchParams.keys()]) if (!LIBPQ_PARAMETERS.has(key)) parsed.searchParams.delete(key);
  return { dbname: parsed.toString(), env };
}

/** Runs a PostgreSQL client tool; rejects with its first error line. */
function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < 1 << 20) stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 1 << 16) stderr += chunk.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new BackupError(
              `${tool} is not on PATH: install the PostgreSQL client tools (the server's major version or newer), or see README "Backups" for the ${tool} command to run yourself`,
            )
          : new BackupError(`${tool} could not start: ${error.message}`),
      );
    });
    child.on('close', (code) => {
      if (code === 0) return resolvePromise(stdout);
      const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
      reject(new BackupError(`${tool} failed (exit ${code}): ${lines.find((line) => /error/i.test(line)) ?? lines[0] ?? 'no message'}`));
    });
  });
}

async function backupPostgres(url: string, destination: string): Promise<undefined> {
  const { dbname, env } = libpqTarget(url);
  // Custom format: compressed, and pg_restore can restore it selectively or in one transaction.
  await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${destination}`, `--dbname=${dbname}`], env);
  await checkPostgresBackup(destination);
  return undefined;
}

async function checkPostgresBackup(path: string) {
  const listing = await runTool('pg_restore', ['--list', path]).catch((error: Error) => {
    throw new BackupError(`the file is not a readable pg_dump archive (${error.message})`);
  });
  if (!/TABLE DATA \S+ _crosscheck_migrations /.test(listing)) throw new BackupError('the archive is not a crosscheck database (no _crosscheck_migrations table)');
}

async function restorePostgres(url: string, source: string) {
  const { dbname, env } = libpqTarget(url);
  // --clean --if-exists drops what the archive recreates; --single-transaction makes it all or nothing.
  await runTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`, source], env);
}

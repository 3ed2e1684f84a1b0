// Applies prisma/{sqlite,postgres}/migrations/*/migration.sql in order. `prisma migrate` cannot
// do this through the PostgreSQL driver adapter (prisma#27403), so one small runner serves both
// databases: each migration in its own transaction, recorded with its checksum, under a lock.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { migrationsDir, providerOf, sqlitePath, type Provider } from './provider.js';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

const BOOKKEEPING = '_crosscheck_migrations';
// Arbitrary, fixed: every crosscheck process migrating one PostgreSQL database takes this lock.
const ADVISORY_LOCK_KEY = 734_198_812;

export function listMigrations(provider: Provider): Migration[] {
  const dir = migrationsDir(provider);
  return readdirSync(dir)
    .filter((entry) => /^\d{4}_/.test(entry))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

function pending(migrations: Migration[], applied: Map<string, string>): Migration[] {
  for (const [name, checksum] of applied) {
    const known = migrations.find((migration) => migration.name === name);
    if (!known) throw new Error(`Migration ${name} is recorded in the database but missing from the project`);
    if (known.checksum !== checksum) throw new Error(`Migration ${name} was changed after it was applied (checksum differs)`);
  }
  return migrations.filter((migration) => !applied.has(migration.name));
}

export async function migrate(url: string): Promise<MigrationResult> {
  const provider = providerOf(url);
  const migrations = listMigrations(provider);
  return provider === 'sqlite' ? migrateSqlite(url, migrations) : migratePostgres(url, migrations);
}

function migrateSqlite(url: string, migrations: Migration[]): MigrationResult {
  const db = new BetterSqlite3(sqlitePath(url));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(`CREATE TABLE IF NOT EXISTS "${BOOKKEEPING}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const applied: string[] = [];
    // BEGIN IMMEDIATE takes the write lock, so two processes cannot apply the same migration.
    const readApplied = () =>
      new Map(db.prepare(`SELECT name, checksum FROM "${BOOKKEEPING}"`).all().map((row) => {
        const { name, checksum } = row as { name: string; checksum: string };
        return [name, checksum] as const;
      }));
    const total = migrations.length;
    for (;;) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const next = pending(migrations, readApplied())[0];
        if (!next) {
          db.exec('COMMIT');
          return { applied, alreadyApplied: total - applied.length };
        }
        db.exec(next.sql);
        db.prepare(`INSERT INTO "${BOOKKEEPING}" (name, checksum, applied_at) VALUES (?, ?, ?)`).run(next.name, next.checksum, new Date().toISOString());
        db.exec('COMMIT');
        applied.push(next.name);
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    }
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET client_min_messages = warning');
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "${BOOKKEEPING}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`);
    const rows = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "${BOOKKEEPING}"`);
    const todo = pending(migrations, new Map(rows.rows.map((row) => [row.name, row.checksum])));
    for (const migration of todo) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO "${BOOKKEEPING}" (name, checksum, applied_at) VALUES ($1, $2, now())`, [migration.name, migration.checksum]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
    }
    return { applied: todo.map((migration) => migration.name), alreadyApplied: migrations.length - todo.length };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

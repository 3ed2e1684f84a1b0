// A provider-neutral description of a database's schema, to compare two databases.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { providerOf, sqlitePath } from '../../src/db/provider.js';

const IGNORED = '_crosscheck_migrations';
// Objects that hand-written migrations create beside the Prisma schema (full-text search: FTS5
// tables and their shadow tables, the PostgreSQL search table) are named search_…; the Prisma
// schema does not describe them, so the drift comparison leaves them out. Nothing else is skipped.
const HAND_WRITTEN = String.raw`search\_%`;

export async function describeSchema(url: string): Promise<unknown> {
  if (providerOf(url) === 'sqlite') {
    const db = new BetterSqlite3(sqlitePath(url), { readonly: true });
    try {
      const tables = db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != ? AND name NOT LIKE ? ESCAPE '\\' ORDER BY name`)
        .all(IGNORED, HAND_WRITTEN) as Array<{ name: string }>;
      return tables.map(({ name }) => ({
        table: name,
        // By name, not position: ADD COLUMN appends where a fresh CREATE TABLE would interleave.
        columns: (db.pragma(`table_info("${name}")`) as Array<Record<string, unknown> & { name: string }>)
          .map(({ cid: _cid, ...column }) => column)
          .sort((a, b) => String(a.name).localeCompare(String(b.name))),
        foreignKeys: (db.pragma(`foreign_key_list("${name}")`) as Array<Record<string, unknown>>).map(({ id: _id, seq: _seq, ...rest }) => rest),
        indexes: (db.pragma(`index_list("${name}")`) as Array<{ name: string; unique: number }>)
          .map((index) => ({ name: index.name, unique: index.unique, columns: (db.pragma(`index_info("${index.name}")`) as Array<{ name: string }>).map((c) => c.name) }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      }));
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const query = async (sql: string) => (await client.query(sql)).rows;
    return {
      columns: await query(
        `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '${IGNORED}' AND table_name NOT LIKE '${HAND_WRITTEN}' ORDER BY table_name, column_name`,
      ),
      indexes: await query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '${IGNORED}' AND tablename NOT LIKE '${HAND_WRITTEN}' ORDER BY indexname`),
      constraints: await query(
        `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
         WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '${IGNORED}' AND conrelid::regclass::text NOT LIKE '${HAND_WRITTEN}' ORDER BY conname`,
      ),
      enums: await query(`SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY t.typname, e.enumsortorder`),
    };
  } finally {
    await client.end();
  }
}

export async function executeScript(url: string, sql: string): Promise<void> {
  if (providerOf(url) === 'sqlite') {
    const db = new BetterSqlite3(sqlitePath(url));
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

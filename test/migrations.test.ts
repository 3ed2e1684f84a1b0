import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { derivePostgresSchema } from '../scripts/derive-postgres-schema.js';
import { prisma } from '../scripts/prisma.js';
import { listMigrations, migrate } from '../src/db/migrate.js';
import { projectRoot, sqlitePath } from '../src/db/provider.js';
import { createEmptyDatabase, testProvider } from './helpers/database.js';
import { describeSchema, executeScript } from './helpers/introspect.js';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function emptyDatabase() {
  const database = await createEmptyDatabase();
  cleanups.push(database.drop);
  return database.url;
}

async function tamperWithBookkeeping(url: string, name: string) {
  const sql = `UPDATE "_crosscheck_migrations" SET checksum = 'tampered' WHERE name = '${name}'`;
  if (testProvider === 'sqlite') {
    const db = new BetterSqlite3(sqlitePath(url));
    db.exec(sql);
    db.close();
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(sql);
    await client.end();
  }
}

describe(`migrations (${testProvider})`, () => {
  it('apply from empty, then find nothing left to apply', async () => {
    const url = await emptyDatabase();
    const names = listMigrations(testProvider).map((migration) => migration.name);
    expect(names.length).toBeGreaterThan(0);
    expect(await migrate(url)).toEqual({ applied: names, alreadyApplied: 0 });
    expect(await migrate(url)).toEqual({ applied: [], alreadyApplied: names.length });
  });

  it('refuse to run when an applied migration was edited afterwards', async () => {
    const url = await emptyDatabase();
    await migrate(url);
    const first = listMigrations(testProvider)[0]!.name;
    await tamperWithBookkeeping(url, first);
    await expect(migrate(url)).rejects.toThrow(`Migration ${first} was changed after it was applied (checksum differs)`);
  });

  it('build exactly the schema that prisma/schema.prisma describes (no drift)', async () => {
    const migrated = await emptyDatabase();
    await migrate(migrated);
    const schemaPath = testProvider === 'sqlite' ? 'prisma/schema.prisma' : 'prisma/postgres/schema.prisma';
    const fromSchema = await emptyDatabase();
    await executeScript(fromSchema, prisma(['migrate', 'diff', '--from-empty', '--to-schema-datamodel', schemaPath, '--script'], testProvider));
    expect(await describeSchema(migrated)).toEqual(await describeSchema(fromSchema));
  });
});

describe('the derived PostgreSQL schema', () => {
  it('is up to date with the authored SQLite schema', () => {
    const authored = readFileSync(join(projectRoot, 'prisma/schema.prisma'), 'utf8');
    const derived = readFileSync(join(projectRoot, 'prisma/postgres/schema.prisma'), 'utf8');
    expect(derived).toBe(derivePostgresSchema(authored));
  });

  it('differs from the authored one only in provider-specific lines', () => {
    const derived = derivePostgresSchema('provider = "sqlite"\nurl = "file:driver-adapter"\noutput = "../src/generated/sqlite"\noutput = "../src/generated/pothos-sqlite.ts"\nclientOutput = "./sqlite/client.js"\nmodel A {}');
    expect(derived).toContain('provider = "postgresql"');
    expect(derived).toContain('url      = "postgresql://driver-adapter"');
    expect(derived).toContain('model A {}');
  });
});

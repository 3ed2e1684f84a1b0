// crosscheck <command>: database and corpus chores. Messages are one line; failures exit non-zero.
import { rmSync } from 'node:fs';
import { Command } from 'commander';
import pg from 'pg';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { providerOf, sqlitePath } from './db/provider.js';
import { BackupError, backupDatabase, restoreDatabase } from './services/backup.js';
import { lastLine } from './services/errors.js';
import { exportLibrary, importLibrary, ImportError } from './services/export.js';
import { runIngestCommand } from './services/ingest.js';
import { defaultSeedDir, loadSeed } from './services/seed.js';
import { createToken, grantToken, listTokens, revokeToken } from './services/tokens.js';
import { collectionSlugOf, tokenArgument, tokenGlobalId, tokenListLines } from './cli-format.js';

const program = new Command('crosscheck').description('crosscheck: a research library that compares what documents say').showHelpAfterError();

async function migrateAndOpen() {
  const config = loadConfig();
  await migrate(config.DATABASE_URL);
  return openDatabase(config.DATABASE_URL, { synchronous: config.SQLITE_SYNCHRONOUS });
}

const db = program.command('db').description('database chores');

db.command('migrate')
  .description('apply pending migrations')
  .action(async () => {
    const { applied, alreadyApplied } = await migrate(loadConfig().DATABASE_URL);
    console.log(applied.length ? `applied ${applied.join(', ')} (${alreadyApplied} already applied)` : `up to date (${alreadyApplied} migrations applied)`);
  });

db.command('reset')
  .description('delete every table and row, then migrate and load the sample corpus')
  .option('--no-seed', 'leave the database empty')
  .action(async (options: { seed: boolean }) => {
    const url = loadConfig().DATABASE_URL;
    if (providerOf(url) === 'sqlite') {
      const path = sqlitePath(url);
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    } else {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('SET client_min_messages = warning');
        await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
      } finally {
        await client.end();
      }
    }
    const database = await migrateAndOpen();
    try {
      if (options.seed) {
        const report = await loadSeed(database.prisma);
        console.log(`reset; loaded ${report.documents.created} documents and ${report.entities.created} entities into "${report.collection}"`);
      } else {
        console.log('reset; the database is empty');
      }
    } finally {
      await database.close();
    }
  });

program
  .command('seed')
  .description('load the curated sample corpus (idempotent: unchanged files change nothing)')
  .option('--dir <path>', 'seed folder', defaultSeedDir)
  .action(async (options: { dir: string }) => {
    const database = await migrateAndOpen();
    try {
      const { collection, documents, entities } = await loadSeed(database.prisma, options.dir);
      console.log(
        `seeded "${collection}": documents ${documents.created} new, ${documents.replaced} replaced, ${documents.unchanged} unchanged; ` +
          `entities ${entities.created} new, ${entities.updated} updated, ${entities.unchanged} unchanged`,
      );
    } finally {
      await database.close();
    }
  });

/** Runs fn on a migrated, open database and closes it. */
async function withDatabase<T>(fn: (database: Awaited<ReturnType<typeof migrateAndOpen>>) => Promise<T>): Promise<T> {
  const database = await migrateAndOpen();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

const token = program.command('token').description('API tokens (stored hashed; a token is shown once, when created)');

token
  .command('create')
  .description('create a token with a role on a collection; prints the token and nothing else')
  .requiredOption('--collection <slug-or-id>', 'collection the token gets a role on: its slug or global id')
  .requiredOption('--role <role>', 'READER, EDITOR or ADMIN')
  .option('--name <name>', 'a label shown by `token list`')
  .action(async (options: { collection: string; role: string; name?: string }) => {
    const created = await withDatabase(async (database) =>
      createToken(database.prisma, { collectionSlug: await collectionSlugOf(database.prisma, options.collection), role: options.role, name: options.name ?? null }),
    );
    console.log(created.token);
  });

token
  .command('grant')
  .description('give an existing token a role on another collection (or change its role there)')
  .argument('<token-or-id>', 'the token, or its id from `token list`')
  .requiredOption('--collection <slug-or-id>', 'collection: its slug or global id')
  .requiredOption('--role <role>', 'READER, EDITOR or ADMIN')
  .action(async (tokenOrId: string, options: { collection: string; role: string }) => {
    const grant = await withDatabase(async (database) =>
      grantToken(database.prisma, tokenArgument(tokenOrId), { collectionSlug: await collectionSlugOf(database.prisma, options.collection), role: options.role }),
    );
    console.log(`token ${tokenGlobalId(grant.tokenId)} is ${grant.role} on "${grant.collectionSlug}"`);
  });

token
  .command('revoke')
  .description('revoke a token: requests carrying it are refused from now on')
  .argument('<token-or-id>', 'the token, or its id from `token list`')
  .action(async (tokenOrId: string) => {
    const revoked = await withDatabase((database) => revokeToken(database.prisma, tokenArgument(tokenOrId)));
    const id = tokenGlobalId(revoked.id);
    console.log(revoked.alreadyRevoked ? `token ${id} was already revoked at ${revoked.revokedAt.toISOString()}` : `revoked token ${id}`);
  });

token
  .command('list')
  .description('list tokens with their grants (never the tokens or their hashes): a header line, then one tab-separated row per token, newest first')
  .action(async () => {
    const tokens = await withDatabase((database) => listTokens(database.prisma));
    for (const line of tokenListLines(tokens)) console.log(line);
  });

program
  .command('export')
  .description('write the library (or one collection) as JSON Lines to stdout, one record per row, with stable ids, ending with a manifest line (counts, sha256)')
  .option('--collection <slug-or-id>', 'only this collection, by slug or global id (entities are shared and always included)')
  .action(async (options: { collection?: string }) => {
    await withDatabase(async (database) => {
      const collection = options.collection === undefined ? undefined : await collectionSlugOf(database.prisma, options.collection);
      const report = await exportLibrary(database, process.stdout, { collection });
      const total = Object.values(report.records).reduce((sum, n) => sum + n, 0);
      console.error(`exported ${total} records (${Object.entries(report.records).filter(([, n]) => n > 0).map(([type, n]) => `${type} ${n}`).join(', ')})`);
    });
  });

program
  .command('import')
  .description('load an export file into an empty database, keeping its ids: all or nothing (the manifest is checked before anything is committed)')
  .argument('<file>', 'a file written by `crosscheck export`')
  .action(async (file: string) => {
    try {
      await withDatabase(async (database) => {
        const report = await importLibrary(database, file);
        const total = Object.values(report.records).reduce((sum, n) => sum + n, 0);
        console.log(`imported ${total} records (${Object.entries(report.records).filter(([, n]) => n > 0).map(([type, n]) => `${type} ${n}`).join(', ')})`);
      });
    } catch (error) {
      const why = error instanceof ImportError ? error.message : lastLine(error);
      console.error(`crosscheck import: ${why}; nothing was imported`);
      process.exitCode = 1;
    }
  });

program
  .command('backup')
  .description('copy the live database to a file: SQLite through its online backup API, PostgreSQL through pg_dump (custom format)')
  .argument('<path>', 'the backup file to write')
  .option('--force', 'replace an existing file at PATH')
  .action(async (path: string, options: { force?: boolean }) => {
    try {
      const report = await backupDatabase(loadConfig().DATABASE_URL, path, { force: options.force });
      console.log(`backed up the ${report.provider === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database to ${report.path} (${report.bytes} bytes, ${report.method === 'pg_dump' ? 'pg_dump archive: pg_restore --list reads it' : 'integrity and foreign keys checked'})`);
    } catch (error) {
      console.error(`crosscheck backup: ${error instanceof BackupError ? error.message : lastLine(error)}`);
      process.exitCode = 1;
    }
  });

program
  .command('restore')
  .description('replace the database with a backup made by `crosscheck backup` (refuses a database that holds rows unless --force), then migrate')
  .argument('<path>', 'the backup file')
  .option('--force', 'replace a database that holds rows')
  .action(async (path: string, options: { force?: boolean }) => {
    try {
      const report = await restoreDatabase(loadConfig().DATABASE_URL, path, { force: options.force });
      const rows = Object.values(report.rows).reduce((sum, n) => sum + n, 0);
      const replaced = report.replacedRows > 0 ? `, replacing ${report.replacedRows} rows` : '';
      const migrated = report.migrated.length ? `; applied ${report.migrated.join(', ')}` : '';
      console.log(`restored ${path}: ${rows} rows${replaced}${migrated}`);
    } catch (error) {
      console.error(`crosscheck restore: ${error instanceof BackupError ? error.message : lastLine(error)}`);
      process.exitCode = 1;
    }
  });

program
  .command('ingest')
  .description('load text, Markdown, HTML and JSON Lines files (or folders of them) into a collection, with suggestions')
  .argument('<paths...>', 'files or folders')
  .requiredOption('--collection <slug-or-id>', 'the collection the documents go into, by slug (created, private, when missing) or global id')
  .option('--no-suggestions', 'skip mention, citation and claim suggestions')
  .option('--max-bytes <n>', 'refuse files, and lines of .jsonl files, larger than this (default and ceiling: MAX_DOCUMENT_BYTES)')
  .action(async (paths: string[], options: { collection: string; suggestions: boolean; maxBytes?: string }) => {
    const ok = await withDatabase(async (database) =>
      runIngestCommand(database, paths, { collection: await collectionSlugOf(database.prisma, options.collection), suggestions: options.suggestions, maxBytes: options.maxBytes === undefined ? undefined : Number(options.maxBytes) }),
    );
    if (!ok) process.exitCode = 1;
  });

try {
  await program.parseAsync();
} catch (error) {
  console.error(`crosscheck: ${(error as Error).message}`);
  process.exitCode = 1;
}

// crosscheck <command>: database and corpus chores. Messages are one line; failures exit non-zero.
import { rmSync } from 'node:fs';
import { Command } from 'commander';
import pg from 'pg';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { providerOf, sqlitePath } from './db/provider.js';
import { defaultSeedDir, loadSeed } from './services/seed.js';

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

try {
  await program.parseAsync();
} catch (error) {
  console.error(`crosscheck: ${(error as Error).message}`);
  process.exitCode = 1;
}

// Opens the database a URL names through the matching Prisma driver adapter. Both generated
// clients come from one datamodel, so the rest of the code is typed against the SQLite one.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from '../generated/postgres/client.js';
import { providerOf, sqlitePath, type Provider } from './provider.js';

export type PrismaClient = SqliteClient;
export type { Prisma } from '../generated/sqlite/client.js';

export interface QueryEvent {
  query: string;
  params: string;
  duration: number;
}

export interface Database {
  prisma: PrismaClient;
  provider: Provider;
  url: string;
  /** True when a trivial query succeeds. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Receives every SQL statement Prisma issues (tests count them). */
  onQuery?: (event: QueryEvent) => void;
  synchronous?: 'FULL' | 'NORMAL';
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const provider = providerOf(url);
  const log = options.onQuery ? [{ emit: 'event' as const, level: 'query' as const }] : [];
  let prisma: PrismaClient;
  if (provider === 'sqlite') {
    prisma = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: `file:${sqlitePath(url)}` }), log });
  } else {
    // Same datamodel, same API: only the query compiler and adapter differ.
    prisma = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }), log }) as unknown as PrismaClient;
  }
  if (options.onQuery) {
    const onQuery = options.onQuery;
    (prisma as unknown as { $on(event: 'query', cb: (event: QueryEvent) => void): void }).$on('query', (event) =>
      onQuery({ query: event.query, params: event.params, duration: event.duration }),
    );
  }
  await prisma.$connect();
  if (provider === 'sqlite') {
    // The adapter leaves SQLite in rollback-journal mode with foreign keys off; WAL lets readers
    // run beside the writer, and FULL sync makes an acknowledged write survive power loss.
    await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await prisma.$executeRawUnsafe(`PRAGMA synchronous = ${options.synchronous ?? 'FULL'}`);
    await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    await prisma.$executeRawUnsafe('PRAGMA busy_timeout = 5000');
  }
  return {
    prisma,
    provider,
    url,
    async ping() {
      try {
        await prisma.$queryRawUnsafe('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => prisma.$disconnect(),
  };
}

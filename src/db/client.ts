// Opens the database a URL names through the matching Prisma driver adapter. Both generated
// clients come from one datamodel, so the rest of the code is typed against the SQLite one.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from '../generated/postgres/client.js';
import { withBusyRetry } from './busy.js';
import { providerOf, sqlitePath, type Provider } from './provider.js';

export type PrismaClient = SqliteClient;
import { Prisma } from '../generated/sqlite/client.js';
export type { Prisma } from '../generated/sqlite/client.js';

/** Tagged SQL for $queryRaw: parameters are bound, never spliced (the same on both databases). */
export const sql = Prisma.sql;
export const sqlJoin = Prisma.join;
/** Trusted SQL text spliced as is (identifiers and constants built in code, never input). */
export const sqlRaw = Prisma.raw;

export interface QueryEvent {
  query: string;
  params: string;
  duration: number;
}

export interface Database {
  /** For reads. */
  prisma: PrismaClient;
  /**
   * Runs fn in one transaction, one at a time per process. SQLite writes go through their own
   * connection: the better-sqlite3 adapter shares one connection, so a read on the reading client
   * would otherwise see (or join) a transaction that may still roll back.
   * While another writer (another process on the same SQLite file; a conflicting PostgreSQL
   * transaction) is in the way, the transaction is rolled back and run again from the start, for
   * up to OpenOptions.busyWaitMs; then it fails with DatabaseBusyError (src/db/busy.ts). So fn
   * must have no effect outside the transaction that a second run would repeat.
   */
  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T>;
  /**
   * Runs fn alone in this process's write queue (no Prisma transaction of this process overlaps
   * it), retried from the start on busy errors as transaction() is: for writes through a
   * connection of their own (src/db/ingest-writer.ts). fn must commit all or nothing.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Calls listener after every transaction() or exclusive() of this process that succeeded, so
   * after its commit (never for one that rolled back). Returns a function that removes it.
   * Listeners must not throw; they run before the write's caller resumes.
   */
  onCommit(listener: () => void): () => void;
  /**
   * busy_timeout for a SQLite connection that writes: how long one attempt waits for the lock.
   * better-sqlite3 waits synchronously (the event loop stops meanwhile), so this is short and the
   * rest of the wait is exclusive()'s asynchronous retries.
   */
  sqliteBusyTimeoutMs: number;
  /** lock_timeout for a PostgreSQL connection that writes (a lock wait beyond it is retried). */
  postgresLockTimeoutMs: number;
  provider: Provider;
  url: string;
  /**
   * Read-only SQL straight through the driver, for the few reads that return thousands of rows
   * (Prisma maps every row, which dominates there) and the hottest API reads (src/schema/lean.ts:
   * Prisma's fixed cost per call outweighs the read itself). Placeholders are $1, $2 …
   * on both databases. Statement listeners (OpenOptions.onQuery) see these reads too.
   */
  lean<T>(text: string, params?: unknown[]): Promise<T[]>;
  /** The same, each row an array of the selected columns in order (no object per row). */
  leanRows(text: string, params?: unknown[]): Promise<unknown[][]>;
  /** True when a trivial query succeeds. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Receives every SQL statement Prisma issues, and every read through lean()/leanRows() (tests count them). */
  onQuery?: (event: QueryEvent) => void;
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a write may wait, in all, for other writers before DatabaseBusyError (default 10 s). */
  busyWaitMs?: number;
}

/** Each attempt's synchronous wait for SQLite's write lock (see Database.sqliteBusyTimeoutMs). */
const SQLITE_WRITE_BUSY_TIMEOUT_MS = 50;
/** A read on SQLite in WAL mode waits only in rare cases (recovery after a crash): let it wait. */
const SQLITE_READ_BUSY_TIMEOUT_MS = 5000;
const POSTGRES_LOCK_TIMEOUT_MS = 2000;
/**
 * A write that takes SQLite's write lock and changes nothing. Run first in every transaction: the
 * adapter's BEGIN is deferred, and a transaction that reads before it writes cannot wait for the
 * lock when it first writes (SQLite answers SQLITE_BUSY at once rather than risk a deadlock),
 * whereas a first statement that writes waits busy_timeout for it.
 */
const TAKE_WRITE_LOCK = 'DELETE FROM "_crosscheck_migrations" WHERE 0';

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const provider = providerOf(url);
  const log = options.onQuery ? [{ emit: 'event' as const, level: 'query' as const }] : [];
  const busyWaitMs = options.busyWaitMs ?? 10_000;
  const connect = async (role: 'read' | 'write'): Promise<PrismaClient> => {
    const busyTimeout = role === 'write' ? SQLITE_WRITE_BUSY_TIMEOUT_MS : SQLITE_READ_BUSY_TIMEOUT_MS;
    const client =
      provider === 'sqlite'
        ? new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: `file:${sqlitePath(url)}`, timeout: busyTimeout }), log })
        : // Same datamodel, same API: only the query compiler and adapter differ.
          (new PostgresClient({ adapter: new PrismaPg({ connectionString: url, options: `-c lock_timeout=${POSTGRES_LOCK_TIMEOUT_MS}` }), log }) as unknown as PrismaClient);
    if (options.onQuery) {
      const onQuery = options.onQuery;
      (client as unknown as { $on(event: 'query', cb: (event: QueryEvent) => void): void }).$on('query', (event) =>
        onQuery({ query: event.query, params: event.params, duration: event.duration }),
      );
    }
    await client.$connect();
    if (provider === 'sqlite') {
      // The adapter leaves SQLite in rollback-journal mode with foreign keys off; WAL lets readers
      // run beside the writer, and FULL sync makes an acknowledged write survive power loss.
      await client.$queryRawUnsafe('PRAGMA journal_mode = WAL');
      await client.$executeRawUnsafe(`PRAGMA synchronous = ${options.synchronous ?? 'FULL'}`);
      await client.$executeRawUnsafe('PRAGMA foreign_keys = ON');
      await client.$executeRawUnsafe(`PRAGMA busy_timeout = ${busyTimeout}`);
    }
    return client;
  };
  const prisma = await connect('read');
  const writer = provider === 'sqlite' ? await connect('write') : prisma;
  let queue: Promise<unknown> = Promise.resolve();
  const commitListeners = new Set<() => void>();
  const committed = <T>(result: T): T => {
    for (const listener of commitListeners) listener();
    return result;
  };
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(() => withBusyRetry(fn, { budgetMs: busyWaitMs })).then(committed);
    queue = run.catch(() => undefined);
    return run;
  };
  const transaction = <T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> =>
    exclusive(() =>
      writer.$transaction(
        async (tx) => {
          if (provider === 'sqlite') await tx.$executeRawUnsafe(TAKE_WRITE_LOCK);
          return fn(tx);
        },
        { maxWait: 10_000, timeout: 60_000 },
      ),
    );
  const lean = await leanReader(provider, url, options.onQuery);
  return {
    prisma,
    transaction,
    exclusive,
    onCommit(listener) {
      commitListeners.add(listener);
      return () => commitListeners.delete(listener);
    },
    sqliteBusyTimeoutMs: SQLITE_WRITE_BUSY_TIMEOUT_MS,
    postgresLockTimeoutMs: POSTGRES_LOCK_TIMEOUT_MS,
    lean: lean.query as Database['lean'],
    leanRows: lean.rows,
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
    async close() {
      await queue;
      await prisma.$disconnect();
      if (writer !== prisma) await writer.$disconnect();
      await lean.close();
    },
  };
}

const TIMESTAMP_OID = 1114;
const MAX_PREPARED = 500;

async function leanReader(
  provider: Provider,
  url: string,
  onQuery?: (event: QueryEvent) => void,
): Promise<{ query: (text: string, params?: unknown[]) => Promise<unknown[]>; rows: (text: string, params?: unknown[]) => Promise<unknown[][]>; close(): Promise<void> }> {
  const reader = await driverReader(provider, url);
  if (!onQuery) return reader;
  // Statement listeners see driver reads too, as they see Prisma's (the statement-count tests).
  const observed =
    <R>(read: (text: string, params?: unknown[]) => Promise<R>) =>
    async (text: string, params: unknown[] = []): Promise<R> => {
      const started = performance.now();
      try {
        return await read(text, params);
      } finally {
        onQuery({ query: text, params: JSON.stringify(params), duration: performance.now() - started });
      }
    };
  return { query: observed(reader.query), rows: observed(reader.rows), close: reader.close };
}

async function driverReader(
  provider: Provider,
  url: string,
): Promise<{ query: (text: string, params?: unknown[]) => Promise<unknown[]>; rows: (text: string, params?: unknown[]) => Promise<unknown[][]>; close(): Promise<void> }> {
  if (provider === 'sqlite') {
    const connection = new BetterSqlite3(sqlitePath(url), { readonly: true, fileMustExist: true });
    connection.pragma(`busy_timeout = ${SQLITE_READ_BUSY_TIMEOUT_MS}`);
    const statements = new Map<string, BetterSqlite3.Statement>();
    const run = (text: string, params: unknown[], arrays: boolean) => {
      let statement = statements.get(text);
      if (!statement) {
        if (statements.size >= 200) statements.clear();
        statement = connection.prepare(text.replace(/\$\d+/g, '?'));
        statements.set(text, statement);
      }
      // $n placeholders bind in order; a repeated $n would need its value repeated, so refuse it.
      if ((text.match(/\$\d+/g) ?? []).length !== params.length) throw new Error('lean(): one parameter per placeholder, in order');
      return statement.raw(arrays).all(...params.map((param) => (typeof param === 'boolean' ? Number(param) : param)));
    };
    return {
      query: async (text, params = []) => run(text, params, false),
      rows: async (text, params = []) => run(text, params, true) as unknown[][],
      async close() {
        connection.close();
      },
    };
  }
  // timestamp(3) columns hold UTC, as Prisma writes and reads them; node-pg would read them as local time.
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === TIMESTAMP_OID && format !== 'binary' ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max: 4, idleTimeoutMillis: 10_000, types });
  // An idle connection that breaks (server restart, a terminated backend) is dropped by the pool and
  // the next read opens another; without a listener its 'error' would end the process.
  pool.on('error', () => undefined);
  // Named (prepared) statements: each connection parses and plans a statement text once, not on
  // every read. Names are never reused for another text; past MAX_PREPARED texts, reads go unnamed.
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name && names.size < MAX_PREPARED) names.set(text, (name = `lean_${names.size + 1}`));
    return name;
  };
  return {
    async query(text, params = []) {
      return (await pool.query({ name: nameOf(text), text, values: params })).rows;
    },
    async rows(text, params = []) {
      return (await pool.query({ name: nameOf(text), text, values: params, rowMode: 'array' })).rows;
    },
    close: () => pool.end(),
  };
}

// A write that meets another writer: SQLite lets one connection write at a time (another process,
// such as `crosscheck ingest`, may hold the lock), PostgreSQL aborts one side of a serialization
// failure or deadlock, or gives up waiting for a row lock (lock_timeout). Each of these leaves the
// database as it was, so the whole transaction is run again from the start, after a short and
// growing pause; once the wait budget is spent the caller gets DatabaseBusyError, which clients
// may retry, instead of an unexplained failure.

/** The database stayed busy with other writes for the whole wait budget; nothing was changed. */
export class DatabaseBusyError extends Error {
  readonly retryable = true;
  constructor(
    readonly waitedMs: number,
    options?: { cause?: unknown },
  ) {
    super(`The database is busy with other writes (waited ${Math.round(waitedMs)} ms); nothing was changed: retry shortly.`, options);
    this.name = 'DatabaseBusyError';
  }
}

/** PostgreSQL: serialization_failure, deadlock_detected, lock_not_available (lock_timeout). */
const POSTGRES_RETRYABLE = new Set(['40001', '40P01', '55P03']);

/**
 * Whether an error (from better-sqlite3, node-postgres or Prisma and its driver adapters) means
 * "another writer got in the way; the transaction was rolled back and may simply be run again".
 */
export function isBusyError(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown): boolean => {
    if (!value || typeof value !== 'object' || seen.has(value)) return false;
    seen.add(value);
    const record = value as { code?: unknown; originalCode?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    for (const code of [record.code, record.originalCode]) {
      if (typeof code !== 'string') continue;
      if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
      if (POSTGRES_RETRYABLE.has(code)) return true;
      // Prisma: a write conflict or deadlock (P2034); an interactive transaction that could not
      // start in time or expired waiting (P2028): rolled back either way.
      if (code === 'P2034' || code === 'P2028') return true;
    }
    if (record.kind === 'TransactionWriteConflict') return true;
    if (typeof record.message === 'string' && /\bdatabase is locked\b|\bdatabase table is locked\b/.test(record.message)) return true;
    return visit(record.cause) || visit(record.meta?.driverAdapterError);
  };
  return visit(error);
}

export interface BusyRetryOptions {
  /** How long, in all, to keep retrying before DatabaseBusyError. */
  budgetMs: number;
  /** First pause between attempts; it doubles up to maxDelayMs (each with ±50 % jitter). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** For tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  onRetry?: (attempt: number, error: unknown) => void;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs fn, and again from the start while it fails with a busy error (isBusyError), until the
 * budget is spent: then DatabaseBusyError. Any other error is thrown as it is. fn must leave
 * nothing behind when it throws (a whole transaction, rolled back).
 */
export async function withBusyRetry<T>(fn: (attempt: number) => Promise<T>, options: BusyRetryOptions): Promise<T> {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? pause;
  const maxDelay = options.maxDelayMs ?? 250;
  const started = now();
  let delay = options.initialDelayMs ?? 10;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!isBusyError(error)) throw error;
      const waited = now() - started;
      const wait = delay * (0.5 + Math.random());
      if (waited + wait > options.budgetMs) throw new DatabaseBusyError(waited, { cause: error });
      options.onRetry?.(attempt, error);
      await sleep(wait);
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}

// Targets the benchmark suites are read against (bench/suites.ts), kept free of heavy imports so
// the harness process can read them without loading the app.

/** compare() over 10,000 claims, p99 on SQLite. */
export const COMPARE_TARGET_P99_MS = 50;
/** Ingest throughput on SQLite without suggestions (the rate with them is reported beside it). */
export const INGEST_TARGET_PER_SECOND = 5000;
/** Ingest throughput on SQLite with suggestions (mentions, citations, claims with their asserters). */
export const INGEST_WITH_SUGGESTIONS_TARGET_PER_SECOND = 1000;
/**
 * Search p99 on SQLite at `npm run bench -- --corpus 100000` (PostgreSQL reported beside
 * it): a rare term and a term found in most documents.
 */
export const SEARCH_TARGET_P99_MS = { rare: 25, common: 150 } as const;

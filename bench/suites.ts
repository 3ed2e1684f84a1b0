// The benchmark suites bench/run.ts runs after its HTTP scenarios, each as a child process with its
// own CLI options, exactly as one would run it by hand:
//   compare  bench/compare.ts  compare() over 10k claims, target p99 ≤ 50 ms on SQLite
//   ingest   bench/ingest.ts   ingest throughput, target ≥ 5,000 documents/s on SQLite without suggestions
//   search   bench/search.ts   search latency over a synthetic corpus, targets p99 ≤ 25 ms (rare term)
//                              and ≤ 150 ms (a term in most documents) on SQLite at --corpus 100000
// Each script writes its own bench/<suite>-results.json; the rows printed here are read from it
// (only when the child wrote it during this run), with the targets beside them.
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Provider } from '../src/db/provider.js';
import { COMPARE_TARGET_P99_MS, INGEST_TARGET_PER_SECOND, INGEST_WITH_SUGGESTIONS_TARGET_PER_SECOND, SEARCH_TARGET_P99_MS } from './targets.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const projectRoot = dirname(benchDir);

export const SUITES = ['http', 'compare', 'ingest', 'search'] as const;
export type SuiteName = (typeof SUITES)[number];

export interface SuiteOptions {
  /** The databases to measure; when only one, the children get `--only` too. */
  providers: Provider[];
  postgresUrl: string;
  compareClaims: number;
  compareRequests: number;
  ingestDocuments: number;
  searchCorpus: number;
  searchRequests: number;
}

export interface SuiteRow {
  database: Provider;
  measure: string;
  value: string;
  target?: string;
  met?: boolean;
}

export interface SuiteResult {
  suite: Exclude<SuiteName, 'http'>;
  command: string;
  seconds: number;
  exitCode: number | null;
  rows: SuiteRow[];
  /** What the script wrote to its results file. */
  results?: unknown;
  failed?: string;
}


const fixed = (value: number, digits = 1) => value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const integer = (value: number) => Math.round(value).toLocaleString('en');

interface Spec {
  script: string;
  resultsFile: string;
  args(options: SuiteOptions): string[];
  rows(results: any): SuiteRow[];
}

/** --only for the children: they default to both databases and fail without a PostgreSQL server. */
const only = (options: SuiteOptions) => (options.providers.length === 1 ? ['--only', options.providers[0]!] : []);

const specs: Record<Exclude<SuiteName, 'http'>, Spec> = {
  compare: {
    script: 'compare.ts',
    resultsFile: 'compare-results.json',
    args: (options) => ['--claims', String(options.compareClaims), '--requests', String(options.compareRequests), ...only(options), '--postgres-url', options.postgresUrl],
    rows: (results) =>
      (results.results ?? []).flatMap(
        (row: { provider: Provider; claims: number; clusters: number; p50: number; p99: number; targetP99: number | null; page?: { requests: number; p50: number; p99: number } }) => [
          {
            database: row.provider,
            measure: `compare() over ${integer(row.claims)} claims (${row.clusters} clusters), ${results.requests} requests`,
            value: `p50 ${fixed(row.p50)} ms, p99 ${fixed(row.p99)} ms`,
            ...(row.provider === 'sqlite'
              ? { target: `p99 ≤ ${row.targetP99 ?? COMPARE_TARGET_P99_MS} ms`, met: row.p99 <= (row.targetP99 ?? COMPARE_TARGET_P99_MS) }
              : { target: '(SQLite target; reported beside it)' }),
          },
          // A page of 100 claims with document, span, asserter and origin, round the comparison's pages.
          ...(row.page
            ? [
                {
                  database: row.provider,
                  measure: `compare(), a page of 100 of ${integer(row.claims)} claims, ${row.page.requests} requests`,
                  value: `p50 ${fixed(row.page.p50)} ms, p99 ${fixed(row.page.p99)} ms`,
                  ...(row.provider === 'sqlite'
                    ? { target: `p99 ≤ ${row.targetP99 ?? COMPARE_TARGET_P99_MS} ms`, met: row.page.p99 <= (row.targetP99 ?? COMPARE_TARGET_P99_MS) }
                    : { target: '(SQLite target; reported beside it)' }),
                },
              ]
            : []),
        ],
      ),
  },
  ingest: {
    script: 'ingest.ts',
    resultsFile: 'ingest-results.json',
    args: (options) => ['--documents', String(options.ingestDocuments), ...only(options), '--postgres-url', options.postgresUrl],
    rows: (results) =>
      (['sqlite', 'postgresql'] as const).flatMap((provider) => {
        const row = results[provider] as Record<'withoutSuggestions' | 'withSuggestions', { documents: number; seconds: number; documentsPerSecond: number }> | undefined;
        if (!row) return [];
        return (['withoutSuggestions', 'withSuggestions'] as const).map((mode) => ({
          database: provider,
          measure: `ingest ${integer(row[mode].documents)} documents ${mode === 'withSuggestions' ? 'with' : 'without'} suggestions`,
          value: `${integer(row[mode].documentsPerSecond)} documents/s (${fixed(row[mode].seconds, 2)} s)`,
          ...(provider === 'sqlite'
            ? mode === 'withoutSuggestions'
              ? { target: `≥ ${integer(INGEST_TARGET_PER_SECOND)} documents/s`, met: row[mode].documentsPerSecond >= INGEST_TARGET_PER_SECOND }
              : { target: `≥ ${integer(INGEST_WITH_SUGGESTIONS_TARGET_PER_SECOND)} documents/s`, met: row[mode].documentsPerSecond >= INGEST_WITH_SUGGESTIONS_TARGET_PER_SECOND }
            : { target: '(the targets are on SQLite; reported beside them)' }),
        }));
      }),
  },
  search: {
    script: 'search.ts',
    resultsFile: 'search-results.json',
    args: (options) => ['--corpus', String(options.searchCorpus), '--requests', String(options.searchRequests), ...only(options), '--postgres-url', options.postgresUrl],
    rows: (results) =>
      (['sqlite', 'postgresql'] as const).flatMap((provider) => {
        const row = results[provider] as Record<string, any> | undefined;
        if (!row) return [];
        const shapes: Array<[key: string, label: string, term: keyof typeof SEARCH_TARGET_P99_MS]> = [
          ['rare', `rare term "${row.rareTerm}"`, 'rare'],
          ['rareWithTotal', `rare term "${row.rareTerm}" + totalCount`, 'rare'],
          ['common', `common term "${row.commonTerm}" (${integer(row.commonTermDocuments)} documents)`, 'common'],
          ['commonWithTotal', `common term "${row.commonTerm}" + totalCount`, 'common'],
          ['rareAllTypes', `rare term "${row.rareTerm}", every type + totalCount`, 'rare'],
          ['commonAllTypes', `common term "${row.commonTerm}", every type + totalCount`, 'common'],
        ];
        return shapes.filter(([key]) => row[key]).map(([key, label, term]) => ({
          database: provider,
          measure: `search ${label}, first 20 of ${integer(row.documents)} documents`,
          value: `p50 ${fixed(row[key].p50Ms)} ms, p99 ${fixed(row[key].p99Ms)} ms`,
          // The targets are for 100,000 documents; a smaller corpus is measured against them all the same.
          ...(provider === 'sqlite'
            ? { target: `p99 ≤ ${SEARCH_TARGET_P99_MS[term]} ms`, met: row[key].p99Ms <= SEARCH_TARGET_P99_MS[term] }
            : { target: '(SQLite target; reported beside it)' }),
        }));
      }),
  },
};

/** Runs one suite's script as a child process; its stdout and stderr go to this process's stderr. */
export async function runSuite(suite: Exclude<SuiteName, 'http'>, options: SuiteOptions, log: (message: string) => void, register: (kill: () => void) => () => void): Promise<SuiteResult> {
  const spec = specs[suite];
  const args = spec.args(options);
  const command = `npx tsx bench/${spec.script} ${args.join(' ')}`;
  const resultsPath = join(benchDir, spec.resultsFile);
  const started = Date.now();
  log(`${suite}: ${command}`);
  const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, spec.script), ...args], {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const unregister = register(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  child.stdout.on('data', (chunk: Buffer) => process.stderr.write(chunk.toString().replace(/^(?=.)/gm, `  ${suite} | `)));
  const exitCode = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('exit', (code) => resolve(code));
  });
  unregister();
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const result: SuiteResult = { suite, command, seconds, exitCode, rows: [] };
  let written: unknown;
  try {
    if (statSync(resultsPath).mtimeMs >= started - 1000) written = JSON.parse(readFileSync(resultsPath, 'utf8'));
  } catch {
    written = undefined;
  }
  if (exitCode !== 0) result.failed = `exited with code ${exitCode}`;
  else if (written === undefined) result.failed = `did not write bench/${spec.resultsFile}`;
  if (written !== undefined) {
    result.results = written;
    try {
      result.rows = spec.rows(written);
    } catch (error) {
      result.failed ??= `could not read bench/${spec.resultsFile}: ${(error as Error).message}`;
    }
  }
  log(`${suite}: ${result.failed ? `✗ ${result.failed}` : 'done'} in ${seconds} s`);
  return result;
}

/** The suites' rows as one table. */
export function suitesTable(results: SuiteResult[]): string {
  const header = ['suite', 'database', 'measure', 'result', 'target', ''];
  const rows: string[][] = [];
  for (const result of results) {
    if (result.failed) rows.push([result.suite, '', `FAILED: ${result.failed}`, '', '', '']);
    for (const row of result.rows) {
      rows.push([result.suite, row.database === 'sqlite' ? 'SQLite' : 'PostgreSQL', row.measure, row.value, row.target ?? '—', row.met === undefined ? '' : row.met ? 'met' : 'NOT MET']);
    }
  }
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

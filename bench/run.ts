// npm run bench [-- --duration 5 --connections 10 --only sqlite|postgresql --postgres-url URL --corpus N --suites http,compare,ingest,search]
//
// Suite "http": measures the GraphQL server over loopback with autocannon and prints each
// scenario's req/s as a ratio to a baseline (`{ __typename }`) measured in the same run on the same
// database, next to its target (bench/scenarios.ts). The server runs as a child process (bench/server.ts →
// start() from src/server.ts) on a fresh database (a temporary SQLite file; a new PostgreSQL database
// crosscheck_bench_<random>, dropped afterwards) holding the sample corpus, plus N synthetic
// documents with --corpus N.
// Then the suites "compare", "ingest" and "search": bench/compare.ts,
// bench/ingest.ts and bench/search.ts, each run as a child process with matching options
// (bench/suites.ts), their results read against their targets.
// Writes bench/results.json. Exits 1 when a scenario cannot be measured, any response fails (HTTP
// error or GraphQL errors) or a suite fails; a missed target is only reported.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { postgresProblem, projectRoot, type Provider } from '../src/db/provider.js';
import { loadSeed } from '../src/services/seed.js';
import type { CountReply, CountRequest } from './count.js';
import { generateCorpus, progressReporter, type CorpusReport } from './corpus.js';
import { requestBody, scenarios, type Post, type Scenario } from './scenarios.js';
import type { ServerReport } from './server.js';
import { scratchDatabase } from './databases.js';
import { runSuite, SUITES, suitesTable, type SuiteName, type SuiteResult } from './suites.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };

const usage = `Usage: npm run bench -- [options]
  --duration S         seconds measured per scenario (default 5)
  --warmup S           seconds of unmeasured load per scenario before measuring starts (default 3)
  --scenarios LIST     comma-separated subset of documents,claims,node (the baseline always runs)
  --connections N      concurrent keep-alive connections (default 10)
  --only DB            sqlite or postgresql (default: both; PostgreSQL only when a server answers)
  --postgres-url URL   admin URL used to create and drop the benchmark database
                       (default postgresql://postgres@127.0.0.1:5432/test)
  --corpus N           add N synthetic documents (bench/corpus.ts) to the sample corpus first; also the
                       search suite's corpus size (default 10000 there; its targets are set for --corpus 100000)
  --out FILE           where to write the results (default bench/results.json)
  --suites LIST        comma-separated subset of http,compare,ingest,search (default: all, in that order)
                         http     the autocannon scenarios above
                         compare  npx tsx bench/compare.ts: compare() over --compare-claims claims
                         ingest   npx tsx bench/ingest.ts: --ingest-documents documents, without and with
                                  suggestions
                         search   npx tsx bench/search.ts over a synthetic corpus
                       each gets --only and --postgres-url as given here (--only when one database is measured)
  --compare-claims N   claims compared (default 10000)
  --compare-requests N sequential compare requests measured (default 100)
  --ingest-documents N documents ingested per mode (default 10000: fewer are dominated by JIT warm-up)
  --search-requests N  sequential requests measured per search shape (default 100)

A plain \`npm run bench\` takes about 3 minutes with both databases (http ~75 s, compare ~40 s, ingest
~7 s, search ~50 s); \`--suites http\` only the first part. compare, ingest and search write their own
bench/compare-results.json, bench/ingest-results.json and bench/search-results.json, as when run by hand.`;

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '3' },
    scenarios: { type: 'string' },
    connections: { type: 'string', default: '10' },
    only: { type: 'string' },
    'postgres-url': { type: 'string', default: process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test' },
    corpus: { type: 'string', default: '0' },
    out: { type: 'string', default: join(benchDir, 'results.json') },
    suites: { type: 'string', default: SUITES.join(',') },
    'compare-claims': { type: 'string', default: '10000' },
    'compare-requests': { type: 'string', default: '100' },
    'ingest-documents': { type: 'string', default: '10000' },
    'search-requests': { type: 'string', default: '100' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (args.help) {
  console.log(usage);
  process.exit(0);
}
const number = (name: string, value: string, min: number) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min) {
    console.error(`--${name} must be a number ≥ ${min}, got "${value}"\n\n${usage}`);
    process.exit(2);
  }
  return parsed;
};
const options = {
  duration: number('duration', args.duration, 1),
  warmup: number('warmup', args.warmup, 0),
  connections: Math.round(number('connections', args.connections, 1)),
  corpus: Math.round(number('corpus', args.corpus, 0)),
  postgresUrl: args['postgres-url'],
  out: args.out,
  compareClaims: Math.round(number('compare-claims', args['compare-claims'], 1)),
  compareRequests: Math.round(number('compare-requests', args['compare-requests'], 1)),
  ingestDocuments: Math.round(number('ingest-documents', args['ingest-documents'], 1)),
  searchRequests: Math.round(number('search-requests', args['search-requests'], 1)),
};
const suites = args.suites.split(',').filter(Boolean) as SuiteName[];
const unknownSuites = suites.filter((suite) => !(SUITES as readonly string[]).includes(suite));
if (unknownSuites.length > 0 || suites.length === 0) {
  console.error(`--suites: unknown ${unknownSuites.join(', ') || '(none given)'} (known: ${SUITES.join(', ')})`);
  process.exit(2);
}
const runSuites = SUITES.filter((suite) => suites.includes(suite)); // always in the documented order
const selected = scenarios.filter((scenario) => scenario.key === 'baseline' || !args.scenarios || args.scenarios.split(',').includes(scenario.key));
const unknown = (args.scenarios?.split(',') ?? []).filter((key) => !scenarios.some((scenario) => scenario.key === key));
if (unknown.length > 0) {
  console.error(`--scenarios: unknown ${unknown.join(', ')} (known: ${scenarios.map((scenario) => scenario.key).join(', ')})`);
  process.exit(2);
}
if (args.only && args.only !== 'sqlite' && args.only !== 'postgresql') {
  console.error(`--only must be sqlite or postgresql, got "${args.only}"`);
  process.exit(2);
}

interface ScenarioResult {
  title: string;
  query: string;
  variableSets: number;
  requests: number;
  seconds: number;
  reqPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errors: number; // socket errors + timeouts
  non2xx: number;
  graphqlErrors: number;
  firstError?: string;
  statementsPerRequest?: number;
  statements?: string[];
  serverPeakRssMB: number;
  ratio?: number;
  target?: { text: string; ratio: number; p99Ms?: number; met: boolean };
  failed?: string;
}

interface DatabaseResult {
  provider: Provider;
  documents: number;
  corpus?: CorpusReport;
  serverPeakRssMB?: number;
  /** process.memoryUsage() of the server after the last scenario. */
  serverMemoryMB?: Record<string, number>;
  /** The same after a forced full garbage collection: what the server really keeps. */
  serverMemoryAfterGcMB?: Record<string, number>;
  scenarios: Record<string, ScenarioResult>;
  failed?: string;
}

const cleanups = new Set<() => Promise<void> | void>();
process.once('SIGINT', async () => {
  console.error('\ninterrupted: stopping the server and dropping the benchmark database');
  for (const cleanup of [...cleanups].reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  process.exit(130);
});

const MB = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const began = Date.now();
const log = (message: string) => process.stderr.write(`[${((Date.now() - began) / 1000).toFixed(1).padStart(5)} s] ${message}\n`);

/** A fresh, migrated database holding the sample corpus (and the synthetic one). */
async function prepareDatabase(provider: Provider) {
  const { url, drop } = await scratchDatabase(provider, options.postgresUrl, 'bench');
  cleanups.add(drop);
  await migrate(url);
  const db = await openDatabase(url, { synchronous: 'NORMAL' });
  let corpus: CorpusReport | undefined;
  try {
    await loadSeed(db.prisma);
    if (options.corpus > 0) {
      corpus = await generateCorpus(db, { documents: options.corpus, onProgress: progressReporter(`${provider} corpus`) });
      log(`${provider}: ${corpus.documents.toLocaleString('en')} synthetic documents in ${corpus.seconds.toFixed(1)} s (${corpus.documentsPerSecond.toLocaleString('en')}/s)`);
    }
    const documents = await db.prisma.document.count();
    return { url, drop, documents, corpus };
  } finally {
    await db.close();
  }
}

/** Starts bench/server.ts on the database; resolves once it listens. */
async function startServer(url: string) {
  const child: ChildProcess = fork(join(benchDir, 'server.ts'), [], {
    cwd: projectRoot,
    execArgv: ['--import', 'tsx', '--expose-gc'], // gc() only runs when the harness asks, after the last scenario
    env: { ...process.env, DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  cleanups.add(kill);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 60 s')), 60_000);
    child.on('message', (report: ServerReport) => {
      if (report.type === 'ready') {
        clearTimeout(timer);
        resolve(report.port!);
      } else if (report.type === 'failed') reject(new Error(`the server failed to start: ${report.message}`));
    });
    child.once('exit', (code) => reject(new Error(`the server exited with code ${code} before it listened`)));
  });
  const ask = <T>(type: string, answer: ServerReport['type'], pick: (report: ServerReport) => T) =>
    new Promise<T>((resolve) => {
      const listener = (report: ServerReport) => {
        if (report.type !== answer) return;
        child.off('message', listener);
        resolve(pick(report));
      };
      child.on('message', listener);
      child.send({ type });
    });
  return {
    port,
    pid: child.pid!,
    peakRss: () => ask('memory', 'memory', (report) => report.maxRss!),
    memory: (afterGc = false) =>
      ask(afterGc ? 'memory-after-gc' : 'memory', afterGc ? 'memory-after-gc' : 'memory', (report) =>
        Object.fromEntries(Object.entries(report.memory ?? {}).map(([key, bytes]) => [key, MB(bytes)])),
      ),
    async stop() {
      const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
      child.send({ type: 'stop' });
      const timer = setTimeout(kill, 15_000);
      await exited;
      clearTimeout(timer);
      cleanups.delete(kill);
    },
  };
}

/** Peak RSS of a process from the kernel (Linux), as a cross-check of what the server reports. */
function kernelPeakRss(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Load {
  requests: number;
  seconds: number;
  latencies: Float64Array;
  errors: number;
  non2xx: number;
  graphqlErrors: number;
  firstError?: string;
}

/** Runs autocannon for `seconds`, cycling through the bodies; latencies recorded to the microsecond. */
function load(port: number, bodies: string[], seconds: number): Promise<Load> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let graphqlErrors = 0;
    let firstError: string | undefined;
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}/graphql`,
        connections: options.connections,
        duration: seconds,
        requests: bodies.map((body) => ({
          method: 'POST' as const,
          path: '/graphql',
          headers: HEADERS,
          body,
          onResponse: (status: number, responseBody: string) => {
            if (responseBody.includes('"errors":')) {
              graphqlErrors++;
              firstError ??= `HTTP ${status}: ${responseBody.slice(0, 300)}`;
            } else if (status !== 200) firstError ??= `HTTP ${status}: ${responseBody.slice(0, 300)}`;
          },
        })),
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requests: result.requests.total,
          seconds: result.duration,
          latencies: Float64Array.from(latencies).sort(),
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
          graphqlErrors,
          ...(firstError ? { firstError } : {}),
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

const percentile = (sorted: Float64Array, p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Checks every variable set once; throws with the first problem. */
async function check(post: Post, scenario: Scenario, bodies: string[]) {
  for (const body of bodies) {
    const { status, json } = await post(body);
    const problem =
      status !== 200
        ? `HTTP ${status}`
        : json.errors?.length
          ? `GraphQL errors: ${json.errors.map((error) => error.message).join('; ')}`
          : scenario.problem(json.data);
    if (problem) throw new Error(`${scenario.title}: ${problem}\n  request: ${body.slice(0, 300)}\n  response: ${JSON.stringify(json).slice(0, 500)}`);
    if (json.extensions && 'responseCache' in json.extensions) {
      throw new Error(`${scenario.title}: the response carries extensions.responseCache — the benchmark must run with the response cache off`);
    }
  }
}

/** SQL statements one request of each scenario issues, counted by bench/count.ts in a child process. */
function countStatements(url: string, bodies: Map<string, string>): Promise<Map<string, string[]>> {
  return new Promise((resolve, reject) => {
    const child = fork(join(benchDir, 'count.ts'), [], { cwd: projectRoot, execArgv: ['--import', 'tsx'], env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const kill = () => {
      child.kill('SIGKILL');
    };
    cleanups.add(kill);
    child.once('message', (reply: CountReply) => {
      cleanups.delete(kill);
      if (reply.error) reject(new Error(`counting statements failed: ${reply.error}`));
      else resolve(new Map(reply.counts));
    });
    child.once('exit', (code) => {
      cleanups.delete(kill);
      reject(new Error(`the statement counter exited with code ${code}`));
    });
    child.send({ url, bodies: [...bodies], headers: HEADERS } satisfies CountRequest);
  });
}

async function benchDatabase(provider: Provider): Promise<DatabaseResult> {
  process.stderr.write('\n');
  log(`${provider}: preparing a fresh database${options.corpus ? ` with ${options.corpus.toLocaleString('en')} synthetic documents` : ''}…`);
  const prepared = await prepareDatabase(provider);
  const result: DatabaseResult = { provider, documents: prepared.documents, ...(prepared.corpus ? { corpus: prepared.corpus } : {}), scenarios: {} };
  try {
    const server = await startServer(prepared.url);
    const firstBodies = new Map<string, string>();
    try {
      const post: Post = async (body) => {
        const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, { method: 'POST', headers: HEADERS, body, signal: AbortSignal.timeout(30_000) });
        const text = await response.text();
        try {
          return { status: response.status, json: JSON.parse(text) };
        } catch {
          throw new Error(`HTTP ${response.status} with a body that is not JSON: ${JSON.stringify(text.slice(0, 300))}`);
        }
      };
      // 1. Look up the variables and check one response of each set.
      const ready: Array<{ scenario: Scenario; bodies: string[] }> = [];
      for (const scenario of selected) {
        try {
          const bodies = (await scenario.variables(post)).map((variables) => requestBody(scenario, variables));
          await check(post, scenario, bodies);
          ready.push({ scenario, bodies });
          firstBodies.set(scenario.key, bodies[0]!);
        } catch (error) {
          const message = (error as Error).message;
          log(`${provider}: ✗ ${message}`);
          result.scenarios[scenario.key] = { title: scenario.title, failed: message } as ScenarioResult;
        }
      }
      // 2. Warm up: V8 needs some thousand requests before the server reaches its steady pace.
      if (options.warmup > 0) {
        log(`${provider}: warming up, ${options.warmup} s per scenario`);
        for (const { bodies } of ready) await load(server.port, bodies, options.warmup);
      }
      // 3. Measure.
      let baselineRate: number | undefined;
      for (const { scenario, bodies } of ready) {
        log(`${provider}: ${scenario.title} — ${bodies.length} variable set${bodies.length === 1 ? '' : 's'}, ${options.duration} s`);
        const measured = await load(server.port, bodies, options.duration);
        const peak = Math.max(await server.peakRss(), kernelPeakRss(server.pid) ?? 0);
        const reqPerSec = measured.requests / measured.seconds;
        const p99 = percentile(measured.latencies, 99);
        if (scenario.key === 'baseline') baselineRate = reqPerSec;
        const ratio = baselineRate ? reqPerSec / baselineRate : undefined;
        const entry: ScenarioResult = {
          title: scenario.title,
          query: scenario.query,
          variableSets: bodies.length,
          requests: measured.requests,
          seconds: round(measured.seconds),
          reqPerSec: Math.round(reqPerSec),
          latencyMs: {
            p50: round(percentile(measured.latencies, 50)),
            p90: round(percentile(measured.latencies, 90)),
            p99: round(p99),
            max: round(measured.latencies[measured.latencies.length - 1] ?? NaN),
          },
          errors: measured.errors,
          non2xx: measured.non2xx,
          graphqlErrors: measured.graphqlErrors,
          ...(measured.firstError ? { firstError: measured.firstError } : {}),
          serverPeakRssMB: MB(peak),
          ...(ratio !== undefined ? { ratio: round(ratio, 3) } : {}),
        };
        if (scenario.target && ratio !== undefined) {
          const met = ratio >= scenario.target.ratio && (scenario.target.p99Ms === undefined || p99 <= scenario.target.p99Ms);
          entry.target = { text: scenario.target.text, ratio: scenario.target.ratio, ...(scenario.target.p99Ms ? { p99Ms: scenario.target.p99Ms } : {}), met };
        }
        if (measured.requests === 0) {
          entry.failed = 'no response at all during the measurement';
          log(`${provider}: ✗ ${scenario.title}: ${entry.failed}`);
        } else if (measured.errors || measured.non2xx || measured.graphqlErrors) {
          entry.failed = `${measured.errors} socket errors/timeouts, ${measured.non2xx} non-2xx, ${measured.graphqlErrors} responses with GraphQL errors${measured.firstError ? ` — first: ${measured.firstError}` : ''}`;
          log(`${provider}: ✗ ${scenario.title}: ${entry.failed}`);
        }
        result.scenarios[scenario.key] = entry;
      }
      result.serverPeakRssMB = MB(Math.max(await server.peakRss(), kernelPeakRss(server.pid) ?? 0));
      result.serverMemoryMB = await server.memory();
      result.serverMemoryAfterGcMB = await server.memory(true);
    } finally {
      await server.stop();
    }
    try {
      for (const [key, statements] of await countStatements(prepared.url, firstBodies)) {
        const entry = result.scenarios[key];
        if (entry) Object.assign(entry, { statementsPerRequest: statements.length, statements });
      }
    } catch (error) {
      log(`${provider}: ${(error as Error).message}`); // the load numbers stand without the counts
    }
  } catch (error) {
    result.failed = (error as Error).stack ?? String(error);
    log(`${provider}: ✗ ${result.failed}`);
  } finally {
    await prepared.drop();
    cleanups.delete(prepared.drop);
  }
  return result;
}

function table(result: DatabaseResult): string {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'SQL/req', 'peak RSS', 'ratio', 'target', ''];
  const rows = selected.map((scenario) => {
    const entry = result.scenarios[scenario.key];
    if (!entry || entry.requests === undefined) return [scenario.title, 'FAILED', '', '', '', '', '', '', scenario.target?.text ?? '', ''];
    const errors = entry.errors + entry.non2xx + entry.graphqlErrors;
    return [
      scenario.title,
      entry.reqPerSec.toLocaleString('en'),
      entry.latencyMs.p50.toFixed(2),
      entry.latencyMs.p99.toFixed(2),
      String(errors),
      entry.statementsPerRequest === undefined ? '?' : String(entry.statementsPerRequest),
      `${entry.serverPeakRssMB.toFixed(0)} MB`,
      entry.ratio === undefined ? '' : `${entry.ratio.toFixed(3)}×`,
      entry.target?.text ?? '—',
      entry.target ? (entry.target.met ? 'met' : 'NOT MET') : '',
    ];
  });
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const numeric = new Set([1, 2, 3, 4, 5, 6, 7]);
  const line = (row: string[]) => row.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

async function main() {
  const providers: Provider[] = [];
  if (args.only !== 'postgresql') providers.push('sqlite');
  if (args.only !== 'sqlite') {
    const problem = await postgresProblem(options.postgresUrl);
    if (!problem) providers.push('postgresql');
    else if (args.only === 'postgresql') throw new Error(`PostgreSQL at ${options.postgresUrl} does not answer: ${problem}`);
    else log(`PostgreSQL at ${options.postgresUrl} does not answer (${problem}): measuring SQLite only`);
  }
  const perScenario = options.warmup + options.duration;
  const http = runSuites.includes('http');
  log(
    `crosscheck bench: ${providers.join(' and ')}; suites ${runSuites.join(', ')}` +
      (http
        ? `; http: ${selected.length} scenarios × (${options.warmup} s warm-up + ${options.duration} s), ` +
          `${options.connections} connections, about ${Math.ceil((providers.length * selected.length * perScenario) / 10) * 10} s of load`
        : ''),
  );

  const results: DatabaseResult[] = [];
  if (http) for (const provider of providers) results.push(await benchDatabase(provider));

  // The other suites, each its own script in a child process (bench/suites.ts).
  const suiteResults: SuiteResult[] = [];
  const suiteOptions = {
    providers,
    postgresUrl: options.postgresUrl,
    compareClaims: options.compareClaims,
    compareRequests: options.compareRequests,
    ingestDocuments: options.ingestDocuments,
    searchCorpus: args.corpus !== '0' ? options.corpus : 10_000,
    searchRequests: options.searchRequests,
  };
  const register = (kill: () => void) => {
    cleanups.add(kill);
    return () => cleanups.delete(kill);
  };
  for (const suite of runSuites) {
    if (suite === 'http') continue;
    process.stderr.write('\n');
    suiteResults.push(await runSuite(suite, suiteOptions, log, register));
  }

  const date = new Date().toISOString();
  console.log(`\ncrosscheck bench — ${date}, Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${((Date.now() - began) / 1000).toFixed(0)} s in all`);
  if (http) {
    console.log(
      `http: loopback, server in a child process, ${options.connections} connections, ${options.duration} s per scenario after a warm-up of ${options.warmup} s per scenario; ratio = req/s ÷ baseline req/s`,
    );
  }
  for (const result of results) {
    const label = result.provider === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    console.log(`\n${label}: ${result.documents.toLocaleString('en')} documents${result.corpus ? ` (sample corpus + ${result.corpus.documents.toLocaleString('en')} synthetic)` : ' (sample corpus)'}${result.serverPeakRssMB ? `, server peak RSS ${result.serverPeakRssMB} MB` : ''}${result.serverMemoryAfterGcMB ? ` (heap ${result.serverMemoryMB?.heapUsed} MB used at the end, ${result.serverMemoryAfterGcMB.heapUsed} MB after a full GC)` : ''}`);
    if (result.failed) console.log(`FAILED: ${result.failed}`);
    else console.log(table(result));
  }
  if (suiteResults.length > 0) {
    console.log(`\nSuites (${suiteResults.map((result) => `${result.suite} ${result.seconds} s`).join(', ')}):`);
    console.log(suitesTable(suiteResults));
  }

  writeFileSync(
    options.out,
    `${JSON.stringify(
      {
        date,
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim(),
        memoryGB: round(totalmem() / 1024 ** 3, 1),
        options: { suites: runSuites, duration: options.duration, warmup: options.warmup, connections: options.connections, corpus: options.corpus, ...suiteOptions },
        databases: Object.fromEntries(results.map((result) => [result.provider, result])),
        suites: Object.fromEntries(suiteResults.map((result) => [result.suite, result])),
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nresults written to ${relative(process.cwd(), options.out) || options.out}`);

  const failures = results.flatMap((result) => [
    ...(result.failed ? [`${result.provider}: ${result.failed.split('\n')[0]}`] : []),
    ...Object.entries(result.scenarios)
      .filter(([, entry]) => entry.failed)
      .map(([key, entry]) => `${result.provider} ${key}: ${entry.failed!.split('\n')[0]}`),
  ]);
  for (const result of suiteResults) if (result.failed) failures.push(`${result.suite}: ${result.failed} (${result.command})`);
  if (failures.length > 0) {
    console.error(`\nFAILED — the benchmark is not valid:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch(async (error) => {
  console.error(error);
  for (const cleanup of [...cleanups].reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  process.exit(1);
});

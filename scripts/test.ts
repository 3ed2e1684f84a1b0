// npm test: type-check, run the suite on SQLite, then again on PostgreSQL when a server answers
// (TEST_POSTGRES_URL, else 127.0.0.1:5432; required under CI=true). Ends with the line
// "N passed, N failed" summed over both runs, so a run that executed no test is visible.
// Extra arguments go to vitest (e.g. `npm test -- test/seed.test.ts`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { postgresProblem } from '../src/db/provider.js';
import { gqlTada } from './client-types.js';
import { projectRoot } from './prisma.js';

const postgresUrl = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const required = process.env.CI === 'true' || process.env.TEST_POSTGRES_REQUIRED === 'true';
const resultsDir = join(projectRoot, '.vitest-results');
const bin = (name: string) => join(projectRoot, 'node_modules', '.bin', name);

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const result = spawnSync(command, args, { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

function suite(provider: 'sqlite' | 'postgresql'): Totals & { exitCode: number } {
  console.log(`\n=== test suite on ${provider === 'sqlite' ? 'SQLite' : `PostgreSQL (${postgresUrl})`} ===`);
  const output = join(resultsDir, `${provider}.json`);
  rmSync(output, { force: true });
  const exitCode = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${output}`, ...process.argv.slice(2)], {
    TEST_DATABASE: provider,
    TEST_POSTGRES_URL: postgresUrl,
  });
  try {
    const report = JSON.parse(readFileSync(output, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    return { exitCode, passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
  } catch {
    // vitest died before writing its report: count the run as one failure.
    return { exitCode: exitCode || 1, passed: 0, failed: 1, skipped: 0 };
  }
}

mkdirSync(resultsDir, { recursive: true });
let failedSteps = 0;
// Tests that start the server as `npm start` does run the compiled copy: bring it up to date once
// here, rather than in test files running side by side.
if (run(process.execPath, [join(projectRoot, 'scripts', 'build.mjs'), '--if-stale']) !== 0) failedSteps++;
console.log('=== type check ===');
// examples/client is type-checked with the rest (tsconfig.json includes examples/), against types
// regenerated here from the committed schema.graphql, and its operations validated against it.
if (gqlTada('generate-output', 'pipe') !== 0) failedSteps++;
if (run(bin('tsc'), ['--noEmit', '-p', '.']) !== 0) failedSteps++;
if (gqlTada('check') !== 0) failedSteps++;

const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
const add = (result: Totals & { exitCode: number }) => {
  totals.passed += result.passed;
  totals.failed += result.failed;
  totals.skipped += result.skipped;
  if (result.exitCode !== 0) failedSteps++;
};

add(suite('sqlite'));
const unavailable = await postgresProblem(postgresUrl);
if (unavailable === undefined) {
  add(suite('postgresql'));
} else if (required) {
  console.error(`\nPostgreSQL is required (CI=true) but ${postgresUrl} does not answer: ${unavailable}`);
  failedSteps++;
} else {
  console.warn(`\nPostgreSQL run skipped: ${postgresUrl} does not answer (${unavailable}). Set TEST_POSTGRES_URL to run it.`);
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failedSteps > 0 || totals.failed > 0 || totals.passed === 0 ? 1 : 0);

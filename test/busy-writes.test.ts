// Writes while another writer holds the database: the retry helper on its own, a write kept out
// by a lock another connection holds (retried, then DatabaseBusyError, shown by the API as
// DATABASE_BUSY), and concurrent mutations while `crosscheck ingest` runs as a second process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseBusyError, isBusyError, withBusyRetry } from '../src/db/busy.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { projectRoot, sqlitePath } from '../src/db/provider.js';
import { loadSeed } from '../src/services/seed.js';
import { createToken } from '../src/services/tokens.js';
import { createTestDatabase, tableCounts, testProvider, type TestDatabase } from './helpers/database.js';
import { createTestApp } from './helpers/graphql.js';

describe('withBusyRetry and isBusyError', () => {
  const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

  it('runs again after busy errors and returns the first success', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await withBusyRetry(
      async () => {
        calls++;
        if (calls <= 2) throw busy();
        return 'done';
      },
      { budgetMs: 10_000, sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]!).toBeGreaterThan(0);
  });

  it('gives up with DatabaseBusyError once the budget is spent, with the busy error as its cause', async () => {
    let clock = 0;
    let calls = 0;
    const attempt = withBusyRetry(
      async () => {
        calls++;
        throw busy();
      },
      { budgetMs: 1000, now: () => clock, sleep: async (ms) => void (clock += ms) },
    );
    const error = await attempt.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseBusyError);
    expect((error as DatabaseBusyError).retryable).toBe(true);
    expect((error as DatabaseBusyError).cause).toMatchObject({ code: 'SQLITE_BUSY' });
    expect(calls).toBeGreaterThan(3);
    expect(clock).toBeLessThanOrEqual(1000);
  });

  it('passes any other error through at once', async () => {
    let calls = 0;
    const unique = Object.assign(new Error('Unique constraint failed'), { code: 'P2002' });
    await expect(
      withBusyRetry(
        async () => {
          calls++;
          throw unique;
        },
        { budgetMs: 10_000, sleep: async () => undefined },
      ),
    ).rejects.toBe(unique);
    expect(calls).toBe(1);
  });

  it('recognises busy errors from each driver, and nothing else', () => {
    const prismaBusy = { code: 'P1008', message: 'Operation has timed out', meta: { driverAdapterError: { cause: { originalCode: 'SQLITE_BUSY', originalMessage: 'database is locked', kind: 'SocketTimeout' } } } };
    const pgError = (code: string) => Object.assign(new Error('pg'), { code, severity: 'ERROR' });
    expect(isBusyError(busy())).toBe(true);
    expect(isBusyError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY_SNAPSHOT' }))).toBe(true);
    expect(isBusyError(prismaBusy)).toBe(true);
    expect(isBusyError(new Error('outer', { cause: busy() }))).toBe(true);
    for (const code of ['40001', '40P01', '55P03', 'P2034', 'P2028']) expect(isBusyError(pgError(code))).toBe(true);
    expect(isBusyError({ code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'postgres', code: '40P01' } } } })).toBe(true);
    expect(isBusyError({ code: 'P1008', meta: { driverAdapterError: { cause: { kind: 'SocketTimeout' } } } })).toBe(false);
    for (const other of [new Error('boom'), pgError('23505'), { code: 'P2002' }, { code: 'SQLITE_CONSTRAINT_UNIQUE' }, null, 'database'])
      expect(isBusyError(other)).toBe(false);
  });
});

/**
 * Holds the database's write lock from another connection until release(): on SQLite a second
 * process, as `crosscheck ingest` beside the server is; on PostgreSQL a transaction holding an
 * exclusive lock on "Entity".
 */
async function holdWriteLock(url: string): Promise<{ release(): Promise<void> }> {
  if (testProvider === 'sqlite') {
    const script =
      "const D = require('better-sqlite3'); const c = new D(process.argv[1]); c.exec('BEGIN IMMEDIATE'); " +
      "process.stdout.write('held\\n'); process.stdin.on('data', () => { c.exec('ROLLBACK'); c.close(); process.exit(0); });";
    const child = spawn(process.execPath, ['-e', script, sqlitePath(url)], { cwd: projectRoot, stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise((resolve, reject) => {
      child.stdout!.once('data', resolve);
      child.once('error', reject);
    });
    return {
      async release() {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.stdin!.write('go\n');
        await exited;
      },
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE "Entity" IN EXCLUSIVE MODE');
  return {
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

describe(`writes kept out by another writer (${testProvider})`, () => {
  let t: TestDatabase;
  let shortWait: Database;
  let token: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    await loadSeed(t.db.prisma);
    token = (await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'EDITOR' })).token;
    shortWait = await openDatabase(t.url, { synchronous: 'NORMAL', busyWaitMs: 1500 });
  });
  afterAll(async () => {
    await shortWait?.close();
    await t?.destroy();
  });
  const createPerson = (db: Database, name: string) =>
    createTestApp(db).execute(`mutation ($n: String!) { createPerson(input: { name: $n }) { __typename ... on Error { message } } }`, { n: name }, { authorization: `Bearer ${token}` });

  it('answers DATABASE_BUSY (retryable) when the lock stays taken, and changes nothing', async () => {
    // Authenticate once beforehand, so that the token's lastUsedAt is not written under the lock.
    expect((await createPerson(shortWait, 'Before The Lock')).data.createPerson.__typename).toBe('CreatePersonPayload');
    const before = await tableCounts(t.db);
    const lock = await holdWriteLock(t.url);
    let response;
    try {
      response = await createPerson(shortWait, 'Kept Out');
    } finally {
      await lock.release();
    }
    expect(response.data?.createPerson ?? null).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'DATABASE_BUSY', retryable: true });
    expect(response.errors![0]!.message).toMatch(/busy.*retry/i);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('waits, retrying, for a lock that is released within the budget', async () => {
    const lock = await holdWriteLock(t.url);
    const pending = createPerson(t.db, 'Waited For');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await lock.release();
    const response = await pending;
    expect(response.errors).toBeUndefined();
    expect(response.data.createPerson.__typename).toBe('CreatePersonPayload');
  });
});

describe(`mutations during a CLI ingest (${testProvider})`, () => {
  let t: TestDatabase;
  let dir: string;
  let token: string;
  const ids: Record<string, string> = {};
  const gid = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64');
  beforeAll(async () => {
    t = await createTestDatabase();
    await loadSeed(t.db.prisma);
    token = (await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'EDITOR' })).token;
    ids.doc = gid('Document', (await t.db.prisma.document.findUniqueOrThrow({ where: { key: '004_33eb88c9cdc5cc6a' } })).id);
    ids.event = gid('Event', (await t.db.prisma.entity.findUniqueOrThrow({ where: { key: 'massacre-1988' } })).id);
    dir = mkdtempSync(join(tmpdir(), 'crosscheck-busy-'));
  });
  afterAll(async () => {
    await t?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every concurrent createClaim and createPerson succeeds or is refused as retryable, none fails unexpectedly', async () => {
    const count = 4000;
    const lines: string[] = [];
    for (let i = 0; i < count; i++) {
      lines.push(JSON.stringify({ title: `Bulletin ${i}`, text: `Bulletin ${i}. Ebrahim Raisi was named again; Amnesty International counted ${1000 + i} cases in report ${i}.` }));
    }
    writeFileSync(join(dir, 'bulk.jsonl'), `${lines.join('\n')}\n`);

    // The CLI as an operator runs it: a second process on the same database.
    const child: ChildProcess = spawn(process.execPath, [join(projectRoot, 'bin', 'crosscheck.js'), 'ingest', join(dir, 'bulk.jsonl'), '--collection', 'bulk'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: t.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let running = true;
    void exited.then(() => (running = false));

    const api = createTestApp(t.db);
    const auth = { authorization: `Bearer ${token}` };
    const claim = (_i: number) =>
      api.execute(`mutation ($input: CreateClaimInput!) { createClaim(input: $input) { __typename ... on Error { message } } }`, {
        input: { document: ids.doc, subject: ids.event, property: 'deathToll', value: '30,000', selector: { quote: { exact: 'resulting in the death of 30,000 regime opponents' } } },
      }, auth);
    const person = (i: number) => api.execute(`mutation ($n: String!) { createPerson(input: { name: $n }) { __typename ... on Error { message } } }`, { n: `Concurrent Person ${i}` }, auth);
    const bulkDocuments = async () => Number((await t.db.lean<{ n: number }>(`SELECT count(*) AS "n" FROM "Document" d JOIN "Collection" c ON c."id" = d."collectionId" WHERE c."slug" = $1`, ['bulk']))[0]!.n);

    const docId = (await t.db.prisma.document.findUniqueOrThrow({ where: { key: '004_33eb88c9cdc5cc6a' } })).id;
    const claimsBefore = await t.db.prisma.claim.count({ where: { documentId: docId } });
    const results: Array<Awaited<ReturnType<typeof claim>>> = [];
    let duringIngest = 0;
    let i = 0;
    while (running) {
      const written = await bulkDocuments();
      const round = await Promise.all(Array.from({ length: 8 }, () => (i++ % 2 ? claim(i) : person(i))));
      results.push(...round);
      // Counted as overlapping when the ingest had begun writing and had not finished after the round.
      if (written > 0 && (await bulkDocuments()) < count && running) duringIngest += round.length;
      // In-process requests on SQLite can resolve without ever leaving the microtask queue: let
      // the child's output and exit be seen between rounds.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const code = await exited;
    expect({ code, stderr: stderr.split('\n').filter((line) => line.startsWith('refused')).slice(0, 3) }).toEqual({ code: 0, stderr: [] });
    expect(stdout).toContain(`${count} new`);
    expect(await bulkDocuments()).toBe(count);
    expect(duringIngest).toBeGreaterThan(0);

    const unexpected = results.filter((r) => r.errors?.some((e) => e.extensions?.code !== 'DATABASE_BUSY'));
    expect(unexpected.map((r) => r.errors)).toEqual([]);
    for (const r of results) {
      if (r.errors) expect(r.errors[0]!.extensions).toMatchObject({ code: 'DATABASE_BUSY', retryable: true });
      else expect(Object.values(r.data as Record<string, unknown>)[0]).toMatchObject({ __typename: expect.stringMatching(/Payload$/) });
    }
    // Every write that answered success is there.
    const succeeded = results.filter((r) => !r.errors).length;
    const persons = await t.db.prisma.entityName.count({ where: { name: { startsWith: 'Concurrent Person' } } });
    const claims = (await t.db.prisma.claim.count({ where: { documentId: docId } })) - claimsBefore;
    expect(persons + claims).toBe(succeeded);
  }, 180_000);
});

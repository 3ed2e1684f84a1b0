// One large document must not stall the server: search highlights a 10 MB body in bounded steps
// (the event loop answers /health between them), never holding or scanning the whole body at
// once, and stops at the request time limit (504) instead of running on.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { context, findMatches, scanMatches, SCAN_PIECE } from '../src/db/search/highlight.js';
import { parseQuery, positiveTerms } from '../src/db/search/query-language.js';
import { start } from '../src/server.js';
import { createApp } from '../src/yoga.js';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/database.js';

/** What findMatches + context give on the whole text: the reference scanMatches must equal. */
function wholeText(text: string, query: string) {
  return findMatches(text, positiveTerms(parseQuery(query)), { limit: 5 }).map((match) => {
    const around = context(text, match);
    return { start: match.start, end: match.end, text: text.slice(match.start, match.end), context: around.text, contextStart: around.start };
  });
}

async function* piecesOf(text: string, cuts: number[]) {
  let at = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut <= at || cut >= text.length) continue;
    yield text.slice(at, cut);
    at = cut;
  }
  yield text.slice(at);
}

const inPieces = (text: string, query: string, cuts: number[]) => scanMatches(piecesOf(text, cuts), positiveTerms(parseQuery(query)), { limit: 5 });

describe('highlights scanned piece by piece', () => {
  it('equal those found in the whole text, wherever the pieces are cut', async () => {
    const word = fc.constantFrom('death', 'Death', 'commission', 'Mojāhedin', 'mojahedin', 'the', 'ΟΔΟΣ', 'οδος', 'dea', '😀x', 'e-mail', 'a', 'ﬁre', 'fire');
    const separator = fc.constantFrom(' ', '  ', ', ', '.\n', '-', "'", ' '.repeat(70), '😀', '\u0301');
    const text = fc.array(fc.tuple(word, separator), { maxLength: 300 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
    const query = fc.constantFrom('death', 'death commission', '"death commission"', 'mojahedin', 'dea*', 'οδος', '"the the"', 'e-mail', 'fire', 'a OR the', '"death death"', 'x');
    await fc.assert(
      fc.asyncProperty(text, query, fc.array(fc.nat(3000), { maxLength: 20 }), async (t, q, cuts) => {
        expect(await inPieces(t, q, cuts)).toEqual(wholeText(t, q));
      }),
      { numRuns: 500 },
    );
  });

  it('equal them across pieces larger than one scanning step', async () => {
    const text = Array.from({ length: 60_000 }, (_, i) => (i % 9973 === 0 ? 'Mojāhedin' : i % 7 === 0 ? 'death commission' : `word${i % 13}`)).join(' ');
    expect(text.length).toBeGreaterThan(4 * SCAN_PIECE);
    for (const query of ['mojahedin', '"death commission"', 'word1*', 'absent']) {
      expect(await inPieces(text, query, [100_000, 200_001, 300_000])).toEqual(wholeText(text, query));
    }
  });

  it('stop reading once the highlights are certain', async () => {
    let read = 0;
    async function* pieces() {
      for (let i = 0; i < 100; i++) {
        read++;
        yield 'massacre and more words '.repeat(10_000);
      }
    }
    const found = await scanMatches(pieces(), positiveTerms(parseQuery('massacre')), { limit: 5 });
    expect(found.map((match) => match.start)).toEqual([0, 24, 48, 72, 96]);
    expect(read).toBe(1);
  });

  it('bound a highlight grown by overlapping matches', async () => {
    const text = 'very '.repeat(100_000);
    const [first] = await inPieces(text, '"very very"', [SCAN_PIECE + 3]);
    expect(first!.start).toBe(0);
    expect(first!.end - first!.start).toBeLessThan(1100);
  });
});

describe(`a search over a 10 MB body (${testProvider})`, () => {
  let t: TestDatabase;
  let body: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    // About 10 MB of words, the one searched for only at the very end: the scan reads it all.
    const words = 'the prisoners were moved to the northern prison after the commission met and many families waited outside for news'.split(' ');
    const sentence = (i: number) => Array.from({ length: 12 }, (_, k) => words[(i * 7 + k * 5) % words.length]).join(' ') + '. ';
    const paragraph = Array.from({ length: 200 }, (_, i) => sentence(i)).join('') + '\n\n';
    body = paragraph.repeat(Math.ceil(10_000_000 / paragraph.length)) + 'The zebra ended it.';
    const collection = await t.db.prisma.collection.create({ data: { slug: 'large', name: 'Large', visibility: 'PUBLIC' } });
    await t.db.prisma.document.create({
      data: { collectionId: collection.id, title: 'A long report', versions: { create: { number: 1, rawText: body, body, contentHash: 'large' } } },
    });
  }, 120_000);
  afterAll(async () => {
    await t?.destroy();
  });

  const searchQuery = (word: string) => JSON.stringify({ query: `{ search(query: "${word}", types: [DOCUMENT]) { edges { highlights { field start end text context contextStart } } } }` });

  it('keeps /health answering while it runs', async () => {
    const server = await start(loadConfig({ DATABASE_URL: t.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }));
    try {
      const url = `http://127.0.0.1:${server.port}`;
      const post = (payload: string) => fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
      // Once, so that compiling queries and code on first use is not counted.
      expect((await post(searchQuery('prisoners'))).status).toBe(200);

      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      let done = false;
      const searching = post(searchQuery('zebra')).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));
      void searching.finally(() => (done = true));
      const latencies: number[] = [];
      while (!done) {
        const asked = performance.now();
        const health = await fetch(`${url}/health`);
        expect(health.status).toBe(200);
        await health.json();
        latencies.push(performance.now() - asked);
      }
      const result = await searching;
      delay.disable();

      expect(result.status).toBe(200);
      const [highlight] = result.body.data.search.edges[0].highlights;
      expect(highlight).toMatchObject({ field: 'BODY', text: 'zebra', start: body.length - 'zebra ended it.'.length });
      expect(body.slice(highlight.contextStart, highlight.contextStart + highlight.context.length)).toBe(highlight.context);
      // /health was answered again and again while the search ran: the longest the event loop was
      // held by one step of it is well under 200 ms (one step is a few milliseconds of work).
      expect(latencies.length).toBeGreaterThan(3);
      expect(delay.max / 1e6).toBeLessThan(200);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('answers 504 at the time limit and stops scanning', async () => {
    const reads = (statements: string[]) => statements.filter((sql) => sql.includes('substr(')).length;
    const ask = (timeoutMs: number) =>
      t.countStatements(async () => {
        const app = createApp({ db: t.db, logger: pino({ level: 'silent' }), limits: { timeoutMs } });
        const response = await app.fetch('http://crosscheck.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: searchQuery('zebra') });
        const answer = { status: response.status, body: (await response.json()) as any };
        // Whatever the aborted execution still does happens now, and is counted.
        await new Promise((resolve) => setTimeout(resolve, 500));
        return answer;
      });
    const full = await ask(60_000);
    expect(full.result.status).toBe(200);
    const cut = await ask(1);
    expect(cut.result.status).toBe(504);
    expect(cut.result.body).toEqual({ errors: [{ message: 'The operation was aborted after 1 ms (the request time limit).', extensions: { code: 'TIMEOUT' } }] });
    // The scan stopped at its next step: it read less of the body than the full one did.
    expect(reads(cut.statements)).toBeLessThan(reads(full.statements));
  }, 120_000);
});

// npx tsx bench/compare.ts [--claims 10000] [--requests 200] [--page-requests 200] [--only sqlite|postgresql] [--postgres-url URL]
//
// compare() latency: a fresh database per provider with the sample corpus plus a subject
// (the 1988 massacre) given N synthetic deathToll claims in N/10 documents of 20 publishers, a third
// of them attributed to cited persons through citation chains one or two deep. Then sequential
// compare(subject, property) requests through the whole GraphQL app in process (yoga.fetch, no
// socket) asking for the summary, the relations and the clusters. Prints p50/p99 against the target
// (p99 ≤ 50 ms on SQLite) and writes bench/compare-results.json. Such a query is answered from claim
// sets the database groups (src/services/comparison.ts); before measuring, the bench checks that its
// answer equals the claim-by-claim one (the same query listing the clusters' claims). Nothing is
// cached between requests: each computes the comparison afresh.
//
// A second shape reads a page of 100 claims (Comparison.claims is a connection) with the objects a
// client shows beside each (document title, span, asserter, origin) and the totalCount; requests go
// round the pages of the whole comparison, first to last, so deep pages count as much as the first.
// Reported as `page` on each result row (--page-requests), with the same target.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { openDatabase, type Database } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import type { Provider } from '../src/db/provider.js';
import { normalizeName } from '../src/domain/names.js';
import { storedValue } from '../src/domain/properties.js';
import { loadSeed } from '../src/services/seed.js';
import { createApp } from '../src/yoga.js';
import { scratchDatabase } from './databases.js';

const { values: args } = parseArgs({
  options: {
    claims: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '200' },
    'page-requests': { type: 'string', default: '200' },
    only: { type: 'string' },
    'postgres-url': { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/test' },
  },
});
const claimCount = Number(args.claims);
const requests = Number(args.requests);
const pageRequests = Number(args['page-requests']);
const TARGET_P99_MS = 50;
const values = ['30,000', 'about 30,000', '30,000 or more', 'tens of thousands', 'several thousand', 'thousands', 'at least 1,500', 'between 2,800 and 3,800', 'up to 5,000', '3,800'];

/** The page shape: 100 claims from `after`, each with its document, span, asserter and origin. */
const PAGE_QUERY =
  'query ($s: ID!, $after: String) { compare(subject: $s, property: "deathToll") { claims(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } ' +
  'edges { node { valueText document { title } span { exact start end } asserter { name } origin { name kind } } } } } }';

const freshDatabase = (provider: Provider) => scratchDatabase(provider, args['postgres-url']!, 'compare-bench');

/** N claims about one subject, spread over documents, publishers and cited persons. */
export async function generateClaims(db: Database, subjectId: number, count: number): Promise<void> {
  const p = db.prisma;
  const collection = await p.collection.create({ data: { slug: `compare-bench-${randomBytes(3).toString('hex')}`, name: 'compare benchmark', visibility: 'PUBLIC' } });
  const entity = async (type: 'ORGANISATION' | 'PERSON', name: string) =>
    p.entity.create({ data: { type, name, names: { create: { name, kind: 'PRIMARY', normalized: normalizeName(name) } } } });
  const publishers = [];
  for (let i = 0; i < 20; i++) publishers.push(await entity('ORGANISATION', `Bench Publisher ${i}`));
  const persons = [];
  for (let i = 0; i < 50; i++) persons.push(await entity('PERSON', `Bench Witness ${i}`));
  const stored = new Map(values.map((text) => [text, storedValue('deathToll', text, false)]));
  const perDocument = 10;
  for (let d = 0; d * perDocument < count; d++) {
    const texts = Array.from({ length: perDocument }, (_, k) => values[(d + k) % values.length]!);
    const body = texts.map((text, k) => `Witness ${k} says ${text} were killed.`).join(' ');
    const document = await p.document.create({
      data: {
        collectionId: collection.id,
        title: `Bench document ${d}`,
        publisherId: publishers[d % publishers.length]!.id,
        versions: { create: { number: 1, rawText: body, body, contentHash: `compare-${d}` } },
      },
      include: { versions: true },
    });
    let cursor = 0;
    const spans = await p.span.createManyAndReturn({
      data: texts.map((text) => {
        const start = body.indexOf(text, cursor);
        cursor = start + text.length;
        return { documentId: document.id, versionId: document.versions[0]!.id, exact: text, start, end: start + text.length };
      }),
    });
    spans.sort((a, b) => a.start - b.start);
    const outer = await p.citation.create({ data: { documentId: document.id, spanId: spans[0]!.id, kind: 'QUOTE', sourceEntityId: persons[d % persons.length]!.id } });
    const inner = await p.citation.create({ data: { documentId: document.id, spanId: spans[0]!.id, kind: 'PARAPHRASE', sourceEntityId: persons[(d + 7) % persons.length]!.id, parentId: outer.id } });
    await p.claim.createMany({
      data: texts.slice(0, Math.min(perDocument, count - d * perDocument)).map((text, k) => {
        const attributed = k % 3 === 0 ? (k % 2 === 0 ? inner : outer) : null;
        return {
          documentId: document.id,
          spanId: spans[k]!.id,
          subjectId,
          property: 'deathToll',
          valueText: text,
          ...stored.get(text)!,
          modality: attributed ? 'REPORTS' : 'ASSERTS',
          asserterId: attributed?.sourceEntityId ?? null,
          citationId: attributed?.id ?? null,
          status: 'CONFIRMED',
        } as const;
      }),
    });
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function measure(provider: Provider) {
  const database = await freshDatabase(provider);
  try {
    await migrate(database.url);
    const db = await openDatabase(database.url, { synchronous: 'NORMAL' });
    try {
      await loadSeed(db.prisma);
      const massacre = await db.prisma.entity.findUniqueOrThrow({ where: { key: 'massacre-1988' } });
      const started = Date.now();
      await generateClaims(db, massacre.id, claimCount);
      process.stderr.write(`${provider}: ${claimCount} claims generated in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      // As autovacuum would soon after such an insert (bench/corpus.ts does the same): without
      // statistics the planner takes 10,000 rows for one.
      if (provider === 'postgresql') await db.prisma.$executeRawUnsafe('ANALYZE');
      const app = createApp({ db, logger: pino({ level: 'silent' }) });
      const query = 'query ($s: ID!) { compare(subject: $s, property: "deathToll") { summary relations { relation reason } clusters { valueTexts lower upper documentCount independentOriginCount } } }';
      const variables = { s: Buffer.from(`Event:${massacre.id}`).toString('base64') };
      const body = JSON.stringify({ query, variables });
      const run = async (request = body) => {
        const response = await app.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: request });
        const text = await response.text();
        if (response.status !== 200 || text.includes('"errors"')) throw new Error(`compare failed: ${text.slice(0, 300)}`);
        return text;
      };
      const first = JSON.parse(await run());
      // Listing the clusters' claims makes compare() read claim by claim.
      const listed = JSON.parse(await run(JSON.stringify({ query: query.replace('independentOriginCount }', 'independentOriginCount claims(first: 1) { totalCount } }'), variables })));
      const withoutClaims = { ...listed.data.compare, clusters: listed.data.compare.clusters.map(({ claims: _claims, ...cluster }: { claims: unknown }) => cluster) };
      if (JSON.stringify(withoutClaims) !== JSON.stringify(first.data.compare)) {
        throw new Error('compare: the answer from claim sets differs from the claim-by-claim one');
      }
      const timed = async (count: number, warmup: number, request = body) => {
        for (let i = 0; i < warmup; i++) await run(request);
        const times: number[] = [];
        for (let i = 0; i < count; i++) {
          const start = process.hrtime.bigint();
          await run(request);
          times.push(Number(process.hrtime.bigint() - start) / 1e6);
        }
        return times.sort((a, b) => a - b);
      };
      const stats = (sorted: number[]) => ({
        p50: Number(percentile(sorted, 50).toFixed(1)),
        p90: Number(percentile(sorted, 90).toFixed(1)),
        p99: Number(percentile(sorted, 99).toFixed(1)),
        max: Number(sorted.at(-1)!.toFixed(1)),
      });
      const times = await timed(requests, 10);

      // Pages of 100 claims: walk the whole comparison once (every page complete, the total right),
      // then time requests going round those pages.
      const pageBodies: string[] = [];
      let listedCount = 0;
      let totalCount = 0;
      for (let after: string | null = null; ; ) {
        const pageBody: string = JSON.stringify({ query: PAGE_QUERY, variables: { ...variables, after } });
        pageBodies.push(pageBody);
        const connection: { totalCount: number; edges: Array<{ node: { document: unknown; span: unknown; origin: unknown } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = JSON.parse(await run(pageBody)).data.compare.claims;
        totalCount = connection.totalCount;
        listedCount += connection.edges.length;
        if (connection.edges.some(({ node }: { node: { document: unknown; span: unknown; origin: unknown } }) => !node.document || !node.span || !node.origin)) {
          throw new Error('compare: a page of claims is incomplete');
        }
        if (!connection.pageInfo.hasNextPage) break;
        if (connection.edges.length !== 100) throw new Error('compare: a page before the last is short');
        after = connection.pageInfo.endCursor;
      }
      if (listedCount !== totalCount || totalCount < claimCount) throw new Error(`compare: the pages list ${listedCount} of ${totalCount} claims`);
      for (let i = 0; i < 10; i++) await run(pageBodies[i % pageBodies.length]);
      const pageTimes: number[] = [];
      for (let i = 0; i < pageRequests; i++) {
        const start = process.hrtime.bigint();
        await run(pageBodies[i % pageBodies.length]);
        pageTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const page = { requests: pageRequests, pages: pageBodies.length, ...stats(pageTimes.sort((a, b) => a - b)) };
      const result = {
        provider,
        claims: totalCount, // the generated ones and the sample corpus's
        clusters: first.data.compare.clusters.length,
        ...stats(times),
        targetP99: provider === 'sqlite' ? TARGET_P99_MS : null,
        /** A page of 100 claims (PAGE_QUERY), round the comparison's pages; the same target. */
        page,
      };
      console.log(
        `${provider.padEnd(10)} compare over ${result.claims} claims (${result.clusters} clusters): p50 ${result.p50} ms, p99 ${result.p99} ms` +
          (provider === 'sqlite' ? ` — target p99 ≤ ${TARGET_P99_MS} ms: ${result.p99 <= TARGET_P99_MS ? 'met' : 'NOT met'}` : ' (reported beside SQLite)'),
      );
      console.log(
        `${provider.padEnd(10)} compare, a page of 100 of ${result.claims} claims (document, span, asserter, origin; ${page.pages} pages in turn): p50 ${page.p50} ms, p99 ${page.p99} ms` +
          ` — target p99 ≤ ${TARGET_P99_MS} ms: ${page.p99 <= TARGET_P99_MS ? 'met' : 'NOT met'}`,
      );
      return result;
    } finally {
      await db.close();
    }
  } finally {
    await database.drop();
  }
}

async function main() {
const providers: Provider[] = args.only ? [args.only as Provider] : ['sqlite', 'postgresql'];
const results = [];
for (const provider of providers) {
  try {
    results.push(await measure(provider));
  } catch (error) {
    if (provider === 'postgresql' && !args.only && /ECONNREFUSED|connect/.test(String(error))) {
      console.log('postgresql skipped: no server answers');
      continue;
    }
    throw error;
  }
}
writeFileSync(
  join(dirname(fileURLToPath(import.meta.url)), 'compare-results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, requests, pageRequests, results }, null, 2)}\n`,
);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();

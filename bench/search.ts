// npx tsx bench/search.ts [--corpus 100000] [--requests 300] [--only sqlite|postgresql] [--postgres-url URL]
//
// Search latency: a fresh database per provider with the sample corpus plus N synthetic
// documents (bench/corpus.ts), then sequential search(query:) requests through the whole GraphQL
// app in process (yoga.fetch, no socket), for a rare term (in 5 documents) and a common one (the
// word of one synthetic body found in most documents). Three shapes each: the first page of 20
// document hits with titles and highlights, the same with totalCount, and a search of every type
// (entities, documents, claims) with totalCount, as `search(query:)` runs without `types`. Prints p50/p99 and writes
// bench/search-results.json. `npm run bench` runs it as its "search" suite (bench/suites.ts), with
// `--corpus N` as the corpus size, and reads the p99s against bench/targets.ts.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { openDatabase, type Database } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import type { Provider } from '../src/db/provider.js';
import { createSearch, parseQuery } from '../src/db/search/index.js';
import { loadSeed } from '../src/services/seed.js';
import { createApp } from '../src/yoga.js';
import { generateCorpus, progressReporter } from './corpus.js';
import { scratchDatabase } from './databases.js';

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '300' },
    only: { type: 'string' },
    'postgres-url': { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/test' },
  },
});
const corpusSize = Number(args.corpus);
const requests = Number(args.requests);
const RARE = 'zanzibarite';

async function prepare(provider: Provider): Promise<{ db: Database; drop: () => Promise<void> }> {
  const { url, drop } = await scratchDatabase(provider, args['postgres-url']!, 'search-bench');
  await migrate(url);
  const db = await openDatabase(url, { synchronous: 'NORMAL' });
  await loadSeed(db.prisma);
  const started = Date.now();
  const report = await generateCorpus(db, { documents: corpusSize, onProgress: progressReporter(`${provider} corpus`) });
  process.stderr.write(`${provider}: ${report.documents} documents in ${((Date.now() - started) / 1000).toFixed(1)} s (full-text index kept by triggers)\n`);
  const collection = await db.prisma.collection.findUniqueOrThrow({ where: { slug: 'synthetic' } });
  for (let i = 0; i < 5; i++) {
    const body = `A rare word, ${RARE}, appears in this note number ${i}.`;
    await db.prisma.document.create({ data: { collectionId: collection.id, title: `Rare note ${i}`, versions: { create: { number: 1, rawText: body, body, contentHash: `rare-${i}` } } } });
  }
  if (provider === 'postgresql') await db.prisma.$executeRawUnsafe('ANALYZE');
  return { db, drop: async () => { await db.close(); await drop(); } };
}

/** The word of one synthetic body that most documents contain. */
async function commonTerm(db: Database): Promise<{ term: string; documents: number }> {
  const version = await db.prisma.documentVersion.findFirstOrThrow({ where: { document: { collection: { slug: 'synthetic' } } }, select: { body: true } });
  const counts = new Map<string, number>();
  for (const word of version.body.toLowerCase().match(/\p{L}{4,}/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  const candidates = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([word]) => word);
  const search = createSearch(db.prisma, db.provider);
  const collections = await db.prisma.collection.findMany({ select: { id: true } });
  let best = { term: candidates[0]!, documents: 0 };
  for (const term of candidates) {
    const page = await search.search({ query: parseQuery(term), types: ['DOCUMENT'], criteria: { collectionIds: collections.map((c) => c.id) }, limit: 1, offset: 0 });
    const documents = await page.totalCount();
    if (documents > best.documents) best = { term, documents };
  }
  return best;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function measure(db: Database, query: string, withTotal: boolean, allTypes = false) {
  const app = createApp({ db, logger: pino({ level: 'silent' }) });
  const nodes = allTypes ? '... on Document { id title } ... on Entity { id name } ... on Claim { id valueText }' : '... on Document { id title }';
  const body = JSON.stringify({
    query: `query ($q: String!) { search(query: $q, ${allTypes ? '' : 'types: [DOCUMENT], '}first: 20) { ${withTotal ? 'totalCount ' : ''}edges { score highlights { field start end } node { ${nodes} } } } }`,
    variables: { q: query },
  });
  const once = async () => {
    const response = await app.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const json = (await response.json()) as { errors?: unknown[]; data?: { search: { edges: unknown[]; totalCount?: number } } };
    if (json.errors) throw new Error(JSON.stringify(json.errors));
    return json.data!.search;
  };
  const first = await once();
  for (let i = 0; i < 20; i++) await once(); // warm up
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return { hits: first.edges.length, totalCount: first.totalCount, p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)), maxMs: round(times.at(-1)!) };
}

const results: Record<string, unknown> = { corpus: corpusSize, requests, cpus: cpus().length, date: new Date().toISOString() };
const providers: Provider[] = args.only ? [args.only as Provider] : ['sqlite', 'postgresql'];
for (const provider of providers) {
  const { db, drop } = await prepare(provider);
  try {
    const common = await commonTerm(db);
    const total = await db.prisma.document.count();
    const row: Record<string, unknown> = { documents: total, commonTerm: common.term, commonTermDocuments: common.documents, rareTerm: RARE };
    row.rare = await measure(db, RARE, false);
    row.rareWithTotal = await measure(db, RARE, true);
    row.common = await measure(db, common.term, false);
    row.commonWithTotal = await measure(db, common.term, true);
    row.rareAllTypes = await measure(db, RARE, true, true);
    row.commonAllTypes = await measure(db, common.term, true, true);
    results[provider] = row;
    const p99 = (key: string) => (row[key] as { p99Ms: number }).p99Ms;
    console.log(`${provider}: ${total} documents; rare "${RARE}" p99 ${p99('rare')} ms (with totalCount ${p99('rareWithTotal')} ms, every type ${p99('rareAllTypes')} ms); ` +
      `common "${common.term}" (${common.documents} documents) p99 ${p99('common')} ms (with totalCount ${p99('commonWithTotal')} ms, every type ${p99('commonAllTypes')} ms)`);
  } finally {
    await drop();
  }
}
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'search-results.json'), `${JSON.stringify(results, null, 2)}\n`);

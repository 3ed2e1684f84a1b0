// npx tsx bench/ingest.ts [--documents 20000] [--batch-size 500] [--repeat 1] [--only sqlite|postgresql] [--postgres-url URL]
//
// Ingest throughput (targets on SQLite: ≥ 5,000 documents/s without suggestions, ≥ 1,000 with them): a fresh
// database per provider with 300 entities (two names each), then N generated small documents
// (~400 characters: a headline, two paragraphs naming entities and a number, a share line and a
// copyright line) ingested through services/ingest.ts ingestDocuments in batches of 500, once
// without suggestions and once (other texts, another collection) with them. With --repeat R each
// mode runs R times (other texts, another collection each time) and the median rate is reported
// beside every run's. Also recorded: the process's CPU time per document (the writes' own CPU on
// SQLite; on PostgreSQL the server's work is not in it) and the load average, to tell a slow run
// from a busy machine. After each run the documents are counted and the full-text index checked
// to hold one row per document. Prints documents/s and writes bench/ingest-results.json (read by
// npm run bench, bench/suites.ts).
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import type { Provider } from '../src/db/provider.js';
import { normalizeName } from '../src/domain/names.js';
import type { ExtractedDocument } from '../src/domain/extract.js';
import { cliWriter, ingestDocuments, loadGazetteer } from '../src/services/ingest.js';
import { scratchDatabase } from './databases.js';
import { INGEST_TARGET_PER_SECOND, INGEST_WITH_SUGGESTIONS_TARGET_PER_SECOND } from './targets.js';

const { values: args } = parseArgs({
  options: {
    documents: { type: 'string', default: '20000' },
    'batch-size': { type: 'string', default: '500' },
    repeat: { type: 'string', default: '1' },
    only: { type: 'string' },
    'postgres-url': { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/test' },
  },
});
const count = Number(args.documents);
const batchSize = Number(args['batch-size']);
const repeat = Math.max(1, Math.round(Number(args.repeat)));
const TARGET = INGEST_TARGET_PER_SECOND;
const SUGGESTED_TARGET = INGEST_WITH_SUGGESTIONS_TARGET_PER_SECOND;

const first = ['Amir', 'Sara', 'Reza', 'Nadia', 'Omid', 'Leila', 'Karim', 'Mina', 'Farid', 'Yasmin'];
const last = ['Tehrani', 'Hosseini', 'Karimi', 'Rahimi', 'Moradi', 'Jafari', 'Sadeghi', 'Ahmadi', 'Kazemi', 'Rostami', 'Azizi', 'Bagheri', 'Ghasemi', 'Heidari', 'Nouri'];

function entities() {
  const list: Array<{ type: 'PERSON' | 'ORGANISATION' | 'EVENT'; name: string; alias: string }> = [];
  for (let i = 0; i < 290; i++) {
    const name = `${first[i % first.length]} ${last[Math.floor(i / first.length) % last.length]}${i >= 150 ? ` ${String.fromCharCode(65 + (i % 26))}.` : ''}`;
    list.push({ type: i % 3 === 0 ? 'ORGANISATION' : 'PERSON', name: i % 3 === 0 ? `${last[i % last.length]} Institute ${i}` : name, alias: `Alias${i}` });
  }
  for (let i = 0; i < 10; i++) list.push({ type: 'EVENT', name: `${1980 + i} crackdown`, alias: `crackdown of ${1980 + i}` });
  return list;
}

function documents(n: number, tag: string, names: string[]): ExtractedDocument[] {
  const out: ExtractedDocument[] = [];
  for (let i = 0; i < n; i++) {
    const a = names[(i * 7) % names.length]!;
    const b = names[(i * 13 + 5) % names.length]!;
    const year = 1980 + (i % 10);
    const text =
      `Report ${tag} ${i} on the ${year} crackdown\n\n` +
      `${a} met ${b} in Tehran on day ${i}. The ${year} crackdown left about ${1000 + (i % 9000)} political prisoners dead, according to a statement.\n\n` +
      `${b} said “the families were never told where the victims were buried” and asked for an inquiry.\n\n` +
      `Follow us on Twitter and Facebook\n\nCopyright © 2021 Example News. All Rights Reserved`;
    out.push({ source: `${tag}-${i}`, text, title: null, url: null, publishedAt: null, publisher: null });
  }
  return out;
}

const fresh = (provider: Provider) => scratchDatabase(provider, args['postgres-url']!, 'ingest-bench');

const load = () => loadavg().map((value) => Math.round(value * 100) / 100);

async function run(db: Database, slug: string, items: ExtractedDocument[], suggestions: boolean) {
  const collection = await db.prisma.collection.create({ data: { slug, name: slug } });
  const gazetteer = suggestions ? await loadGazetteer(db) : undefined;
  const loadBefore = load();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = await ingestDocuments(db, cliWriter(db, collection.id), collection.id, items, { suggestions, gazetteer, batchSize });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  if (report.failed.length) throw new Error(`failures: ${JSON.stringify(report.failed.slice(0, 3))}`);
  // Every document written, and in the full-text index (outside the measured time).
  const written = await db.prisma.document.count({ where: { collectionId: collection.id } });
  const [indexed] = await db.lean<{ count: number | string }>(
    db.provider === 'sqlite'
      ? 'SELECT count(*) AS "count" FROM "search_document_docsize" s JOIN "Document" d ON d."id" = s."id" WHERE d."collectionId" = $1'
      : 'SELECT count(*) AS "count" FROM "search_document" s JOIN "Document" d ON d."id" = s."documentId" WHERE d."collectionId" = $1',
    [collection.id],
  );
  if (written !== items.length || Number(indexed!.count) !== items.length) throw new Error(`${items.length} documents ingested, ${written} written, ${Number(indexed!.count)} in the full-text index`);
  return {
    documents: report.created,
    seconds: Math.round(seconds * 100) / 100,
    documentsPerSecond: Math.round(report.created / seconds),
    cpuMicrosecondsPerDocument: Math.round((used.user + used.system) / report.created),
    loadAverage: { before: loadBefore, after: load() },
    suggestions: report.suggestions,
  };
}

/** Runs a mode `repeat` times; the median run's figures, with every run's rate. */
async function measure(db: Database, tag: string, names: string[], suggestions: boolean) {
  const runs = [];
  for (let round = 0; round < repeat; round++) {
    const label = repeat > 1 ? `${tag}${round}` : tag;
    runs.push(await run(db, label, documents(count, label, names), suggestions));
  }
  const median = [...runs].sort((a, b) => a.documentsPerSecond - b.documentsPerSecond)[Math.floor((runs.length - 1) / 2)]!;
  return repeat > 1 ? { ...median, runs: runs.map((r) => r.documentsPerSecond) } : median;
}

const results: Record<string, unknown> = { documents: count, batchSize, repeat, node: process.version, date: new Date().toISOString(), cpus: cpus().length };
for (const provider of ['sqlite', 'postgresql'] as Provider[]) {
  if (args.only && args.only !== provider) continue;
  const database = await fresh(provider);
  try {
    await migrate(database.url);
    const db = await openDatabase(database.url, { synchronous: 'NORMAL' });
    try {
      const list = entities();
      for (const entity of list) {
        await db.prisma.entity.create({
          data: { type: entity.type, name: entity.name, names: { create: [{ name: entity.name, kind: 'PRIMARY', normalized: normalizeName(entity.name) }, { name: entity.alias, kind: 'ALIAS', normalized: normalizeName(entity.alias) }] } },
        });
      }
      const names = list.filter((e) => e.type !== 'EVENT').map((e) => e.name);
      const detail = (r: Awaited<ReturnType<typeof measure>>) =>
        `${r.documentsPerSecond} documents/s${'runs' in r ? ` (median of ${r.runs.join(', ')})` : ''}, ${r.cpuMicrosecondsPerDocument} µs CPU/document, load ${r.loadAverage.before[0]}`;
      const without = await measure(db, 'plain', names, false);
      const verdict = provider === 'sqlite' ? (without.documentsPerSecond >= TARGET ? ` (target ≥ ${TARGET}: met)` : ` (target ≥ ${TARGET}: NOT met)`) : '';
      console.log(`${provider}: ${without.documents} documents without suggestions in ${without.seconds} s: ${detail(without)}${verdict}`);
      const withSuggestions = await measure(db, 'suggested', names, true);
      const suggestedVerdict =
        provider === 'sqlite' ? ` (target ≥ ${SUGGESTED_TARGET}: ${withSuggestions.documentsPerSecond >= SUGGESTED_TARGET ? 'met' : 'NOT met'})` : '';
      console.log(
        `${provider}: ${withSuggestions.documents} documents with suggestions in ${withSuggestions.seconds} s: ${detail(withSuggestions)} ` +
          `(${withSuggestions.suggestions.mentions} mentions, ${withSuggestions.suggestions.citations} citations, ${withSuggestions.suggestions.claims} claims)${suggestedVerdict}`,
      );
      results[provider] = { withoutSuggestions: without, withSuggestions };
    } finally {
      await db.close();
    }
  } finally {
    await database.drop();
  }
}
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'ingest-results.json'), `${JSON.stringify(results, null, 2)}\n`);

// A synthetic corpus for benchmarks: N documents with realistic sizes (bodies of 2–4 kB, ~10
// mentions, ~3 claims, ~1 citation each, a few hundred entities with names), written in chunks
// of 1000 documents, one transaction per chunk. Deterministic for a given seed. Entity
// popularity is skewed (a few entities appear in many documents), as in real corpora.
//
// Rows are built as Prisma `createMany` inputs. By default they are written through the database
// driver itself (better-sqlite3 prepared statements / pg multi-row INSERTs), in the encoding
// Prisma uses (DateTime as ISO text on SQLite, booleans as 0/1): Prisma's createMany maps each of a
// document's few dozen rows through its query compiler, many times slower than the driver
// (rates in docs/performance.md, Synthetic corpus).
// `writer: 'prisma'` writes the same rows with createMany in `$transaction([...])` batches.
//
// Reusable: `generateCorpus(db, { documents: 10_000 })` on any migrated database (SQLite or
// PostgreSQL). It assigns ids itself (max(id) + 1 onwards, then moves PostgreSQL's sequences
// past them), so nothing else may write to the database while it runs. Memory stays bounded:
// one chunk of rows exists at a time.
//
// From the command line: `npx tsx bench/corpus.ts --documents 10000 --database-url file:/tmp/x.db`
// (migrates the database first).
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { Database, Prisma } from '../src/db/client.js';
import { sqlitePath } from '../src/db/provider.js';
import { normalizeName } from '../src/domain/names.js';

export interface CorpusOptions {
  /** How many documents to add. */
  documents: number;
  /** How many entities to create (persons, organisations, events); default 300. */
  entities?: number;
  /** PRNG seed; the same seed on an empty database gives the same corpus. Default 1. */
  seed?: number;
  /** Documents per transaction; default 1000. */
  chunkSize?: number;
  /** The (public) collection the documents go into; created when missing. Default "synthetic". */
  collectionSlug?: string;
  /** Called after each chunk. `progressReporter()` prints to stderr. */
  onProgress?: (done: number, total: number, elapsedMs: number) => void;
  /** 'driver' (default, fast) or 'prisma' (createMany batches: the same rows, much slower). */
  writer?: 'driver' | 'prisma';
  /** Run ANALYZE afterwards so the planner knows the new sizes (default: PostgreSQL only, as autovacuum would). */
  analyze?: boolean;
}

export interface CorpusReport {
  collectionId: number;
  documents: number;
  entities: number;
  rows: Record<string, number>;
  seconds: number;
  documentsPerSecond: number;
}

/** Prints "corpus: 12,000/100,000 documents (8,400/s)" to stderr, at most a few times a second. */
export function progressReporter(label = 'corpus'): NonNullable<CorpusOptions['onProgress']> {
  let last = 0;
  return (done, total, elapsedMs) => {
    const now = Date.now();
    if (done < total && now - last < (process.stderr.isTTY ? 250 : 2000)) return;
    last = now;
    const rate = elapsedMs > 0 ? Math.round((done / elapsedMs) * 1000) : 0;
    const line = `${label}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} documents (${rate.toLocaleString('en')}/s)`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}${done === total ? '\n' : ''}` : `${line}\n`);
  };
}

// mulberry32: small, fast, deterministic.
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  // Skewed towards the first items: a few entities are named in many documents, most in few.
  const skewed = <T>(items: readonly T[]): T => items[Math.floor(next() ** 2.2 * items.length)]!;
  return { next, int, pick, skewed };
}
type Random = ReturnType<typeof prng>;

const WORDS = (
  'the of and to in a that for on was with by as said were from at which has had been its government report ' +
  'prisoners families officials years according human rights international investigation during after ' +
  'before were who their they this would not but also against between political prison court judiciary ' +
  'commission members witnesses testimony records evidence victims executions trials summer city province ' +
  'authorities statement letter resolution public private archives survivors interview account documents ' +
  'detained released sentenced hearing appeal ministry council assembly special rapporteur demanded called ' +
  'inquiry accountability impunity decades later still remains unknown number graves buried secret sites ' +
  'published article week month reported described several many most some few hundreds thousands people'
).split(' ');

const FIRST = ['Ali', 'Reza', 'Maryam', 'Hassan', 'Fatemeh', 'Mohammad', 'Zahra', 'Hossein', 'Leila', 'Mehdi', 'Sara', 'Javad', 'Nasrin', 'Kaveh', 'Shirin', 'Omid', 'Parisa', 'Amir', 'Roya', 'Dariush', 'Anna', 'Peter', 'Claire', 'Jonas', 'Elena', 'Marc', 'Ines', 'Tomas'];
const LAST = ['Ahmadi', 'Karimi', 'Hosseini', 'Rahimi', 'Moradi', 'Jafari', 'Sadeghi', 'Rostami', 'Kazemi', 'Naderi', 'Tehrani', 'Shirazi', 'Bakhtiari', 'Farahani', 'Ghorbani', 'Mirzaei', 'Larsen', 'Dubois', 'Novak', 'Keller', 'Moreau', 'Berg', 'Costa', 'Weber'];
const ORG_HEAD = ['Committee', 'Foundation', 'Council', 'Association', 'Centre', 'Network', 'Institute', 'Ministry', 'Office', 'League'];
const ORG_TOPIC = ['Human Rights', 'Justice', 'Political Prisoners', 'Missing Persons', 'Truth', 'Civil Liberties', 'Free Press', 'Legal Aid', 'Documentation', 'Accountability'];
const EVENT_KIND = ['executions', 'trials', 'protests', 'arrests', 'hunger strike', 'crackdown', 'prison riot', 'amnesty'];
const PLACES = ['Tehran', 'Mashhad', 'Shiraz', 'Tabriz', 'Isfahan', 'Karaj', 'Qom', 'Ahvaz', 'Geneva', 'Paris', 'London'];
const ROLES = ['head of the judiciary', 'prosecutor', 'member of the commission', 'minister of justice', 'spokesperson', 'deputy prosecutor', 'governor'];
const TOLL_WORDS = ['about', 'more than', 'at least', 'nearly', 'some', 'over'];

interface SyntheticEntity {
  id: number;
  type: 'PERSON' | 'ORGANISATION' | 'EVENT';
  name: string;
  alias: string | null;
}

type Rows = {
  document: Prisma.DocumentCreateManyInput[];
  documentAuthor: Prisma.DocumentAuthorCreateManyInput[];
  documentVersion: Prisma.DocumentVersionCreateManyInput[];
  boilerplateRegion: Prisma.BoilerplateRegionCreateManyInput[];
  span: Prisma.SpanCreateManyInput[];
  mention: Prisma.MentionCreateManyInput[];
  citation: Prisma.CitationCreateManyInput[];
  claim: Prisma.ClaimCreateManyInput[];
  claimQualifier: Prisma.ClaimQualifierCreateManyInput[];
};
type Table = keyof Rows | 'entity' | 'entityName' | 'externalId';

// Dependency order: every row's foreign keys point at rows of earlier tables.
const TABLE_ORDER: Array<keyof Rows> = ['document', 'documentAuthor', 'documentVersion', 'boilerplateRegion', 'span', 'mention', 'citation', 'claim', 'claimQualifier'];
const SQL_TABLE: Record<Table, string> = {
  document: 'Document',
  documentAuthor: 'DocumentAuthor',
  documentVersion: 'DocumentVersion',
  boilerplateRegion: 'BoilerplateRegion',
  span: 'Span',
  mention: 'Mention',
  citation: 'Citation',
  claim: 'Claim',
  claimQualifier: 'ClaimQualifier',
  entity: 'Entity',
  entityName: 'EntityName',
  externalId: 'ExternalId',
};

const emptyRows = (): Rows => ({
  document: [],
  documentAuthor: [],
  documentVersion: [],
  boilerplateRegion: [],
  span: [],
  mention: [],
  citation: [],
  claim: [],
  claimQualifier: [],
});

/** Next free id per table: ids are assigned here so one createMany per table and chunk suffices. */
async function nextIds(db: Database): Promise<Record<Exclude<Table, 'documentAuthor'>, number>> {
  const p = db.prisma;
  const max = await Promise.all([
    p.document.aggregate({ _max: { id: true } }),
    p.documentVersion.aggregate({ _max: { id: true } }),
    p.boilerplateRegion.aggregate({ _max: { id: true } }),
    p.span.aggregate({ _max: { id: true } }),
    p.mention.aggregate({ _max: { id: true } }),
    p.citation.aggregate({ _max: { id: true } }),
    p.claim.aggregate({ _max: { id: true } }),
    p.claimQualifier.aggregate({ _max: { id: true } }),
    p.entity.aggregate({ _max: { id: true } }),
    p.entityName.aggregate({ _max: { id: true } }),
    p.externalId.aggregate({ _max: { id: true } }),
  ]);
  const [document, documentVersion, boilerplateRegion, span, mention, citation, claim, claimQualifier, entity, entityName, externalId] = max.map((m) => (m._max.id ?? 0) + 1) as [
    number, number, number, number, number, number, number, number, number, number, number,
  ];
  return { document, documentVersion, boilerplateRegion, span, mention, citation, claim, claimQualifier, entity, entityName, externalId };
}

function makeEntities(random: Random, count: number, firstId: number, tag: string) {
  const entities: SyntheticEntity[] = [];
  const entityRows: Prisma.EntityCreateManyInput[] = [];
  const nameRows: Array<Omit<Prisma.EntityNameCreateManyInput, 'id'>> = [];
  const externalRows: Array<Omit<Prisma.ExternalIdCreateManyInput, 'id'>> = [];
  const now = new Date();
  for (let i = 0; i < count; i++) {
    const id = firstId + i;
    const roll = i % 20;
    const type = roll < 12 ? 'PERSON' : roll < 17 ? 'ORGANISATION' : 'EVENT';
    let name: string;
    let alias: string | null = null;
    const row: Prisma.EntityCreateManyInput = { id, type, key: `synthetic-${tag}-e${id}`, name: '', createdAt: now, updatedAt: now };
    if (type === 'PERSON') {
      const last = random.pick(LAST);
      name = `${random.pick(FIRST)} ${last} ${i}`; // the number keeps names distinct
      alias = `${last} ${i}`;
      row.description = `A synthetic person, ${random.pick(ROLES)}.`;
    } else if (type === 'ORGANISATION') {
      const head = random.pick(ORG_HEAD);
      const topic = random.pick(ORG_TOPIC);
      name = `${topic} ${head} ${i}`;
      alias = `${topic.split(' ').map((word) => word[0]).join('')}${head[0]}${i}`;
      row.description = 'A synthetic organisation.';
    } else {
      const year = random.int(1979, 2022);
      const place = random.pick(PLACES);
      name = `${year} ${place} ${random.pick(EVENT_KIND)} ${i}`;
      Object.assign(row, { startYear: year, startMonth: random.int(1, 12), startText: String(year), place });
      row.description = 'A synthetic event.';
    }
    row.name = name;
    entities.push({ id, type, name, alias });
    entityRows.push(row);
    nameRows.push({ entityId: id, name, kind: 'PRIMARY', normalized: normalizeName(name) });
    if (alias) nameRows.push({ entityId: id, name: alias, kind: type === 'ORGANISATION' ? 'ACRONYM' : 'ALIAS', normalized: normalizeName(alias) });
    if (i % 4 === 0) externalRows.push({ entityId: id, scheme: 'synthetic', value: `${tag}-${id}` });
  }
  return { entities, entityRows, nameRows, externalRows };
}

/** Builds one document's rows; ids are taken from `ids` and advanced. */
function makeDocument(random: Random, ids: Record<string, number>, rows: Rows, context: { collectionId: number; tag: string; entities: SyntheticEntity[]; byType: Record<SyntheticEntity['type'], SyntheticEntity[]>; now: Date }) {
  const { entities, byType, now } = context;
  const documentId = ids.document!++;
  const versionId = ids.documentVersion!++;
  const cast = new Map<number, SyntheticEntity>();
  while (cast.size < 5) {
    const entity = random.skewed(entities);
    cast.set(entity.id, entity);
  }
  const castList = [...cast.values()];
  const persons = castList.filter((entity) => entity.type === 'PERSON');
  const sources = castList.filter((entity) => entity.type !== 'EVENT');
  const publisher = random.skewed(byType.ORGANISATION);
  const subjectPool = castList.filter((entity) => entity.type !== 'ORGANISATION');
  const title = `${random.pick(['Report', 'Testimony', 'Statement', 'Letter', 'Article'])} on ${random.pick(castList).name}: ${random.pick(WORDS)} ${random.pick(WORDS)} ${random.pick(WORDS)}`;

  // The body: sentences of common words; some carry a mention, a claim value or a citation.
  type Insert =
    | { kind: 'mention'; entity: SyntheticEntity }
    | { kind: 'claim'; subject: SyntheticEntity; property: string; value: string; lower: number | null; valueEntity: SyntheticEntity | null; cited: boolean }
    | { kind: 'citation'; source: SyntheticEntity };
  const inserts: Insert[] = [];
  const mentionCount = random.int(8, 12);
  for (let i = 0; i < mentionCount; i++) inserts.push({ kind: 'mention', entity: i < castList.length ? castList[i]! : random.pick(castList) });
  const citationSource = sources.length > 0 && random.next() < 0.8 ? random.pick(sources) : null;
  if (citationSource) inserts.push({ kind: 'citation', source: citationSource });
  const claimCount = random.int(2, 4);
  for (let i = 0; i < claimCount; i++) {
    const subject = subjectPool.length > 0 ? random.pick(subjectPool) : random.pick(castList);
    const cited = citationSource !== null && i === 0;
    if (subject.type === 'EVENT') {
      const lower = random.int(2, 300) * 100;
      const value = `${random.pick(TOLL_WORDS)} ${lower.toLocaleString('en')}`;
      inserts.push({ kind: 'claim', subject, property: 'deathToll', value, lower, valueEntity: null, cited });
    } else {
      const event = byType.EVENT.length > 0 && random.next() < 0.5 ? random.skewed(byType.EVENT) : null;
      if (event) inserts.push({ kind: 'claim', subject, property: 'involvement', value: `took part in the ${event.name}`, lower: null, valueEntity: event, cited });
      else inserts.push({ kind: 'claim', subject, property: 'role', value: random.pick(ROLES), lower: null, valueEntity: null, cited });
    }
  }
  // Shuffle, keeping the citation before the claim that relies on it.
  for (let i = inserts.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [inserts[i], inserts[j]] = [inserts[j]!, inserts[i]!];
  }
  const targetLength = random.int(2000, 4000);
  let body = '';
  const placed: Array<{ insert: Insert; start: number; end: number }> = [];
  let pending = 0;
  while (body.length < targetLength || pending < inserts.length) {
    const words = random.int(8, 20);
    let sentence = '';
    const carry = pending < inserts.length && (body.length > targetLength || random.next() < 0.45) ? inserts[pending++]! : null;
    const at = carry ? random.int(1, words - 1) : -1;
    for (let w = 0; w < words; w++) {
      if (w === at && carry) {
        const exact =
          carry.kind === 'mention' ? (carry.entity.alias && random.next() < 0.3 ? carry.entity.alias : carry.entity.name) : carry.kind === 'citation' ? `according to ${carry.source.name}` : carry.value;
        const prefix = carry.kind === 'claim' ? `${carry.subject.name} ${carry.property === 'deathToll' ? 'claimed the lives of' : 'was'} ` : '';
        sentence += `${sentence ? ' ' : ''}${prefix}`;
        const start = body.length + (body ? 1 : 0) + sentence.length;
        sentence += exact;
        placed.push({ insert: carry, start, end: start + exact.length });
      } else {
        const word = random.pick(WORDS);
        sentence += `${sentence ? ' ' : ''}${w === 0 ? word[0]!.toUpperCase() + word.slice(1) : word}`;
      }
    }
    sentence += '.';
    body += `${body ? ' ' : ''}${sentence}`;
    if (random.next() < 0.15) body += '\n\n';
  }
  const headline = `${title}\n\n`;
  const footer = '\n\nShare this article: Twitter Facebook Email';
  const rawText = `${headline}${body}${footer}`;
  const contentHash = createHash('sha256').update(rawText).digest('hex');
  const published = { publishedYear: random.int(1989, 2024), publishedMonth: random.int(1, 12), publishedDay: random.int(1, 28) };
  rows.document.push({
    id: documentId,
    collectionId: context.collectionId,
    key: `synthetic-${context.tag}-d${documentId}`,
    title,
    kind: random.next() < 0.8 ? 'ARTICLE' : random.pick(['REPORT', 'LETTER', 'STATEMENT'] as const),
    publisherId: publisher?.id ?? null,
    language: 'en',
    url: `https://synthetic.example/${context.tag}/${documentId}`,
    ...published,
    publishedText: `${published.publishedDay} ${published.publishedMonth} ${published.publishedYear}`,
    publishedSort: published.publishedYear * 10_000 + published.publishedMonth * 100 + published.publishedDay,
    retrievedAt: now,
    contentHash,
    createdAt: now,
    updatedAt: now,
  });
  if (persons.length > 0 && random.next() < 0.6) rows.documentAuthor.push({ documentId, personId: random.pick(persons).id, position: 0 });
  rows.documentVersion.push({ id: versionId, documentId, number: 1, rawText, body, contentHash, createdAt: now });
  rows.boilerplateRegion.push(
    { id: ids.boilerplateRegion!++, versionId, kind: 'HEADLINE', start: 0, end: headline.length, text: headline },
    { id: ids.boilerplateRegion!++, versionId, kind: 'SHARE_LINKS', start: rawText.length - footer.length, end: rawText.length, text: footer },
  );
  const curated = { status: 'CONFIRMED', method: 'CURATED', confidence: 1 } as const;
  let citationId: number | null = null;
  let citationSourceId: number | null = null;
  const claims: Array<{ insert: Extract<Insert, { kind: 'claim' }>; spanId: number }> = [];
  for (const { insert, start, end } of placed) {
    const spanId = ids.span!++;
    rows.span.push({
      id: spanId,
      documentId,
      versionId,
      exact: body.slice(start, end),
      prefix: body.slice(Math.max(0, start - 32), start),
      suffix: body.slice(end, end + 32),
      start,
      end,
      createdAt: now,
    });
    if (insert.kind === 'mention') rows.mention.push({ id: ids.mention!++, documentId, spanId, entityId: insert.entity.id, ...curated, createdAt: now, updatedAt: now });
    else if (insert.kind === 'citation') {
      citationId = ids.citation!++;
      citationSourceId = insert.source.id;
      rows.citation.push({ id: citationId, documentId, spanId, kind: random.pick(['QUOTE', 'PARAPHRASE'] as const), sourceEntityId: insert.source.id, ...curated, createdAt: now, updatedAt: now });
    } else claims.push({ insert, spanId });
  }
  for (const { insert, spanId } of claims) {
    const claimId = ids.claim!++;
    const cited = insert.cited && citationId !== null;
    rows.claim.push({
      id: claimId,
      documentId,
      spanId,
      subjectId: insert.subject.id,
      property: insert.property,
      valueText: insert.value,
      valueKind: insert.lower !== null ? 'QUANTITY' : insert.valueEntity ? 'ENTITY' : 'TEXT',
      lower: insert.lower,
      upper: insert.lower,
      approximate: insert.value.startsWith('about') || insert.value.startsWith('nearly'),
      valueEntityId: insert.valueEntity?.id ?? null,
      modality: cited ? 'REPORTS' : 'ASSERTS',
      asserterId: cited ? citationSourceId : null,
      citationId: cited ? citationId : null,
      ...curated,
      createdAt: now,
      updatedAt: now,
    });
    if (insert.property === 'deathToll' && random.next() < 0.5) {
      rows.claimQualifier.push({ id: ids.claimQualifier!++, claimId, property: 'pointInTime', valueText: `by ${random.int(1, 28)} August` });
    }
  }
}

type Row = Record<string, unknown>;
type Batch = Array<[Table, Row[]]>;

/** Writes batches of rows, each batch in one transaction. */
interface RowWriter {
  write(batch: Batch): Promise<void>;
  close(): Promise<void>;
}

// Prisma's encodings: on SQLite a DateTime is ISO-8601 text with "+00:00", a Boolean 0/1.
const sqliteValue = (value: unknown) => (value instanceof Date ? value.toISOString().replace('Z', '+00:00') : typeof value === 'boolean' ? Number(value) : value);
// PostgreSQL's timestamp(3) columns hold UTC wall-clock time; the zone in an ISO string is ignored.
const postgresValue = (value: unknown) => (value instanceof Date ? value.toISOString() : value);
const columnsOf = (row: Row) => Object.keys(row).filter((column) => row[column] !== undefined);
const quoted = (columns: string[]) => columns.map((column) => `"${column}"`).join(', ');

async function sqliteWriter(db: Database): Promise<RowWriter> {
  const connection = new BetterSqlite3(sqlitePath(db.url));
  connection.pragma('busy_timeout = 5000');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  const statements = new Map<string, BetterSqlite3.Statement>();
  const insert = (table: Table, columns: string[]) => {
    const key = `${table}:${columns.join(',')}`;
    let statement = statements.get(key);
    if (!statement) {
      statement = connection.prepare(`INSERT INTO "${SQL_TABLE[table]}" (${quoted(columns)}) VALUES (${columns.map(() => '?').join(', ')})`);
      statements.set(key, statement);
    }
    return statement;
  };
  const writeBatch = connection.transaction((batch: Batch) => {
    for (const [table, rows] of batch) {
      for (const row of rows) {
        const columns = columnsOf(row);
        insert(table, columns).run(columns.map((column) => sqliteValue(row[column])));
      }
    }
  });
  return {
    async write(batch) {
      writeBatch(batch);
    },
    async close() {
      connection.close();
    },
  };
}

async function postgresWriter(db: Database): Promise<RowWriter> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return {
    async write(batch) {
      await client.query('BEGIN');
      try {
        for (const [table, rows] of batch) {
          // Rows with the same columns go into one multi-row INSERT, under PostgreSQL's 65,535 parameters.
          const groups = new Map<string, Row[]>();
          for (const row of rows) {
            const key = columnsOf(row).join(',');
            const group = groups.get(key);
            if (group) group.push(row);
            else groups.set(key, [row]);
          }
          for (const [key, group] of groups) {
            const columns = key.split(',');
            const perStatement = Math.floor(60_000 / columns.length);
            for (let offset = 0; offset < group.length; offset += perStatement) {
              const slice = group.slice(offset, offset + perStatement);
              const values: unknown[] = [];
              const tuples = slice.map((row) => `(${columns.map((column) => `$${values.push(postgresValue(row[column]))}`).join(', ')})`);
              await client.query(`INSERT INTO "${SQL_TABLE[table]}" (${quoted(columns)}) VALUES ${tuples.join(', ')}`, values);
            }
          }
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    async close() {
      await client.end();
    },
  };
}

function prismaWriter(db: Database): RowWriter {
  const p = db.prisma;
  return {
    async write(batch) {
      await p.$transaction(
        batch.map(([table, rows]) => (p[table] as unknown as { createMany(args: { data: unknown[] }): Prisma.PrismaPromise<unknown> }).createMany({ data: rows })),
      );
    },
    async close() {},
  };
}

const countRows = (rows: Rows, into: Record<string, number>) => {
  for (const table of TABLE_ORDER) into[table] = (into[table] ?? 0) + rows[table].length;
};

/** Adds a synthetic corpus to a migrated database. See the top of this file. */
export async function generateCorpus(db: Database, options: CorpusOptions): Promise<CorpusReport> {
  const started = Date.now();
  const total = Math.max(0, Math.floor(options.documents));
  const entityCount = Math.max(10, options.entities ?? 300);
  const chunkSize = Math.max(1, options.chunkSize ?? 1000);
  const random = prng(options.seed ?? 1);
  const p = db.prisma;
  const slug = options.collectionSlug ?? 'synthetic';
  const collection = await p.collection.upsert({
    where: { slug },
    create: { slug, name: 'Synthetic benchmark corpus', description: 'Generated by bench/corpus.ts', visibility: 'PUBLIC' },
    update: {},
  });
  const ids: Record<string, number> = await nextIds(db);
  const tag = `${options.seed ?? 1}-${ids.document}`; // keys and urls stay unique across repeated runs
  const rowCounts: Record<string, number> = {};

  const { entities, entityRows, nameRows, externalRows } = makeEntities(random, entityCount, ids.entity!, tag);
  ids.entity! += entities.length;
  const nameData = nameRows.map((row) => ({ ...row, id: ids.entityName!++ }));
  const externalData = externalRows.map((row) => ({ ...row, id: ids.externalId!++ }));
  const writer = options.writer === 'prisma' ? prismaWriter(db) : db.provider === 'sqlite' ? await sqliteWriter(db) : await postgresWriter(db);
  try {
    await writer.write([
      ['entity', entityRows as Row[]],
      ['entityName', nameData as Row[]],
      ['externalId', externalData as Row[]],
    ]);
    Object.assign(rowCounts, { entity: entityRows.length, entityName: nameData.length, externalId: externalData.length });

    const byType = {
      PERSON: entities.filter((entity) => entity.type === 'PERSON'),
      ORGANISATION: entities.filter((entity) => entity.type === 'ORGANISATION'),
      EVENT: entities.filter((entity) => entity.type === 'EVENT'),
    };
    const context = { collectionId: collection.id, tag, entities, byType, now: new Date() };
    for (let done = 0; done < total; ) {
      const size = Math.min(chunkSize, total - done);
      const rows = emptyRows();
      for (let i = 0; i < size; i++) makeDocument(random, ids, rows, context);
      await writer.write(TABLE_ORDER.filter((table) => rows[table].length > 0).map((table) => [table, rows[table] as Row[]]));
      countRows(rows, rowCounts);
      done += size;
      options.onProgress?.(done, total, Date.now() - started);
    }
  } finally {
    await writer.close();
  }

  if (db.provider === 'postgresql') {
    // Explicit ids leave the sequences behind: move each past its table's largest id.
    for (const table of Object.keys(SQL_TABLE) as Table[]) {
      if (table === 'documentAuthor') continue;
      const name = SQL_TABLE[table];
      await p.$executeRawUnsafe(`SELECT setval(pg_get_serial_sequence('"${name}"', 'id'), GREATEST((SELECT MAX(id) FROM "${name}"), 1))`);
    }
  }
  if (options.analyze ?? db.provider === 'postgresql') await p.$executeRawUnsafe('ANALYZE');
  const seconds = (Date.now() - started) / 1000;
  return { collectionId: collection.id, documents: total, entities: entities.length, rows: rowCounts, seconds, documentsPerSecond: seconds > 0 ? Math.round(total / seconds) : total };
}

async function main() {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    options: {
      documents: { type: 'string', default: '1000' },
      entities: { type: 'string' },
      seed: { type: 'string' },
      writer: { type: 'string', default: 'driver' },
      'database-url': { type: 'string' },
    },
  });
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  if (!url) throw new Error('Give --database-url (file:PATH or postgresql://…) or DATABASE_URL');
  const { migrate } = await import('../src/db/migrate.js');
  const { openDatabase } = await import('../src/db/client.js');
  await migrate(url);
  const db = await openDatabase(url, { synchronous: 'NORMAL' });
  try {
    const report = await generateCorpus(db, {
      documents: Number(values.documents),
      ...(values.entities ? { entities: Number(values.entities) } : {}),
      ...(values.seed ? { seed: Number(values.seed) } : {}),
      writer: values.writer === 'prisma' ? 'prisma' : 'driver',
      onProgress: progressReporter(),
    });
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await db.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

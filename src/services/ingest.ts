// Ingest: documents someone else wrote, in. Each input is extracted (text, Markdown, HTML via
// Readability, JSON Lines), its boilerplate detected (src/domain/boilerplate-detect.ts) and cut
// as curation does (splitBoilerplate), hashed, its language and date found; then, per batch:
//   - unchanged (same text: same URL and hash, or no URL and a document with that hash) → no-op;
//   - same URL, new text → a new version through curation.addDocumentVersion (re-anchoring);
//   - otherwise new: documents, versions, regions, suggestions and Change rows written in one
//     transaction per batch through the driver (src/db/ingest-writer.ts: no Prisma call per row
//     or table). When a batch fails, its documents are retried one transaction each, so one bad
//     input never leaves a half-written document nor stops the rest.
// Existing documents are looked up with one driver read per batch, and the next batch is prepared
// (extraction, boilerplate, hash, language, suggestions: CPU only) while the current one is written.
// Suggestions (src/domain/suggestions.ts) are written as SUGGESTED with method GAZETTEER
// (mentions) or PATTERN (citations, claims) and a confidence; unknown names are only reported.
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import cliProgress from 'cli-progress';
import { actorOf, requireRole } from './access.js';
import { refTo } from './ids.js';
import type { Database, Prisma } from '../db/client.js';
import { documentWriter, type DocumentWriter, type NewDocumentRows } from '../db/ingest-writer.js';
import { splitBoilerplate } from '../domain/boilerplate.js';
import { detectBoilerplate, type DetectedRegion } from '../domain/boilerplate-detect.js';
import { detectLanguage, extract, extractDate, extractJsonLine, ExtractError, formatOf, notText, type ExtractedDocument, type IngestFormat } from '../domain/extract.js';
import { publisherNames, textAuthors } from '../domain/metadata.js';
import { normalizeName } from '../domain/names.js';
import type { NormalisationTable } from '../domain/normalisation-table.js';
import { sortKey } from '../domain/partial-dates.js';
import { storedValue } from '../domain/properties.js';
import { buildGazetteer, suggest, type Gazetteer, type GazetteerName, type Suggestions } from '../domain/suggestions.js';
import { maxDocumentBytes } from '../config.js';
import { addDocumentVersion, checkDocumentSize, documentTooLarge, type Writer } from './curation.js';
import { lastLine, NotFoundError, ValidationError } from './errors.js';
import { activeTable } from './normalisation.js';

type Tx = Prisma.TransactionClient;

export type IngestStatus = 'CREATED' | 'UNCHANGED' | 'NEW_VERSION' | 'FAILED';

export interface IngestOutcome {
  source: string;
  status: IngestStatus;
  reason: string | null;
  documentId: number | null;
  suggestions: { mentions: number; citations: number; claims: number };
  candidates: string[];
}

export interface IngestReport {
  outcomes: IngestOutcome[];
  created: number;
  unchanged: number;
  newVersions: number;
  failed: Array<{ source: string; reason: string }>;
  suggestions: { mentions: number; citations: number; claims: number };
  candidates: Map<string, number>;
}

export interface IngestOptions {
  /** Suggest mentions, citations and claims (default true). */
  suggestions?: boolean;
  /** Documents per transaction (default 500). */
  batchSize?: number;
  /** A gazetteer built once for many calls (default: built from the database's names). */
  gazetteer?: Gazetteer;
  /** The rules that suggest (default: the domain's suggest): tests write suggestions of their own through both write paths. */
  suggest?: typeof suggest;
}

interface Prepared {
  item: ExtractedDocument;
  title: string;
  url: string | null;
  rawText: string;
  body: string;
  regions: Array<DetectedRegion & { text: string }>;
  contentHash: string;
  language: string | null;
  published: ReturnType<typeof extractDate>;
  suggestions: Suggestions | null;
  identity: string;
  /** The publisher and authors matched to known entities by name or alias (null/empty when none). */
  publisherId: number | null;
  authorIds: number[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const empty = () => ({ mentions: 0, citations: 0, claims: 0 });

export function emptyReport(): IngestReport {
  return { outcomes: [], created: 0, unchanged: 0, newVersions: 0, failed: [], suggestions: empty(), candidates: new Map() };
}

export async function loadGazetteer(db: Database): Promise<Gazetteer> {
  const rows = await db.lean<GazetteerName>(
    'SELECT n."entityId" AS "entityId", e."type" AS "type", n."name" AS "name", n."kind" AS "kind", n."normalized" AS "normalized" ' +
      'FROM "EntityName" n JOIN "Entity" e ON e."id" = n."entityId" WHERE e."mergedIntoId" IS NULL ORDER BY n."id"',
  );
  return buildGazetteer(rows);
}

function checkUrl(url: string | null): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`"${url}" is not an http(s) URL`);
  return url;
}

/** Everything about one input that needs no database; throws with the reason it is refused. */
export function prepare(item: ExtractedDocument, gazetteer: Gazetteer | null, rules: typeof suggest = suggest): Prepared {
  const rawText = item.text;
  if (rawText.trim().length === 0) throw new Error('no text');
  // Every way in checks its input's size first; this holds for whatever an extractor returned.
  const tooLarge = rawText.length > maxDocumentBytes() / 3 ? documentTooLarge(Buffer.byteLength(rawText, 'utf8')) : null;
  if (tooLarge) throw new Error(tooLarge);
  const url = checkUrl(item.url);
  const detected = detectBoilerplate(rawText, { title: item.title, authors: item.authors });
  const regions = detected.map((region) => ({ ...region, text: rawText.slice(region.start, region.end) }));
  const { body } = splitBoilerplate(rawText, regions);
  if (body.trim().length === 0) throw new Error('no text left once boilerplate is cut');
  const headline = regions.find((region) => region.kind === 'HEADLINE')?.text;
  const title = (item.title?.trim() || headline || body.split('\n')[0]!.slice(0, 200)).trim();
  const contentHash = sha256(rawText);
  // Publisher and authors first: a figure they state is the document's own voice.
  const metadataCandidates = new Map<string, number>();
  const metadata = metadataOf(item, rawText, gazetteer, metadataCandidates);
  const suggestions = gazetteer ? rules(body, gazetteer, { ownVoices: [...(metadata.publisherId === null ? [] : [metadata.publisherId]), ...metadata.authorIds], title: item.title ?? headline ?? null }) : null;
  if (suggestions) {
    for (const [name, count] of metadataCandidates) suggestions.candidates.set(name, (suggestions.candidates.get(name) ?? 0) + count);
    suggestions.candidates = withoutLineBreaks(suggestions.candidates);
  }
  return {
    item,
    title,
    url,
    rawText,
    body,
    regions,
    contentHash,
    language: detectLanguage(body),
    // The raw text: date and byline lines are boilerplate, cut from the body.
    published: extractDate(item.publishedAt, rawText),
    suggestions,
    identity: url ? `url:${url}` : `hash:${contentHash}`,
    ...metadata,
  };
}

/**
 * A name never runs across a line break: "Aftermath\n\nProtests" is a heading and a word. Each
 * line's part is kept when it still has two words or more.
 */
function withoutLineBreaks(candidates: Map<string, number>): Map<string, number> {
  if (![...candidates.keys()].some((name) => name.includes('\n'))) return candidates;
  const result = new Map<string, number>();
  for (const [name, count] of candidates) {
    for (const part of name.includes('\n') ? name.split(/\s*\n\s*/) : [name]) {
      if (part.includes('\n') || !/\S\s+\S/.test(part)) continue;
      result.set(part, (result.get(part) ?? 0) + count);
    }
  }
  return result;
}

const byName = new WeakMap<Gazetteer, Map<string, GazetteerName[]>>();

/** The known entities of a normalised name (any name or alias), through the gazetteer. */
function namesOf(gazetteer: Gazetteer, name: string): GazetteerName[] {
  let index = byName.get(gazetteer);
  if (!index) {
    index = new Map(gazetteer.patterns.map((pattern) => [pattern.normalized, pattern.names]));
    byName.set(gazetteer, index);
  }
  const normalized = normalizeName(name.replace(/^the\s+/i, ''));
  return index.get(normalized) ?? index.get(normalizeName(name)) ?? [];
}

/**
 * The document's publisher and authors: the source's own fields (JSON Lines "publisher", HTML
 * og:site_name and <meta name="author">, front matter) first, else what the text's head and foot
 * say (metadata.ts), each matched to a known organisation or person by name or alias. A name
 * the source gives that no entity has is reported as a candidate, never created.
 */
function metadataOf(item: ExtractedDocument, rawText: string, gazetteer: Gazetteer | null, candidates: Map<string, number>): { publisherId: number | null; authorIds: number[] } {
  if (!gazetteer) return { publisherId: null, authorIds: [] };
  const candidate = (name: string) => candidates.set(name, (candidates.get(name) ?? 0) + 1);
  const organisation = (name: string) => namesOf(gazetteer, name).find((n) => n.type === 'ORGANISATION')?.entityId ?? null;
  let publisherId: number | null = null;
  if (item.publisher) {
    publisherId = organisation(item.publisher);
    if (publisherId === null) candidate(item.publisher.trim());
  } else {
    for (const name of publisherNames(rawText)) {
      publisherId = organisation(name);
      if (publisherId !== null) break;
    }
  }
  const authorIds: number[] = [];
  const given = item.authors?.length ? item.authors : textAuthors(rawText);
  for (const name of given) {
    const known = namesOf(gazetteer, name).find((n) => n.type === 'PERSON' || n.type === 'ORGANISATION')?.entityId;
    if (known === undefined) candidate(name);
    else if (!authorIds.includes(known)) authorIds.push(known);
  }
  return { publisherId, authorIds };
}

/** Characters of text in one batch (one write transaction), whatever its document count. */
const BATCH_CHARS = 4 * 1024 * 1024;

/** Ingests extracted documents (and reports extraction failures) into one collection. */
export async function ingestDocuments(
  db: Database,
  writer: Writer,
  collectionId: number,
  items: Array<ExtractedDocument | ExtractError>,
  options: IngestOptions = {},
  report: IngestReport = emptyReport(),
): Promise<IngestReport> {
  const withSuggestions = options.suggestions ?? true;
  const gazetteer = withSuggestions ? (options.gazetteer ?? (await loadGazetteer(db))) : null;
  const batchSize = options.batchSize ?? 500;
  const fail = (source: string, reason: string) => {
    report.failed.push({ source, reason });
    report.outcomes.push({ source, status: 'FAILED', reason, documentId: null, suggestions: empty(), candidates: [] });
  };
  // Preparing is CPU work and needs no database, so the next batch is prepared while this one is
  // written (on PostgreSQL the server runs the inserts and their full-text triggers meanwhile).
  // Its refusals and in-batch duplicates are recorded once this batch is done, so the report
  // lists outcomes in the same order as batch after batch would.
  const prepareBatch = async (slice: Array<ExtractedDocument | ExtractError>) => {
    const prepared: Prepared[] = [];
    const events: Array<() => void> = [];
    const identities = new Set<string>();
    for (const [index, item] of slice.entries()) {
      if (index % 16 === 15) await new Promise((resolve) => setImmediate(resolve)); // let the writes progress
      if (item instanceof ExtractError) {
        events.push(() => fail(item.source, item.reason));
        continue;
      }
      try {
        const ready = prepare(item, gazetteer, options.suggest);
        if (identities.has(ready.identity)) {
          events.push(() => {
            report.unchanged++;
            report.outcomes.push({ source: item.source, status: 'UNCHANGED', reason: 'the same text (or URL) appears earlier in this batch', documentId: null, suggestions: empty(), candidates: [] });
          });
          continue;
        }
        identities.add(ready.identity);
        prepared.push(ready);
      } catch (error) {
        const reason = (error as Error).message;
        events.push(() => fail(item.source, reason));
      }
    }
    return { prepared, events };
  };
  // The bulk writer (its own SQLite connection) is opened with the first new document.
  let documents = null as DocumentWriter | null; // (assigned in writeBatch)
  // Batches are bounded in documents and in characters of text: each is one write transaction,
  // and a short one lets other writers of the database (the server, while the CLI ingests) in.
  const batches: Array<Array<ExtractedDocument | ExtractError>> = [];
  let current: Array<ExtractedDocument | ExtractError> = [];
  let chars = 0;
  for (const item of items) {
    const size = item instanceof ExtractError ? 0 : item.text.length;
    if (current.length > 0 && (current.length >= batchSize || chars + size > BATCH_CHARS)) {
      batches.push(current);
      current = [];
      chars = 0;
    }
    current.push(item);
    chars += size;
  }
  if (current.length) batches.push(current);
  let next = prepareBatch(batches[0] ?? []);
  try {
    for (let index = 0; index < batches.length; index++) {
      const { prepared, events } = await next;
      for (const event of events) event();
      const writing = writeBatch(prepared);
      next = index + 1 < batches.length ? prepareBatch(batches[index + 1]!) : Promise.resolve({ prepared: [], events: [] });
      await writing;
    }
  } finally {
    await next.catch(() => undefined);
    await documents?.close();
  }
  return report;

  async function writeBatch(prepared: Prepared[]) {
    if (prepared.length === 0) return;
    const urls = prepared.flatMap((p) => (p.url ? [p.url] : []));
    const hashes = prepared.flatMap((p) => (p.url ? [] : [p.contentHash]));
    const existing = await existingDocuments(db, collectionId, urls, hashes);
    const byUrl = new Map(existing.filter((d) => d.url).map((d) => [d.url!, d]));
    const byHash = new Map(existing.filter((d) => !d.url).map((d) => [d.contentHash!, d]));
    const fresh: Prepared[] = [];
    const versions: Array<{ prepared: Prepared; documentId: number }> = [];
    for (const p of prepared) {
      const found = p.url ? byUrl.get(p.url) : byHash.get(p.contentHash);
      if (!found) fresh.push(p);
      else if (found.contentHash === p.contentHash) {
        report.unchanged++;
        report.outcomes.push({ source: p.item.source, status: 'UNCHANGED', reason: null, documentId: found.id, suggestions: empty(), candidates: [] });
      } else versions.push({ prepared: p, documentId: found.id });
    }
    if (fresh.length) {
      const table = activeTable();
      const rows: NewDocumentRows[] = [];
      const ready: Prepared[] = [];
      for (const p of fresh) {
        try {
          rows.push(newDocumentRows(writer, collectionId, p, table));
          ready.push(p);
        } catch (error) {
          fail(p.item.source, `could not be written: ${lastLine(error)}`);
        }
      }
      documents ??= documentWriter(db);
      const bulk = documents;
      const done: Array<{ p: Prepared; documentId: number }> = [];
      try {
        const written = await bulk.write(rows);
        ready.forEach((p, index) => done.push({ p, documentId: written[index]!.documentId }));
        for (const { p, documentId } of done) created(report, p, documentId);
      } catch {
        // Find the culprit: one transaction per document.
        for (const [index, p] of ready.entries()) {
          try {
            const [written] = await bulk.write([rows[index]!]);
            done.push({ p, documentId: written!.documentId });
            created(report, p, written!.documentId);
          } catch (error) {
            fail(p.item.source, `could not be written: ${lastLine(error)}`);
          }
        }
      }
      await writeMetadata(done);
    }
    for (const { prepared: p, documentId } of versions) {
      try {
        const { version } = await addDocumentVersion(writer, {
          document: refTo('Document', documentId),
          text: p.rawText,
          boilerplate: p.regions.map(({ kind, start, end }) => ({ kind, start, end })),
        });
        const counts = p.suggestions ? await db.transaction((tx) => writeSuggestions(tx, documentId, version.id, p.suggestions!, true)) : empty();
        report.newVersions++;
        addCounts(report, counts, p);
        report.outcomes.push({ source: p.item.source, status: 'NEW_VERSION', reason: null, documentId, suggestions: counts, candidates: candidatesOf(p) });
      } catch (error) {
        fail(p.item.source, `new version refused: ${(error as Error).message}`);
      }
    }
  }

  /** Publishers and authors of new documents: one update per publisher, one insert of author rows. */
  async function writeMetadata(items: Array<{ p: Prepared; documentId: number }>) {
    const byPublisher = new Map<number, number[]>();
    for (const { p, documentId } of items) if (p.publisherId !== null) byPublisher.set(p.publisherId, [...(byPublisher.get(p.publisherId) ?? []), documentId]);
    const authors = items.flatMap(({ p, documentId }) => p.authorIds.map((personId, position) => ({ documentId, personId, position })));
    if (byPublisher.size === 0 && authors.length === 0) return;
    await db.transaction(async (tx) => {
      for (const [publisherId, ids] of byPublisher) await tx.document.updateMany({ where: { id: { in: ids } }, data: { publisherId } });
      if (authors.length) await tx.documentAuthor.createMany({ data: authors });
    });
  }
}


/**
 * The documents of the collection at these URLs, or without a URL with these hashes: one driver
 * read. The hashes are looked up through the contentHash index alone and filtered here: with
 * "collectionId" and "url" IS NULL in the statement, SQLite's planner would rather walk every
 * URL-less document of the collection through (collectionId, url), once per batch.
 */
async function existingDocuments(db: Database, collectionId: number, urls: string[], hashes: string[]) {
  const params: unknown[] = [];
  const list = (values: string[]) => values.map((value) => `$${params.push(value)}`).join(', ');
  const parts: string[] = [];
  if (urls.length) parts.push(`SELECT "id", "url", "contentHash", "collectionId" FROM "Document" WHERE "collectionId" = $${params.push(collectionId)} AND "url" IN (${list(urls)})`);
  if (hashes.length) parts.push(`SELECT "id", "url", "contentHash", "collectionId" FROM "Document" WHERE "contentHash" IN (${list(hashes)})`);
  const rows = await db.lean<{ id: number; url: string | null; contentHash: string | null; collectionId: number }>(parts.join(' UNION ALL '), params);
  // URL rows match already; hash rows count only without a URL and in this collection.
  const wanted = new Set(urls);
  return rows.filter((row) => row.collectionId === collectionId && (row.url === null || wanted.has(row.url)));
}

const candidatesOf = (p: Prepared) => (p.suggestions ? [...p.suggestions.candidates.keys()] : []);

function addCounts(report: IngestReport, counts: ReturnType<typeof empty>, p: Prepared) {
  report.suggestions.mentions += counts.mentions;
  report.suggestions.citations += counts.citations;
  report.suggestions.claims += counts.claims;
  for (const [name, count] of p.suggestions?.candidates ?? []) report.candidates.set(name, (report.candidates.get(name) ?? 0) + count);
}

function created(report: IngestReport, p: Prepared, documentId: number) {
  const counts = p.suggestions ? { mentions: p.suggestions.mentions.length, citations: p.suggestions.citations.length, claims: p.suggestions.claims.length } : empty();
  report.created++;
  addCounts(report, counts, p);
  report.outcomes.push({ source: p.item.source, status: 'CREATED', reason: null, documentId, suggestions: counts, candidates: candidatesOf(p) });
}

/**
 * The columns of a suggested claim, whichever path writes it (its citation apart); its value
 * normalised as createClaim would. A claim names its asserter or describes it, not both
 * (createClaim refuses both): a named asserter wins.
 */
function suggestedClaim(c: Suggestions['claims'][number], table: NormalisationTable) {
  return {
    subjectId: c.subjectId,
    property: c.property,
    valueText: c.valueText,
    ...storedValue(c.property, c.valueText, false, table),
    modality: c.modality,
    asserterId: c.asserterId,
    asserterDescription: c.asserterId === null ? c.asserterDescription : null,
    status: 'SUGGESTED' as const,
    method: 'PATTERN' as const,
    confidence: c.confidence,
  };
}

/** The columns of a suggested citation, whichever path writes it. */
function suggestedCitation(c: Suggestions['citations'][number]) {
  return { kind: c.kind, sourceEntityId: c.sourceEntityId, sourceDescription: c.sourceDescription, status: 'SUGGESTED' as const, method: 'PATTERN' as const, confidence: c.confidence };
}

/** The index of the claim's citation in its document's suggested citations; null when none (or out of range). */
const citationIndex = (c: Suggestions['claims'][number], suggestions: Suggestions) =>
  c.citation !== null && Number.isInteger(c.citation) && c.citation >= 0 && c.citation < suggestions.citations.length ? c.citation : null;

/**
 * The rows of one new document (first version, regions, Change row, suggestions), for the bulk
 * writer. Spans, mentions, citations and claims are exactly those writeSuggestionsMany would
 * write for a new version: spans deduplicated by position (mentions' first, then citations',
 * then claims'), mentions by position and entity.
 */
function newDocumentRows(writer: Writer, collectionId: number, p: Prepared, table: NormalisationTable): NewDocumentRows {
  const rows: NewDocumentRows = {
    document: {
      collectionId,
      title: p.title,
      language: p.language,
      url: p.url,
      publishedYear: p.published?.year ?? null,
      publishedMonth: p.published?.month ?? null,
      publishedDay: p.published?.day ?? null,
      publishedText: p.published?.text ?? null,
      publishedSort: p.published ? sortKey(p.published) : null,
      contentHash: p.contentHash,
      notes: `ingested from ${p.item.source}`,
    },
    version: { rawText: p.rawText, body: p.body, contentHash: p.contentHash },
    regions: p.regions.map(({ kind, start, end, text }) => ({ kind, start, end, text })),
    change: {
      actor: writer.viewer.actor,
      requestId: writer.requestId,
      operation: 'ingestDocument',
      collectionId,
      after: { source: p.item.source, title: p.title, url: p.url, contentHash: p.contentHash, boilerplate: p.regions.length, language: p.language },
    },
    spans: [],
    mentions: [],
    citations: [],
    claims: [],
  };
  const suggestions = p.suggestions;
  if (!suggestions) return rows;
  const body = p.body;
  const spanIndex = new Map<string, number>();
  const span = (start: number, end: number) => {
    const key = `${start}:${end}`;
    let index = spanIndex.get(key);
    if (index === undefined) {
      index = rows.spans.length;
      spanIndex.set(key, index);
      rows.spans.push({ exact: body.slice(start, end), prefix: body.slice(Math.max(0, start - 32), start), suffix: body.slice(end, end + 32), start, end });
    }
    return index;
  };
  const mentionSpans = suggestions.mentions.map((m) => span(m.start, m.end));
  const citationSpans = suggestions.citations.map((c) => span(c.start, c.end));
  const claimSpans = suggestions.claims.map((c) => span(c.start, c.end));
  const seen = new Set<string>();
  suggestions.mentions.forEach((m, i) => {
    const key = `${m.start}:${m.end}:${m.entityId}`;
    if (seen.has(key)) return;
    seen.add(key);
    rows.mentions.push({ span: mentionSpans[i]!, entityId: m.entityId, status: 'SUGGESTED', method: 'GAZETTEER', confidence: m.confidence });
  });
  // One row per suggested citation, in order: a claim's citation index holds in rows.citations too.
  suggestions.citations.forEach((c, i) => {
    rows.citations.push({ span: citationSpans[i]!, ...suggestedCitation(c) });
  });
  suggestions.claims.forEach((c, i) => {
    rows.claims.push({ span: claimSpans[i]!, ...suggestedClaim(c, table), citation: citationIndex(c, suggestions), qualifiers: c.qualifiers.map(({ property, valueText, entityId }) => ({ property, valueText, entityId })) });
  });
  return rows;
}

async function writeSuggestions(tx: Tx, documentId: number, versionId: number, suggestions: Suggestions, skipExisting: boolean) {
  return writeSuggestionsMany(tx, [{ documentId, versionId, suggestions }], skipExisting);
}

/** Spans, then mentions, citations and claims on them, SUGGESTED. */
async function writeSuggestionsMany(tx: Tx, items: Array<{ documentId: number; versionId: number; suggestions: Suggestions }>, skipExisting: boolean) {
  const table = activeTable();
  const counts = empty();
  const existing = new Set<string>();
  if (skipExisting) {
    const spans = await tx.span.findMany({ where: { versionId: { in: items.map((i) => i.versionId) } }, select: { versionId: true, start: true, end: true, mentions: { select: { entityId: true } } } });
    for (const span of spans) for (const mention of span.mentions) existing.add(`${span.versionId}:${span.start}:${span.end}:${mention.entityId}`);
  }
  const spanRows: Prisma.SpanCreateManyInput[] = [];
  const spanKeys = new Set<string>();
  const want = (versionId: number, documentId: number, body: string, start: number, end: number) => {
    const key = `${versionId}:${start}:${end}`;
    if (spanKeys.has(key)) return;
    spanKeys.add(key);
    spanRows.push({ documentId, versionId, exact: body.slice(start, end), prefix: body.slice(Math.max(0, start - 32), start), suffix: body.slice(end, end + 32), start, end });
  };
  const bodies = new Map<number, string>();
  if (items.length) {
    for (const version of await tx.documentVersion.findMany({ where: { id: { in: items.map((i) => i.versionId) } }, select: { id: true, body: true } })) bodies.set(version.id, version.body);
  }
  for (const { documentId, versionId, suggestions } of items) {
    const body = bodies.get(versionId)!;
    suggestions.mentions = suggestions.mentions.filter((m) => !existing.has(`${versionId}:${m.start}:${m.end}:${m.entityId}`));
    for (const m of suggestions.mentions) want(versionId, documentId, body, m.start, m.end);
    for (const c of suggestions.citations) want(versionId, documentId, body, c.start, c.end);
    for (const c of suggestions.claims) want(versionId, documentId, body, c.start, c.end);
  }
  if (spanRows.length === 0) return counts;
  // Spans that re-anchoring already placed are reused.
  const reused = skipExisting
    ? await tx.span.findMany({ where: { versionId: { in: items.map((i) => i.versionId) } }, select: { id: true, versionId: true, start: true, end: true } })
    : [];
  const spanId = new Map(reused.map((s) => [`${s.versionId}:${s.start}:${s.end}`, s.id]));
  const missing = spanRows.filter((row) => !spanId.has(`${row.versionId}:${row.start}:${row.end}`));
  if (missing.length) {
    for (const s of await tx.span.createManyAndReturn({ data: missing, select: { id: true, versionId: true, start: true, end: true } })) spanId.set(`${s.versionId}:${s.start}:${s.end}`, s.id);
  }
  const id = (versionId: number, start: number, end: number) => spanId.get(`${versionId}:${start}:${end}`)!;
  const mentions: Prisma.MentionCreateManyInput[] = [];
  const citations: Prisma.CitationCreateManyInput[] = [];
  for (const { documentId, versionId, suggestions } of items) {
    const seen = new Set<string>();
    for (const m of suggestions.mentions) {
      const key = `${m.start}:${m.end}:${m.entityId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      mentions.push({ documentId, spanId: id(versionId, m.start, m.end), entityId: m.entityId, status: 'SUGGESTED', method: 'GAZETTEER', confidence: m.confidence });
    }
    for (const c of suggestions.citations) citations.push({ documentId, spanId: id(versionId, c.start, c.end), ...suggestedCitation(c) });
  }
  if (mentions.length) await tx.mention.createMany({ data: mentions });
  // Claims name their citation by id. RETURNING promises no order, so each returned row is matched
  // to the suggestion by every column written: rows equal in all of them are interchangeable.
  const citationKey = (c: { documentId: number; spanId: number; kind: string; sourceEntityId?: number | null; sourceDescription?: string | null; confidence?: number | null }) =>
    JSON.stringify([c.documentId, c.spanId, c.kind, c.sourceEntityId ?? null, c.sourceDescription ?? null, c.confidence ?? null]);
  const citationIds = new Map<string, number[]>();
  if (citations.length) {
    const written = await tx.citation.createManyAndReturn({ data: citations, select: { id: true, documentId: true, spanId: true, kind: true, sourceEntityId: true, sourceDescription: true, confidence: true } });
    for (const row of written) citationIds.set(citationKey(row), [...(citationIds.get(citationKey(row)) ?? []), row.id]);
  }
  const claims: Prisma.ClaimCreateManyInput[] = [];
  const qualified: Prisma.ClaimUncheckedCreateInput[] = [];
  let offset = 0;
  for (const { documentId, versionId, suggestions } of items) {
    // The ids of this document's citations, in suggestion order.
    const ids = citations.slice(offset, (offset += suggestions.citations.length)).map((row) => citationIds.get(citationKey(row as Parameters<typeof citationKey>[0]))!.shift()!);
    for (const c of suggestions.claims) {
      const index = citationIndex(c, suggestions);
      const row = { documentId, spanId: id(versionId, c.start, c.end), ...suggestedClaim(c, table), citationId: index === null ? null : ids[index]! };
      // Claims with qualifiers are created one by one, with them (createMany writes no relation).
      if (c.qualifiers.length) qualified.push({ ...row, qualifiers: { create: c.qualifiers.map(({ property, valueText, entityId }) => ({ property, valueText, entityId })) } });
      else claims.push(row);
    }
  }
  if (claims.length) await tx.claim.createMany({ data: claims });
  for (const data of qualified) await tx.claim.create({ data, select: { id: true } });
  return { mentions: mentions.length, citations: citations.length, claims: claims.length + qualified.length };
}

// ---- Files --------------------------------------------------------------------------------

export interface FileInput {
  path: string;
  /**
   * What the file is called in refusals, Change rows and Document.notes: its path relative to
   * the path given on the command line (a file given by itself: its name). Never an absolute
   * local path.
   */
  label: string;
}

/**
 * Files under the given paths (folders recursively, hidden files skipped), sorted; unreadable
 * paths as refusals. Symbolic links are followed, but each real folder and file is taken once
 * (by device and inode), so a link back up the tree is not walked around again and again.
 */
export function listFiles(paths: string[]): { files: FileInput[]; refused: Array<{ source: string; reason: string }> } {
  const files: FileInput[] = [];
  const refused: Array<{ source: string; reason: string }> = [];
  const seen = new Set<string>();
  const walk = (path: string, label: string) => {
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      refused.push({ source: label, reason: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      return;
    }
    const identity = `${stat.dev}:${stat.ino}`;
    if (seen.has(identity)) return;
    if (stat.isDirectory()) {
      seen.add(identity);
      let names: string[];
      try {
        names = readdirSync(path).sort();
      } catch (error) {
        refused.push({ source: label, reason: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
        return;
      }
      for (const name of names) if (!name.startsWith('.')) walk(join(path, name), label === '' ? name : `${label}/${name}`);
    } else if (stat.isFile()) {
      seen.add(identity);
      files.push({ path, label: label === '' ? basename(path) : label });
    }
  };
  // A folder's files are labelled relative to it; a file given by itself, by its name.
  for (const path of paths) walk(path, '');
  return { files, refused };
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const overLimit = (bytes: number, maxBytes: number) => `too large: ${megabytes(bytes)}, over the ${megabytes(maxBytes)} limit (--max-bytes, at most MAX_DOCUMENT_BYTES): ${bytes} bytes > ${maxBytes}`;

/**
 * Reads and extracts one file; every problem becomes an ExtractError with a clear reason. A JSON
 * Lines file is streamed line by line, and maxBytes applies to each line (each document): a line
 * over it is refused without being held in memory whole. Any other file is one document: refused
 * when over maxBytes, else read (bounded by maxBytes).
 */
export async function* readInputs(file: FileInput, maxBytes: number): AsyncGenerator<ExtractedDocument | ExtractError> {
  const format = formatOf(file.path);
  if (!format) {
    yield new ExtractError(file.label, 'unsupported file type (expected .txt, .md, .html or .jsonl)');
    return;
  }
  if (format === 'JSONL') {
    yield* readJsonLines(file, maxBytes);
    return;
  }
  let bytes: Buffer;
  try {
    const size = statSync(file.path).size;
    if (size > maxBytes) {
      yield new ExtractError(file.label, overLimit(size, maxBytes));
      return;
    }
    bytes = readFileSync(file.path);
  } catch (error) {
    yield new ExtractError(file.label, `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return;
  }
  // It may have grown since stat.
  if (bytes.length > maxBytes) {
    yield new ExtractError(file.label, overLimit(bytes.length, maxBytes));
    return;
  }
  const problem = notText(bytes);
  if (problem) {
    yield new ExtractError(file.label, problem);
    return;
  }
  try {
    yield* extract(file.label, format, bytes.toString('utf8'));
  } catch (error) {
    yield error instanceof ExtractError ? error : new ExtractError(file.label, (error as Error).message);
  }
}

/** Every input of one file (readInputs, collected). */
export async function readInput(file: FileInput, maxBytes: number): Promise<Array<ExtractedDocument | ExtractError>> {
  const items: Array<ExtractedDocument | ExtractError> = [];
  for await (const item of readInputs(file, maxBytes)) items.push(item);
  return items;
}

const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The documents of a JSON Lines file, one line at a time; "file.jsonl:N" names line N. */
async function* readJsonLines(file: FileInput, maxBytes: number): AsyncGenerator<ExtractedDocument | ExtractError> {
  let parts: Buffer[] = [];
  let held = 0; // bytes of the current line held in parts
  let length = 0; // bytes of the current line, held or not
  let lineNumber = 0;
  const endLine = (): ExtractedDocument | ExtractError | null => {
    lineNumber++;
    const where = `${file.label}:${lineNumber}`;
    const lineLength = length;
    const line = lineLength > maxBytes ? null : parts.length === 1 ? parts[0]! : Buffer.concat(parts, held);
    parts = [];
    held = 0;
    length = 0;
    if (line === null) return new ExtractError(where, overLimit(lineLength, maxBytes));
    let text: string;
    try {
      text = utf8.decode(line);
    } catch {
      return new ExtractError(where, 'not valid UTF-8 text');
    }
    return extractJsonLine(where, text.endsWith('\r') ? text.slice(0, -1) : text);
  };
  try {
    for await (const chunk of createReadStream(file.path, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>) {
      let from = 0;
      while (from < chunk.length) {
        const newline = chunk.indexOf(NEWLINE, from);
        const to = newline < 0 ? chunk.length : newline;
        length += to - from;
        // Past the limit the line is only counted, not kept.
        if (length <= maxBytes && to > from) {
          parts.push(chunk.subarray(from, to));
          held += to - from;
        } else if (length > maxBytes) {
          parts = [];
          held = 0;
        }
        if (newline < 0) break;
        const result = endLine();
        if (result) yield result;
        from = newline + 1;
      }
    }
  } catch (error) {
    yield new ExtractError(lineNumber === 0 ? file.label : `${file.label}:${lineNumber + 1}`, `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return;
  }
  if (length > 0) {
    const result = endLine();
    if (result) yield result;
  }
}

export interface IngestCommandOptions {
  collection: string;
  suggestions: boolean;
  /** Bytes of the largest file, or JSON Lines line, taken (default and ceiling: MAX_DOCUMENT_BYTES). */
  maxBytes?: number;
  /** Where messages go (default: stdout for the summary, stderr for progress and refusals). */
  out?: (line: string) => void;
  err?: (line: string) => void;
  /**
   * Where stderr is not a terminal (CI logs, pipes), a progress line at most this often
   * (default 5 s); on a terminal, a progress bar.
   */
  progressEveryMs?: number;
}

/** "1 document", "2 documents". */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}

export function cliWriter(db: Database, collectionId: number): Writer {
  const viewer = actorOf(null, 'cli:ingest', new Map([[collectionId, 'ADMIN']]));
  return { db, viewer, requestId: `ingest-${Date.now()}` };
}

/** Documents, and characters of text, read ahead of ingestDocuments by the command. */
const GROUP_DOCUMENTS = 500;
const GROUP_CHARS = 16 * 1024 * 1024;

/** `crosscheck ingest`: true when every input was loaded or unchanged. */
export async function runIngestCommand(db: Database, paths: string[], options: IngestCommandOptions): Promise<boolean> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = options.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const limit = maxDocumentBytes();
  const maxBytes = options.maxBytes ?? limit;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0 || maxBytes > limit) {
    err(`crosscheck ingest: --max-bytes must be a whole number of bytes from 1 to ${limit} (MAX_DOCUMENT_BYTES, the limit for a document however it arrives; raise that to take larger ones)`);
    return false;
  }
  let collection = await db.prisma.collection.findUnique({ where: { slug: options.collection } });
  if (!collection) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(options.collection)) {
      err(`crosscheck ingest: "${options.collection}" is not a collection slug (lower case letters, digits and dashes)`);
      return false;
    }
    collection = await db.prisma.collection.create({ data: { slug: options.collection, name: options.collection, visibility: 'PRIVATE' } });
    err(`created the private collection "${collection.slug}"`);
  }
  const writer = cliWriter(db, collection.id);
  const { files, refused } = listFiles(paths);
  const report = emptyReport();
  for (const { source, reason } of refused) {
    report.failed.push({ source, reason });
    report.outcomes.push({ source, status: 'FAILED', reason, documentId: null, suggestions: empty(), candidates: [] });
  }
  const gazetteer = options.suggestions ? await loadGazetteer(db) : undefined;
  const onTerminal = options.err === undefined && process.stderr.isTTY === true;
  const bar =
    onTerminal && files.length > 1
      ? new cliProgress.SingleBar(
          { stream: process.stderr, format: 'ingest [{bar}] {value}/{total} files | {rate} docs/s | ETA {eta_formatted}', etaBuffer: 50, hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  const started = performance.now();
  bar?.start(files.length, 0, { rate: '0' });
  // Off a terminal the bar cannot redraw: a plain line now and then says the job is alive.
  const progressEveryMs = options.progressEveryMs ?? 5000;
  let lastProgress = started;
  const progress = (filesDone: number) => {
    const now = performance.now();
    if (onTerminal || now - lastProgress < progressEveryMs) return;
    lastProgress = now;
    const documents = report.created + report.unchanged + report.newVersions + report.failed.length;
    const rate = (documents / Math.max((now - started) / 1000, 1e-6)).toFixed(0);
    err(`ingest: ${counted(documents, 'document')} so far, ${filesDone} of ${counted(files.length, 'file')} read (${rate}/s)`);
  };
  // Inputs are read one file (one JSON Lines line) at a time and handed on in groups bounded in
  // count and bytes, so memory follows the group, not the corpus or the largest file.
  let pending: Array<ExtractedDocument | ExtractError> = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    pendingBytes = 0;
    await ingestDocuments(db, writer, collection.id, items, { suggestions: options.suggestions, gazetteer }, report);
    progress(filesRead);
  };
  let filesRead = 0;
  for (const [index, file] of files.entries()) {
    for await (const item of readInputs(file, maxBytes)) {
      pending.push(item);
      if (!(item instanceof ExtractError)) pendingBytes += item.text.length;
      if (pending.length >= GROUP_DOCUMENTS || pendingBytes >= GROUP_CHARS) await flush();
    }
    filesRead = index + 1;
    progress(filesRead);
    if (index % 50 === 49 || index === files.length - 1) {
      const documents = report.created + report.unchanged + report.newVersions + report.failed.length + pending.length;
      bar?.update(index + 1, { rate: (documents / ((performance.now() - started) / 1000)).toFixed(0) });
    }
  }
  await flush();
  bar?.stop();
  const seconds = (performance.now() - started) / 1000;
  for (const { source, reason } of report.failed) err(`refused ${source}: ${reason}`);
  const total = report.created + report.unchanged + report.newVersions + report.failed.length;
  out(
    `ingested into "${collection.slug}": ${report.created} new, ${report.unchanged} unchanged, ${counted(report.newVersions, 'new version')}, ${report.failed.length} failed ` +
      `(${counted(total, 'document')} in ${seconds.toFixed(1)} s, ${(total / Math.max(seconds, 1e-6)).toFixed(0)}/s)`,
  );
  if (options.suggestions) {
    out(`suggestions: ${counted(report.suggestions.mentions, 'mention')}, ${counted(report.suggestions.citations, 'citation')}, ${counted(report.suggestions.claims, 'claim')} (status SUGGESTED: review them)`);
    const candidates = [...report.candidates.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 20);
    if (candidates.length) out(`candidate entities (not created): ${candidates.map(([name, count]) => `${name} (${count})`).join(', ')}`);
  }
  return report.failed.length === 0;
}

/** One document from a request (the ingestDocument mutation). */
export async function ingestOne(
  db: Database,
  writer: Writer,
  collectionId: number,
  input: { title?: string | null; url?: string | null; text?: string | null; html?: string | null; format?: IngestFormat | null; publishedAt?: string | null },
  options: IngestOptions = {},
): Promise<IngestOutcome> {
  const format: IngestFormat = input.format ?? (input.html != null ? 'HTML' : 'TEXT');
  const content = format === 'HTML' ? (input.html ?? input.text ?? '') : (input.text ?? '');
  let items: Array<ExtractedDocument | ExtractError>;
  try {
    items = extract('request', format, content);
  } catch (error) {
    items = [error instanceof ExtractError ? error : new ExtractError('request', (error as Error).message)];
  }
  items = items.map((item) => (item instanceof ExtractError ? item : { ...item, title: input.title ?? item.title, url: input.url ?? item.url, publishedAt: input.publishedAt ?? item.publishedAt }));
  const report = await ingestDocuments(db, writer, collectionId, items.slice(0, 1), options);
  return report.outcomes[0]!;
}

/** The ingestDocument mutation: the editor role on the collection, then one document in. */
export async function ingestDocumentRequest(
  writer: Writer,
  input: { collection: number; title?: string | null; url?: string | null; text?: string | null; html?: string | null; format?: IngestFormat | null; publishedAt?: string | null },
): Promise<IngestOutcome> {
  const collectionId = input.collection; // a database id: the API takes a slug or global id (src/schema/collection.ts)
  requireRole(writer.viewer, collectionId, 'EDITOR', 'Ingesting a document');
  if (!(await writer.db.prisma.collection.findUnique({ where: { id: collectionId }, select: { id: true } }))) throw NotFoundError.gone(['collection'], 'Collection', collectionId);
  const format = input.format ?? (input.html != null ? 'HTML' : 'TEXT');
  const content = format === 'HTML' ? input.html : input.text;
  if (content == null || content.trim().length === 0) throw ValidationError.at([format === 'HTML' ? 'html' : 'text'], `must not be empty for format ${format}`);
  checkDocumentSize(content, [format === 'HTML' ? 'html' : 'text']);
  if (format === 'JSONL') throw ValidationError.at(['format'], 'JSONL is for files (crosscheck ingest); send one document as TEXT, MARKDOWN or HTML');
  const outcome = await ingestOne(writer.db, writer, collectionId, input);
  if (outcome.status === 'FAILED') throw ValidationError.at([format === 'HTML' ? 'html' : 'text'], outcome.reason ?? 'refused');
  return outcome;
}

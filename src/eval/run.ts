// Evaluating ingest suggestions on a labelled corpus, through the real ingest path: the corpus's
// entities are loaded as the seed loader loads them (so the gazetteer knows them), every source
// file is read and ingested with suggestions (services/ingest.ts readInput + ingestDocuments),
// and what ingest stored is read back and scored (score.ts). The database should be fresh: the
// corpus's documents must not be in it already.
import { join } from 'node:path';
import type { Database } from '../db/client.js';
import { splitBoilerplate, toRaw } from '../domain/boilerplate.js';
import { cliWriter, emptyReport, ingestDocuments, readInput } from '../services/ingest.js';
import { loadSeed } from '../services/seed.js';
import { documentsDir, type Corpus, type Source } from './corpus.js';
import { aggregate, labelsOf, scoreDocument, type Range, type Scores, type Suggested } from './score.js';

export interface Evaluation {
  scores: Scores;
  /** What ingest suggested per labelled document (raw-text offsets). */
  suggested: Map<string, Suggested>;
  seconds: number;
}

const sourceKey = (file: string, record: number | null) => (record === null ? file : `${file}:${record}`);

export async function evaluateCorpus(db: Database, corpus: Corpus): Promise<Evaluation> {
  const seeded = await loadSeed(db.prisma, corpus.dir);
  const collection = await db.prisma.collection.findUniqueOrThrow({ where: { slug: seeded.collection } });
  const files = [...new Set(corpus.documents.map((document) => document.sourceFile))].sort();
  const items = (await Promise.all(files.map((file) => readInput({ path: join(documentsDir(corpus.dir), file), label: file }, 10 * 1024 * 1024)))).flat();
  const started = performance.now();
  const report = await ingestDocuments(db, cliWriter(db, collection.id), collection.id, items, { suggestions: true }, emptyReport());
  const seconds = (performance.now() - started) / 1000;
  const documentIds = new Map<string, number>();
  for (const outcome of report.outcomes) {
    if (outcome.status !== 'CREATED' || outcome.documentId === null) throw new Error(`${outcome.source} was not ingested as a new document: ${outcome.status} ${outcome.reason ?? ''}`);
    documentIds.set(outcome.source, outcome.documentId);
  }
  const suggested = await readSuggestions(db, [...documentIds.values()]);
  const scores = aggregate(
    corpus.documents.map((document) => {
      const id = documentIds.get(sourceKey(document.sourceFile, document.record));
      if (id === undefined) throw new Error(`${document.labelFile}: ingest reported nothing for ${sourceKey(document.sourceFile, document.record)}`);
      return scoreDocument(labelsOf(document), suggested.get(id)!);
    }),
  );
  const byLabel = new Map(corpus.documents.map((document) => [document.id, suggested.get(documentIds.get(sourceKey(document.sourceFile, document.record))!)!]));
  return { scores, suggested: byLabel, seconds };
}

/**
 * An unnamed source, when the schema records one: a description column on claims and citations
 * is read if the row has it (findMany returns every column), so the scoring needs no change when
 * suggestions learn to name sources by description.
 */
function sourceOf(entityKey: string | null | undefined, hasEntity: boolean, row: object, column: string): Source {
  if (entityKey) return { kind: 'ENTITY', key: entityKey };
  if (hasEntity) return { kind: 'ENTITY', key: '(entity without key)' };
  const description = (row as Record<string, unknown>)[column];
  return typeof description === 'string' && description.trim() ? { kind: 'UNNAMED', description } : { kind: 'OWN' };
}

/** What ingest stored for these documents, spans mapped from the body back to the raw text. */
export async function readSuggestions(db: Database, documentIds: number[]): Promise<Map<number, Suggested>> {
  const p = db.prisma;
  const where = { documentId: { in: documentIds } };
  const [documents, mentions, citations, claims] = await Promise.all([
    p.document.findMany({
      where: { id: { in: documentIds } },
      include: {
        publisher: { select: { key: true } },
        authors: { orderBy: { position: 'asc' }, include: { person: { select: { key: true } } } },
        versions: { orderBy: { number: 'desc' }, take: 1, include: { boilerplate: true } },
      },
    }),
    p.mention.findMany({ where, include: { span: true, entity: { select: { key: true } } } }),
    p.citation.findMany({ where, include: { span: true, sourceEntity: { select: { key: true } } } }),
    p.claim.findMany({ where, include: { span: true, subject: { select: { key: true } }, asserter: { select: { key: true } }, qualifiers: { include: { entity: { select: { key: true } } } } } }),
  ]);
  const result = new Map<number, Suggested>();
  const toRawRange = new Map<number, (range: Range) => Range>();
  for (const document of documents) {
    const version = document.versions[0]!;
    const regions = version.boilerplate.map(({ start, end }) => ({ start, end }));
    const split = splitBoilerplate(version.rawText, regions);
    if (split.body !== version.body) throw new Error(`document ${document.id}: its body is not its raw text without its boilerplate`);
    toRawRange.set(document.id, ({ start, end }) => ({ start: toRaw(split, start)!, end: toRaw(split, end)! }));
    result.set(document.id, {
      text: version.rawText,
      boilerplate: regions,
      mentions: [],
      citations: [],
      claims: [],
      published: document.publishedYear || document.publishedMonth || document.publishedDay ? { year: document.publishedYear, month: document.publishedMonth, day: document.publishedDay } : null,
      publisher: document.publisher?.key ?? (document.publisherId ? '(entity without key)' : null),
      authors: document.authors.map((author) => author.person.key ?? `(entity ${author.personId} without key)`),
    });
  }
  for (const mention of mentions) {
    result.get(mention.documentId)!.mentions.push({ ...toRawRange.get(mention.documentId)!(mention.span), entity: mention.entity.key });
  }
  for (const citation of citations) {
    result.get(citation.documentId)!.citations.push({
      ...toRawRange.get(citation.documentId)!(citation.span),
      source: sourceOf(citation.sourceEntity?.key, citation.sourceEntityId !== null, citation, 'sourceDescription'),
    });
  }
  for (const claim of claims) {
    result.get(claim.documentId)!.claims.push({
      ...toRawRange.get(claim.documentId)!(claim.span),
      subject: claim.subject.key,
      property: claim.property,
      value: claim.valueText,
      modality: claim.modality,
      asserter: sourceOf(claim.asserter?.key, claim.asserterId !== null, claim, 'asserterDescription'),
      qualifiers: claim.qualifiers.map((q) => ({ property: q.property, value: q.valueText, entity: q.entity?.key ?? null })),
    });
  }
  return result;
}

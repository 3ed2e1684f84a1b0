// The labelled development corpus (corpus/dev/, described in its README.md): the seeds'
// annotation format extended where suggestions need more (unnamed sources, SPECULATES, a genre,
// the dominant event, JSONL records, notices), read and checked without a database.
//
// Every quote is located in the text ingest sees: the file's text as src/domain/extract.ts
// extracts it (Markdown without markup, HTML through Readability, one JSON Lines record). A
// boilerplate quote that extraction already removed (navigation, footers Readability drops) may
// instead occur in the source file's own text; it is then not scored.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseHTML } from 'linkedom';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { locateQuote, type TextQuote } from '../domain/anchoring.js';
import { extract, ExtractError, formatOf, type ExtractedDocument } from '../domain/extract.js';
import { boilerplateKinds, documentKinds, entitiesFileSchema, partialDateSchema, type EntitiesFile } from '../services/seed-format.js';

const key = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'keys are lower case letters, digits and dashes');
const nonEmpty = z.string().min(1, 'must not be empty');
const quoteFields = { quote: nonEmpty, prefix: z.string().optional(), suffix: z.string().optional() };

export const genres = ['WIRE', 'NGO', 'REPORT', 'ENCYCLOPEDIA', 'PARLIAMENT', 'OPED', 'REPRINT'] as const;
export const corpusModalities = ['ASSERTS', 'REPORTS', 'ESTIMATES', 'SPECULATES', 'DENIES'] as const;
/** The seeds' kinds plus NOTICE: cookie banners, newsletter sign-ups, subscription footers. */
export const corpusBoilerplateKinds = [...boilerplateKinds, 'NOTICE'] as const;

export type Modality = (typeof corpusModalities)[number];
export type Genre = (typeof genres)[number];

export const corpusDocumentSchema = z
  .object({
    text: z.string().regex(/^[^/\\]+\.(txt|md|html|jsonl)$/, 'text names a .txt, .md, .html or .jsonl file beside the label file'),
    /** For a .jsonl file: the line (1-based) of the record. */
    record: z.number().int().min(1).optional(),
    title: nonEmpty,
    genre: z.enum(genres),
    /** The event the document is about. */
    event: key,
    /** For a reprint: the label file (without .yaml) of the document it reprints. */
    reprintOf: z.string().optional(),
    kind: z.enum(documentKinds).default('ARTICLE'),
    language: z.string().min(2).nullable().default(null),
    publisher: key.nullable().default(null),
    authors: z.array(key).default([]),
    published: partialDateSchema.nullable().default(null),
    url: z.string().url().nullable().default(null),
    notes: z.string().optional(),
    boilerplate: z.array(z.object({ kind: z.enum(corpusBoilerplateKinds), ...quoteFields }).strict()).default([]),
    mentions: z.array(z.object({ entity: key, all: z.boolean().default(false), ...quoteFields }).strict()).default([]),
    citations: z
      .array(
        z
          .object({
            key,
            kind: z.enum(['QUOTE', 'PARAPHRASE', 'REFERENCE']),
            source: key.optional(),
            /** An unnamed source, in the document's words ("officials", "a spokesman for the ministry"). */
            sourceDescription: nonEmpty.optional(),
            parent: key.optional(),
            work: z.object({ kind: z.enum(documentKinds), title: z.string().optional(), date: partialDateSchema.optional() }).strict().optional(),
            ...quoteFields,
          })
          .strict()
          .refine((c) => c.source || c.sourceDescription || c.work, 'a citation needs a source, a source description or a work')
          .refine((c) => !(c.source && c.sourceDescription), 'a citation names its source by key or by description, not both'),
      )
      .default([]),
    claims: z
      .array(
        z
          .object({
            subject: key,
            property: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'properties are lowerCamelCase'),
            value: nonEmpty,
            modality: z.enum(corpusModalities).default('ASSERTS'),
            asserter: key.optional(),
            /** An unnamed asserter, in the document's words. */
            asserterDescription: nonEmpty.optional(),
            citation: key.optional(),
            valueEntity: key.optional(),
            qualifiers: z
              .array(
                z
                  .object({ property: nonEmpty, value: z.string().optional(), entity: key.optional() })
                  .strict()
                  .refine((q) => q.value !== undefined || q.entity !== undefined, 'a qualifier needs a value or an entity'),
              )
              .default([]),
            ...quoteFields,
          })
          .strict()
          .refine((c) => !(c.asserter && c.asserterDescription), 'a claim names its asserter by key or by description, not both'),
      )
      .default([]),
  })
  .strict();

export type CorpusDocumentFile = z.infer<typeof corpusDocumentSchema>;

/** Who a claim or citation is attributed to: a known entity, a source described in words, or nobody (the document's own voice). */
export type Source = { kind: 'ENTITY'; key: string } | { kind: 'UNNAMED'; description: string } | { kind: 'OWN' };

export interface Range {
  start: number;
  end: number;
}

export interface LabelledClaim extends Range {
  subject: string;
  property: string;
  value: string;
  /** Where the value stands inside the quote. */
  valueStart: number;
  valueEnd: number;
  modality: Modality;
  asserter: Source;
  qualifiers: Array<{ property: string; value: string | null; entity: string | null }>;
}

export interface LabelledCitation extends Range {
  key: string;
  kind: 'QUOTE' | 'PARAPHRASE' | 'REFERENCE';
  source: Source;
}

export interface LabelledDocument {
  /** The label file's name without .yaml. */
  id: string;
  labelFile: string;
  /** The source file, relative to the documents folder, and its record for JSON Lines. */
  sourceFile: string;
  record: number | null;
  label: CorpusDocumentFile;
  /** What extraction gives for this document: what ingest receives. */
  input: ExtractedDocument;
  /** input.text: every range below is a UTF-16 offset into it. */
  text: string;
  boilerplate: Array<Range & { kind: string }>;
  /** Boilerplate quotes extraction already removed (found only in the source file). */
  removedByExtraction: number;
  mentions: Array<Range & { entity: string }>;
  citations: LabelledCitation[];
  claims: LabelledClaim[];
  /** Words in the text once labelled boilerplate is cut. */
  bodyWords: number;
}

export interface Corpus {
  dir: string;
  entities: EntitiesFile;
  entityTypes: Map<string, 'PERSON' | 'ORGANISATION' | 'EVENT'>;
  documents: LabelledDocument[];
}

export interface CorpusCheck {
  corpus: Corpus;
  /** Every problem found, "file: what"; empty when the corpus is well-formed. */
  problems: string[];
}

export const documentsDir = (dir: string) => join(dir, 'documents');

/** The source file's text as a reader of the file sees it (HTML: the text of every element, whitespace collapsed). */
function sourceText(path: string): string {
  const content = readFileSync(path, 'utf8');
  if (formatOf(path) !== 'HTML') return content;
  const { document } = parseHTML(content);
  return (document.documentElement?.textContent ?? '').replace(/\s+/g, ' ');
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
const overlaps = (a: Range, b: Range) => a.start < b.end && b.start < a.end;
const wordCount = (text: string) => text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;

/** Reads and checks the corpus folder: entities.yaml beside documents/ with its label files. */
export function checkCorpus(dir: string): CorpusCheck {
  const problems: string[] = [];
  const entities = entitiesFileSchema.parse(parseYaml(readFileSync(join(dir, 'entities.yaml'), 'utf8')));
  const entityTypes = new Map<string, 'PERSON' | 'ORGANISATION' | 'EVENT'>();
  for (const person of entities.persons) entityTypes.set(person.key, 'PERSON');
  for (const organisation of entities.organisations) entityTypes.set(organisation.key, 'ORGANISATION');
  for (const event of entities.events) entityTypes.set(event.key, 'EVENT');
  const docsDir = documentsDir(dir);
  const extracted = new Map<string, Array<ExtractedDocument | ExtractError>>();
  const documents: LabelledDocument[] = [];
  const labelFiles = readdirSync(docsDir).filter((name) => name.endsWith('.yaml')).sort();
  for (const labelFile of labelFiles) {
    const problem = (what: string) => problems.push(`${labelFile}: ${what}`);
    let label: CorpusDocumentFile;
    try {
      const parsed = corpusDocumentSchema.safeParse(parseYaml(readFileSync(join(docsDir, labelFile), 'utf8')));
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problem(`invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
        continue;
      }
      label = parsed.data;
    } catch (error) {
      problem(`cannot read YAML: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    const path = join(docsDir, label.text);
    const format = formatOf(path)!;
    if (!extracted.has(label.text)) {
      try {
        extracted.set(label.text, extract(label.text, format, readFileSync(path, 'utf8')));
      } catch (error) {
        problem(`${label.text} cannot be read or extracted: ${(error as Error).message}`);
        continue;
      }
    }
    const items = extracted.get(label.text)!;
    let input: ExtractedDocument | ExtractError | undefined;
    if (format === 'JSONL') {
      if (label.record === undefined) {
        problem('a .jsonl text needs record: (the line of the record)');
        continue;
      }
      input = items.find((item) => item.source === `${label.text}:${label.record}`);
    } else {
      if (label.record !== undefined) problem('record: is only for .jsonl texts');
      input = items[0];
    }
    if (!input || input instanceof ExtractError) {
      problem(`no document extracted from ${label.text}${label.record ? ` line ${label.record}` : ''}${input ? `: ${input.reason}` : ''}`);
      continue;
    }
    const text = input.text;
    const entity = (entityKey: string, role: string, types?: Array<'PERSON' | 'ORGANISATION' | 'EVENT'>) => {
      const type = entityTypes.get(entityKey);
      if (!type) problem(`${role} "${entityKey}" is not an entity in entities.yaml`);
      else if (types && !types.includes(type)) problem(`${role} "${entityKey}" is a ${type.toLowerCase()}, expected ${types.join(' or ').toLowerCase()}`);
    };
    entity(label.event, 'event', ['EVENT']);
    if (label.publisher) entity(label.publisher, 'publisher', ['ORGANISATION']);
    for (const author of label.authors) entity(author, 'author', ['PERSON', 'ORGANISATION']);
    if (label.reprintOf && !labelFiles.includes(`${label.reprintOf}.yaml`)) problem(`reprintOf "${label.reprintOf}" is not a label file of the corpus`);
    if (label.genre === 'REPRINT' && !label.reprintOf) problem('a REPRINT names the document it reprints (reprintOf)');

    const locate = (quote: TextQuote, all = false): Range[] => {
      const found = locateQuote(text, quote, { all });
      if (!found.ok) {
        problem(`${found.message}: "${quote.exact.length > 80 ? `${quote.exact.slice(0, 77)}…` : quote.exact}"`);
        return [];
      }
      return found.anchors.map(({ start, end }) => ({ start, end }));
    };
    const selector = (item: { quote: string; prefix?: string | undefined; suffix?: string | undefined }): TextQuote => ({ exact: item.quote, prefix: item.prefix, suffix: item.suffix });

    const boilerplate: LabelledDocument['boilerplate'] = [];
    let removedByExtraction = 0;
    let source: string | null = null;
    for (const region of label.boilerplate) {
      const quote = selector(region);
      const found = locateQuote(text, quote);
      if (found.ok) {
        boilerplate.push({ kind: region.kind, start: found.anchors[0]!.start, end: found.anchors[0]!.end });
        continue;
      }
      if (found.reason === 'not-found') {
        source ??= sourceText(path);
        if (collapse(source).includes(collapse(`${region.prefix ?? ''}${region.quote}${region.suffix ?? ''}`))) {
          removedByExtraction++;
          continue;
        }
      }
      problem(`boilerplate ${found.message}: "${region.quote.slice(0, 80)}"`);
    }
    const sorted = [...boilerplate].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) if (sorted[i]!.start < sorted[i - 1]!.end) problem(`boilerplate regions overlap at ${sorted[i]!.start}`);
    const inBoilerplate = (range: Range, what: string) => {
      if (boilerplate.some((region) => overlaps(region, range))) problem(`${what} "${text.slice(range.start, range.end).slice(0, 60)}" lies in labelled boilerplate`);
    };

    const mentions: LabelledDocument['mentions'] = [];
    for (const mention of label.mentions) {
      entity(mention.entity, 'mention entity');
      for (const range of locate(selector(mention), mention.all)) {
        inBoilerplate(range, 'mention');
        if (!mentions.some((m) => m.start === range.start && m.end === range.end && m.entity === mention.entity)) mentions.push({ entity: mention.entity, ...range });
      }
    }

    const citationKeys = new Map(label.citations.map((citation) => [citation.key, citation]));
    if (citationKeys.size !== label.citations.length) problem('citation keys must be unique within a document');
    const sourceOf = (keyed: string | undefined, description: string | undefined): Source =>
      keyed ? { kind: 'ENTITY', key: keyed } : description ? { kind: 'UNNAMED', description } : { kind: 'OWN' };
    const citations: LabelledCitation[] = [];
    for (const citation of label.citations) {
      if (citation.source) entity(citation.source, 'citation source', ['PERSON', 'ORGANISATION']);
      if (citation.parent && !citationKeys.has(citation.parent)) problem(`citation "${citation.key}" has unknown parent "${citation.parent}"`);
      const [range] = locate(selector(citation));
      if (!range) continue;
      inBoilerplate(range, 'citation');
      citations.push({ key: citation.key, kind: citation.kind, source: sourceOf(citation.source, citation.sourceDescription), ...range });
    }

    const claims: LabelledClaim[] = [];
    for (const claim of label.claims) {
      entity(claim.subject, 'claim subject');
      if (claim.asserter) entity(claim.asserter, 'claim asserter', ['PERSON', 'ORGANISATION']);
      if (claim.valueEntity) entity(claim.valueEntity, 'claim value entity');
      for (const qualifier of claim.qualifiers) if (qualifier.entity) entity(qualifier.entity, 'qualifier entity');
      const asserter = sourceOf(claim.asserter, claim.asserterDescription);
      if (claim.modality === 'ASSERTS' && asserter.kind !== 'OWN') problem(`claim "${claim.value}": ASSERTS is the document's own voice, but it names an asserter`);
      if (claim.modality === 'REPORTS' && asserter.kind === 'OWN') problem(`claim "${claim.value}": REPORTS needs an asserter or an asserterDescription`);
      if (claim.citation) {
        const citation = citationKeys.get(claim.citation);
        if (!citation) problem(`claim "${claim.value}" cites unknown citation "${claim.citation}"`);
        else {
          const cited = sourceOf(citation.source, citation.sourceDescription);
          if (JSON.stringify(cited) !== JSON.stringify(asserter) && cited.kind !== 'OWN') {
            problem(`claim "${claim.value}": asserter ${JSON.stringify(asserter)} differs from the source ${JSON.stringify(cited)} of citation "${claim.citation}"`);
          }
        }
      } else if (asserter.kind !== 'OWN') {
        problem(`claim "${claim.value}" is attributed but names no citation`);
      }
      const valueAt = claim.quote.indexOf(claim.value);
      if (valueAt < 0) problem(`claim value "${claim.value}" does not occur inside its quote`);
      const [range] = locate(selector(claim));
      if (!range) continue;
      inBoilerplate(range, 'claim');
      claims.push({
        subject: claim.subject,
        property: claim.property,
        value: claim.value,
        valueStart: range.start + Math.max(0, valueAt),
        valueEnd: range.start + Math.max(0, valueAt) + claim.value.length,
        modality: claim.modality,
        asserter,
        qualifiers: claim.qualifiers.map((q) => ({ property: q.property, value: q.value ?? null, entity: q.entity ?? null })),
        ...range,
      });
    }

    let body = '';
    let cursor = 0;
    for (const region of sorted) {
      body += ` ${text.slice(cursor, region.start)}`;
      cursor = Math.max(cursor, region.end);
    }
    body += ` ${text.slice(cursor)}`;
    documents.push({
      id: basename(labelFile, '.yaml'),
      labelFile,
      sourceFile: label.text,
      record: label.record ?? null,
      label,
      input,
      text,
      boilerplate,
      removedByExtraction,
      mentions,
      citations,
      claims,
      bodyWords: wordCount(body),
    });
  }
  return { corpus: { dir, entities, entityTypes, documents }, problems };
}

/** The corpus, or an error listing every problem. */
export function loadCorpus(dir: string): Corpus {
  const { corpus, problems } = checkCorpus(dir);
  if (problems.length) throw new Error(`the corpus in ${dir} is not well-formed:\n  ${problems.join('\n  ')}`);
  return corpus;
}

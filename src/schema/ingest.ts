// ingestDocument: one text or HTML page in, with detected boilerplate, language, date and
// SUGGESTED mentions, citations and claims (src/services/ingest.ts). Same text again: UNCHANGED;
// new text at a known URL: a NEW_VERSION (spans re-anchored). Refusals are typed errors.
import type { Context } from '../context.js';
import { ingestDocumentRequest, type IngestOutcome } from '../services/ingest.js';
import { builder } from './builder.js';
import { collectionIdOf } from './collection.js';
import { Document } from './document.js';
import { mutationErrors, underArgument } from './errors.js';

const IngestFormat = builder.enumType('IngestFormat', {
  description: 'What the ingested input is.',
  values: {
    TEXT: { description: 'Plain text, given in `text`.' },
    MARKDOWN: { description: 'Markdown, given in `text`.' },
    HTML: { description: 'A web page, given in `html`: its article is extracted with Readability.' },
  } as const,
});
const IngestStatus = builder.enumType('IngestStatus', {
  description: 'What ingestDocument did with the input.',
  values: {
    CREATED: { description: 'A new document was created, with SUGGESTED annotations.' },
    UNCHANGED: { description: 'This text is already in the collection: nothing changed.' },
    NEW_VERSION: { description: 'A changed text at a known URL: added as a new version of that document, its spans re-anchored.' },
  } as const,
});

const IngestSuggestionCounts = builder.objectRef<IngestOutcome['suggestions']>('IngestSuggestionCounts').implement({
  description: 'How many SUGGESTED annotations the ingest made (review them with the curation mutations).',
  fields: (t) => ({
    mentions: t.exposeInt('mentions', { description: 'Mentions of known entities suggested (by name and alias matches).' }),
    citations: t.exposeInt('citations', { description: 'Citations (attributed passages) suggested.' }),
    claims: t.exposeInt('claims', { description: 'Claims (property values about an entity) suggested.' }),
  }),
});

const IngestDocumentPayload = builder.objectRef<IngestOutcome>('IngestDocumentPayload').implement({
  description: 'The outcome of an ingest: what happened, the document, and how many suggestions were made.',
  fields: (t) => ({
    status: t.field({ type: IngestStatus, description: 'Whether a document was created, a version added, or nothing changed.', resolve: (outcome) => outcome.status as 'CREATED' | 'UNCHANGED' | 'NEW_VERSION' }),
    document: t.field({
      type: Document,
      nullable: true,
      description: 'The document created, updated or found unchanged; null only when none was recorded.',
      resolve: (outcome, _args, ctx: Context) => (outcome.documentId === null ? null : ctx.prisma.document.findUnique({ where: { id: outcome.documentId } })),
    }),
    suggestions: t.field({ type: IngestSuggestionCounts, description: 'How many SUGGESTED mentions, citations and claims were made.', resolve: (outcome) => outcome.suggestions }),
    candidateEntities: t.stringList({ description: 'Capitalised names no known entity has: candidates, not created.', resolve: (outcome) => outcome.candidates }),
  }),
});

const IngestDocumentInput = builder.inputType('IngestDocumentInput', {
  description: 'One document to ingest: `text` or `html`, the collection, and optional metadata (detected when left out).',
  fields: (t) => ({
    collection: t.id({ required: true, description: 'The collection, named by its slug ("sample") or its global id; an unknown slug, or one of a collection the caller cannot read, is a NotFoundError.' }),
    title: t.string({ description: 'Default: the detected headline, else the first line.' }),
    url: t.string({ description: 'Identifies the document: a changed text at the same URL becomes a new version.' }),
    publishedAt: t.string({ description: 'ISO date (or partial: 2020, 2020-09); default: a dateline found in the text.' }),
    text: t.string({ description: 'The text (formats TEXT and MARKDOWN).' }),
    html: t.string({ description: 'The page (format HTML): its article is extracted with Readability.' }),
    format: t.field({ type: IngestFormat, description: 'Default: HTML when html is given, else TEXT.' }),
  }),
});

builder.mutationField('ingestDocument', (t) =>
  t.field({
    type: IngestDocumentPayload,
    description: 'Ingest one document (needs the editor role on the collection): boilerplate cut, language and date detected, suggestions made.',
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: IngestDocumentInput, required: true, description: 'The document and where it goes.' }) },
    resolve: (_root, { input }, ctx) =>
      underArgument('input', async () => ingestDocumentRequest({ db: ctx.db, viewer: ctx.viewer, requestId: ctx.requestId }, { ...input, collection: await collectionIdOf(ctx, input.collection, ['collection']) })),
  }),
);

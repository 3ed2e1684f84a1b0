import { visibleDocuments } from '../context.js';
import { builder } from './builder.js';
import { DocumentVersion } from './document.js';
import { databaseId } from './ids.js';

export const AnchorStatus = builder.enumType('AnchorStatus', {
  description: 'ANCHORED where it was made, REANCHORED in a later version, ORPHANED when the words are gone (kept, never deleted).',
  values: ['ANCHORED', 'REANCHORED', 'ORPHANED'] as const,
});
export const OffsetUnit = builder.enumType('OffsetUnit', { values: ['UTF16_CODE_UNIT'] as const });
export const ReviewStatus = builder.enumType('ReviewStatus', {
  description: 'SUGGESTED items are proposals (from ingest); only CONFIRMED ones are curated statements of what a document says.',
  values: ['SUGGESTED', 'CONFIRMED', 'REJECTED'] as const,
});
export const Method = builder.enumType('Method', { values: ['CURATED', 'MANUAL', 'GAZETTEER', 'PATTERN', 'IMPORTED'] as const });

export const Span = builder.prismaNode('Span', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row the caller cannot see is null, not an error
  description:
    'An exact place in a document version, as a W3C TextQuoteSelector (exact, prefix, suffix) and TextPositionSelector (start, end). ' +
    'Offsets are UTF-16 code units into the version’s body: body.slice(start, end) === exact.',
  findUnique: (id, ctx) => ({ id: databaseId(id, 'Span'), document: visibleDocuments(ctx) }),
  fields: (t) => ({
    exact: t.exposeString('exact'),
    prefix: t.exposeString('prefix', { description: 'Up to 32 characters before the span.' }),
    suffix: t.exposeString('suffix', { description: 'Up to 32 characters after the span.' }),
    start: t.exposeInt('start'),
    end: t.exposeInt('end'),
    offsetUnit: t.expose('offsetUnit', { type: OffsetUnit }),
    status: t.expose('status', { type: AnchorStatus }),
    document: t.relation('document'),
    version: t.relation('version', { type: DocumentVersion, description: 'The version the offsets point into: the newest one the span was found in.' }),
    anchors: t.relation('anchors', {
      description: 'Where the span stood in the other versions of its document: earlier positions, or ORPHANED where it was not found.',
      query: { orderBy: { versionId: 'asc' } },
    }),
  }),
});

builder.prismaObject('SpanAnchor', {
  description: 'A span in one version of its document. start and end are null when the span was not found there (ORPHANED).',
  fields: (t) => ({
    version: t.relation('version', { type: DocumentVersion }),
    start: t.exposeInt('start', { nullable: true }),
    end: t.exposeInt('end', { nullable: true }),
    status: t.expose('status', { type: AnchorStatus }),
    score: t.exposeFloat('score', { nullable: true }),
  }),
});

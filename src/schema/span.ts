import { visibleDocuments } from '../context.js';
import { builder } from './builder.js';
import { DocumentVersion } from './document.js';
import { databaseId } from './ids.js';

export const AnchorStatus = builder.enumType('AnchorStatus', {
  description: 'ANCHORED where it was made, REANCHORED in a later version, ORPHANED when the words are gone (kept, never deleted).',
  values: {
    ANCHORED: { description: 'Found at its original position (same quote, same context).' },
    REANCHORED: { description: 'Found again in a later version of the text, elsewhere or with its whitespace or a few characters changed.' },
    ORPHANED: { description: 'Not found in the newer version: the words are gone or rewritten. The span and its claims are kept.' },
  } as const,
});
export const OffsetUnit = builder.enumType('OffsetUnit', {
  description: 'What span offsets count.',
  values: {
    UTF16_CODE_UNIT: {
      description: 'UTF-16 code units, as JavaScript string indices: a character outside the Basic Multilingual Plane (e.g. an emoji) counts 2. Slice with body.slice(start, end) in JavaScript.',
    },
  } as const,
});
export const ReviewStatus = builder.enumType('ReviewStatus', {
  description: 'SUGGESTED items are proposals (from ingest); only CONFIRMED ones are curated statements of what a document says.',
  values: {
    SUGGESTED: { description: 'Proposed by ingest (or another automatic method) and not yet reviewed by a curator.' },
    CONFIRMED: { description: 'Reviewed and accepted by a curator, or entered by hand: a curated statement of what the document says.' },
    REJECTED: { description: 'Reviewed and refused: kept for the record, left out of comparisons and search.' },
  } as const,
});
export const Method = builder.enumType('Method', {
  description: 'How a mention, claim or citation came to be recorded.',
  values: {
    CURATED: { description: 'Part of a hand-curated data set loaded by the seed (the sample corpus in seeds/); CONFIRMED with confidence 1.' },
    MANUAL: { description: 'Entered by a person through the API (createMention, createClaim, createCitation).' },
    GAZETTEER: { description: 'Suggested by ingest from a known name or alias of an entity found in the text.' },
    PATTERN: { description: 'Suggested by ingest from a phrasing pattern in the text (claims and citations).' },
    IMPORTED: { description: 'Reserved for rows taken from an external data set; none of crosscheck’s own paths (seed, ingest, mutations) assigns it.' },
  } as const,
});

export const Span = builder.prismaNode('Span', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row the caller cannot see is null, not an error
  description:
    'An exact place in a document version, as a W3C TextQuoteSelector (exact, prefix, suffix) and TextPositionSelector (start, end). ' +
    'Offsets are UTF-16 code units into the version’s body: body.slice(start, end) === exact.',
  findUnique: (id, ctx) => ({ id: databaseId(id, 'Span'), document: visibleDocuments(ctx) }),
  fields: (t) => ({
    exact: t.exposeString('exact', { description: 'The quoted words exactly as in the body of `version`: body.slice(start, end).' }),
    prefix: t.exposeString('prefix', { description: 'Up to 32 characters before the span.' }),
    suffix: t.exposeString('suffix', { description: 'Up to 32 characters after the span.' }),
    start: t.exposeInt('start', { description: 'Offset of the first character in the body of `version`, in UTF-16 code units from 0 (inclusive).' }),
    end: t.exposeInt('end', { description: 'Offset just past the last character in the body of `version`, in UTF-16 code units (exclusive): end - start is the length of `exact`.' }),
    offsetUnit: t.expose('offsetUnit', { type: OffsetUnit, description: 'What start and end count: always UTF16_CODE_UNIT.' }),
    status: t.expose('status', { type: AnchorStatus, description: 'Whether the span was found in the newest version of its document (ANCHORED, REANCHORED) or not (ORPHANED: start and end still point into `version`, the last one it was found in).' }),
    document: t.relation('document', { description: 'The document whose text the span lies in.' }),
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
    version: t.relation('version', { type: DocumentVersion, description: 'The document version this position is in.' }),
    start: t.exposeInt('start', { nullable: true, description: 'Offset of the span in that version’s body (UTF-16 code units, inclusive); null when ORPHANED.' }),
    end: t.exposeInt('end', { nullable: true, description: 'Offset just past the span in that version’s body (UTF-16 code units, exclusive); null when ORPHANED.' }),
    status: t.expose('status', { type: AnchorStatus, description: 'How the span stood in that version: ANCHORED or REANCHORED where it was found, ORPHANED where it was not.' }),
    score: t.exposeFloat('score', { nullable: true, description: 'Reserved for a 0–1 re-anchoring match score; not recorded yet, so always null.' }),
  }),
});

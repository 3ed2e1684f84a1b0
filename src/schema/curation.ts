// Curation mutations: Relay style (one `input`, a payload with the changed node), refused writes
// returned as typed errors (ValidationError, NotFoundError, AnchorError, ConflictError,
// ForbiddenError) with nothing changed. The logic lives in src/services/curation.ts and merges.ts.
import type { Context } from '../context.js';
import * as curation from '../services/curation.js';
import * as merges from '../services/merges.js';
import { builder } from './builder.js';
import { Citation, CitationKind } from './citation.js';
import { Claim, Modality } from './claim.js';
import { Collection, collectionIdOf, Visibility } from './collection.js';
import { BoilerplateKind, Document, DocumentKind, DocumentVersion } from './document.js';
import { EntityInterface, Event, Name, NameKind, Organisation, Person } from './entity.js';
import { mutationErrors, underArgument } from './errors.js';
import { globalId, idRef, optionalIdRef } from './ids.js';
import { EntityJudgement } from './judgement.js';
import { Mention } from './mention.js';
import { ReviewStatus } from './span.js';

builder.mutationType({ description: 'Writes: curation (entities, documents, mentions, claims, citations, reviews, merges), ingest and undo. Each returns its payload or a typed error (nothing changed); most need a token with a role on the collection concerned.' });

const writerOf = (ctx: Context): curation.Writer => ({ db: ctx.db, viewer: ctx.viewer, requestId: ctx.requestId });

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** One mutation field: `name(input: NameInput!): NameResult` where the result is the payload or an error. */
function mutation<Input extends object, Payload extends object>(
  name: string,
  options: {
    description: string;
    input: PothosSchemaTypes.InputObjectRef<Types, Input>;
    payload: PothosSchemaTypes.ObjectRef<Types, Payload>;
    resolve: (input: Input, ctx: Context) => Promise<Payload>;
  },
) {
  builder.mutationField(name, (t) =>
    t.field({
      type: options.payload,
      description: options.description,
      errors: { types: mutationErrors },
      args: { input: t.arg({ type: options.input, required: true, description: 'What to write: see the fields of the input type.' }) },
      // The generic Input defeats Pothos' argument inference; the input type above fixes the shape.
      // Services name the fields of the input; their paths start at the `input` argument.
      resolve: ((_root: unknown, args: { input: Input }, ctx: Context) => underArgument('input', () => options.resolve(args.input, ctx))) as never,
    }),
  );
}

function payload<Shape extends object>(name: string, description: string, fields: (t: PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>) => Record<string, unknown>) {
  return builder.objectRef<Shape>(name).implement({ description, fields: fields as never });
}

// ---- Shared inputs --------------------------------------------------------------------------

const PartialDateInput = builder.inputType('PartialDateInput', {
  description: 'A date known only in part: give what is known (a year, a month, a day) and, if useful, the source’s wording.',
  fields: (t) => ({
    year: t.int({ description: 'The year, e.g. 1988.' }),
    month: t.int({ description: 'The month, 1 to 12.' }),
    day: t.int({ description: 'The day of the month, 1 to 31 (a day of that month).' }),
    text: t.string({ description: 'The date as the source words it, e.g. "summer of 1988".' }),
  }),
});

/** The kinds a name other than the primary one may have (the primary name is changed through the entity's name). */
const aliasKindValues = {
  ALIAS: { description: 'Another name the entity goes by.' },
  ACRONYM: { description: 'An abbreviation, e.g. "PMOI"; matched case-sensitively when suggesting mentions.' },
  FORMER: { description: 'A name the entity used to have.' },
  TRANSLITERATION: { description: 'A spelling of the name taken from another script.' },
} as const;

const NameInput = builder.inputType('NameInput', {
  description: 'An alias to give a new entity.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'The name as written, e.g. "MEK".' }),
    kind: t.field({
      type: builder.enumType('AliasKind', { description: 'The kind of a name other than the primary one.', values: aliasKindValues }),
      description: 'What kind of name it is; default ALIAS.',
    }),
    language: t.string({ description: 'The language of the name as a code, e.g. "fa".' }),
  }),
});

const TextQuoteSelectorInput = builder.inputType('TextQuoteSelectorInput', {
  description: 'W3C TextQuoteSelector: the exact words, with text just before (prefix) and after (suffix) when they repeat.',
  fields: (t) => ({
    exact: t.string({ required: true, description: 'The words exactly as they stand in the current version’s body.' }),
    prefix: t.string({ description: 'Text immediately before `exact`, to choose one occurrence when the words repeat.' }),
    suffix: t.string({ description: 'Text immediately after `exact`, to choose one occurrence when the words repeat.' }),
  }),
});

const TextPositionSelectorInput = builder.inputType('TextPositionSelectorInput', {
  description: 'W3C TextPositionSelector: UTF-16 code unit offsets into the current version’s body.',
  fields: (t) => ({
    start: t.int({ required: true, description: 'Offset of the first character in the body, in UTF-16 code units from 0 (inclusive).' }),
    end: t.int({ required: true, description: 'Offset just past the last character, in UTF-16 code units (exclusive); must be greater than start.' }),
  }),
});

const SelectorInput = builder.inputType('SelectorInput', {
  description: 'Where in the document: a quote, a position, or both (they must agree).',
  fields: (t) => ({
    quote: t.field({ type: TextQuoteSelectorInput, description: 'The words (and context) to find.' }),
    position: t.field({ type: TextPositionSelectorInput, description: 'The offsets of the words in the current body.' }),
  }),
});

const BoilerplateRegionInput = builder.inputType('BoilerplateRegionInput', {
  description: 'A region of the raw text to cut from the body (UTF-16 offsets into the text).',
  fields: (t) => ({
    kind: t.field({ type: BoilerplateKind, required: true, description: 'What kind of furniture the region is.' }),
    start: t.int({ required: true, description: 'Offset of the region in the raw text, in UTF-16 code units (inclusive).' }),
    end: t.int({ required: true, description: 'Offset just past the region in the raw text, in UTF-16 code units (exclusive).' }),
  }),
});

const entityFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  name: t.string({ required: true, description: 'The primary name, e.g. "Ebrahim Raisi".' }),
  aliases: t.field({ type: [NameInput], description: 'Other names it goes by.' }),
  description: t.string({ description: 'A short note on who or what it is, to tell namesakes apart.' }),
});

// ---- Entities --------------------------------------------------------------------------------

const entityPayload = (typename: 'Person' | 'Organisation' | 'Event', ref: typeof Person) => {
  const field = typename.toLowerCase();
  return payload<{ entity: Awaited<ReturnType<typeof curation.createEntity>> }>(`Create${typename}Payload`, `The ${field} created by create${typename}.`, (t) => ({
    [field]: t.field({ type: ref, description: `The new ${field}.`, resolve: (result) => result.entity }),
  }));
};

mutation('createPerson', {
  description: 'Add a person (needs the editor role on a collection).',
  input: builder.inputType('CreatePersonInput', { description: 'A new person: a primary name, aliases and a note.', fields: (t) => entityFields(t) }),
  payload: entityPayload('Person', Person),
  resolve: async (input, ctx) => ({ entity: await curation.createEntity(writerOf(ctx), 'Person', input) }),
});

mutation('createOrganisation', {
  description: 'Add an organisation, optionally inside a parent organisation.',
  input: builder.inputType('CreateOrganisationInput', {
    description: 'A new organisation: a primary name, aliases, a note and the organisation it is part of.',
    fields: (t) => ({ ...entityFields(t), parent: t.id({ description: 'Global id of the organisation it is part of, if any.' }) }),
  }),
  payload: entityPayload('Organisation', Organisation),
  resolve: async (input, ctx) => ({ entity: await curation.createEntity(writerOf(ctx), 'Organisation', { ...input, parent: optionalIdRef(input.parent) }) }),
});

mutation('createEvent', {
  description: 'Add an event with partial start and end dates.',
  input: builder.inputType('CreateEventInput', {
    description: 'A new event: a primary name, aliases, a note, partial dates and a place.',
    fields: (t) => ({
      ...entityFields(t),
      start: t.field({ type: PartialDateInput, description: 'When it began, as far as known.' }),
      end: t.field({ type: PartialDateInput, description: 'When it ended, as far as known.' }),
      place: t.string({ description: 'Where it happened, as free text.' }),
    }),
  }),
  payload: entityPayload('Event', Event),
  resolve: async (input, ctx) => ({ entity: await curation.createEntity(writerOf(ctx), 'Event', input) }),
});

const EntityPayload = payload<{ entity: { id: number; type: string } }>('EntityPayload', 'The entity a mutation changed, as it is now.', (t) => ({
  entity: t.field({ type: EntityInterface, description: 'The person, organisation or event after the change.', resolve: (result) => result.entity as never }),
}));

mutation('updateEntity', {
  description: 'Change a person, organisation or event. `expectedVersion` must be its current version, or a ConflictError says it changed meanwhile.',
  input: builder.inputType('UpdateEntityInput', {
    description: 'The entity, the version read, and the fields to change: an omitted field stays as it is.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id of the person, organisation or event.' }),
      expectedVersion: t.int({ required: true, description: 'The entity’s `version` as last read; a different current version is a ConflictError.' }),
      name: t.string({ description: 'A new primary name (not empty, not one of its aliases).' }),
      description: t.string({ description: 'A new note; null clears it.' }),
      parent: t.id({ description: 'Organisations only; null removes the parent.' }),
      start: t.field({ type: PartialDateInput, description: 'Events only: a new start date; null clears it.' }),
      end: t.field({ type: PartialDateInput, description: 'Events only: a new end date; null clears it.' }),
      place: t.string({ description: 'Events only: a new place; null clears it.' }),
    }),
  }),
  payload: EntityPayload,
  resolve: async (input, ctx) => ({ entity: await curation.updateEntity(writerOf(ctx), { ...input, id: idRef(input.id), parent: optionalIdRef(input.parent) }) }),
});

const DeletedPayload = payload<{ id: string }>('DeletedPayload', 'What a delete mutation removed.', (t) => ({
  deletedId: t.id({ description: 'The global id the deleted node had; it now names nothing.', resolve: (result) => result.id }),
}));

mutation('deleteEntity', {
  description: 'Delete an entity that nothing refers to any more (else a ConflictError; merge it instead).',
  input: builder.inputType('DeleteEntityInput', { description: 'The entity to delete.', fields: (t) => ({ id: t.id({ required: true, description: 'Global id of the person, organisation or event.' }) }) }),
  payload: DeletedPayload,
  resolve: async (input, ctx) => {
    await curation.deleteEntity(writerOf(ctx), { id: idRef(input.id) });
    return { id: input.id };
  },
});

mutation('addName', {
  description: 'Add an alias, acronym, former name or transliteration to an entity.',
  input: builder.inputType('AddNameInput', {
    description: 'A name to add to an entity.',
    fields: (t) => ({
      entity: t.id({ required: true, description: 'Global id of the person, organisation or event.' }),
      name: t.string({ required: true, description: 'The name as written, e.g. "Raisi".' }),
      kind: t.field({ type: NameKind, description: 'What kind of name; default ALIAS. PRIMARY is refused: change the primary name with updateEntity.' }),
      language: t.string({ description: 'The language of the name as a code, e.g. "fa".' }),
    }),
  }),
  payload: payload<Awaited<ReturnType<typeof curation.addName>>>('AddNamePayload', 'The entity and the name added to it.', (t) => ({
    entity: t.field({ type: EntityInterface, description: 'The entity, with the new name among its names.', resolve: (result) => result.entity as never }),
    name: t.field({ type: Name, description: 'The name added.', resolve: (result) => result.name }),
  })),
  resolve: (input, ctx) => {
    if (input.kind === 'PRIMARY') return Promise.reject(curation.primaryNameRefused());
    return curation.addName(writerOf(ctx), { ...input, entity: idRef(input.entity), kind: (input.kind ?? null) as never });
  },
});

mutation('removeName', {
  description: 'Remove a name other than the primary one.',
  input: builder.inputType('RemoveNameInput', { description: 'The name to remove.', fields: (t) => ({ name: t.id({ required: true, description: 'Global id of the name (Name.id), not its text.' }) }) }),
  payload: EntityPayload,
  resolve: async (input, ctx) => ({ entity: await curation.removeName(writerOf(ctx), { name: idRef(input.name) }) }),
});

// ---- Collections and documents -----------------------------------------------------------

const CollectionPayload = payload<{ collection: Awaited<ReturnType<typeof curation.createCollection>> }>('CollectionPayload', 'The collection a mutation created or changed.', (t) => ({
  collection: t.field({ type: Collection, description: 'The collection as it is now.', resolve: (result) => result.collection }),
}));

mutation('createCollection', {
  description: 'Create a collection (needs the admin role on a collection); the caller’s token administers it.',
  input: builder.inputType('CreateCollectionInput', {
    description: 'A new collection.',
    fields: (t) => ({
      slug: t.string({ required: true, description: 'Unique handle of lower-case letters, digits and dashes, starting with a letter or digit, e.g. "press-2024".' }),
      name: t.string({ required: true, description: 'The collection’s display name.' }),
      description: t.string({ description: 'What the collection holds.' }),
      visibility: t.field({ type: Visibility, description: 'Who may read it; default PRIVATE.' }),
    }),
  }),
  payload: CollectionPayload,
  resolve: async (input, ctx) => ({ collection: await curation.createCollection(writerOf(ctx), input) }),
});

mutation('updateCollection', {
  description: 'Rename a collection or change its visibility (admin).',
  input: builder.inputType('UpdateCollectionInput', {
    description: 'The collection, the version read, and the fields to change: an omitted field stays as it is.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The collection, named by its slug ("sample") or its global id; an unknown slug, or one of a collection the caller cannot read, is a NotFoundError.' }),
      expectedVersion: t.int({ required: true, description: 'The collection’s `version` as last read; a different current version is a ConflictError.' }),
      name: t.string({ description: 'A new display name.' }),
      description: t.string({ description: 'A new description; null clears it.' }),
      visibility: t.field({ type: Visibility, description: 'PUBLIC or PRIVATE.' }),
    }),
  }),
  payload: CollectionPayload,
  resolve: async (input, ctx) => ({ collection: await curation.updateCollection(writerOf(ctx), { ...input, id: await collectionIdOf(ctx, input.id, ['id']) }) }),
});

const DocumentPayload = payload<{ document: Awaited<ReturnType<typeof curation.createDocument>> }>('DocumentPayload', 'The document a mutation created or changed.', (t) => ({
  document: t.field({ type: Document, description: 'The document as it is now.', resolve: (result) => result.document }),
}));

mutation('createDocument', {
  description: 'Add a document with its text; boilerplate regions are cut from its body.',
  input: builder.inputType('CreateDocumentInput', {
    description: 'A new document: its collection, title, text and metadata.',
    fields: (t) => ({
      collection: t.id({ required: true, description: 'The collection, named by its slug ("sample") or its global id; an unknown slug, or one of a collection the caller cannot read, is a NotFoundError.' }),
      title: t.string({ required: true, description: 'The title or headline.' }),
      text: t.string({ required: true, description: 'The raw text of the first version, boilerplate included (cut it with `boilerplate`).' }),
      kind: t.field({ type: DocumentKind, description: 'The genre; default ARTICLE.' }),
      language: t.string({ description: 'The language of the text as a code, e.g. "en".' }),
      url: t.string({ description: 'Where it is on the web: an http(s) URL.' }),
      publisher: t.id({ description: 'Global id of the organisation that published it.' }),
      published: t.field({ type: PartialDateInput, description: 'When it was published, as far as known.' }),
      boilerplate: t.field({ type: [BoilerplateRegionInput], description: 'Regions of `text` to cut from the body (non-overlapping); none by default.' }),
    }),
  }),
  payload: DocumentPayload,
  resolve: async (input, ctx) => ({ document: await curation.createDocument(writerOf(ctx), { ...input, publisher: optionalIdRef(input.publisher), collection: await collectionIdOf(ctx, input.collection, ['collection']) }) }),
});

mutation('updateDocument', {
  description: 'Change a document’s metadata (its text changes by addDocumentVersion).',
  input: builder.inputType('UpdateDocumentInput', {
    description: 'The document, the version read, and the metadata to change: an omitted field stays as it is.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id of the document.' }),
      expectedVersion: t.int({ required: true, description: 'The document’s `version` as last read; a different current version is a ConflictError.' }),
      title: t.string({ description: 'A new title (not empty).' }),
      kind: t.field({ type: DocumentKind, description: 'A new genre.' }),
      language: t.string({ description: 'A new language code; null clears it.' }),
      url: t.string({ description: 'A new http(s) URL; null clears it.' }),
      publisher: t.id({ description: 'Global id of the new publisher; null clears it.' }),
      published: t.field({ type: PartialDateInput, description: 'A new publication date; null clears it.' }),
    }),
  }),
  payload: DocumentPayload,
  resolve: async (input, ctx) => ({ document: await curation.updateDocument(writerOf(ctx), { ...input, id: idRef(input.id), publisher: optionalIdRef(input.publisher) }) }),
});

mutation('deleteDocument', {
  description: 'Delete a document with its versions, spans, mentions, claims and citations.',
  input: builder.inputType('DeleteDocumentInput', { description: 'The document to delete.', fields: (t) => ({ id: t.id({ required: true, description: 'Global id of the document.' }) }) }),
  payload: DeletedPayload,
  resolve: async (input, ctx) => {
    await curation.deleteDocument(writerOf(ctx), { id: idRef(input.id) });
    return { id: input.id };
  },
});

const ReanchorCounts = builder.objectRef<{ ANCHORED: number; REANCHORED: number; ORPHANED: number }>('ReanchorCounts').implement({
  description: 'How the document’s spans fared in the new version. ORPHANED spans are kept, with their claims.',
  fields: (t) => ({
    anchored: t.exposeInt('ANCHORED', { description: 'Spans found at the same place with the same context.' }),
    reanchored: t.exposeInt('REANCHORED', { description: 'Spans found again elsewhere, or with changed whitespace or a few edits.' }),
    orphaned: t.exposeInt('ORPHANED', { description: 'Spans not found in the new text (kept, pointing into the previous version).' }),
  }),
});

mutation('addDocumentVersion', {
  description: 'A new text of a document: every span is re-anchored in it (exactly, by its quote, or fuzzily); the others become ORPHANED, never deleted.',
  input: builder.inputType('AddDocumentVersionInput', {
    description: 'The document and its new text.',
    fields: (t) => ({
      document: t.id({ required: true, description: 'Global id of the document.' }),
      text: t.string({ required: true, description: 'The new raw text; the same text as the current version is a ConflictError.' }),
      boilerplate: t.field({ type: [BoilerplateRegionInput], description: 'Regions of the new text to cut from its body.' }),
    }),
  }),
  payload: payload<Awaited<ReturnType<typeof curation.addDocumentVersion>>>('AddDocumentVersionPayload', 'The new version and how the document’s spans were re-anchored in it.', (t) => ({
    document: t.field({ type: Document, description: 'The document, whose current version is now the new one.', resolve: (result) => result.document }),
    version: t.field({ type: DocumentVersion, description: 'The version added.', resolve: (result) => result.version }),
    spans: t.field({ type: ReanchorCounts, description: 'How many spans were found again, moved or orphaned.', resolve: (result) => result.counts }),
  })),
  resolve: (input, ctx) => curation.addDocumentVersion(writerOf(ctx), { ...input, document: idRef(input.document) }),
});

// ---- Mentions, claims, citations -----------------------------------------------------------

const reviewFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  status: t.field({ type: ReviewStatus, description: 'Default CONFIRMED: an editor’s own annotation.' }),
  confidence: t.float({ description: 'How sure the editor is, from 0 to 1; null (the default) when not stated.' }),
});

mutation('createMention', {
  description: 'Mark a span of a document as referring to an entity.',
  input: builder.inputType('CreateMentionInput', {
    description: 'A span of a document and the entity it refers to.',
    fields: (t) => ({
      document: t.id({ required: true, description: 'Global id of the document.' }),
      entity: t.id({ required: true, description: 'Global id of the person, organisation or event referred to.' }),
      selector: t.field({ type: SelectorInput, required: true, description: 'Where in the current version’s body the words are.' }),
      ...reviewFields(t),
    }),
  }),
  payload: payload<{ mention: Awaited<ReturnType<typeof curation.createMention>> }>('CreateMentionPayload', 'The mention created by createMention.', (t) => ({
    mention: t.field({ type: Mention, description: 'The new mention.', resolve: (result) => result.mention }),
  })),
  resolve: async (input, ctx) => ({ mention: await curation.createMention(writerOf(ctx), { ...input, document: idRef(input.document), entity: idRef(input.entity) }) }),
});

const QualifierInput = builder.inputType('ClaimQualifierInput', {
  description: 'A scope of the claim: a property with a value, an entity, or both (one of them is needed).',
  fields: (t) => ({
    property: t.string({ required: true, description: 'What it scopes, e.g. "affiliation".' }),
    value: t.string({ description: 'The scope in the document’s words.' }),
    entity: t.id({ description: 'Global id of the person, organisation or event that is the scope.' }),
  }),
});

const ClaimPayload = payload<{ claim: Awaited<ReturnType<typeof curation.createClaim>> }>('ClaimPayload', 'The claim a mutation created or changed.', (t) => ({
  claim: t.field({ type: Claim, description: 'The claim as it is now.', resolve: (result) => result.claim }),
}));

mutation('createClaim', {
  description: 'Record what a document says about a subject: the value as written (inside the selected span) and who it is attributed to.',
  input: builder.inputType('CreateClaimInput', {
    description: 'What a document says: subject, property, value as written, where it says it, and who it attributes it to.',
    fields: (t) => ({
      document: t.id({ required: true, description: 'Global id of the document that makes the claim.' }),
      subject: t.id({ required: true, description: 'Global id of the person, organisation or event it is about.' }),
      property: t.string({ required: true, description: 'lowerCamelCase, e.g. deathToll: a known property (the properties query), one in use, or a new one with newProperty: true.' }),
      value: t.string({ required: true, description: 'The value exactly as written; it must occur in the span.' }),
      selector: t.field({ type: SelectorInput, required: true, description: 'The words that state the claim, in the current version’s body; they must contain `value`.' }),
      modality: t.field({ type: Modality, description: 'How the document puts it; default REPORTS when an asserter is given, else ASSERTS.' }),
      asserter: t.id({ description: 'The person or organisation the document attributes it to; omit for the document’s own voice.' }),
      asserterDescription: t.string({
        description: 'The asserter in the document’s words when it names none ("officials", "a spokesman for the ministry"); not with asserter. Counted as an unnamed source of its own in comparisons.',
      }),
      citation: t.id({ description: 'The citation passage that carries it.' }),
      valueEntity: t.id({ description: 'Global id of the entity the value names, for ENTITY-valued properties (e.g. orderedBy).' }),
      qualifiers: t.field({ type: [QualifierInput], description: 'What scopes the claim (a sub-group, a time, a place).' }),
      newProperty: t.boolean({ description: 'The property is meant to be new. Without it, a property that is not known (see the properties query) and not used by a claim the caller may read is refused with a ValidationError at input.property naming the closest known one ("deathtol": did you mean "deathToll"?).' }),
      ...reviewFields(t),
    }),
  }),
  payload: ClaimPayload,
  resolve: async (input, ctx) => ({ claim: await curation.createClaim(writerOf(ctx), {
        ...input,
        document: idRef(input.document),
        subject: idRef(input.subject),
        asserter: optionalIdRef(input.asserter),
        citation: optionalIdRef(input.citation),
        valueEntity: optionalIdRef(input.valueEntity),
        qualifiers: input.qualifiers?.map((qualifier) => ({ ...qualifier, entity: optionalIdRef(qualifier.entity) })),
      }) }),
});

mutation('updateClaim', {
  description: 'Correct a claim’s property, value, modality or unnamed asserter.',
  input: builder.inputType('UpdateClaimInput', {
    description: 'The claim, the version read, and the fields to change: an omitted field stays as it is.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id of the claim.' }),
      expectedVersion: t.int({ required: true, description: 'The claim’s `version` as last read; a different current version is a ConflictError.' }),
      property: t.string({ description: 'A known property (the properties query), one in use, or a new one with newProperty: true.' }),
      value: t.string({ description: 'A new value as written; it must occur in the claim’s span, and is normalised again.' }),
      modality: t.field({ type: Modality, description: 'A new modality.' }),
      asserterDescription: t.string({ description: 'Set the unnamed asserter ("officials"); null clears it. Refused when the claim names an asserter.' }),
      confidence: t.float({ description: 'A new confidence from 0 to 1; null clears it.' }),
      newProperty: t.boolean({ description: 'The property is meant to be new. Without it, a property that is not known (see the properties query) and not used by a claim the caller may read is refused with a ValidationError at input.property naming the closest known one ("deathtol": did you mean "deathToll"?).' }),
    }),
  }),
  payload: ClaimPayload,
  resolve: async (input, ctx) => ({ claim: await curation.updateClaim(writerOf(ctx), { ...input, id: idRef(input.id) }) }),
});

const WorkInput = builder.inputType('CitedWorkInput', {
  description: 'A cited report, letter or resolution that is not in the library.',
  fields: (t) => ({
    kind: t.field({ type: DocumentKind, description: 'Its genre, e.g. REPORT.' }),
    title: t.string({ description: 'Its title as the document gives it.' }),
    date: t.field({ type: PartialDateInput, description: 'When it was issued, as far as known.' }),
  }),
});

mutation('createCitation', {
  description: 'Record a passage that attributes information to a source (a person, organisation or document), nested inside another when the source is quoted by someone quoted.',
  input: builder.inputType('CreateCitationInput', {
    description: 'A passage and the source it attributes information to: a named source, an unnamed one (sourceDescription) or a cited work; at least one.',
    fields: (t) => ({
      document: t.id({ required: true, description: 'Global id of the citing document.' }),
      selector: t.field({ type: SelectorInput, required: true, description: 'The attributed passage in the current version’s body.' }),
      kind: t.field({ type: CitationKind, required: true, description: 'QUOTE, PARAPHRASE or REFERENCE.' }),
      source: t.id({ description: 'Global id of the person, organisation or (another, readable) document cited.' }),
      sourceDescription: t.string({ description: 'The source in the document’s words when it does not name it ("officials", "human rights groups").' }),
      parent: t.id({ description: 'Global id of the citation that carries this one (the MP who quotes the ministry).' }),
      work: t.field({ type: WorkInput, description: 'The cited work, when it is not in the library.' }),
      ...reviewFields(t),
    }),
  }),
  payload: payload<{ citation: Awaited<ReturnType<typeof curation.createCitation>> }>('CreateCitationPayload', 'The citation created by createCitation.', (t) => ({
    citation: t.field({ type: Citation, description: 'The new citation.', resolve: (result) => result.citation }),
  })),
  resolve: async (input, ctx) => ({ citation: await curation.createCitation(writerOf(ctx), { ...input, document: idRef(input.document), source: optionalIdRef(input.source), parent: optionalIdRef(input.parent) }) }),
});

const ReviewInput = builder.inputType('ReviewInput', {
  description: 'A review decision about one mention, claim or citation.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global id of the mention, claim or citation.' }),
    status: t.field({ type: ReviewStatus, required: true, description: 'The new status: usually CONFIRMED or REJECTED.' }),
    expectedVersion: t.int({ description: 'The node’s `version` as last read: when given, a different current version is a ConflictError; when omitted, no check.' }),
  }),
});

for (const [typename, ref] of [
  ['Mention', Mention],
  ['Claim', Claim],
  ['Citation', Citation],
] as const) {
  const field = typename.toLowerCase();
  mutation(`review${typename}`, {
    description: `Confirm or reject a ${field} (suggested ones never become statements of the library until confirmed).`,
    input: ReviewInput,
    payload: payload<{ node: object }>(`Review${typename}Payload`, `The ${field} after review${typename}.`, (t) => ({
      [field]: t.field({ type: ref as never, description: `The ${field} with its new status.`, resolve: (result) => result.node as never }),
    })),
    resolve: async (input, ctx) => ({ node: await curation.review(writerOf(ctx), typename, { ...input, id: idRef(input.id) }) }),
  });
  mutation(`delete${typename}`, {
    description: `Delete a ${field}.`,
    input: builder.inputType(`Delete${typename}Input`, { description: `The ${field} to delete.`, fields: (t) => ({ id: t.id({ required: true, description: `Global id of the ${field}.` }) }) }),
    payload: DeletedPayload,
    resolve: async (input, ctx) => {
      await curation.deleteAnnotation(writerOf(ctx), typename, { id: idRef(input.id) });
      return { id: input.id };
    },
  });
}

// ---- Judgements and merges -----------------------------------------------------------------

const Verdict = builder.enumType('JudgementVerdict', {
  description: 'The verdicts judgeEntities records (SAME is recorded by mergeEntities).',
  values: {
    NOT_SAME: { description: 'Different entities: a later merge of the pair is refused with a ConflictError.' },
    UNSURE: { description: 'The reviewer could not tell; recorded with no effect.' },
  } as const,
});

mutation('judgeEntities', {
  description: 'Record that two entity records are NOT_SAME (which blocks merging them) or that a reviewer is UNSURE.',
  input: builder.inputType('JudgeEntitiesInput', {
    description: 'Two entity records and the verdict about them.',
    fields: (t) => ({
      a: t.id({ required: true, description: 'Global id of one entity.' }),
      b: t.id({ required: true, description: 'Global id of the other entity.' }),
      verdict: t.field({ type: Verdict, required: true, description: 'NOT_SAME or UNSURE.' }),
      reason: t.string({ description: 'Why, for later reviewers.' }),
    }),
  }),
  payload: payload<{ judgement: Awaited<ReturnType<typeof merges.judgeEntities>> }>('JudgeEntitiesPayload', 'The judgement judgeEntities recorded.', (t) => ({
    judgement: t.field({ type: EntityJudgement, description: 'The recorded judgement.', resolve: (result) => result.judgement }),
  })),
  resolve: async (input, ctx) => ({ judgement: await merges.judgeEntities(writerOf(ctx), { ...input, a: idRef(input.a), b: idRef(input.b) }) }),
});

mutation('mergeEntities', {
  description: 'Judge two records the SAME and merge `merge` into `keep`: names, mentions, claims and citations move; the merged id then resolves to the kept entity. Reversible with unmergeEntities.',
  input: builder.inputType('MergeEntitiesInput', {
    description: 'Two records of one entity: the one to keep and the one to merge into it.',
    fields: (t) => ({
      keep: t.id({ required: true, description: 'Global id of the entity that stays.' }),
      merge: t.id({ required: true, description: 'Global id of the entity merged into `keep`; afterwards node(id) of it answers with `keep`.' }),
      reason: t.string({ description: 'Why they are the same, for later reviewers.' }),
    }),
  }),
  payload: payload<Awaited<ReturnType<typeof merges.mergeEntities>>>('MergeEntitiesPayload', 'The kept entity and the SAME judgement that records the merge.', (t) => ({
    kept: t.field({ type: EntityInterface, description: 'The entity that stayed, now with the merged one’s names, mentions, claims and citations.', resolve: (result) => result.kept as never }),
    judgement: t.field({ type: EntityJudgement, description: 'The SAME judgement; unmergeEntities sets its undoneAt.', resolve: (result) => result.judgement }),
  })),
  resolve: (input, ctx) => merges.mergeEntities(writerOf(ctx), { ...input, keep: idRef(input.keep), merge: idRef(input.merge) }),
});

mutation('unmergeEntities', {
  description: 'Undo the merge of an entity: every row it moved goes back, exactly.',
  input: builder.inputType('UnmergeEntitiesInput', { description: 'The merged entity to restore.', fields: (t) => ({ entity: t.id({ required: true, description: 'The merged (not the kept) entity.' }) }) }),
  payload: payload<Awaited<ReturnType<typeof merges.unmergeEntities>>>('UnmergeEntitiesPayload', 'The two entities, separate again.', (t) => ({
    restored: t.field({ type: EntityInterface, description: 'The entity that had been merged, with its own rows back.', resolve: (result) => result.restored as never }),
    kept: t.field({ type: EntityInterface, description: 'The entity it had been merged into.', resolve: (result) => result.kept as never }),
  })),
  resolve: (input, ctx) => merges.unmergeEntities(writerOf(ctx), { entity: idRef(input.entity) }),
});

mutation('deleteCollection', {
  description: 'Delete an empty collection (admin).',
  input: builder.inputType('DeleteCollectionInput', { description: 'The collection to delete.', fields: (t) => ({ id: t.id({ required: true, description: 'The collection, named by its slug ("sample") or its global id; an unknown slug, or one of a collection the caller cannot read, is a NotFoundError.' }) }) }),
  payload: DeletedPayload,
  resolve: async (input, ctx) => ({ id: globalId('Collection', (await curation.deleteCollection(writerOf(ctx), { id: await collectionIdOf(ctx, input.id, ['id']) })).id) }),
});

mutation('updateName', {
  description: 'Correct an alias: its spelling, kind or language.',
  input: builder.inputType('UpdateNameInput', {
    description: 'The alias and the fields to change: an omitted field stays as it is.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id of the name (Name.id).' }),
      name: t.string({ description: 'The corrected spelling.' }),
      kind: t.field({ type: builder.enumType('AliasKindUpdate', { description: 'The kind an alias may be changed to (not PRIMARY).', values: aliasKindValues }), description: 'A new kind of name (not PRIMARY).' }),
      language: t.string({ description: 'A new language code; null clears it.' }),
    }),
  }),
  payload: payload<{ name: Awaited<ReturnType<typeof curation.updateName>> }>('UpdateNamePayload', 'The name updateName changed.', (t) => ({
    name: t.field({ type: Name, description: 'The name as it is now.', resolve: (result) => result.name }),
  })),
  resolve: async (input, ctx) => ({ name: await curation.updateName(writerOf(ctx), { ...input, id: idRef(input.id) }) }),
});

mutation('updateMention', {
  description: 'Point a mention at another entity, or change its confidence.',
  input: builder.inputType('UpdateMentionInput', {
    description: 'The mention, the version read, and the fields to change: an omitted field stays as it is.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id of the mention.' }),
      expectedVersion: t.int({ required: true, description: 'The mention’s `version` as last read; a different current version is a ConflictError.' }),
      entity: t.id({ description: 'Global id of the entity the mention should refer to instead.' }),
      confidence: t.float({ description: 'A new confidence from 0 to 1; null clears it.' }),
    }),
  }),
  payload: payload<{ mention: Awaited<ReturnType<typeof curation.updateMention>> }>('UpdateMentionPayload', 'The mention updateMention changed.', (t) => ({
    mention: t.field({ type: Mention, description: 'The mention as it is now.', resolve: (result) => result.mention }),
  })),
  resolve: async (input, ctx) => ({ mention: await curation.updateMention(writerOf(ctx), { ...input, id: idRef(input.id), entity: optionalIdRef(input.entity) }) }),
});

mutation('updateCitation', {
  description: 'Change a citation’s kind, source, unnamed source description, parent (a cycle is refused) or cited work.',
  input: builder.inputType('UpdateCitationInput', {
    description: 'The citation, the version read, and the fields to change: an omitted field stays as it is.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id of the citation.' }),
      expectedVersion: t.int({ required: true, description: 'The citation’s `version` as last read; a different current version is a ConflictError.' }),
      kind: t.field({ type: CitationKind, description: 'A new kind: QUOTE, PARAPHRASE or REFERENCE.' }),
      source: t.id({ description: 'Global id of the new person, organisation or document cited; null clears it.' }),
      sourceDescription: t.string({ description: 'The unnamed source in the document’s words; null clears it.' }),
      parent: t.id({ description: 'Global id of the new carrying citation; null makes it top-level.' }),
      work: t.field({ type: WorkInput, description: 'The cited work, replacing the recorded one; null clears it.' }),
    }),
  }),
  payload: payload<{ citation: Awaited<ReturnType<typeof curation.updateCitation>> }>('UpdateCitationPayload', 'The citation updateCitation changed.', (t) => ({
    citation: t.field({ type: Citation, description: 'The citation as it is now.', resolve: (result) => result.citation }),
  })),
  resolve: async (input, ctx) => ({ citation: await curation.updateCitation(writerOf(ctx), { ...input, id: idRef(input.id), source: optionalIdRef(input.source), parent: optionalIdRef(input.parent) }) }),
});

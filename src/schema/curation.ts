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
import { mutationErrors } from './errors.js';
import { EntityJudgement } from './judgement.js';
import { Mention } from './mention.js';
import { ReviewStatus } from './span.js';

builder.mutationType({});

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
      args: { input: t.arg({ type: options.input, required: true }) },
      // The generic Input defeats Pothos' argument inference; the input type above fixes the shape.
      resolve: ((_root: unknown, args: { input: Input }, ctx: Context) => options.resolve(args.input, ctx)) as never,
    }),
  );
}

function payload<Shape extends object>(name: string, fields: (t: PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>) => Record<string, unknown>) {
  return builder.objectRef<Shape>(name).implement({ fields: fields as never });
}

// ---- Shared inputs --------------------------------------------------------------------------

const PartialDateInput = builder.inputType('PartialDateInput', {
  fields: (t) => ({ year: t.int(), month: t.int(), day: t.int(), text: t.string() }),
});

const NameInput = builder.inputType('NameInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    kind: t.field({ type: builder.enumType('AliasKind', { values: ['ALIAS', 'ACRONYM', 'FORMER', 'TRANSLITERATION'] as const }) }),
    language: t.string(),
  }),
});

const TextQuoteSelectorInput = builder.inputType('TextQuoteSelectorInput', {
  description: 'W3C TextQuoteSelector: the exact words, with text just before (prefix) and after (suffix) when they repeat.',
  fields: (t) => ({ exact: t.string({ required: true }), prefix: t.string(), suffix: t.string() }),
});

const TextPositionSelectorInput = builder.inputType('TextPositionSelectorInput', {
  description: 'W3C TextPositionSelector: UTF-16 code unit offsets into the current version’s body.',
  fields: (t) => ({ start: t.int({ required: true }), end: t.int({ required: true }) }),
});

const SelectorInput = builder.inputType('SelectorInput', {
  description: 'Where in the document: a quote, a position, or both (they must agree).',
  fields: (t) => ({ quote: t.field({ type: TextQuoteSelectorInput }), position: t.field({ type: TextPositionSelectorInput }) }),
});

const BoilerplateRegionInput = builder.inputType('BoilerplateRegionInput', {
  description: 'A region of the raw text to cut from the body (UTF-16 offsets into the text).',
  fields: (t) => ({ kind: t.field({ type: BoilerplateKind, required: true }), start: t.int({ required: true }), end: t.int({ required: true }) }),
});

const entityFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  name: t.string({ required: true }),
  aliases: t.field({ type: [NameInput] }),
  description: t.string(),
});

// ---- Entities --------------------------------------------------------------------------------

const entityPayload = (typename: 'Person' | 'Organisation' | 'Event', ref: typeof Person) => {
  const field = typename.toLowerCase();
  return payload<{ entity: Awaited<ReturnType<typeof curation.createEntity>> }>(`Create${typename}Payload`, (t) => ({
    [field]: t.field({ type: ref, resolve: (result) => result.entity }),
  }));
};

mutation('createPerson', {
  description: 'Add a person (needs the editor role on a collection).',
  input: builder.inputType('CreatePersonInput', { fields: (t) => entityFields(t) }),
  payload: entityPayload('Person', Person),
  resolve: async (input, ctx) => ({ entity: await curation.createEntity(writerOf(ctx), 'Person', input) }),
});

mutation('createOrganisation', {
  description: 'Add an organisation, optionally inside a parent organisation.',
  input: builder.inputType('CreateOrganisationInput', { fields: (t) => ({ ...entityFields(t), parent: t.id() }) }),
  payload: entityPayload('Organisation', Organisation),
  resolve: async (input, ctx) => ({ entity: await curation.createEntity(writerOf(ctx), 'Organisation', input) }),
});

mutation('createEvent', {
  description: 'Add an event with partial start and end dates.',
  input: builder.inputType('CreateEventInput', {
    fields: (t) => ({ ...entityFields(t), start: t.field({ type: PartialDateInput }), end: t.field({ type: PartialDateInput }), place: t.string() }),
  }),
  payload: entityPayload('Event', Event),
  resolve: async (input, ctx) => ({ entity: await curation.createEntity(writerOf(ctx), 'Event', input) }),
});

const EntityPayload = payload<{ entity: { id: number; type: string } }>('EntityPayload', (t) => ({
  entity: t.field({ type: EntityInterface, resolve: (result) => result.entity as never }),
}));

mutation('updateEntity', {
  description: 'Change a person, organisation or event. `expectedVersion` must be its current version, or a ConflictError says it changed meanwhile.',
  input: builder.inputType('UpdateEntityInput', {
    fields: (t) => ({
      id: t.id({ required: true }),
      expectedVersion: t.int({ required: true }),
      name: t.string(),
      description: t.string(),
      parent: t.id({ description: 'Organisations only; null removes the parent.' }),
      start: t.field({ type: PartialDateInput }),
      end: t.field({ type: PartialDateInput }),
      place: t.string(),
    }),
  }),
  payload: EntityPayload,
  resolve: async (input, ctx) => ({ entity: await curation.updateEntity(writerOf(ctx), input) }),
});

const DeletedPayload = payload<{ id: string }>('DeletedPayload', (t) => ({ deletedId: t.id({ resolve: (result) => result.id }) }));

mutation('deleteEntity', {
  description: 'Delete an entity that nothing refers to any more (else a ConflictError; merge it instead).',
  input: builder.inputType('DeleteEntityInput', { fields: (t) => ({ id: t.id({ required: true }) }) }),
  payload: DeletedPayload,
  resolve: (input, ctx) => curation.deleteEntity(writerOf(ctx), input),
});

mutation('addName', {
  description: 'Add an alias, acronym, former name or transliteration to an entity.',
  input: builder.inputType('AddNameInput', {
    fields: (t) => ({
      entity: t.id({ required: true }),
      name: t.string({ required: true }),
      kind: t.field({ type: NameKind }),
      language: t.string(),
    }),
  }),
  payload: payload<Awaited<ReturnType<typeof curation.addName>>>('AddNamePayload', (t) => ({
    entity: t.field({ type: EntityInterface, resolve: (result) => result.entity as never }),
    name: t.field({ type: Name, resolve: (result) => result.name }),
  })),
  resolve: (input, ctx) => {
    if (input.kind === 'PRIMARY') return Promise.reject(curation.primaryNameRefused());
    return curation.addName(writerOf(ctx), { ...input, kind: (input.kind ?? null) as never });
  },
});

mutation('removeName', {
  description: 'Remove a name other than the primary one.',
  input: builder.inputType('RemoveNameInput', { fields: (t) => ({ name: t.id({ required: true }) }) }),
  payload: EntityPayload,
  resolve: async (input, ctx) => ({ entity: await curation.removeName(writerOf(ctx), input) }),
});

// ---- Collections and documents -----------------------------------------------------------

const CollectionPayload = payload<{ collection: Awaited<ReturnType<typeof curation.createCollection>> }>('CollectionPayload', (t) => ({
  collection: t.field({ type: Collection, resolve: (result) => result.collection }),
}));

mutation('createCollection', {
  description: 'Create a collection (needs the admin role on a collection); the caller’s token administers it.',
  input: builder.inputType('CreateCollectionInput', {
    fields: (t) => ({ slug: t.string({ required: true }), name: t.string({ required: true }), description: t.string(), visibility: t.field({ type: Visibility }) }),
  }),
  payload: CollectionPayload,
  resolve: async (input, ctx) => ({ collection: await curation.createCollection(writerOf(ctx), input) }),
});

mutation('updateCollection', {
  description: 'Rename a collection or change its visibility (admin).',
  input: builder.inputType('UpdateCollectionInput', {
    fields: (t) => ({ id: t.id({ required: true, description: 'The collection, named by its slug ("sample") or its global id; an unknown slug, or one of a collection the caller cannot read, is a NotFoundError.' }), expectedVersion: t.int({ required: true }), name: t.string(), description: t.string(), visibility: t.field({ type: Visibility }) }),
  }),
  payload: CollectionPayload,
  resolve: async (input, ctx) => ({ collection: await curation.updateCollection(writerOf(ctx), { ...input, id: await collectionIdOf(ctx, input.id, ['input', 'id']) }) }),
});

const DocumentPayload = payload<{ document: Awaited<ReturnType<typeof curation.createDocument>> }>('DocumentPayload', (t) => ({
  document: t.field({ type: Document, resolve: (result) => result.document }),
}));

mutation('createDocument', {
  description: 'Add a document with its text; boilerplate regions are cut from its body.',
  input: builder.inputType('CreateDocumentInput', {
    fields: (t) => ({
      collection: t.id({ required: true, description: 'The collection, named by its slug ("sample") or its global id; an unknown slug, or one of a collection the caller cannot read, is a NotFoundError.' }),
      title: t.string({ required: true }),
      text: t.string({ required: true }),
      kind: t.field({ type: DocumentKind }),
      language: t.string(),
      url: t.string(),
      publisher: t.id(),
      published: t.field({ type: PartialDateInput }),
      boilerplate: t.field({ type: [BoilerplateRegionInput] }),
    }),
  }),
  payload: DocumentPayload,
  resolve: async (input, ctx) => ({ document: await curation.createDocument(writerOf(ctx), { ...input, collection: await collectionIdOf(ctx, input.collection, ['input', 'collection']) }) }),
});

mutation('updateDocument', {
  description: 'Change a document’s metadata (its text changes by addDocumentVersion).',
  input: builder.inputType('UpdateDocumentInput', {
    fields: (t) => ({
      id: t.id({ required: true }),
      expectedVersion: t.int({ required: true }),
      title: t.string(),
      kind: t.field({ type: DocumentKind }),
      language: t.string(),
      url: t.string(),
      publisher: t.id(),
      published: t.field({ type: PartialDateInput }),
    }),
  }),
  payload: DocumentPayload,
  resolve: async (input, ctx) => ({ document: await curation.updateDocument(writerOf(ctx), input) }),
});

mutation('deleteDocument', {
  description: 'Delete a document with its versions, spans, mentions, claims and citations.',
  input: builder.inputType('DeleteDocumentInput', { fields: (t) => ({ id: t.id({ required: true }) }) }),
  payload: DeletedPayload,
  resolve: (input, ctx) => curation.deleteDocument(writerOf(ctx), input),
});

const ReanchorCounts = builder.objectRef<{ ANCHORED: number; REANCHORED: number; ORPHANED: number }>('ReanchorCounts').implement({
  description: 'How the document’s spans fared in the new version. ORPHANED spans are kept, with their claims.',
  fields: (t) => ({ anchored: t.exposeInt('ANCHORED'), reanchored: t.exposeInt('REANCHORED'), orphaned: t.exposeInt('ORPHANED') }),
});

mutation('addDocumentVersion', {
  description: 'A new text of a document: every span is re-anchored in it (exactly, by its quote, or fuzzily); the others become ORPHANED, never deleted.',
  input: builder.inputType('AddDocumentVersionInput', {
    fields: (t) => ({ document: t.id({ required: true }), text: t.string({ required: true }), boilerplate: t.field({ type: [BoilerplateRegionInput] }) }),
  }),
  payload: payload<Awaited<ReturnType<typeof curation.addDocumentVersion>>>('AddDocumentVersionPayload', (t) => ({
    document: t.field({ type: Document, resolve: (result) => result.document }),
    version: t.field({ type: DocumentVersion, resolve: (result) => result.version }),
    spans: t.field({ type: ReanchorCounts, resolve: (result) => result.counts }),
  })),
  resolve: (input, ctx) => curation.addDocumentVersion(writerOf(ctx), input),
});

// ---- Mentions, claims, citations -----------------------------------------------------------

const reviewFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  status: t.field({ type: ReviewStatus, description: 'Default CONFIRMED: an editor’s own annotation.' }),
  confidence: t.float(),
});

mutation('createMention', {
  description: 'Mark a span of a document as referring to an entity.',
  input: builder.inputType('CreateMentionInput', {
    fields: (t) => ({ document: t.id({ required: true }), entity: t.id({ required: true }), selector: t.field({ type: SelectorInput, required: true }), ...reviewFields(t) }),
  }),
  payload: payload<{ mention: Awaited<ReturnType<typeof curation.createMention>> }>('CreateMentionPayload', (t) => ({
    mention: t.field({ type: Mention, resolve: (result) => result.mention }),
  })),
  resolve: async (input, ctx) => ({ mention: await curation.createMention(writerOf(ctx), input) }),
});

const QualifierInput = builder.inputType('ClaimQualifierInput', {
  fields: (t) => ({ property: t.string({ required: true }), value: t.string(), entity: t.id() }),
});

const ClaimPayload = payload<{ claim: Awaited<ReturnType<typeof curation.createClaim>> }>('ClaimPayload', (t) => ({
  claim: t.field({ type: Claim, resolve: (result) => result.claim }),
}));

mutation('createClaim', {
  description: 'Record what a document says about a subject: the value as written (inside the selected span) and who it is attributed to.',
  input: builder.inputType('CreateClaimInput', {
    fields: (t) => ({
      document: t.id({ required: true }),
      subject: t.id({ required: true }),
      property: t.string({ required: true, description: 'lowerCamelCase, e.g. deathToll: a known property (the properties query), one in use, or a new one with newProperty: true.' }),
      value: t.string({ required: true, description: 'The value exactly as written; it must occur in the span.' }),
      selector: t.field({ type: SelectorInput, required: true }),
      modality: t.field({ type: Modality }),
      asserter: t.id({ description: 'The person or organisation the document attributes it to; omit for the document’s own voice.' }),
      asserterDescription: t.string({
        description: 'The asserter in the document’s words when it names none ("officials", "a spokesman for the ministry"); not with asserter. Counted as an unnamed source of its own in comparisons.',
      }),
      citation: t.id({ description: 'The citation passage that carries it.' }),
      valueEntity: t.id(),
      qualifiers: t.field({ type: [QualifierInput] }),
      newProperty: t.boolean({ description: 'The property is meant to be new. Without it, a property that is not known (see the properties query) and not used by a claim the caller may read is refused with a ValidationError at input.property naming the closest known one ("deathtol": did you mean "deathToll"?).' }),
      ...reviewFields(t),
    }),
  }),
  payload: ClaimPayload,
  resolve: async (input, ctx) => ({ claim: await curation.createClaim(writerOf(ctx), input) }),
});

mutation('updateClaim', {
  description: 'Correct a claim’s property, value, modality or unnamed asserter.',
  input: builder.inputType('UpdateClaimInput', {
    fields: (t) => ({
      id: t.id({ required: true }),
      expectedVersion: t.int({ required: true }),
      property: t.string({ description: 'A known property (the properties query), one in use, or a new one with newProperty: true.' }),
      value: t.string(),
      modality: t.field({ type: Modality }),
      asserterDescription: t.string({ description: 'Set the unnamed asserter ("officials"); null clears it. Refused when the claim names an asserter.' }),
      confidence: t.float(),
      newProperty: t.boolean({ description: 'The property is meant to be new. Without it, a property that is not known (see the properties query) and not used by a claim the caller may read is refused with a ValidationError at input.property naming the closest known one ("deathtol": did you mean "deathToll"?).' }),
    }),
  }),
  payload: ClaimPayload,
  resolve: async (input, ctx) => ({ claim: await curation.updateClaim(writerOf(ctx), input) }),
});

const WorkInput = builder.inputType('CitedWorkInput', {
  fields: (t) => ({ kind: t.field({ type: DocumentKind }), title: t.string(), date: t.field({ type: PartialDateInput }) }),
});

mutation('createCitation', {
  description: 'Record a passage that attributes information to a source (a person, organisation or document), nested inside another when the source is quoted by someone quoted.',
  input: builder.inputType('CreateCitationInput', {
    fields: (t) => ({
      document: t.id({ required: true }),
      selector: t.field({ type: SelectorInput, required: true }),
      kind: t.field({ type: CitationKind, required: true }),
      source: t.id(),
      sourceDescription: t.string({ description: 'The source in the document’s words when it does not name it ("officials", "human rights groups").' }),
      parent: t.id(),
      work: t.field({ type: WorkInput }),
      ...reviewFields(t),
    }),
  }),
  payload: payload<{ citation: Awaited<ReturnType<typeof curation.createCitation>> }>('CreateCitationPayload', (t) => ({
    citation: t.field({ type: Citation, resolve: (result) => result.citation }),
  })),
  resolve: async (input, ctx) => ({ citation: await curation.createCitation(writerOf(ctx), input) }),
});

const ReviewInput = builder.inputType('ReviewInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    status: t.field({ type: ReviewStatus, required: true }),
    expectedVersion: t.int(),
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
    payload: payload<{ node: object }>(`Review${typename}Payload`, (t) => ({ [field]: t.field({ type: ref as never, resolve: (result) => result.node as never }) })),
    resolve: async (input, ctx) => ({ node: await curation.review(writerOf(ctx), typename, input) }),
  });
  mutation(`delete${typename}`, {
    description: `Delete a ${field}.`,
    input: builder.inputType(`Delete${typename}Input`, { fields: (t) => ({ id: t.id({ required: true }) }) }),
    payload: DeletedPayload,
    resolve: (input, ctx) => curation.deleteAnnotation(writerOf(ctx), typename, input),
  });
}

// ---- Judgements and merges -----------------------------------------------------------------

const Verdict = builder.enumType('JudgementVerdict', { values: ['NOT_SAME', 'UNSURE'] as const });

mutation('judgeEntities', {
  description: 'Record that two entity records are NOT_SAME (which blocks merging them) or that a reviewer is UNSURE.',
  input: builder.inputType('JudgeEntitiesInput', {
    fields: (t) => ({ a: t.id({ required: true }), b: t.id({ required: true }), verdict: t.field({ type: Verdict, required: true }), reason: t.string() }),
  }),
  payload: payload<{ judgement: Awaited<ReturnType<typeof merges.judgeEntities>> }>('JudgeEntitiesPayload', (t) => ({
    judgement: t.field({ type: EntityJudgement, resolve: (result) => result.judgement }),
  })),
  resolve: async (input, ctx) => ({ judgement: await merges.judgeEntities(writerOf(ctx), input) }),
});

mutation('mergeEntities', {
  description: 'Judge two records the SAME and merge `merge` into `keep`: names, mentions, claims and citations move; the merged id then resolves to the kept entity. Reversible with unmergeEntities.',
  input: builder.inputType('MergeEntitiesInput', { fields: (t) => ({ keep: t.id({ required: true }), merge: t.id({ required: true }), reason: t.string() }) }),
  payload: payload<Awaited<ReturnType<typeof merges.mergeEntities>>>('MergeEntitiesPayload', (t) => ({
    kept: t.field({ type: EntityInterface, resolve: (result) => result.kept as never }),
    judgement: t.field({ type: EntityJudgement, resolve: (result) => result.judgement }),
  })),
  resolve: (input, ctx) => merges.mergeEntities(writerOf(ctx), input),
});

mutation('unmergeEntities', {
  description: 'Undo the merge of an entity: every row it moved goes back, exactly.',
  input: builder.inputType('UnmergeEntitiesInput', { fields: (t) => ({ entity: t.id({ required: true, description: 'The merged (not the kept) entity.' }) }) }),
  payload: payload<Awaited<ReturnType<typeof merges.unmergeEntities>>>('UnmergeEntitiesPayload', (t) => ({
    restored: t.field({ type: EntityInterface, resolve: (result) => result.restored as never }),
    kept: t.field({ type: EntityInterface, resolve: (result) => result.kept as never }),
  })),
  resolve: (input, ctx) => merges.unmergeEntities(writerOf(ctx), input),
});

mutation('deleteCollection', {
  description: 'Delete an empty collection (admin).',
  input: builder.inputType('DeleteCollectionInput', { fields: (t) => ({ id: t.id({ required: true, description: 'The collection, named by its slug ("sample") or its global id; an unknown slug, or one of a collection the caller cannot read, is a NotFoundError.' }) }) }),
  payload: DeletedPayload,
  resolve: async (input, ctx) => curation.deleteCollection(writerOf(ctx), { id: await collectionIdOf(ctx, input.id, ['input', 'id']) }),
});

mutation('updateName', {
  description: 'Correct an alias: its spelling, kind or language.',
  input: builder.inputType('UpdateNameInput', {
    fields: (t) => ({ id: t.id({ required: true }), name: t.string(), kind: t.field({ type: builder.enumType('AliasKindUpdate', { values: ['ALIAS', 'ACRONYM', 'FORMER', 'TRANSLITERATION'] as const }) }), language: t.string() }),
  }),
  payload: payload<{ name: Awaited<ReturnType<typeof curation.updateName>> }>('UpdateNamePayload', (t) => ({
    name: t.field({ type: Name, resolve: (result) => result.name }),
  })),
  resolve: async (input, ctx) => ({ name: await curation.updateName(writerOf(ctx), input) }),
});

mutation('updateMention', {
  description: 'Point a mention at another entity, or change its confidence.',
  input: builder.inputType('UpdateMentionInput', {
    fields: (t) => ({ id: t.id({ required: true }), expectedVersion: t.int({ required: true }), entity: t.id(), confidence: t.float() }),
  }),
  payload: payload<{ mention: Awaited<ReturnType<typeof curation.updateMention>> }>('UpdateMentionPayload', (t) => ({
    mention: t.field({ type: Mention, resolve: (result) => result.mention }),
  })),
  resolve: async (input, ctx) => ({ mention: await curation.updateMention(writerOf(ctx), input) }),
});

mutation('updateCitation', {
  description: 'Change a citation’s kind, source, unnamed source description, parent (a cycle is refused) or cited work.',
  input: builder.inputType('UpdateCitationInput', {
    fields: (t) => ({
      id: t.id({ required: true }),
      expectedVersion: t.int({ required: true }),
      kind: t.field({ type: CitationKind }),
      source: t.id(),
      sourceDescription: t.string({ description: 'The unnamed source in the document’s words; null clears it.' }),
      parent: t.id(),
      work: t.field({ type: WorkInput }),
    }),
  }),
  payload: payload<{ citation: Awaited<ReturnType<typeof curation.updateCitation>> }>('UpdateCitationPayload', (t) => ({
    citation: t.field({ type: Citation, resolve: (result) => result.citation }),
  })),
  resolve: async (input, ctx) => ({ citation: await curation.updateCitation(writerOf(ctx), input) }),
});

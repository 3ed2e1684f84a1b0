import { visibleDocuments } from '../context.js';
import type { Prisma } from '../db/client.js';
import { builder } from './builder.js';
import { Citation } from './citation.js';
import { countedRelation, enumIn, paging, totalCountField, visibleCollectionSql } from './connections.js';
import { leanEntityClaims } from './lean.js';
import { Prisma as PrismaSql } from '../generated/sqlite/client.js';
import { Document } from './document.js';
import { EntityInterface, Event, Organisation, Person } from './entity.js';
import { databaseId, inputId } from './ids.js';
import type { PartialDateShape } from './partial-date.js';
import { PartialDate } from './partial-date.js';
import { citationChain, type LoadedCitation } from './loaders.js';
import { Method, ReviewStatus } from './span.js';

export const Modality = builder.enumType('Modality', {
  description: 'How the claim is put: asserted, reported (relayed from another), denied, estimated, or speculated.',
  values: {
    ASSERTS: { description: 'Stated as fact.' },
    REPORTS: { description: 'Relayed from another source.' },
    DENIES: { description: 'Stated to be false.' },
    ESTIMATES: { description: 'Given as an estimate.' },
    SPECULATES: {
      description: 'Hedged: "may have", "reportedly", "is believed to". Compared as an estimate is, by its value; the modality is shown with the claim.',
    },
  } as const,
});
export const ValueKind = builder.enumType('ValueKind', {
  description: 'What kind of value a claim states, which decides its normalised form (Claim.value).',
  values: {
    QUANTITY: { description: 'A number or range of numbers, e.g. a death toll ("30,000", "thousands"): QuantityValue.' },
    SHARE: { description: 'A proportion between 0 and 1 ("90 percent", "most"): ShareValue.' },
    DATE: { description: 'A date or date range ("summer of 1988"): DateValue.' },
    ENTITY: { description: 'A person, organisation or event (who ordered an event): EntityValue, or TextValue while no entity is linked.' },
    TEXT: { description: 'Free text compared as text (e.g. a role such as "head of the judiciary"): TextValue.' },
  } as const,
});

builder.prismaObject('ClaimQualifier', {
  description: 'Scopes a claim (point in time, place, sub-group): claims with different scopes are not rival values.',
  fields: (t) => ({
    property: t.exposeString('property', { description: 'What the qualifier scopes, e.g. "affiliation" (a sub-group of victims), a point in time or a place.' }),
    valueText: t.exposeString('valueText', { nullable: true, description: 'The scope in the document’s words; null when it is an entity only.' }),
    entity: t.relation('entity', { type: EntityInterface, nullable: true, description: 'The scope as an entity (e.g. the organisation whose members are counted); null when it is text only.' }),
  }),
});

// The normalised value of a claim, read from its columns. lower/upper hold the range; for DATE
// values they hold yyyymmdd keys (00 for an unknown month or day).
interface ClaimValueColumns {
  valueKind: 'QUANTITY' | 'SHARE' | 'DATE' | 'ENTITY' | 'TEXT';
  valueText: string;
  lower: number | null;
  upper: number | null;
  unit: string | null;
  approximate: boolean;
  valueEntityId: number | null;
  valueNote: string | null;
}
type ClaimValueShape = ClaimValueColumns & { kind: ClaimValueColumns['valueKind'] };

const QuantityValue = builder.objectRef<ClaimValueShape>('QuantityValue').implement({
  description: 'A number or range of numbers. A missing bound is open ("at least 1,500" has no upper bound).',
  fields: (t) => ({
    lower: t.exposeFloat('lower', { nullable: true, description: 'The smallest number the wording allows ("tens of thousands" → 20,000); null when open below.' }),
    upper: t.exposeFloat('upper', { nullable: true, description: 'The largest number the wording allows ("tens of thousands" → 99,999); null when open above ("30,000 or more").' }),
    unit: t.exposeString('unit', { nullable: true, description: 'Reserved for a unit of measure; nothing sets it yet (counts of people and things need none), so null.' }),
    approximate: t.exposeBoolean('approximate', { description: 'The source hedges ("about", "some", a vague word).' }),
  }),
});

const ShareValue = builder.objectRef<ClaimValueShape>('ShareValue').implement({
  description: 'A share between 0 and 1 ("90 percent" → 0.9; "most" → more than 0.5).',
  fields: (t) => ({
    lower: t.exposeFloat('lower', { nullable: true, description: 'The smallest share the wording allows, from 0 to 1; null when open below.' }),
    upper: t.exposeFloat('upper', { nullable: true, description: 'The largest share the wording allows, from 0 to 1; null when open above.' }),
    approximate: t.exposeBoolean('approximate', { description: 'The source hedges ("about", a vague word such as "most").' }),
  }),
});

const dateOfKey = (key: number | null): PartialDateShape | null => {
  if (key === null) return null;
  const year = Math.floor(key / 10_000);
  const month = Math.floor(key / 100) % 100;
  const day = key % 100;
  return { year, month: month || null, day: day || null, text: null };
};

const DateValue = builder.objectRef<ClaimValueShape>('DateValue').implement({
  description: 'A date range ("summer of 1988" → 1988-06 to 1988-09).',
  fields: (t) => ({
    from: t.field({ type: PartialDate, nullable: true, description: 'The earliest date the wording allows (month or day null when unknown; text null); null when open.', resolve: (value) => dateOfKey(value.lower) }),
    to: t.field({ type: PartialDate, nullable: true, description: 'The latest date the wording allows (month or day null when unknown; text null); null when open.', resolve: (value) => dateOfKey(value.upper) }),
  }),
});

const EntityValue = builder.objectRef<ClaimValueShape>('EntityValue').implement({
  description: 'The value is an entity (who ordered an event, the body a role belongs to).',
  fields: (t) => ({
    entity: t.prismaField({
      type: EntityInterface,
      description: 'The person, organisation or event the claim names as its value.',
      resolve: (query, value, _args, ctx) => ctx.prisma.entity.findUniqueOrThrow({ ...query, where: { id: value.valueEntityId! } }),
    }),
  }),
});

const TextValue = builder.objectRef<ClaimValueShape>('TextValue').implement({
  description: 'A value kept only as text: not (yet) normalised, or not a quantity at all.',
  fields: (t) => ({
    text: t.exposeString('valueText', { description: 'The value as the document writes it (the same as Claim.valueText).' }),
    reason: t.exposeString('valueNote', { nullable: true, description: 'Why the text could not be normalised.' }),
  }),
});

export const ClaimValue = builder.unionType('ClaimValue', {
  description: 'The normalised form of a claim’s value. The text as written is always in Claim.valueText.',
  types: [QuantityValue, ShareValue, DateValue, EntityValue, TextValue],
  resolveType: (value) =>
    ({ QUANTITY: QuantityValue, SHARE: ShareValue, DATE: DateValue, ENTITY: EntityValue, TEXT: TextValue })[value.kind],
});

type Selection = { select?: Record<string, unknown>; include?: Record<string, unknown> };
const CHAIN_DEPTH = 4;

function chainSelection(level: Selection): Selection {
  const withParent = (parent: Selection | undefined): Selection =>
    level.select
      ? { select: { ...level.select, id: true, parentId: true, ...(parent ? { parent } : {}) } }
      : { include: { ...(level.include ?? {}), ...(parent ? { parent } : {}) } };
  let selection = withParent(undefined);
  for (let depth = 1; depth < CHAIN_DEPTH; depth++) selection = withParent(selection);
  return selection;
}

/** The loaded chain, outermost first; beyond CHAIN_DEPTH the rest is fetched through a loader. */
async function citationChainOf(ctx: Parameters<typeof citationChain>[0], innermost: LoadedCitation | null): Promise<LoadedCitation[]> {
  const chain: LoadedCitation[] = [];
  let current = innermost;
  while (current) {
    chain.unshift(current);
    if (current.parentId === null) return chain;
    if (current.parent === undefined) return [...(await citationChain(ctx, current.parentId)), ...chain];
    current = current.parent;
  }
  return chain;
}

export const Claim = builder.prismaNode('Claim', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row the caller cannot see is null, not an error
  description:
    'What one document says about a subject, in its own words, and whom it attributes that to. A claim records a statement, never that the statement is true.',
  findUnique: (id, ctx) => ({ id: databaseId(id, 'Claim'), document: visibleDocuments(ctx) }),
  fields: (t) => ({
    property: t.exposeString('property', {
      description: 'What the claim is about, as a camelCase name: e.g. "deathToll", "victimAffiliationShare", "role", "orderedBy", "date". The `properties` query lists the known ones with their kinds.',
    }),
    valueText: t.exposeString('valueText', { description: 'The value exactly as the document writes it.' }),
    valueKind: t.expose('valueKind', { type: ValueKind, description: 'The kind of value, which decides the type of `value`.' }),
    valueNote: t.exposeString('valueNote', {
      nullable: true,
      description: 'How the value was normalised (the rule of the table, e.g. "vague: \\"thousands\\" (table v1)"), or why it could not be.',
    }),
    normalisedBy: t.exposeInt('normalisedBy', { nullable: true, description: 'The version of the normalisation table used.' }),
    value: t.field({
      type: ClaimValue,
      description: 'The value normalised to a range, date range or entity; TextValue when it could not be.',
      resolve: (claim) => ({ ...claim, kind: claim.valueKind === 'ENTITY' && claim.valueEntityId === null ? 'TEXT' : claim.valueKind }),
    }),
    valueEntity: t.relation('valueEntity', { type: EntityInterface, nullable: true, description: 'For an ENTITY value, the entity it names (as in EntityValue); null otherwise or while none is linked.' }),
    modality: t.expose('modality', { type: Modality, description: 'How the document puts the claim: as fact, relayed, denied, estimated or hedged.' }),
    subject: t.relation('subject', { type: EntityInterface, description: 'The person, organisation or event the claim is about.' }),
    asserter: t.relation('asserter', {
      type: EntityInterface,
      nullable: true,
      description:
        'The person or organisation the document attributes the claim to; null when the document says it in its own voice or attributes it to a source it does not name (asserterDescription).',
    }),
    asserterDescription: t.exposeString('asserterDescription', {
      nullable: true,
      description: 'The asserter in the document’s words when it names no person or organisation ("officials", "a spokesman for the ministry"); null otherwise.',
    }),
    citation: t.relation('citation', { type: Citation, nullable: true, description: 'The citation passage that carries the claim.' }),
    citationChain: t.field({
      type: [Citation],
      description: 'The citations that carry the claim, outermost first: the document quotes A, who quotes B…',
      // Folds up to CHAIN_DEPTH levels of parents into the claims query, each with the fields the
      // client selected on Citation, so a page of claims costs no extra statement per claim.
      select: (_args, _ctx, nested) => ({ citation: chainSelection(nested(true) as Selection) }),
      resolve: async (claim, _args, ctx) =>
        (await citationChainOf(ctx, claim.citation as LoadedCitation | null)) as unknown as Array<Prisma.CitationGetPayload<object>>,
    }),
    qualifiers: t.relation('qualifiers', { description: 'What scopes the claim (a sub-group, a point in time, a place); claims with different qualifiers are not compared as rival values.', query: { orderBy: { id: 'asc' } } }),
    span: t.relation('span', { description: 'The words in the document that state the claim: the clause that gives its value.' }),
    document: t.relation('document', { type: Document, description: 'The document that makes the claim.' }),
    status: t.expose('status', { type: ReviewStatus, description: 'SUGGESTED by ingest until a curator CONFIRMS or REJECTS it; claims entered by hand are CONFIRMED unless given a status.' }),
    method: t.expose('method', { type: Method, description: 'How the claim was recorded: by hand, from the curated seed, or suggested by ingest.' }),
    confidence: t.exposeFloat('confidence', {
      nullable: true,
      description: 'How sure the recorder was, from 0 to 1: set by ingest for its suggestions (e.g. 0.5, lower for hedged values), 1 for the curated seed, as given (or null) for claims entered by hand.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the claim was recorded.' }),
  }),
});

export const ClaimConnection = builder.connectionObject({ type: Claim, name: 'ClaimConnection', fields: totalCountField }, { name: 'ClaimEdge' });

type GlobalId = { typename: string; id: string } | null | undefined;
type Modalities = Array<'ASSERTS' | 'REPORTS' | 'DENIES' | 'ESTIMATES' | 'SPECULATES'>;
type Statuses = Array<'SUGGESTED' | 'CONFIRMED' | 'REJECTED'>;

const ClaimFilter = builder.inputType('ClaimFilter', {
  description: 'Narrows a list of claims; conditions combine with AND, and a list matches any of its values.',
  fields: (t) => ({
    subject: t.globalID({ for: [Person, Organisation, Event], description: 'Only claims about this person, organisation or event.' }),
    property: t.string({ description: 'e.g. deathToll, victimAffiliationShare, role, involvement, orderedBy, date.' }),
    asserter: t.globalID({ for: [Person, Organisation], description: 'Only claims the documents attribute to this person or organisation.' }),
    ownVoice: t.boolean({ description: 'true: only claims a document makes in its own voice; false: only attributed ones (to a named or an unnamed source).' }),
    document: t.globalID({ for: [Document], description: 'Only claims made by this document.' }),
    modality: t.field({ type: [Modality], description: 'Only claims put in any of these ways.' }),
    status: t.field({ type: [ReviewStatus], description: 'Only claims in any of these review states, e.g. [CONFIRMED].' }),
  }),
});

const EntityClaimFilter = builder.inputType('EntityClaimFilter', {
  description: 'Narrows the claims of one document or about one entity; conditions combine with AND.',
  fields: (t) => ({
    property: t.string({ description: 'Only claims of this property, e.g. "deathToll" (exact name).' }),
    modality: t.field({ type: [Modality], description: 'Only claims put in any of these ways.' }),
    status: t.field({ type: [ReviewStatus], description: 'Only claims in any of these review states, e.g. [CONFIRMED].' }),
  }),
});

interface ClaimFilterInput {
  subject?: GlobalId;
  property?: string | null;
  asserter?: GlobalId;
  ownVoice?: boolean | null;
  document?: GlobalId;
  modality?: Modalities | null;
  status?: Statuses | null;
}

function claimWhere(ctx: Parameters<typeof visibleDocuments>[0], filter: ClaimFilterInput | null | undefined): Prisma.ClaimWhereInput {
  return {
    AND: [
      { document: visibleDocuments(ctx) },
      filter?.subject ? { subjectId: inputId(filter.subject) } : {},
      filter?.property ? { property: filter.property } : {},
      filter?.asserter ? { asserterId: inputId(filter.asserter) } : {},
      filter?.ownVoice === true
        ? { asserterId: null, asserterDescription: null }
        : filter?.ownVoice === false
          ? { OR: [{ asserterId: { not: null } }, { asserterDescription: { not: null } }] }
          : {},
      filter?.document ? { documentId: inputId(filter.document) } : {},
      filter?.modality?.length ? { modality: { in: filter.modality } } : {},
      filter?.status?.length ? { status: { in: filter.status } } : {},
    ],
  };
}

builder.queryField('claims', (t) =>
  t.prismaConnection(
    {
      type: Claim,
      cursor: 'id',
      ...paging,
      args: { filter: t.arg({ type: ClaimFilter, description: 'Only claims matching these conditions; all visible ones when omitted.' }) },
      description: 'Claims in documents the caller may read, in creation order.',
      totalCount: (_parent, args, ctx) => ctx.prisma.claim.count({ where: claimWhere(ctx, args.filter) }),
      resolve: (query, _parent, args, ctx) => ctx.prisma.claim.findMany({ ...query, where: claimWhere(ctx, args.filter), orderBy: { id: 'asc' } }),
    },
    ClaimConnection,
  ),
);

/** totalCount of a claim connection: the same EntityClaimFilter as its `query`, counted per page of parents. */
function claimFilterConditions(args: Record<string, unknown>) {
  const filter = args.filter as { property?: string | null; modality?: Modalities | null; status?: Statuses | null } | null | undefined;
  return [
    ...(filter?.property ? [PrismaSql.sql`t."property" = ${filter.property}`] : []),
    ...enumIn('modality', filter?.modality, ['ASSERTS', 'REPORTS', 'DENIES', 'ESTIMATES', 'SPECULATES']),
    ...enumIn('status', filter?.status, ['SUGGESTED', 'CONFIRMED', 'REJECTED']),
  ];
}

builder.prismaObjectField(Document, 'claims', (t) =>
  countedRelation(t.relatedConnection(
    'claims',
    {
      cursor: 'id',
      ...paging,
      totalCount: true,
      description: 'What this document claims, in reading order.',
      args: { filter: t.arg({ type: EntityClaimFilter, description: 'Only claims matching these conditions; all when omitted.' }) },
      query: (args) => ({
        where: { AND: [args.filter?.property ? { property: args.filter.property } : {}, args.filter?.modality?.length ? { modality: { in: args.filter.modality } } : {}, args.filter?.status?.length ? { status: { in: args.filter.status } } : {}] },
        orderBy: [{ span: { start: 'asc' } }, { id: 'asc' }],
      }),
    },
    ClaimConnection,
  ), { relation: 'claims', table: 'Claim', parentColumn: 'documentId', visibleOnly: false, conditions: claimFilterConditions }),
);

builder.prismaInterfaceField(EntityInterface, 'claims', (t) =>
  countedRelation(leanEntityClaims(t.relatedConnection(
    'claims',
    {
      cursor: 'id',
      ...paging,
      totalCount: true,
      description:
        'What visible documents say about this entity: by document, then in the order the claims were recorded, not in reading order (so a page is read straight from an index, however many claims the entity has). `describe` and `Document.claims` give claims in reading order.',
      args: { filter: t.arg({ type: EntityClaimFilter, description: 'Only claims matching these conditions; all when omitted.' }) },
      query: (args, ctx) => ({
        where: {
          AND: [
            { document: visibleDocuments(ctx) },
            args.filter?.property ? { property: args.filter.property } : {},
            args.filter?.modality?.length ? { modality: { in: args.filter.modality } } : {},
            args.filter?.status?.length ? { status: { in: args.filter.status } } : {},
          ],
        },
        orderBy: [{ documentId: 'asc' }, { id: 'asc' }],
      }),
    },
    ClaimConnection,
  ), { conditions: claimFilterConditions, visible: visibleCollectionSql }), { relation: 'claims', table: 'Claim', parentColumn: 'subjectId', visibleOnly: true, conditions: claimFilterConditions }),
);

builder.prismaInterfaceField(EntityInterface, 'asserted', (t) =>
  t.relatedConnection(
    'asserted',
    {
      cursor: 'id',
      ...paging,
      totalCount: true,
      description: 'Claims that visible documents attribute to this person or organisation.',
      query: (_args, ctx) => ({ where: { document: visibleDocuments(ctx) }, orderBy: [{ documentId: 'asc' }, { id: 'asc' }] }),
    },
    ClaimConnection,
  ),
);

builder.prismaObjectField(Citation, 'claims', (t) =>
  t.relation('claims', { type: Claim, query: { orderBy: { id: 'asc' } }, description: 'Claims this passage carries.' }),
);

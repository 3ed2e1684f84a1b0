// compare(subject, property) and describe(subject): what each document says about one entity,
// side by side, with the relations between values and the independent origins behind them.
import { encodeGlobalID } from '@pothos/plugin-relay';
import DataLoader from 'dataloader';
import { GraphQLError, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { visibleCollections, visibleDocuments, type Context } from '../context.js';
import type { ClusterSummary, Comparison as ComparisonResult, ComparisonSummary } from '../domain/comparison.js';
import type { PairRelation } from '../domain/compare.js';
import { evidenceOf, type ClaimProvenance, type Origin as OriginShape, type OriginTrace } from '../domain/independence.js';
import { comparableProperties, compareClaims, summariseClaims } from '../services/comparison.js';
import { builder } from './builder.js';
import { Citation } from './citation.js';
import { Claim, ClaimValue, Modality } from './claim.js';
import { comparedColumns, fieldsOf, leanComparedClaims, leanComparedPlan } from './compared-claims.js';
import { Document } from './document.js';
import { EntityInterface, Event, Organisation, Person } from './entity.js';
import { databaseId } from './ids.js';
import { Mention } from './mention.js';

type Trace = OriginTrace & { provenance: ClaimProvenance };

interface ComparisonShape {
  subjectId: number;
  property: string;
  /** With every claim when the query lists claims (see listsClaims), else only relations, clusters and summary. */
  result: ComparisonResult | ComparisonSummary;
  /** Built on first use: most queries ask for clusters and the summary, not every claim. */
  traces: () => Map<number, Trace>;
}

/** The fields below compare(…) that need every claim rather than claim sets (claim by claim too when a fragment cannot be followed). */
function listsClaims(info: GraphQLResolveInfo): boolean {
  const under = (selections: readonly SelectionNode[]) => fieldsOf(info, selections);
  const top = under(info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []));
  if (!top) return true;
  return top.some((field) => {
    if (field.name === 'claims') return true;
    const wanted = field.name === 'relations' ? ['aClaims', 'bClaims'] : field.name === 'clusters' ? ['claims'] : [];
    if (wanted.length === 0) return false;
    const fields = under(field.selections);
    return !fields || fields.some((sub) => wanted.includes(sub.name));
  });
}

/** Claim ids are there whenever listsClaims asked for every claim. */
function loaded<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('compare: the claims of this comparison were not loaded');
  return value;
}

export const RelationKind = builder.enumType('ValueRelation', {
  description:
    'How the value of claim a relates to that of claim b: SAME; NARROWER (a lies within b) or BROADER; OVERLAPS; CONFLICTS (no value satisfies both); INCOMPARABLE (different scopes, kinds or facts).',
  values: ['SAME', 'NARROWER', 'BROADER', 'OVERLAPS', 'CONFLICTS', 'INCOMPARABLE'] as const,
});

export const OriginKind = builder.enumType('OriginKind', {
  description:
    'PUBLISHER: a document’s own voice, counted for its publisher; CITED_SOURCE: a person or organisation the document attributes the value to; DOCUMENT: a document without a known publisher; UNNAMED: a source the document describes but does not name ("officials"), one origin per document and description.',
  values: ['PUBLISHER', 'CITED_SOURCE', 'DOCUMENT', 'UNNAMED'] as const,
});

const Origin = builder.objectRef<OriginShape>('Origin').implement({
  description: 'Where a value comes from, after following citations to their innermost source. Claims with the same origin are not independent.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Equal keys mean the same origin.' }),
    kind: t.field({ type: OriginKind, resolve: (origin) => origin.kind }),
    name: t.exposeString('name'),
    entity: t.prismaField({
      type: EntityInterface,
      nullable: true,
      resolve: (query, origin, _args, ctx) => (origin.entityId === null ? null : ctx.prisma.entity.findUnique({ ...query, where: { id: origin.entityId } })),
    }),
  }),
});

/** A claim as it appears in a comparison: the claim itself plus its origin. */
const ComparedClaim = builder.prismaObject('Claim', {
  variant: 'ComparedClaim',
  description: 'One claim in a comparison, with the origin it counts for and the chain of attribution that leads there.',
  fields: (t) => ({
    claim: t.variant(Claim),
    valueText: t.exposeString('valueText'),
    value: t.field({
      type: ClaimValue,
      resolve: (claim) => ({ ...claim, kind: claim.valueKind === 'ENTITY' && claim.valueEntityId === null ? 'TEXT' : claim.valueKind }),
    }),
    modality: t.expose('modality', { type: Modality }),
    document: t.relation('document', { type: Document }),
    span: t.relation('span'),
    asserter: t.relation('asserter', { type: EntityInterface, nullable: true, description: 'null: the document’s own voice, or an unnamed source (asserterDescription).' }),
    asserterDescription: t.exposeString('asserterDescription', { nullable: true, description: 'The unnamed asserter in the document’s words ("officials").' }),
    origin: t.field({ type: Origin, resolve: (claim) => traceOf(claim).origin }),
    evidence: t.stringList({ description: 'The steps from the document to the origin.', resolve: (claim) => evidenceOf(provenanceOf(claim)) }),
  }),
});

type WithTrace = { trace?: OriginTrace; provenance?: ClaimProvenance };
const traceOf = (claim: object) => (claim as WithTrace).trace!;
const provenanceOf = (claim: object) => (claim as WithTrace).provenance!;

const ClaimRelation = builder.objectRef<PairRelation & { aClaims?: number[]; bClaims?: number[] }>('ClaimRelation').implement({
  description:
    'The relation between two distinct values. Claims with equal values and scope are SAME and grouped, not listed pairwise: a and b are the first claim of each value, aClaims and bClaims every claim that states it.',
  fields: (t) => ({
    a: t.id({ resolve: (relation) => encodeGlobalID('Claim', relation.a) }),
    b: t.id({ resolve: (relation) => encodeGlobalID('Claim', relation.b) }),
    aClaims: t.idList({ resolve: (relation) => loaded(relation.aClaims).map((id) => encodeGlobalID('Claim', id)) }),
    bClaims: t.idList({ resolve: (relation) => loaded(relation.bClaims).map((id) => encodeGlobalID('Claim', id)) }),
    relation: t.field({ type: RelationKind, resolve: (relation) => relation.relation }),
    reason: t.exposeString('reason'),
  }),
});

const ValueCluster = builder.objectRef<ClusterSummary & { claimIds?: number[]; traces: ComparisonShape['traces'] }>('ValueCluster').implement({
  description: 'A maximal set of claims whose values are all mutually consistent, with the range they span and the independent origins behind them.',
  fields: (t) => ({
    lower: t.float({ nullable: true, description: 'Lowest value in the cluster; null when unbounded or not a range.', resolve: (cluster) => cluster.lower }),
    upper: t.float({ nullable: true, description: 'Highest value; null when unbounded or not a range.', resolve: (cluster) => cluster.upper }),
    valueTexts: t.stringList({ resolve: (cluster) => cluster.valueTexts }),
    scope: t.string({ nullable: true, description: 'The qualifiers all its claims share, e.g. "pointInTime=by 5 august".', resolve: (cluster) => cluster.scope || null }),
    claims: t.prismaField({
      type: [ComparedClaim],
      resolve: async (query, cluster, _args, ctx, info) => {
        const ids = loaded(cluster.claimIds);
        const relations = leanComparedPlan(query);
        if (relations) return withTraces(await leanComparedClaims(ctx, [...ids].sort((a, b) => a - b), relations, comparedColumns(info)), cluster.traces);
        return withTraces(await ctx.prisma.claim.findMany({ ...query, where: { id: { in: ids } }, orderBy: { id: 'asc' } }), cluster.traces);
      },
    }),
    documents: t.prismaField({
      type: [Document],
      resolve: (query, cluster, _args, ctx) => ctx.prisma.document.findMany({ ...query, where: { id: { in: cluster.documentIds } }, orderBy: { id: 'asc' } }),
    }),
    documentCount: t.int({ resolve: (cluster) => cluster.documentIds.length }),
    origins: t.field({ type: [Origin], resolve: (cluster) => cluster.origins }),
    independentOriginCount: t.int({ description: 'How many distinct origins stand behind these values.', resolve: (cluster) => cluster.independentOriginCount }),
  }),
});

function withTraces<T extends { id: number }>(rows: T[], traces: () => Map<number, Trace>): T[] {
  const byId = traces();
  return rows.map((row) => {
    const trace = byId.get(row.id);
    return Object.assign(row, { trace, provenance: trace?.provenance });
  });
}

const Comparison = builder.objectRef<ComparisonShape>('Comparison').implement({
  description: 'What every visible document says about one subject and property, side by side. It reports; it never decides which value is true.',
  fields: (t) => ({
    subject: t.prismaField({
      type: EntityInterface,
      resolve: (query, comparison, _args, ctx) => ctx.prisma.entity.findUniqueOrThrow({ ...query, where: { id: comparison.subjectId } }),
    }),
    property: t.exposeString('property'),
    summary: t.string({ description: 'A neutral sentence: how many documents and origins state which values.', resolve: (comparison) => comparison.result.summary }),
    claims: t.prismaField({
      type: [ComparedClaim],
      description: 'Every claim, by document then position.',
      resolve: async (query, comparison, _args, ctx, info) => {
        const ids = loaded('claims' in comparison.result ? comparison.result.claims : undefined).map((claim) => claim.claimId);
        // Through the driver when the plan allows it (src/schema/compared-claims.ts), in the order given.
        const relations = leanComparedPlan(query);
        if (relations) return withTraces(await leanComparedClaims(ctx, ids, relations, comparedColumns(info)), comparison.traces);
        const rows = await ctx.prisma.claim.findMany({ ...query, where: { id: { in: ids } } });
        const order = new Map(ids.map((id, index) => [id, index]));
        return withTraces(rows, comparison.traces).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      },
    }),
    relations: t.field({ type: [ClaimRelation], resolve: (comparison) => comparison.result.relations }),
    clusters: t.field({ type: [ValueCluster], resolve: (comparison) => comparison.result.clusters.map((cluster) => ({ ...cluster, traces: comparison.traces })) }),
  }),
});

async function subjectOf(ctx: Context, id: { typename: string; id: string }): Promise<number> {
  const subjectId = databaseId(id.id, id.typename);
  const entity = await ctx.prisma.entity.findUnique({ where: { id: subjectId }, select: { id: true, mergedIntoId: true } });
  if (!entity) throw new GraphQLError(`No ${id.typename} with this id.`, { extensions: { code: 'NOT_FOUND' } });
  return entity.mergedIntoId ?? entity.id;
}

builder.queryField('compare', (t) =>
  t.field({
    type: Comparison,
    description: 'Compare what documents say about a subject’s property (deathToll, victimAffiliationShare, role…).',
    args: {
      subject: t.arg.globalID({ required: true, for: [Person, Organisation, Event] }),
      property: t.arg.string({ required: true }),
      mergeSubOrganisations: t.arg.boolean({
        defaultValue: false,
        description: 'Count an organisation and its sub-bodies (the UN and its General Assembly) as one origin.',
      }),
    },
    resolve: async (_root, args, ctx, info) => {
      const subjectId = await subjectOf(ctx, args.subject);
      const query = { subjectId, property: args.property, collections: visibleCollections(ctx) };
      const options = { mergeSubOrganisations: args.mergeSubOrganisations ?? false };
      // Claim by claim only when the query lists claims; otherwise claim sets grouped by the database.
      const result = listsClaims(info) ? await compareClaims(ctx.db, query, options) : await summariseClaims(ctx.db, query, options);
      let traces: Map<number, Trace> | undefined;
      const traced = () => {
        const { claims, origins } = result as ComparisonResult;
        return new Map(loaded(claims).map((claim, index) => [claim.claimId, { claimId: claim.claimId, origin: origins[index]!, provenance: claim }]));
      };
      return { subjectId, property: args.property, result, traces: () => (traces ??= traced()) };
    },
  }),
);

const ComparableProperty = builder.objectRef<{ property: string; documentCount: number; claimCount: number }>('ComparableProperty').implement({
  description: 'A property of an entity that at least two documents make claims about: worth comparing.',
  fields: (t) => ({
    property: t.exposeString('property'),
    documentCount: t.exposeInt('documentCount'),
    claimCount: t.exposeInt('claimCount'),
  }),
});

const propertyLoaders = new WeakMap<Context, DataLoader<number, Array<{ property: string; documentCount: number; claimCount: number }>>>();

builder.prismaInterfaceField(EntityInterface, 'comparisons', (t) =>
  t.field({
    type: [ComparableProperty],
    description: 'Properties with claims from two or more visible documents; pass one to `compare`.',
    resolve: (entity, _args, ctx) => {
      let loader = propertyLoaders.get(ctx);
      if (!loader) {
        loader = new DataLoader((ids: readonly number[]) => comparableProperties(ctx.prisma, ids, visibleDocuments(ctx)));
        propertyLoaders.set(ctx, loader);
      }
      return loader.load(entity.id);
    },
  }),
);

// describe(subject): per document, what it says about the subject, in reading order.
interface DescriptionShape {
  subjectId: number;
  documentIds: number[];
}

const DocumentDescription = builder.prismaObject('Document', {
  variant: 'DocumentDescription',
  description: 'Everything one document says about the subject: mentions, claims and citations, each in reading order.',
  fields: (t) => ({
    document: t.variant(Document),
    mentions: t.relation('mentions', {
      type: Mention,
      query: (_args, ctx) => ({ where: { entityId: subjectIdOf(ctx) }, orderBy: [{ span: { start: 'asc' } }, { id: 'asc' }] }),
    }),
    claims: t.relation('claims', {
      type: Claim,
      query: (_args, ctx) => ({ where: { subjectId: subjectIdOf(ctx), status: { not: 'REJECTED' } }, orderBy: [{ span: { start: 'asc' } }, { id: 'asc' }] }),
    }),
    citations: t.relation('citations', {
      type: Citation,
      description: 'Citations of the subject, and citations that carry claims about it.',
      query: (_args, ctx) => ({
        where: { OR: [{ sourceEntityId: subjectIdOf(ctx) }, { claims: { some: { subjectId: subjectIdOf(ctx) } } }] },
        orderBy: [{ span: { start: 'asc' } }, { id: 'asc' }],
      }),
    }),
  }),
});

// The subject of the describe() being resolved, for the relation filters above (one per request).
const describedSubjects = new WeakMap<Context, number>();
const subjectIdOf = (ctx: Context) => describedSubjects.get(ctx)!;

const Description = builder.objectRef<DescriptionShape>('Description').implement({
  description: 'A per-document view of one entity, for rendering the documents side by side.',
  fields: (t) => ({
    subject: t.prismaField({
      type: EntityInterface,
      resolve: (query, description, _args, ctx) => ctx.prisma.entity.findUniqueOrThrow({ ...query, where: { id: description.subjectId } }),
    }),
    documents: t.prismaField({
      type: [DocumentDescription],
      resolve: async (query, description, _args, ctx) => {
        const rows = await ctx.prisma.document.findMany({ ...query, where: { id: { in: description.documentIds } } });
        return description.documentIds.map((id) => rows.find((row) => row.id === id)!).filter(Boolean);
      },
    }),
  }),
});

builder.queryField('describe', (t) =>
  t.field({
    type: Description,
    description: 'Per visible document, every mention, claim and citation about the subject, in reading order.',
    args: { subject: t.arg.globalID({ required: true, for: [Person, Organisation, Event] }) },
    resolve: async (_root, args, ctx) => {
      const subjectId = await subjectOf(ctx, args.subject);
      if (describedSubjects.has(ctx) && describedSubjects.get(ctx) !== subjectId) {
        throw new GraphQLError('One describe() per request: send a second operation for another subject.', { extensions: { code: 'BAD_USER_INPUT' } });
      }
      describedSubjects.set(ctx, subjectId);
      const documents = await ctx.prisma.document.findMany({
        where: {
          AND: [
            visibleDocuments(ctx),
            {
              OR: [
                { mentions: { some: { entityId: subjectId, status: { not: 'REJECTED' } } } },
                { claims: { some: { subjectId, status: { not: 'REJECTED' } } } },
                { citations: { some: { sourceEntityId: subjectId } } },
              ],
            },
          ],
        },
        select: { id: true },
        orderBy: { id: 'asc' },
      });
      return { subjectId, documentIds: documents.map((document) => document.id) };
    },
  }),
);

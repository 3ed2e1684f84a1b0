// compare(subject, property): what each document says about one entity's property, side by side,
// with the relations between values and the independent origins behind them (describe.ts gives the
// per-document view of the same entity).
import { queryFromInfo } from '@pothos/plugin-prisma';
import { encodeGlobalID } from '@pothos/plugin-relay';
import DataLoader from 'dataloader';
import { GraphQLError, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { visibleCollections, visibleDocuments, type Context } from '../context.js';
import type { ClusterSummary, Comparison as ComparisonResult, ComparisonSummary } from '../domain/comparison.js';
import type { PairRelation } from '../domain/compare.js';
import { evidenceOf, type ClaimProvenance, type Origin as OriginShape, type OriginTrace } from '../domain/independence.js';
import { comparableProperties, comparedClaimCount, comparedClaimPage, compareClaims, summariseClaims, type ClaimPosition, type ComparisonQuery } from '../services/comparison.js';
import { builder } from './builder.js';
import { Claim, ClaimValue, Modality } from './claim.js';
import { comparedColumns, fieldsOf, leanComparedClaims, leanComparedPlan } from './compared-claims.js';
import { Document } from './document.js';
import { EntityInterface, Event, Organisation, Person } from './entity.js';
import { checkedPageSize, DEFAULT_PAGE_SIZE, totalCountField } from './connections.js';
import { databaseId } from './ids.js';

type Trace = OriginTrace & { provenance: ClaimProvenance };

interface ComparisonShape {
  subjectId: number;
  property: string;
  query: ComparisonQuery;
  options: { mergeSubOrganisations: boolean };
  /**
   * With every claim when the query lists claims (see listsClaims), else only relations, clusters
   * and summary. Computed on first use: a query for a page of claims alone does not need it.
   */
  result: () => Promise<ComparisonResult | ComparisonSummary>;
  /** Built on first use: most queries ask for clusters and the summary, not every claim. */
  traces: () => Map<number, Trace>;
}

/**
 * The fields below compare(…) that need every claim rather than claim sets (claim by claim too when
 * a fragment cannot be followed). Comparison.claims is not one: it reads its own page.
 */
function listsClaims(info: GraphQLResolveInfo): boolean {
  const under = (selections: readonly SelectionNode[]) => fieldsOf(info, selections);
  const top = under(info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []));
  if (!top) return true;
  return top.some((field) => {
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
  values: {
    SAME: { description: 'Equal values (the same range, the same entity, or the same text ignoring case, spacing and punctuation).' },
    NARROWER: { description: 'a’s range lies within b’s ("30,000" within "tens of thousands").' },
    BROADER: { description: 'b’s range lies within a’s (the converse of NARROWER).' },
    OVERLAPS: { description: 'The ranges share some values, and neither lies within the other.' },
    CONFLICTS: { description: 'No value satisfies both (disjoint ranges, or one claim denies what the other asserts).' },
    INCOMPARABLE: { description: 'Not rival values: different scopes (qualifiers), kinds, or different facts (two distinct entities or texts).' },
  } as const,
});

export const OriginKind = builder.enumType('OriginKind', {
  description:
    'PUBLISHER: a document’s own voice, counted for its publisher; CITED_SOURCE: a person or organisation the document attributes the value to; DOCUMENT: a document without a known publisher; UNNAMED: a source the document describes but does not name ("officials"), one origin per document and description.',
  values: {
    PUBLISHER: { description: 'A document’s own voice, counted for its publisher: every document of one publisher is one origin.' },
    CITED_SOURCE: { description: 'A person or organisation the document attributes the value to (the innermost one of nested citations).' },
    DOCUMENT: { description: 'A document’s own voice when its publisher is unknown: the document is an origin of its own.' },
    UNNAMED: { description: 'A source the document describes but does not name ("officials"): one origin per document and description.' },
  } as const,
});

const Origin = builder.objectRef<OriginShape>('Origin').implement({
  description: 'Where a value comes from, after following citations to their innermost source. Claims with the same origin are not independent.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Equal keys mean the same origin.' }),
    kind: t.field({ type: OriginKind, description: 'What kind of origin this is.', resolve: (origin) => origin.kind }),
    name: t.exposeString('name', { description: 'For reading: the publisher’s or source’s name; for DOCUMENT the document’s title in quotation marks; for UNNAMED e.g. an unnamed source (“officials”) in “<title>”.' }),
    entity: t.prismaField({
      type: EntityInterface,
      nullable: true,
      description: 'The publisher or cited person or organisation (with mergeSubOrganisations, the top-level organisation); null for DOCUMENT and UNNAMED origins.',
      resolve: (query, origin, _args, ctx) => (origin.entityId === null ? null : ctx.prisma.entity.findUnique({ ...query, where: { id: origin.entityId } })),
    }),
  }),
});

/** A claim as it appears in a comparison: the claim itself plus its origin. */
const ComparedClaim = builder.prismaObject('Claim', {
  variant: 'ComparedClaim',
  description: 'One claim in a comparison, with the origin it counts for and the chain of attribution that leads there.',
  fields: (t) => ({
    claim: t.variant(Claim, { description: 'The claim itself, with every Claim field.' }),
    valueText: t.exposeString('valueText', { description: 'The value exactly as the document writes it.' }),
    value: t.field({
      type: ClaimValue,
      description: 'The value normalised to a range, date range or entity; TextValue when it could not be.',
      resolve: (claim) => ({ ...claim, kind: claim.valueKind === 'ENTITY' && claim.valueEntityId === null ? 'TEXT' : claim.valueKind }),
    }),
    modality: t.expose('modality', { type: Modality, description: 'How the document puts it (asserted, reported, denied, estimated, hedged).' }),
    document: t.relation('document', { type: Document, description: 'The document that makes the claim.' }),
    span: t.relation('span', { description: 'The words that state the claim.' }),
    asserter: t.relation('asserter', { type: EntityInterface, nullable: true, description: 'null: the document’s own voice, or an unnamed source (asserterDescription).' }),
    asserterDescription: t.exposeString('asserterDescription', { nullable: true, description: 'The unnamed asserter in the document’s words ("officials").' }),
    origin: t.field({ type: Origin, description: 'The origin the claim counts for in the independence count.', resolve: (claim) => traceOf(claim).origin }),
    evidence: t.stringList({ description: 'The steps from the document to the origin.', resolve: (claim) => evidenceOf(provenanceOf(claim)) }),
  }),
});

type WithTrace = { trace?: OriginTrace; provenance?: ClaimProvenance };
const traceOf = (claim: object) => (claim as WithTrace).trace!;
const provenanceOf = (claim: object) => (claim as WithTrace).provenance!;

const ComparedClaimConnection = builder.connectionObject(
  { type: ComparedClaim, name: 'ComparedClaimConnection', fields: totalCountField },
  { name: 'ComparedClaimEdge' },
);

type PageArgs = { first?: number | null; after?: string | null; last?: number | null; before?: string | null };

const badInput = (message: string, argument: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });

/** first (1..100, default 20), refusing last/before: comparison claims page forward only. */
function forwardPage(args: PageArgs): number {
  checkedPageSize(args);
  if (args.last != null || args.before != null) throw badInput('Comparison claims page forward only: use first and after.', args.last != null ? 'last' : 'before');
  return args.first ?? DEFAULT_PAGE_SIZE;
}

// Cursors: a position in the comparison's order (document, claim), or in a cluster's (claim id).
const comparisonCursor = (position: ClaimPosition) => Buffer.from(`comparison:${position.documentId}:${position.claimId}`).toString('base64');
const clusterCursor = (claimId: number) => Buffer.from(`cluster:${claimId}`).toString('base64');
function decodeCursor(cursor: string, kind: 'comparison' | 'cluster'): number[] {
  const parts = Buffer.from(cursor, 'base64').toString('utf8').split(':');
  const numbers = parts.slice(1).map(Number);
  if (parts[0] !== kind || numbers.length !== (kind === 'comparison' ? 2 : 1) || !numbers.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw badInput(`Not a cursor of ${kind === 'comparison' ? 'Comparison.claims' : 'ValueCluster.claims'}: pass an endCursor this field returned.`, 'after');
  }
  return numbers;
}

/** The page's claims by these ids, in this order, through the driver when the plan allows it (src/schema/compared-claims.ts). */
async function comparedRows(ctx: Context, info: GraphQLResolveInfo, ids: number[]) {
  if (ids.length === 0) return [];
  const query = queryFromInfo({ context: ctx, info, typeName: 'ComparedClaim', path: ['edges', 'node'] });
  const relations = leanComparedPlan(query);
  if (relations) return leanComparedClaims(ctx, ids, relations, comparedColumns(info, ['edges', 'node']));
  const rows = await ctx.prisma.claim.findMany({ ...(query as object), where: { id: { in: ids } } });
  const order = new Map(ids.map((id, index) => [id, index]));
  return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

function connectionOf<T>(rows: T[], cursorOf: (row: T) => string, hasNextPage: boolean, after: string | null | undefined, totalCount: () => number | Promise<number>) {
  const edges = rows.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage: after != null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}

const ClaimRelation = builder.objectRef<PairRelation & { aClaims?: number[]; bClaims?: number[] }>('ClaimRelation').implement({
  description:
    'The relation between two distinct values. Claims with equal values and scope are SAME and grouped, not listed pairwise: a and b are the first claim of each value, aClaims and bClaims every claim that states it.',
  fields: (t) => ({
    a: t.id({ description: 'Global id of the first claim stating value a.', resolve: (relation) => encodeGlobalID('Claim', relation.a) }),
    b: t.id({ description: 'Global id of the first claim stating value b.', resolve: (relation) => encodeGlobalID('Claim', relation.b) }),
    aClaims: t.idList({ description: 'Global ids of every claim that states value a (with the same scope).', resolve: (relation) => loaded(relation.aClaims).map((id) => encodeGlobalID('Claim', id)) }),
    bClaims: t.idList({ description: 'Global ids of every claim that states value b (with the same scope).', resolve: (relation) => loaded(relation.bClaims).map((id) => encodeGlobalID('Claim', id)) }),
    relation: t.field({ type: RelationKind, description: 'How value a relates to value b.', resolve: (relation) => relation.relation }),
    reason: t.exposeString('reason', { description: 'Why, in words: e.g. "30,000 lies within 20,000–99,999", "30,000 and 3,000–9,999 do not overlap" or "different scopes (group=children / none): not rival values" (scopes as ValueCluster.scope writes them).' }),
  }),
});

const ValueCluster = builder.objectRef<ClusterSummary & { claimIds?: number[]; traces: ComparisonShape['traces'] }>('ValueCluster').implement({
  description: 'A maximal set of claims whose values are all mutually consistent, with the range they span and the independent origins behind them.',
  fields: (t) => ({
    lower: t.float({ nullable: true, description: 'Lowest value in the cluster; null when unbounded or not a range.', resolve: (cluster) => cluster.lower }),
    upper: t.float({ nullable: true, description: 'Highest value; null when unbounded or not a range.', resolve: (cluster) => cluster.upper }),
    valueTexts: t.stringList({ description: 'The distinct values as written, e.g. ["30,000", "tens of thousands"].', resolve: (cluster) => cluster.valueTexts }),
    scope: t.string({
      nullable: true,
      description:
        'The qualifiers all its claims share, in words: an entity by its primary name, a text in normalised form, e.g. "candidate=Viktor Anselm, pointInTime=by 5 august". Two clusters may read alike and still differ in scope (two entities of one name, or an entity and a text).',
      resolve: (cluster) => cluster.scopeText || null,
    }),
    claims: t.connection(
      {
        type: ComparedClaim,
        description: 'The claims in the cluster, in creation order (by id), a page at a time (`first` 1 to 100, default 20; `after` an endCursor of this field; `last`/`before` are refused).',
        resolve: async (cluster, args, ctx, info) => {
          const first = forwardPage(args);
          const ids = [...loaded(cluster.claimIds)].sort((a, b) => a - b);
          const afterId = args.after ? decodeCursor(args.after, 'cluster')[0]! : -1;
          let start = 0;
          while (start < ids.length && ids[start]! <= afterId) start++;
          const page = ids.slice(start, start + first);
          const rows = withTraces(await comparedRows(ctx, info, page), cluster.traces);
          return connectionOf(rows, (row) => clusterCursor(row.id), start + first < ids.length, args.after, () => ids.length);
        },
      },
      ComparedClaimConnection,
    ),
    documents: t.prismaField({
      type: [Document],
      description: 'The documents that make its claims, each once, in creation order.',
      resolve: (query, cluster, _args, ctx) => ctx.prisma.document.findMany({ ...query, where: { id: { in: cluster.documentIds } }, orderBy: { id: 'asc' } }),
    }),
    documentCount: t.int({ description: 'How many documents make its claims.', resolve: (cluster) => cluster.documentIds.length }),
    origins: t.field({ type: [Origin], description: 'The distinct origins its claims count for.', resolve: (cluster) => cluster.origins }),
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
      description: 'The entity compared (the kept one, when the id given was merged into it).',
      resolve: (query, comparison, _args, ctx) => ctx.prisma.entity.findUniqueOrThrow({ ...query, where: { id: comparison.subjectId } }),
    }),
    property: t.exposeString('property', { description: 'The property compared, e.g. "deathToll".' }),
    summary: t.string({ description: 'A neutral sentence: how many documents and origins state which values, and for which scope when a cluster has one (‘… state “402” (402) for group=children’).', resolve: async (comparison) => (await comparison.result()).summary }),
    claims: t.connection(
      {
        type: ComparedClaim,
        description:
          'Every claim, by document then id, a page at a time (`first` 1 to 100, default 20; `after` an endCursor of this field; `last`/`before` are refused). Only the page is read, so a page costs the same whatever the comparison’s size.',
        resolve: async (comparison, args, ctx, info) => {
          const first = forwardPage(args);
          const after = args.after ? decodeCursor(args.after, 'comparison') : undefined;
          const position = after ? { documentId: after[0]!, claimId: after[1]! } : null;
          const page = await comparedClaimPage(ctx.db, comparison.query, { first, after: position }, comparison.options);
          const byId = new Map(page.claims.map((claim) => [claim.claimId, claim]));
          const rows = (await comparedRows(ctx, info, page.claims.map((claim) => claim.claimId))).map((row) => {
            const provenance = byId.get(row.id)!;
            return Object.assign(row, { trace: { claimId: row.id, origin: provenance.origin }, provenance });
          });
          let total: Promise<number> | undefined;
          return connectionOf(rows, (row) => comparisonCursor({ documentId: row.provenance.document.id, claimId: row.id }), page.hasNextPage, args.after, () => (total ??= comparedClaimCount(ctx.db, comparison.query)));
        },
      },
      ComparedClaimConnection,
    ),
    relations: t.field({ type: [ClaimRelation], description: 'The relation of every pair of distinct values.', resolve: async (comparison) => (await comparison.result()).relations }),
    clusters: t.field({ type: [ValueCluster], description: 'Groups of mutually consistent values, with the independent origins behind each.', resolve: async (comparison) => (await comparison.result()).clusters.map((cluster) => ({ ...cluster, traces: comparison.traces })) }),
  }),
});

/** The entity an id names, or the one it was merged into. */
export async function subjectOf(ctx: Context, id: { typename: string; id: string }): Promise<number> {
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
      subject: t.arg.globalID({ required: true, for: [Person, Organisation, Event], description: 'Global id of the person, organisation or event (a merged one’s id compares the entity it was merged into).' }),
      property: t.arg.string({ required: true, description: 'The claim property, e.g. "deathToll" (see `Entity.comparisons` or the `properties` query).' }),
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
      const lists = listsClaims(info);
      let result: ComparisonResult | ComparisonSummary | undefined;
      let pending: Promise<ComparisonResult | ComparisonSummary> | undefined;
      const compared = () => (pending ??= (lists ? compareClaims(ctx.db, query, options) : summariseClaims(ctx.db, query, options)).then((value) => (result = value)));
      let traces: Map<number, Trace> | undefined;
      const traced = () => {
        const { claims, origins } = (result ?? {}) as Partial<ComparisonResult>;
        return new Map(loaded(claims).map((claim, index) => [claim.claimId, { claimId: claim.claimId, origin: origins![index]!, provenance: claim }]));
      };
      return { subjectId, property: args.property, query, options, result: compared, traces: () => (traces ??= traced()) };
    },
  }),
);

const ComparableProperty = builder.objectRef<{ property: string; documentCount: number; claimCount: number }>('ComparableProperty').implement({
  description: 'A property of an entity that at least two documents make claims about: worth comparing.',
  fields: (t) => ({
    property: t.exposeString('property', { description: 'The property, e.g. "deathToll": pass it to `compare`.' }),
    documentCount: t.exposeInt('documentCount', { description: 'How many visible documents make claims about it (two or more).' }),
    claimCount: t.exposeInt('claimCount', { description: 'How many claims about it those documents make.' }),
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

// Driver-level reads for the hottest read paths (docs/performance.md): the same SQL as a Prisma
// `$queryRaw`, sent through `Database.lean` (better-sqlite3 prepared statements; a pg pool)
// instead of through Prisma, whose fixed cost per call (query compilation, result mapping) outweighs
// a small read many times over. Rows are mapped into the exact shapes Prisma returns (Date for
// DateTime, boolean for Boolean, numbers for counts), so resolvers cannot tell the two apart.
import { brandWithType, completeValue } from '@pothos/core';
import { queryFromInfo } from '@pothos/plugin-prisma';
import DataLoaderClass from 'dataloader';
import { getArgumentValues, getNamedType, GraphQLInterfaceType, GraphQLObjectType, Kind, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import type { Context } from '../context.js';
import { readableCollectionsSql } from '../services/access.js';
import { getDatamodel } from '../generated/pothos-sqlite.js';
import { Prisma as PrismaSql } from '../generated/sqlite/client.js';

type ModelName = 'Document' | 'Entity' | 'Claim' | 'Span';
interface Column {
  name: string;
  type: string;
}

const models = (getDatamodel() as unknown as { datamodel: { models: Record<string, { fields: Array<{ kind: string; name: string; type: string }> }> } }).datamodel.models;

/** The collections the caller may read, as a condition on the Collection table aliased `alias` (src/services/access.ts). */
export function visibleCollectionSql(ctx: Pick<Context, 'viewer'>, alias: string): PrismaSql.Sql {
  return readableCollectionsSql(ctx.viewer, alias);
}

/** The scalar and enum columns of a model, in datamodel order. */
export function columnsOf(model: ModelName): Column[] {
  return models[model]!.fields.filter((field) => field.kind === 'scalar' || field.kind === 'enum').map(({ name, type }) => ({ name, type }));
}

/** `alias."a" AS "prefixa", alias."b" AS "prefixb"…` for every column of the model. */
export function selectColumns(model: ModelName, alias: string, prefix = ''): string {
  return columnsOf(model)
    .map((column) => `${alias}."${column.name}"${prefix ? ` AS "${prefix}${column.name}"` : ''}`)
    .join(', ');
}

const toDate = (value: unknown) => (value === null || value === undefined ? null : value instanceof Date ? value : new Date(value as string | number));
const toBoolean = (value: unknown) => (value === null || value === undefined ? null : Boolean(value));
const toNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));
/** subsetMapper's mappers by model, offset and columns (declared before the mappers built at load). */
const subsetMappers = new Map<string, (row: unknown[]) => Record<string, unknown>>();

/** Maps a driver row read as an array (the model's columns from `offset` on, in `selectColumns` order) into the object Prisma returns for the model. */
export function arrayMapper(model: ModelName, offset = 0): (row: unknown[]) => Record<string, unknown> {
  return subsetMapper(model, columnsOf(model).map((column) => column.name), offset);
}

/** These columns of the model in its datamodel order, the order the mappers read them in. */
export function inColumnOrder(model: ModelName, wanted: ReadonlySet<string>): string[] {
  return columnsOf(model)
    .map((column) => column.name)
    .filter((column) => wanted.has(column));
}

/** Runs a tagged SQL statement (Prisma.sql) through the driver, each row an array of the selected columns. */
export function leanRows(ctx: Pick<Context, 'db'>, query: PrismaSql.Sql): Promise<unknown[][]> {
  return ctx.db.leanRows(query.text, query.values);
}

// ---------------------------------------------------------------------------------------------
// A page of an entity's claims with each claim's document and span (benchmark scenario (b)).
//
// `Entity.claims` stays a `t.relatedConnection` (its rows folded into the parent's Prisma query),
// except when the claims are asked for with nothing but their own columns, their document's and
// their span's (`claims { edges { node { valueText document { title } span { exact } } } }`):
// then `leanEntityClaims` drops the relation from the parent's query and reads the page, documents
// and spans through the driver, in one statement for all the parents of a page (a DataLoader; one
// bounded subquery per parent, `UNION ALL`). The connection itself (slicing, cursors, pageInfo) is
// still built by the plugin from those rows, so cursors and ordering are the Prisma path's.

type PageQuery = { take: number; skip: number; cursor?: { id: number } };
type SelectFn = (args: Record<string, unknown>, ctx: Context, ...rest: unknown[]) => unknown;
type LoadedFn = (value: Record<string, unknown>, info: GraphQLResolveInfo, context: unknown) => boolean;
type ResolveFn = (parent: Record<string, unknown>, args: Record<string, unknown>, ctx: Context, info: GraphQLResolveInfo) => unknown;

export interface LeanClaimsSpec {
  /** SQL conditions on the Claim table aliased `t` for the field's filter argument (the same the field's `query` applies). */
  conditions(args: Record<string, unknown>): PrismaSql.Sql[];
  /** SQL condition on the Collection table aliased `c`: the collections the caller may read. */
  visible(ctx: Context, alias: string): PrismaSql.Sql;
}

const LEAN_CLAIM_RELATIONS = new Set(['document', 'span']);
const claimColumns = columnsOf('Claim').length;
const claimArray = arrayMapper('Claim');
const claimSpanArray = arrayMapper('Span', claimColumns);
const documentArray = arrayMapper('Document');
const claimPageSelect = PrismaSql.raw(`${selectColumns('Claim', 't')}, ${selectColumns('Span', 's')}`);
const documentSelect = PrismaSql.raw(selectColumns('Document', 'd'));
const plans = new WeakMap<object, Map<string, PageQuery>>();
const claimLoaders = new WeakMap<object, Map<string, DataLoaderClass<number, Array<Record<string, unknown>>>>>();

const argsKey = (args: Record<string, unknown>) => JSON.stringify([args.first ?? null, args.last ?? null, args.after ?? null, args.before ?? null, args.filter ?? null]);
const fieldArgsKeys = new WeakMap<object, WeakMap<object, string>>();

/** argsKey of the field `info` resolves, from its arguments as the resolver receives them (once per request and field node). */
function argsKeyOf(info: GraphQLResolveInfo, ctx: object): string {
  const node = info.fieldNodes[0]!;
  let keys = fieldArgsKeys.get(ctx);
  if (!keys) fieldArgsKeys.set(ctx, (keys = new WeakMap()));
  let key = keys.get(node);
  if (key === undefined) {
    const field = info.parentType.getFields()[info.fieldName]!;
    key = argsKey(getArgumentValues(field, node, info.variableValues) as Record<string, unknown>);
    keys.set(node, key);
  }
  return key;
}

/** The claims page the plugin planned, when what it asks of each claim is what the lean statements return. */
function leanPlan(nested: unknown, args: Record<string, unknown>): PageQuery | undefined {
  if (!nested || typeof nested !== 'object') return undefined;
  const { take, skip = 0, cursor, include, where: _where, orderBy: _orderBy, ...rest } = nested as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || args.last != null || args.before != null) return undefined;
  if (typeof take !== 'number' || take <= 0 || typeof skip !== 'number') return undefined;
  if (cursor !== undefined && (typeof cursor !== 'object' || cursor === null || Object.keys(cursor).length !== 1 || typeof (cursor as { id?: unknown }).id !== 'number')) return undefined;
  for (const [name, value] of Object.entries((include ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === false) continue;
    if (!LEAN_CLAIM_RELATIONS.has(name) || value !== true) return undefined;
  }
  return { take, skip, ...(cursor ? { cursor: cursor as { id: number } } : {}) };
}

/** The columns a claims page reads: every column of each table, or those its selection needs (connectionColumns). */
interface ClaimColumns {
  key: string;
  select: PrismaSql.Sql;
  claim: (row: unknown[]) => Record<string, unknown>;
  span: (row: unknown[]) => Record<string, unknown>;
  documentSelect: PrismaSql.Sql;
  document: (row: unknown[]) => Record<string, unknown>;
}
const allClaimColumns: ClaimColumns = { key: '*', select: claimPageSelect, claim: claimArray, span: claimSpanArray, documentSelect, document: documentArray };

function claimColumnsOf(info: GraphQLResolveInfo): ClaimColumns {
  const narrowed = connectionColumns(info, 'Claim', [{ name: 'document', model: 'Document' }, { name: 'span', model: 'Span' }], ['documentId', 'subjectId']);
  if (!narrowed) return allClaimColumns;
  const { columns } = narrowed;
  const span = narrowed.relationColumns.span!;
  const document = narrowed.relationColumns.document!;
  return {
    key: `${columns.join(',')}|${span.join(',')}|${document.join(',')}`,
    select: PrismaSql.raw([...columns.map((column) => `t."${column}"`), ...span.map((column) => `s."${column}"`)].join(', ')),
    claim: subsetMapper('Claim', columns),
    span: subsetMapper('Span', span, columns.length),
    documentSelect: PrismaSql.raw(document.map((column) => `d."${column}"`).join(', ')),
    document: subsetMapper('Document', document),
  };
}

function claimPageSql(ctx: Context, spec: LeanClaimsSpec, subjectId: number, page: PageQuery, args: Record<string, unknown>, columns: ClaimColumns): PrismaSql.Sql {
  const conditions = [PrismaSql.sql`t."subjectId" = ${subjectId}`, spec.visible(ctx, 'c'), ...spec.conditions(args)];
  // Prisma's cursor: from the cursor row's place in the order on (no rows when it no longer exists).
  if (page.cursor) conditions.push(PrismaSql.sql`(t."documentId", t."id") >= (SELECT k."documentId", k."id" FROM "Claim" k WHERE k."id" = ${page.cursor.id})`);
  return PrismaSql.sql`SELECT ${columns.select} FROM "Claim" t JOIN "Document" d ON d."id" = t."documentId" JOIN "Collection" c ON c."id" = d."collectionId" JOIN "Span" s ON s."id" = t."spanId"
    WHERE ${PrismaSql.join(conditions, ' AND ')} ORDER BY t."documentId" ASC, t."id" ASC LIMIT ${page.take} OFFSET ${page.skip}`;
}

/**
 * The claims pages (with spans) of every parent asked for in the same tick in one statement, and
 * their documents, each read once, in a second: a page's claims mostly share a few documents, and
 * reading the document's columns on every claim row cost more than both statements together.
 */
async function loadClaimPages(ctx: Context, spec: LeanClaimsSpec, page: PageQuery, args: Record<string, unknown>, columns: ClaimColumns, subjectIds: readonly number[]) {
  const query =
    subjectIds.length === 1
      ? claimPageSql(ctx, spec, subjectIds[0]!, page, args, columns)
      : PrismaSql.join(
          subjectIds.map((id, index) => PrismaSql.sql`SELECT * FROM (${claimPageSql(ctx, spec, id, page, args, columns)}) ${PrismaSql.raw(`p${index}`)}`),
          ' UNION ALL ',
        );
  const rows = await leanRows(ctx, query);
  const bySubject = new Map<number, Array<Record<string, unknown>>>(subjectIds.map((id) => [id, []]));
  const documentIds = new Set<number>();
  const claims = rows.map((row) => {
    const claim = columns.claim(row);
    claim.span = columns.span(row);
    documentIds.add(claim.documentId as number);
    bySubject.get(claim.subjectId as number)?.push(claim);
    return claim;
  });
  if (documentIds.size > 0) {
    const documents = new Map<number, Record<string, unknown>>();
    const documentRows = await leanRows(ctx, PrismaSql.sql`SELECT ${columns.documentSelect} FROM "Document" d WHERE d."id" IN (${PrismaSql.join([...documentIds])})`);
    for (const row of documentRows) {
      const document = columns.document(row);
      documents.set(document.id as number, document);
    }
    // A document deleted between the two reads: its claims are gone with it (ON DELETE CASCADE).
    for (const claim of claims) claim.document = documents.get(claim.documentId as number);
    for (const [id, list] of bySubject) bySubject.set(id, list.filter((claim) => claim.document !== undefined));
  }
  return subjectIds.map((id) => bySubject.get(id)!);
}

/** Only totalCount (or __typename) selected on the connection: no rows are needed. */
function countOnly(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.every((node) => node.selectionSet?.selections.every((selection) => selection.kind === 'Field' && (selection.name.value === 'totalCount' || selection.name.value === '__typename')) ?? true);
}

/**
 * Makes an entity's `claims` relatedConnection read its page through the driver when the page's
 * shape allows it (see above); any other shape stays on the Prisma path unchanged.
 */
export function leanEntityClaims<Ref extends object>(ref: Ref, spec: LeanClaimsSpec): Ref {
  (ref as unknown as { updateConfig(cb: (config: { resolve?: unknown; extensions?: Record<string, unknown> | null }) => object): void }).updateConfig((config) => {
    const extensions = config.extensions ?? {};
    const select = extensions.pothosPrismaSelect as SelectFn | undefined;
    const loaded = extensions.pothosPrismaLoaded as LoadedFn | undefined;
    const resolve = config.resolve as ResolveFn | undefined;
    if (typeof select !== 'function' || !loaded || !resolve) throw new Error('leanEntityClaims: not a prisma relatedConnection');
    return {
      ...config,
      extensions: {
        ...extensions,
        pothosPrismaSelect: (args: Record<string, unknown>, ctx: Context, ...rest: unknown[]) =>
          completeValue(select(args, ctx, ...rest), (query) => {
            const selected = (query as { select?: Record<string, unknown> } | null)?.select;
            const plan = leanPlan(selected?.claims, args);
            if (!selected || !plan) return query;
            let byArgs = plans.get(ctx);
            if (!byArgs) plans.set(ctx, (byArgs = new Map()));
            byArgs.set(argsKey(args), plan);
            const { claims: _claims, ...others } = selected;
            return { ...(query as object), select: others };
          }),
        // A connection with a lean plan for its arguments reads its page itself (whatever claims the
        // parent row may carry: those may have been loaded for another alias with other arguments).
        // Any other connection of the field is loaded as before.
        pothosPrismaLoaded: ((value, info, context) =>
          plans.get(context as object)?.has(argsKeyOf(info, context as object)) ? loaded({ ...value, claims: [] }, info, context) : loaded(value, info, context)) satisfies LoadedFn,
      },
      resolve: (parent: Record<string, unknown>, args: Record<string, unknown>, ctx: Context, info: GraphQLResolveInfo) => {
        const plan = plans.get(ctx)?.get(argsKey(args));
        if (!plan || typeof parent.id !== 'number' || countOnly(info)) return resolve(parent, args, ctx, info);
        let loaders = claimLoaders.get(ctx);
        if (!loaders) claimLoaders.set(ctx, (loaders = new Map()));
        // One loader per arguments and columns: aliases asking for other fields get rows with theirs.
        const columns = claimColumnsOf(info);
        const key = `${argsKey(args)}|${columns.key}`;
        let loader = loaders.get(key);
        if (!loader) {
          loader = new DataLoaderClass((ids: readonly number[]) => loadClaimPages(ctx, spec, plan, args, columns, ids));
          loaders.set(key, loader);
        }
        return loader.load(parent.id).then((claims) => resolve({ ...parent, claims }, args, ctx, info));
      },
    };
  });
  return ref;
}

// ---------------------------------------------------------------------------------------------
// node(id) of a Document or an entity (benchmark scenarios (b) and (c)), when the fields asked of
// it need nothing but its own columns (relations the lean paths above read, such as an entity's
// claims, count as none): one driver read, with the same conditions as the types' `findUnique`
// (visible collection for a document; the entity type for a person, organisation or event). The
// plugin's plan is still made (queryFromInfo), so the fields beneath find it as usual.

type NodeId = { typename: string; id: string };
const documentNodeSelect = PrismaSql.raw(selectColumns('Document', 'd'));
const entityNodeSelect = PrismaSql.raw(selectColumns('Entity', 'e'));
const entityArray = arrayMapper('Entity');
const entityTypes: Record<string, 'PERSON' | 'ORGANISATION' | 'EVENT'> = { Person: 'PERSON', Organisation: 'ORGANISATION', Event: 'EVENT' };

function nodeSql(ctx: Context, typename: string, id: number): { sql: PrismaSql.Sql; map: (row: unknown[]) => Record<string, unknown> } | undefined {
  if (typename === 'Document') {
    return {
      sql: PrismaSql.sql`SELECT ${documentNodeSelect} FROM "Document" d JOIN "Collection" c ON c."id" = d."collectionId" WHERE d."id" = ${id} AND ${visibleCollectionSql(ctx, 'c')}`,
      map: documentArray,
    };
  }
  const type = entityTypes[typename];
  // The type is inlined, not bound: PostgreSQL compares an enum column with a text parameter only through a cast.
  if (type) return { sql: PrismaSql.sql`SELECT ${entityNodeSelect} FROM "Entity" e WHERE e."id" = ${id} AND e."type" = ${PrismaSql.raw(`'${type}'`)}`, map: entityArray };
  return undefined;
}

/** True when a planned query selects no relation: what a lean row of the model's columns answers. */
function columnsOnly(query: unknown): boolean {
  if (!query || typeof query !== 'object') return true;
  const { include, select, ...rest } = query as { include?: Record<string, unknown>; select?: unknown };
  if (select !== undefined || Object.keys(rest).length > 0) return false;
  return Object.values(include ?? {}).every((value) => value === undefined || value === false);
}

/**
 * The node through the driver, or undefined when this node type or the selection needs the Prisma
 * path. `parseId` is the type's own id check (it throws the same GraphQLError as its findUnique).
 */
export async function leanNode(ctx: Context, info: GraphQLResolveInfo, id: NodeId, parseId: (id: string, typename: string) => number): Promise<{ node: Record<string, unknown> | null } | undefined> {
  if (id.typename !== 'Document' && !entityTypes[id.typename]) return undefined;
  const databaseId = parseId(id.id, id.typename);
  const statement = nodeSql(ctx, id.typename, databaseId)!;
  const query = await queryFromInfo({ context: ctx, info, typeName: id.typename, awaitSelections: true });
  if (!columnsOnly(query)) return undefined;
  const [row] = await leanRows(ctx, statement.sql);
  if (!row) return { node: null };
  const node = statement.map(row);
  brandWithType(node, id.typename as never);
  return { node };
}

// ---------------------------------------------------------------------------------------------
// Only the columns a page's selection reads (scenario (a)): decoding every column of 20 documents
// and their publishers, curation notes of kilobytes included, cost more than the rest of the
// statement. A field reads its columns when it exposes one (`t.exposeString('title')`), is `id`,
// is one of the computed fields below, or is a relation (the row's id and the relation's foreign
// keys). Any other field, or a field the type does not have (a fragment on another type), and the
// whole row is read, as before.

/** Fields computed from several columns (partial dates, a claim's typed value), and those columns. */
export const computedColumns: Partial<Record<ModelName, Record<string, string[]>>> = {
  Document: { published: ['publishedYear', 'publishedMonth', 'publishedDay', 'publishedText'] },
  Entity: { start: ['startYear', 'startMonth', 'startDay', 'startText'], end: ['endYear', 'endMonth', 'endDay', 'endText'] },
  Claim: { value: ['valueKind', 'valueText', 'lower', 'upper', 'unit', 'approximate', 'valueEntityId', 'valueNote'] },
};
const relationKeys = (model: ModelName, name: string): string[] | undefined => {
  const field = (models[model]!.fields as Array<{ kind: string; name: string; relationFromFields?: string[] }>).find((candidate) => candidate.name === name && candidate.kind === 'object');
  return field ? (field.relationFromFields ?? []) : undefined;
};

type Selections = readonly SelectionNode[];

/** Adds the columns `selections` read on `type` (of `model`) to `needed`; false when that cannot be told. */
export function columnsRead(info: GraphQLResolveInfo, type: GraphQLObjectType | GraphQLInterfaceType, model: ModelName, selections: Selections, needed: Set<string>): boolean {
  for (const selection of selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (!columnsRead(info, type, model, selection.selectionSet.selections, needed)) return false;
    } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = info.fragments[selection.name.value];
      if (!fragment || !columnsRead(info, type, model, fragment.selectionSet.selections, needed)) return false;
    } else {
      const name = selection.name.value;
      if (name === '__typename' || name === 'id') continue;
      const field = type.getFields()[name];
      if (!field) return false;
      const extensions = (field.extensions ?? {}) as { pothosExposedField?: unknown; pothosPrismaSelect?: unknown };
      const computed = computedColumns[model]?.[name];
      const keys = extensions.pothosPrismaSelect ? relationKeys(model, name) : undefined;
      if (typeof extensions.pothosExposedField === 'string') needed.add(extensions.pothosExposedField);
      else if (computed) for (const column of computed) needed.add(column);
      else if (keys) for (const column of keys) needed.add(column);
      else return false;
    }
  }
  return true;
}

/** The selections under `name` fields (any alias, through fragments) among `selections`; undefined when a field other than those `allowed` (if given) is selected there. */
function childSelections(info: GraphQLResolveInfo, selections: Selections, name: string, allowed?: ReadonlySet<string>, into: SelectionNode[] = []): SelectionNode[] | undefined {
  for (const selection of selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (!childSelections(info, selection.selectionSet.selections, name, allowed, into)) return undefined;
    } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = info.fragments[selection.name.value];
      if (!fragment || !childSelections(info, fragment.selectionSet.selections, name, allowed, into)) return undefined;
    } else if (selection.name.value === name) {
      into.push(...(selection.selectionSet?.selections ?? []));
    } else if (allowed && !allowed.has(selection.name.value)) return undefined;
  }
  return into;
}

const CONNECTION_FIELDS = new Set(['pageInfo', 'totalCount', '__typename']);
const EDGE_FIELDS = new Set(['cursor', '__typename']);

/**
 * The columns of `model` that the nodes of the connection field `info` resolves read, and those
 * of one relation of theirs (`relation`, of `relationModel`); undefined (every column) when that cannot be told.
 */
export function connectionColumns(
  info: GraphQLResolveInfo | undefined,
  model: ModelName,
  relations: Array<{ name: string; model: ModelName }> = [],
  always: string[] = [],
): { columns: string[]; relationColumns: Record<string, string[]> } | undefined {
  if (!info) return undefined;
  const connection = info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []);
  const edges = childSelections(info, connection, 'edges', CONNECTION_FIELDS);
  const nodes = edges && childSelections(info, edges, 'node', EDGE_FIELDS);
  const nodeType = info.schema.getType(model);
  if (!nodes || !(nodeType instanceof GraphQLObjectType)) return undefined;
  const needed = new Set<string>(['id', ...always]);
  if (!columnsRead(info, nodeType, model, nodes, needed)) return undefined;
  const relationColumns: Record<string, string[]> = {};
  for (const relation of relations) {
    const under = childSelections(info, nodes, relation.name);
    const relationType = nodeType.getFields()[relation.name]?.type;
    const named = relationType ? getNamedType(relationType) : undefined;
    const relationNeeded = new Set<string>(['id']);
    if (!under || !(named instanceof GraphQLObjectType) || !columnsRead(info, named, relation.model, under, relationNeeded)) return undefined;
    relationColumns[relation.name] = inColumnOrder(relation.model, relationNeeded);
  }
  return { columns: inColumnOrder(model, needed), relationColumns };
}

/** arrayMapper for a subset of the model's columns (in `columnsOf` order), memoised. */
export function subsetMapper(model: ModelName, columns: string[], offset = 0): (row: unknown[]) => Record<string, unknown> {
  const key = `${model}:${offset}:${columns.join(',')}`;
  let mapper = subsetMappers.get(key);
  if (!mapper) {
    const wanted = new Set(columns);
    const read = columnsOf(model).filter((column) => wanted.has(column.name));
    for (const column of read) {
      // Json, BigInt, Decimal and Bytes would need Prisma's own decoding: refuse them rather than answer in another shape.
      if (['Json', 'BigInt', 'Decimal', 'Bytes'].includes(column.type)) throw new Error(`lean reads of ${model}: column ${column.name} has type ${column.type}, which they do not map`);
    }
    const picked = read
      .map((column, index) => ({
        name: column.name,
        index: offset + index,
        convert: column.type === 'DateTime' ? toDate : column.type === 'Boolean' ? toBoolean : column.type === 'Int' || column.type === 'Float' ? toNumber : undefined,
      }));
    mapper = (row) => {
      const object: Record<string, unknown> = {};
      for (const { name, index, convert } of picked) {
        const value = row[index];
        object[name] = convert ? convert(value) : value;
      }
      return object;
    };
    if (subsetMappers.size < 1000) subsetMappers.set(key, mapper);
  }
  return mapper;
}

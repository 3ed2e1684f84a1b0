// The claims a comparison lists (`Comparison.claims`, `ValueCluster.claims`, a page of up to 100
// each) read through the driver: when these were lists of up to 10,000 claims, loading them through
// Prisma by id took most of the request (docs/performance.md), mostly result mapping. When the plugin's plan for
// those claims includes nothing but their document, span and asserter (the shape a client shows:
// `claims { valueText document { title } span { exact } asserter { name } origin { … } }`), the
// claims and their spans are read in one statement, by the ids the comparison gave and in their
// order, and the documents and asserters they name in one statement each, each row once (10,000
// claims name ~1,000 documents and a few dozen asserters; one object per document or asserter is
// shared by its claims). Rows have the shapes Prisma returns (src/schema/lean.ts). Any other plan
// (a nested relation under the document, a relation of the claim itself) returns undefined: the
// caller then loads through Prisma as before.
//
// No visibility condition here, as on the Prisma path: the ids are those of the comparison, which
// read only claims of collections the caller may see (src/services/comparison.ts).
import { GraphQLInterfaceType, GraphQLObjectType, getNamedType, Kind, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import type { Context } from '../context.js';
import type { Claim as ClaimModel } from '../generated/sqlite/client.js';
import { columnsOf, columnsRead, computedColumns, inColumnOrder, subsetMapper } from './lean.js';

type Row = Record<string, unknown>;
type Relation = 'document' | 'span' | 'asserter';

const RELATIONS: ReadonlySet<string> = new Set<Relation>(['document', 'span', 'asserter']);
type Model = 'Claim' | 'Span' | 'Document' | 'Entity';
const allColumns = (model: Model) => columnsOf(model).map((column) => column.name);

// ---------------------------------------------------------------------------------------------
// Only the columns the selection reads (10,000 claims: every column of every claim and span, and
// of their documents, was most of the garbage a request made). A ComparedClaim field reads:
// valueText, modality: that column; value: the value columns; origin, evidence: nothing (they come
// from the comparison, by claim id); document, span, asserter: their keys, and the columns the
// fields below them read (lean.ts columnsRead: exposed and computed fields), or every column of
// that table when one of those fields is anything else. `claim { … }` (the Claim type, whatever it reads): every column.

/** Every column of each table. */
export interface ComparedColumns {
  claim: string[];
  span: string[];
  document: string[];
  entity: string[];
}
const EVERY_COLUMN: ComparedColumns = { claim: allColumns('Claim'), span: allColumns('Span'), document: allColumns('Document'), entity: allColumns('Entity') };
const OWN_FIELDS: Record<string, string[]> = { valueText: ['valueText'], modality: ['modality'], asserterDescription: ['asserterDescription'], value: computedColumns.Claim!.value!, origin: [], evidence: [], __typename: [] };

/** The fields selected (through fragments), each with its sub-selections; undefined when a fragment cannot be followed. */
export function fieldsOf(info: GraphQLResolveInfo, selections: readonly SelectionNode[], into: Array<{ name: string; selections: readonly SelectionNode[] }> = []) {
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) into.push({ name: selection.name.value, selections: selection.selectionSet?.selections ?? [] });
    else {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
      if (!fragment) return undefined;
      if (!fieldsOf(info, fragment.selectionSet.selections, into)) return undefined;
    }
  }
  return into;
}

/**
 * The columns the `claims` field `info` resolves needs of each table; `path` leads from that field
 * to the ComparedClaim objects (['edges', 'node'] for a connection).
 */
export function comparedColumns(info: GraphQLResolveInfo | undefined, path: readonly string[] = []): ComparedColumns {
  if (!info) return EVERY_COLUMN;
  let selections: readonly SelectionNode[] = info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []);
  for (const name of path) {
    const found = fieldsOf(info, selections);
    if (!found) return EVERY_COLUMN;
    selections = found.filter((field) => field.name === name).flatMap((field) => field.selections);
  }
  const fields = fieldsOf(info, selections);
  if (!fields) return EVERY_COLUMN;
  const claim = new Set(['id', 'documentId', 'spanId', 'asserterId']);
  const under: Record<Relation, SelectionNode[]> = { document: [], span: [], asserter: [] };
  for (const field of fields) {
    const own = OWN_FIELDS[field.name];
    if (own) for (const column of own) claim.add(column);
    else if (RELATIONS.has(field.name)) under[field.name as Relation].push(...field.selections);
    else return EVERY_COLUMN;
  }
  const span = new Set(['id']);
  const document = new Set(['id']);
  const entity = new Set(['id', 'type']); // type: the interface's resolveType
  // The columns the fields under a relation read (lean.ts columnsRead), or every column when that cannot be told.
  const read = (name: Relation, model: Model, needed: Set<string>) => {
    const comparedType = path.length > 0 ? info.schema.getType('ComparedClaim') : getNamedType(info.returnType);
    const fieldType = comparedType instanceof GraphQLObjectType ? comparedType.getFields()[name]?.type : undefined;
    const type = fieldType ? getNamedType(fieldType) : undefined;
    const known = (type instanceof GraphQLObjectType || type instanceof GraphQLInterfaceType) && columnsRead(info, type, model, under[name], needed);
    return known ? inColumnOrder(model, needed) : allColumns(model);
  };
  return { claim: inColumnOrder('Claim', claim), span: read('span', 'Span', span), document: read('document', 'Document', document), entity: read('asserter', 'Entity', entity) };
}

const selectList = (alias: string, columns: readonly string[]) => columns.map((column) => `${alias}."${column}"`).join(', ');

/** The relations the plan includes, when it is one the lean read answers; undefined otherwise. */
export function leanComparedPlan(query: unknown): Set<Relation> | undefined {
  if (!query || typeof query !== 'object') return new Set();
  const { include, ...rest } = query as { include?: Record<string, unknown> };
  if (Object.keys(rest).length > 0) return undefined;
  const relations = new Set<Relation>();
  for (const [name, value] of Object.entries(include ?? {})) {
    if (value === undefined || value === false) continue;
    if (value !== true || !RELATIONS.has(name)) return undefined;
    relations.add(name as Relation);
  }
  return relations;
}

/** A list of ids as one parameter, and the SQL that unpacks it into rows (id, position). */
function idList(ctx: Pick<Context, 'db'>, ids: readonly number[], param: string) {
  return ctx.db.provider === 'sqlite'
    ? { from: `json_each(${param}) j`, id: 'j."value"', position: 'j."key"', value: JSON.stringify(ids) }
    : { from: `unnest(${param}::int[]) WITH ORDINALITY j("id", "position")`, id: 'j."id"', position: 'j."position"', value: ids };
}

/** The rows of `table` with these ids, by id (each once). */
async function rowsById(ctx: Pick<Context, 'db'>, table: 'Document' | 'Entity', columns: string[], ids: readonly number[]): Promise<Map<number, Row>> {
  const found = new Map<number, Row>();
  if (ids.length === 0) return found;
  const list = idList(ctx, ids, '$1');
  const alias = table === 'Document' ? 'd' : 'e';
  const map = subsetMapper(table, columns);
  const rows = await ctx.db.leanRows(`SELECT ${selectList(alias, columns)} FROM "${table}" ${alias} WHERE ${alias}."id" IN (SELECT ${list.id} FROM ${list.from})`, [list.value]);
  for (const row of rows) {
    const object = map(row);
    found.set(object.id as number, object);
  }
  return found;
}

/**
 * The claims with these ids in the order given (ids no longer there are left out, as Prisma's
 * findMany leaves them out), each with the relations of `relations` as Prisma would include them.
 */
export async function leanComparedClaims(
  ctx: Pick<Context, 'db'>,
  ids: readonly number[],
  relations: ReadonlySet<Relation>,
  columns: ComparedColumns = EVERY_COLUMN,
): Promise<ClaimModel[]> {
  return (await readClaims(ctx, ids, relations, columns)) as unknown as ClaimModel[];
}

async function readClaims(ctx: Pick<Context, 'db'>, ids: readonly number[], relations: ReadonlySet<Relation>, columns: ComparedColumns): Promise<Row[]> {
  if (ids.length === 0) return [];
  const list = idList(ctx, ids, '$1');
  const withSpan = relations.has('span');
  const claimOnly = subsetMapper('Claim', columns.claim);
  const spanAfterClaim = subsetMapper('Span', columns.span, columns.claim.length);
  const rows = await ctx.db.leanRows(
    `SELECT ${selectList('t', columns.claim)}${withSpan ? `, ${selectList('s', columns.span)}` : ''} FROM ${list.from} JOIN "Claim" t ON t."id" = ${list.id}` +
      `${withSpan ? ' JOIN "Span" s ON s."id" = t."spanId"' : ''} ORDER BY ${list.position}`,
    [list.value],
  );
  const claims = rows.map((row) => {
    const claim = claimOnly(row);
    if (withSpan) claim.span = spanAfterClaim(row);
    return claim;
  });
  const wantsDocument = relations.has('document');
  const wantsAsserter = relations.has('asserter');
  if (!wantsDocument && !wantsAsserter) return claims;
  const documentIds = new Set<number>();
  const asserterIds = new Set<number>();
  for (const claim of claims) {
    if (wantsDocument) documentIds.add(claim.documentId as number);
    if (wantsAsserter && claim.asserterId !== null) asserterIds.add(claim.asserterId as number);
  }
  const [documents, asserters] = await Promise.all([
    wantsDocument ? rowsById(ctx, 'Document', columns.document, [...documentIds]) : undefined,
    wantsAsserter ? rowsById(ctx, 'Entity', columns.entity, [...asserterIds]) : undefined,
  ]);
  const kept: Row[] = [];
  for (const claim of claims) {
    if (documents) {
      const document = documents.get(claim.documentId as number);
      // A document deleted between the two reads: its claims are gone with it (ON DELETE CASCADE).
      if (!document) continue;
      claim.document = document;
    }
    // An asserter deleted meanwhile: the claim's asserterId is set to null (ON DELETE SET NULL).
    if (asserters) claim.asserter = claim.asserterId === null ? null : (asserters.get(claim.asserterId as number) ?? null);
    kept.push(claim);
  }
  return kept;
}

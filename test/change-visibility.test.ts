// Private rows stay private everywhere a caller can reach them by id or through the change log:
// forged global ids of every node type, `changes`, every `history` connection, and the before/after
// snapshots of what is listed. Private rows get ids in ranges nothing else uses, so a leaked id is
// found by its digits; every string column of a private row is searched for as well.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlitePath } from '../src/db/provider.js';
import { runIngestCommand } from '../src/services/ingest.js';
import { createToken, hashToken, revokeToken } from '../src/services/tokens.js';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/database.js';
import { createTestApp } from './helpers/graphql.js';

let t: TestDatabase;
let api: ReturnType<typeof createTestApp>;
let ingestDir: string;
const tokens: Record<string, string> = {};
const gid = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64');
function dbId(globalId: string | undefined): number {
  if (globalId === undefined) throw new Error('no such id in the fixture');
  return Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);
}

type Who = 'curator' | 'outsider' | 'reader' | 'formerAdmin' | 'formerEditor' | 'formerReader' | 'revokedBefore' | 'revokedAfter' | 'newcomer' | null;
async function as(who: Who, query: string, variables?: Record<string, unknown>) {
  const response = await api.execute(query, variables, who ? { authorization: `Bearer ${tokens[who]}` } : {});
  expect(response.errors).toBeUndefined();
  return response.data;
}

/** Runs a mutation that must succeed and returns its payload. */
async function write(who: Who, query: string, variables: Record<string, unknown>) {
  const data = await as(who, query, variables);
  const result = Object.values(data as Record<string, any>)[0];
  expect(result.__typename, JSON.stringify(result)).not.toMatch(/Error$/);
  return result;
}

/** The next rows of a table get ids from `first` on (SQLite AUTOINCREMENT, PostgreSQL serial). */
async function idsFrom(table: string, first: number) {
  if (testProvider === 'sqlite') {
    await t.db.prisma.$executeRawUnsafe(`DELETE FROM sqlite_sequence WHERE name = '${table}'`);
    await t.db.prisma.$executeRawUnsafe(`INSERT INTO sqlite_sequence (name, seq) VALUES ('${table}', ${first - 1})`);
  } else {
    await t.db.prisma.$queryRawUnsafe(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), ${first - 1})`);
  }
}

// Where private rows' ids start: 6 digits, a different range per table.
const privateIdBase: Record<string, number> = {
  Collection: 710_001,
  Document: 720_001,
  DocumentVersion: 730_001,
  BoilerplateRegion: 740_001,
  Span: 750_001,
  SpanAnchor: 760_001,
  Mention: 770_001,
  Claim: 780_001,
  ClaimQualifier: 790_001,
  Citation: 810_001,
};

const ids: Record<string, string> = {};
/** What the deleted collection held: gone from the database, so remembered here. */
let doomed: { id: number; strings: string[] };

const CREATE_ENTITY = (kind: 'Person' | 'Organisation') =>
  `mutation ($name: String!) { create${kind}(input: { name: $name }) { __typename ... on Create${kind}Payload { ${kind.toLowerCase()} { id } } ... on Error { message } } }`;
const CREATE_DOCUMENT = `mutation ($input: CreateDocumentInput!) { createDocument(input: $input) { __typename ... on DocumentPayload { document { id } } ... on Error { message } } }`;
const CREATE_MENTION = `mutation ($input: CreateMentionInput!) { createMention(input: $input) { __typename ... on CreateMentionPayload { mention { id } } ... on Error { message } } }`;
const CREATE_CLAIM = `mutation ($input: CreateClaimInput!) { createClaim(input: $input) { __typename ... on ClaimPayload { claim { id } } ... on Error { message } } }`;
const CREATE_CITATION = `mutation ($input: CreateCitationInput!) { createCitation(input: $input) { __typename ... on CreateCitationPayload { citation { id } } ... on Error { message } } }`;
const CREATE_COLLECTION = `mutation ($input: CreateCollectionInput!) { createCollection(input: $input) { __typename ... on CollectionPayload { collection { id } } ... on Error { message } } }`;
const MERGE = `mutation ($keep: ID!, $merge: ID!) { mergeEntities(input: { keep: $keep, merge: $merge, reason: "same" }) { __typename ... on Error { message } } }`;
const UNMERGE = `mutation ($entity: ID!) { unmergeEntities(input: { entity: $entity }) { __typename ... on Error { message } } }`;
const quote = (exact: string) => ({ quote: { exact } });

beforeAll(async () => {
  t = await createTestDatabase();
  api = createTestApp(t.db);
  const p = t.db.prisma;
  await p.collection.create({ data: { slug: 'open', name: 'Open', visibility: 'PUBLIC' } });
  tokens.curator = (await createToken(p, { collectionSlug: 'open', role: 'ADMIN' })).token;
  ids.open = gid('Collection', (await p.collection.findUniqueOrThrow({ where: { slug: 'open' } })).id);

  // Shared entities and a public document.
  ids.keep = (await write('curator', CREATE_ENTITY('Person'), { name: 'Parviz Example' })).person.id;
  ids.duplicate = (await write('curator', CREATE_ENTITY('Person'), { name: 'Parviz Duplicate' })).person.id;
  ids.press = (await write('curator', CREATE_ENTITY('Organisation'), { name: 'Example Press' })).organisation.id;
  ids.pressLtd = (await write('curator', CREATE_ENTITY('Organisation'), { name: 'Example Press Limited' })).organisation.id;
  await write('curator', 'mutation { createEvent(input: { name: "Example arrests" }) { __typename ... on Error { message } } }', {});
  ids.openDoc = (await write('curator', CREATE_DOCUMENT, { input: { collection: ids.open, title: 'Open report', text: 'The open report says Parviz Example was arrested in 1988, and refers to a memo.' } })).document.id;
  await write('curator', CREATE_MENTION, { input: { document: ids.openDoc, entity: ids.keep, selector: quote('Parviz Example') } });
  await write('curator', CREATE_CLAIM, { input: { document: ids.openDoc, subject: ids.keep, property: 'arrestYear', value: '1988', selector: quote('arrested in 1988'), newProperty: true } });

  // Everything from here on in a private collection has ids in its own range.
  for (const [table, first] of Object.entries(privateIdBase)) await idsFrom(table, first);
  ids.other = gid('Collection', (await p.collection.create({ data: { slug: 'zqother', name: 'Zq other', visibility: 'PRIVATE' } })).id);
  tokens.outsider = (await createToken(p, { collectionSlug: 'zqother', role: 'EDITOR' })).token;
  tokens.reader = (await createToken(p, { collectionSlug: 'zqother', role: 'READER' })).token;
  ids.vault = (await write('curator', CREATE_COLLECTION, { input: { slug: 'zqvault', name: 'Zq vault', description: 'Zq vault: confidential sources', visibility: 'PRIVATE' } })).collection.id;
  ids.doomed = (await write('curator', CREATE_COLLECTION, { input: { slug: 'zqdoomed', name: 'Zq doomed', description: 'Zq doomed: to be deleted' } })).collection.id;

  const memo = 'Zq memo: Parviz Duplicate was held at Zqville prison; a zqcount of 4,321 prisoners is given by Parviz Duplicate himself.';
  ids.vaultDoc = (await write('curator', CREATE_DOCUMENT, { input: { collection: ids.vault, title: 'Zq vault memo', text: memo, publisher: ids.pressLtd } })).document.id;
  ids.vaultMention = (await write('curator', CREATE_MENTION, { input: { document: ids.vaultDoc, entity: ids.duplicate, selector: quote('Parviz Duplicate was') } })).mention.id;
  ids.vaultCitation = (await write('curator', CREATE_CITATION, { input: { document: ids.vaultDoc, kind: 'QUOTE', source: ids.duplicate, selector: quote('given by Parviz Duplicate himself') } })).citation.id;
  const claim = (
    await write('curator', CREATE_CLAIM, {
      input: { document: ids.vaultDoc, subject: ids.duplicate, property: 'deathToll', value: '4,321', selector: quote('a zqcount of 4,321 prisoners'), asserter: ids.duplicate, citation: ids.vaultCitation, qualifiers: [{ property: 'heldBy', entity: ids.duplicate }] },
    })
  ).claim;
  ids.vaultClaim = claim.id;
  await write('curator', CREATE_CLAIM, { input: { document: ids.vaultDoc, subject: ids.keep, property: 'heldBy', value: 'Parviz Duplicate', valueEntity: ids.duplicate, selector: quote('Parviz Duplicate was held'), newProperty: true } });
  await write('curator', `mutation ($id: ID!, $v: Int!) { updateClaim(input: { id: $id, expectedVersion: $v, property: "deathTollZq", newProperty: true }) { __typename ... on Error { message } } }`, { id: claim.id, v: 1 });
  await write('curator', `mutation ($id: ID!) { reviewClaim(input: { id: $id, status: CONFIRMED }) { __typename ... on Error { message } } }`, { id: claim.id });
  const gone = (await write('curator', CREATE_CLAIM, { input: { document: ids.vaultDoc, subject: ids.keep, property: 'place', value: 'Zqville', selector: quote('Zqville prison') } })).claim.id;
  await write('curator', `mutation ($id: ID!) { deleteClaim(input: { id: $id }) { __typename ... on Error { message } } }`, { id: gone });
  await write('curator', `mutation ($id: ID!) { updateDocument(input: { id: $id, expectedVersion: 1, title: "Zq vault memo, annotated" }) { __typename ... on Error { message } } }`, { id: ids.vaultDoc });
  await write('curator', `mutation ($id: ID!, $text: String!) { addDocumentVersion(input: { document: $id, text: $text }) { __typename ... on Error { message } } }`, { id: ids.vaultDoc, text: `${memo} Zq addendum: confirmed.` });
  const scratch = (await write('curator', CREATE_DOCUMENT, { input: { collection: ids.vault, title: 'Zq scratch note', text: 'Zq scratch text, deleted soon.' } })).document.id;
  await write('curator', `mutation ($id: ID!) { deleteDocument(input: { id: $id }) { __typename ... on Error { message } } }`, { id: scratch });

  // A public citation of the private memo: the citation is public, the document it names is not.
  ids.openCitation = (await write('curator', CREATE_CITATION, { input: { document: ids.openDoc, kind: 'REFERENCE', source: ids.vaultDoc, selector: quote('refers to a memo') } })).citation.id;

  // A file ingested by the CLI, by its absolute path.
  ingestDir = mkdtempSync(join(tmpdir(), 'zq-ingest-'));
  const file = join(ingestDir, 'zq-leaked-file.txt');
  writeFileSync(file, 'Zq ingested letter\n\nThe zq letter says Parviz Duplicate wrote to Example Press Limited about Zqville.\n');
  expect(await runIngestCommand(t.db, [file], { collection: 'zqvault', suggestions: true, maxBytes: 10_000_000, out: () => {}, err: () => {} })).toBe(true);

  // A private document of another collection, written by the outsider.
  await write('outsider', CREATE_DOCUMENT, { input: { collection: ids.other, title: 'Zq other memo', text: 'Zq other text about Parviz Example.' } });

  // Merges move private rows: mentions, claims (subject, asserter, value), qualifiers, citations, published documents.
  await write('curator', MERGE, { keep: ids.keep, merge: ids.duplicate });
  await write('curator', UNMERGE, { entity: ids.duplicate });
  await write('curator', MERGE, { keep: ids.keep, merge: ids.duplicate });
  await write('curator', MERGE, { keep: ids.press, merge: ids.pressLtd });

  // A private collection, edited and then deleted.
  await write('curator', `mutation ($id: ID!) { updateCollection(input: { id: $id, expectedVersion: 1, description: "Zq doomed: about to go" }) { __typename ... on Error { message } } }`, { id: ids.doomed });
  // Roles on it when it is deleted, besides the curator's (ADMIN, as its creator): a second admin,
  // an editor, a reader, an admin revoked before the deletion and one revoked after it.
  for (const [who, role] of [['formerAdmin', 'ADMIN'], ['formerEditor', 'EDITOR'], ['formerReader', 'READER'], ['revokedBefore', 'ADMIN'], ['revokedAfter', 'ADMIN']] as const) {
    tokens[who] = (await createToken(p, { collectionSlug: 'zqdoomed', role })).token;
  }
  await revokeToken(p, tokens.revokedBefore!);
  // A document it held, deleted before it.
  const doomedDoc = (await write('curator', CREATE_DOCUMENT, { input: { collection: ids.doomed, title: 'Zq doomed note', text: 'Zq doomed text, deleted with its collection.' } })).document.id;
  await write('curator', `mutation ($id: ID!) { deleteDocument(input: { id: $id }) { __typename ... on Error { message } } }`, { id: doomedDoc });
  const doomedRow = await p.collection.findUniqueOrThrow({ where: { id: dbId(ids.doomed) } });
  const doomedStrings = Object.values(doomedRow).filter((value): value is string => typeof value === 'string');
  doomed = { id: doomedRow.id, strings: [...doomedStrings, 'Zq doomed: to be deleted', 'Zq doomed note', 'Zq doomed text, deleted with its collection.'] };
  await write('curator', `mutation ($id: ID!) { deleteCollection(input: { id: $id }) { __typename ... on Error { message } } }`, { id: ids.doomed });
  await revokeToken(p, tokens.revokedAfter!);
  // A token made after the deletion, admin of a collection of its own.
  tokens.newcomer = (await createToken(p, { collectionSlug: 'open', role: 'ADMIN' })).token;
}, 120_000);

afterAll(async () => {
  await t.destroy();
  if (ingestDir) rmSync(ingestDir, { recursive: true, force: true });
});

// ---- What each caller may not read, straight from the database -----------------------------

interface Secrets {
  /** Numeric ids of private rows per table. */
  ids: Map<string, number[]>;
  /** Every id as a number, for the search of the JSON. */
  numbers: Set<number>;
  /** Global ids of private nodes. */
  globalIds: Set<string>;
  /** String values of private rows that no row the caller may read has. */
  strings: Set<string>;
  /** Ids of changes the caller may not see. */
  changes: number[];
}

const nodeTables = ['Collection', 'Document', 'DocumentVersion', 'Span', 'Mention', 'Claim', 'Citation'] as const;

/** Private rows of every collection-scoped table, for a caller reading these collections. */
async function secretsFor(readable: number[]): Promise<Secrets> {
  const p = t.db.prisma;
  const hidden = { collectionId: { notIn: readable } };
  const shown = { collectionId: { in: readable } };
  const rows = async (scope: { collectionId: { in: number[] } | { notIn: number[] } }) => ({
    Collection: await p.collection.findMany({ where: { id: scope.collectionId } }),
    Document: await p.document.findMany({ where: scope }),
    DocumentVersion: await p.documentVersion.findMany({ where: { document: scope } }),
    BoilerplateRegion: await p.boilerplateRegion.findMany({ where: { version: { document: scope } } }),
    Span: await p.span.findMany({ where: { document: scope } }),
    SpanAnchor: await p.spanAnchor.findMany({ where: { span: { document: scope } } }),
    Mention: await p.mention.findMany({ where: { document: scope } }),
    Claim: await p.claim.findMany({ where: { document: scope } }),
    ClaimQualifier: await p.claimQualifier.findMany({ where: { claim: { document: scope } } }),
    Citation: await p.citation.findMany({ where: { document: scope } }),
  });
  const secret = await rows(hidden);
  const visible = await rows(shown);
  const publicStrings = new Set<string>();
  const stringsOf = (row: object) => Object.values(row).filter((value): value is string => typeof value === 'string' && value.length >= 6);
  for (const list of Object.values(visible)) for (const row of list) for (const value of stringsOf(row)) publicStrings.add(value);
  for (const entity of await p.entity.findMany({ include: { names: true } })) {
    for (const value of [...stringsOf(entity), ...entity.names.flatMap(stringsOf)]) publicStrings.add(value);
  }
  // The deleted collection's columns, for those who may still see what it was.
  if (readable.includes(doomed.id)) for (const value of doomed.strings) publicStrings.add(value);
  const out: Secrets = { ids: new Map(), numbers: new Set(), globalIds: new Set(), strings: new Set(), changes: [] };
  for (const [table, list] of Object.entries(secret)) {
    out.ids.set(table, list.map((row) => row.id));
    for (const row of list) {
      out.numbers.add(row.id);
      if ((nodeTables as readonly string[]).includes(table)) out.globalIds.add(gid(table, row.id));
      for (const value of stringsOf(row)) if (!publicStrings.has(value)) out.strings.add(value);
    }
  }
  // The deleted collection: only its admins at the time may see what it was.
  if (!readable.includes(doomed.id)) {
    out.ids.set('Collection', [...out.ids.get('Collection')!, doomed.id]);
    out.numbers.add(doomed.id);
    out.globalIds.add(gid('Collection', doomed.id));
    for (const value of doomed.strings) if (!publicStrings.has(value)) out.strings.add(value);
  }
  const shared = ['Person', 'Organisation', 'Event', 'Name', 'EntityJudgement'];
  out.changes = (await p.change.findMany({ where: { NOT: { OR: [{ collectionId: { in: readable } }, { collectionId: null, nodeType: { in: shared } }] } }, select: { id: true } })).map((row) => row.id);
  for (const id of out.changes) out.globalIds.add(gid('Change', id));
  return out;
}

async function readableBy(who: Who): Promise<number[]> {
  const p = t.db.prisma;
  const open = (await p.collection.findMany({ where: { visibility: 'PUBLIC' } })).map((row) => row.id);
  if (who === 'outsider' || who === 'reader') return [...open, dbId(ids.other)];
  // The collections whose changes it may see: the deleted one too for its admins at the time.
  if (who === 'curator') return [...open, dbId(ids.vault), doomed.id];
  if (who === 'formerAdmin') return [...open, doomed.id];
  return open;
}

/** Fails with the first private id, global id or value found in what a caller was shown. */
function expectNothingPrivate(shown: unknown, secrets: Secrets, where: string) {
  const json = JSON.stringify(shown);
  for (const globalId of secrets.globalIds) expect(json.includes(globalId), `${where}: ${globalId} (${Buffer.from(globalId, 'base64').toString()})`).toBe(false);
  const numbers = json.match(/\d+/g)?.map(Number) ?? [];
  expect([...secrets.numbers].every((id) => id > 700_000), 'private rows have ids in their own ranges').toBe(true);
  for (const number of numbers) expect(secrets.numbers.has(number), `${where}: private id ${number}`).toBe(false);
  for (const value of secrets.strings) expect(json.includes(JSON.stringify(value).slice(1, -1)), `${where}: private value ${JSON.stringify(value)}`).toBe(false);
}

const outsiders: Array<[string, Who]> = [
  ['anonymous', null],
  ['an editor of another collection', 'outsider'],
  ['a reader of another collection', 'reader'],
];

/** Callers of the change log tests: the outsiders, and those who held a role on the deleted collection or came after it. */
const changeReaders: Array<[string, Who]> = [
  ...outsiders,
  ['an admin of the deleted collection (not the one who deleted it)', 'formerAdmin'],
  ['an editor of the deleted collection', 'formerEditor'],
  ['a reader of the deleted collection', 'formerReader'],
  ['a token made after the deletion', 'newcomer'],
];

const CHANGE_FIELDS = 'id actor operation nodeType nodeId before after requestId createdAt';

/** Every page of a connection field, through `after` cursors. */
async function allPages(who: Who, query: (after: string | null) => string, pick: (data: any) => { edges: any[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }) {
  const edges: any[] = [];
  for (let after: string | null = null, more = true; more; ) {
    const page = pick(await as(who, query(after)));
    edges.push(...page.edges);
    ({ hasNextPage: more, endCursor: after } = page.pageInfo);
  }
  return edges;
}

describe(`forged global ids (${testProvider})`, () => {
  const shared = ['Person', 'Organisation', 'Event', 'Name', 'EntityJudgement'];

  it('the table covers every node type', async () => {
    const data = await as(null, '{ __schema { types { name kind interfaces { name } } } }');
    const nodeTypes = data.__schema.types.filter((type: any) => type.kind === 'OBJECT' && type.interfaces?.some((i: any) => i.name === 'Node')).map((type: any) => type.name);
    expect([...nodeTables, 'Change', ...shared].sort()).toEqual(nodeTypes.sort());
  });

  const table = outsiders.flatMap(([name, who]) => [...nodeTables, 'Change'].map((type) => [name, type, who] as const));
  it.each(table)('%s: every private %s resolves to null', async (_name, type, who) => {
    const secrets = await secretsFor(await readableBy(who));
    const privateIds = type === 'Change' ? secrets.changes : secrets.ids.get(type)!;
    expect(privateIds.length, `private ${type} rows in the fixture`).toBeGreaterThan(0);
    const globalIds = privateIds.map((id) => gid(type, id));
    for (const id of globalIds) {
      const data = await as(who, 'query ($id: ID!) { node(id: $id) { __typename id } }', { id });
      expect(data.node, `${type} ${dbId(id)}`).toBeNull();
    }
    const nodes = await as(who, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: globalIds });
    expect(nodes.nodes).toEqual(globalIds.map(() => null));
  });

  it.each([...nodeTables, 'Change'])('the curator of the private collection resolves its live %s rows', async (type) => {
    const secrets = await secretsFor(await readableBy(null));
    const vault = dbId(ids.vault);
    const p = t.db.prisma;
    const live: Record<string, () => Promise<Array<{ id: number }>>> = {
      Collection: () => p.collection.findMany({ where: { id: vault } }),
      Document: () => p.document.findMany({ where: { collectionId: vault } }),
      DocumentVersion: () => p.documentVersion.findMany({ where: { document: { collectionId: vault } } }),
      Span: () => p.span.findMany({ where: { document: { collectionId: vault } } }),
      Mention: () => p.mention.findMany({ where: { document: { collectionId: vault } } }),
      Claim: () => p.claim.findMany({ where: { document: { collectionId: vault } } }),
      Citation: () => p.citation.findMany({ where: { document: { collectionId: vault } } }),
      Change: () => p.change.findMany({ where: { collectionId: vault } }),
    };
    const rows = (await live[type]!()).map((row) => row.id);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((id) => (type === 'Change' ? secrets.changes : secrets.ids.get(type)!).includes(id))).toBe(true);
    const globalIds = rows.map((id) => gid(type, id));
    const nodes = await as('curator', 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: globalIds });
    expect(nodes.nodes).toEqual(globalIds.map((id) => ({ id })));
  });

  it.each(shared)('%s rows are shared: anonymous callers resolve them', async (type) => {
    const p = t.db.prisma;
    const row =
      type === 'Name'
        ? await p.entityName.findFirstOrThrow()
        : type === 'EntityJudgement'
          ? await p.entityJudgement.findFirstOrThrow()
          : await p.entity.findFirstOrThrow({ where: { type: type.toUpperCase() as 'PERSON', mergedIntoId: null } });
    const data = await as(null, 'query ($id: ID!) { node(id: $id) { id } }', { id: gid(type, row.id) });
    expect(data.node).toEqual({ id: gid(type, row.id) });
  });

  it('undo of a change the caller may not see is NotFoundError, as for a change that does not exist', async () => {
    const secrets = await secretsFor(await readableBy('outsider'));
    const undo = 'mutation ($c: ID!) { undo(input: { change: $c }) { __typename } }';
    for (const id of secrets.changes.slice(0, 5)) {
      expect((await as('outsider', undo, { c: gid('Change', id) })).undo.__typename).toBe('NotFoundError');
    }
    expect((await as('outsider', undo, { c: gid('Change', 999_999) })).undo.__typename).toBe('NotFoundError');
  });
});

describe(`the change log (${testProvider})`, () => {
  it.each(changeReaders)('%s: `changes` lists only what it may read, and nothing private in any snapshot', async (_name, who) => {
    const secrets = await secretsFor(await readableBy(who));
    const edges = await allPages(
      who,
      (after) => `{ changes(first: 100${after ? `, after: "${after}"` : ''}) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${CHANGE_FIELDS} } } } }`,
      (data) => data.changes,
    );
    const listed = edges.map((edge) => dbId(edge.node.id));
    const expected = (await t.db.prisma.change.findMany({ where: { id: { notIn: secrets.changes } }, orderBy: { id: 'desc' }, select: { id: true } })).map((row) => row.id);
    expect(listed).toEqual(expected);
    expect((await as(who, '{ changes { totalCount } }')).changes.totalCount).toBe(expected.length);
    expectNothingPrivate(edges, secrets, 'changes');
    // Not vacuous: the merges are listed, redacted, and name the public rows they moved.
    const merges = edges.filter((edge) => edge.node.operation === 'mergeEntities').map((edge) => edge.node.after);
    expect(merges).toHaveLength(3);
    expect(merges.some((after) => after.claimSubjects.length === 0 && after.mentions.length === 0)).toBe(true);
    expect(edges.some((edge) => edge.node.nodeType === 'Citation' && edge.node.after?.sourceDocumentId === null && edge.node.operation === 'createCitation')).toBe(true);
  });

  it('the curator of the private collection sees its changes, merges unredacted', async () => {
    const edges = await allPages(
      'curator',
      (after) => `{ changes(first: 100${after ? `, after: "${after}"` : ''}) { pageInfo { hasNextPage endCursor } edges { node { ${CHANGE_FIELDS} } } } }`,
      (data) => data.changes,
    );
    const merge = edges.find((edge) => edge.node.operation === 'mergeEntities' && edge.node.nodeType === 'Person')!.node;
    const stored = (await t.db.prisma.change.findUniqueOrThrow({ where: { id: dbId(merge.id) } })).after as Record<string, number[]>;
    expect(merge.after).toEqual(stored);
    expect(stored.claimSubjects).toContain(dbId(ids.vaultClaim));
    const operations = new Set(edges.map((edge) => edge.node.operation));
    for (const operation of ['createCollection', 'createDocument', 'createClaim', 'ingestDocument', 'deleteDocument', 'addDocumentVersion']) expect(operations).toContain(operation);
    const citation = edges.find((edge) => edge.node.nodeId === ids.openCitation && edge.node.operation === 'createCitation')!.node;
    expect(citation.after.sourceDocumentId).toBe(dbId(ids.vaultDoc));
  });

  it.each(changeReaders)('%s: every history connection lists only what it may read', async (_name, who) => {
    const secrets = await secretsFor(await readableBy(who));
    const history = `history(first: 100) { totalCount edges { node { ${CHANGE_FIELDS} } } }`;
    const shown: unknown[] = [];
    const listed: number[] = [];
    const collect = (node: any) => {
      expect(node.history.totalCount).toBe(node.history.edges.length);
      shown.push(node.history);
      listed.push(...node.history.edges.map((edge: any) => dbId(edge.node.id)));
    };
    for (const root of ['persons', 'organisations', 'events', 'documents', 'collections', 'mentions', 'claims', 'citations']) {
      const edges = await allPages(who, (after) => `{ ${root}(first: 20${after ? `, after: "${after}"` : ''}) { pageInfo { hasNextPage endCursor } edges { node { id ${history} } } } }`, (data) => data[root]);
      edges.forEach((edge) => collect(edge.node));
    }
    // Merged entities are reached only by id (node(id) answers with the kept one).
    for (const id of [ids.keep, ids.duplicate, ids.press, ids.pressLtd]) collect((await as(who, `query ($id: ID!) { node(id: $id) { ... on Entity { ${history} } } }`, { id })).node);
    expectNothingPrivate(shown, secrets, 'history');
    for (const id of listed) expect(secrets.changes).not.toContain(id);
    expect(listed.length).toBeGreaterThan(10);
  });

  it('no change records an absolute path of an ingested file', async () => {
    const changes = await t.db.prisma.change.findMany({ where: { operation: 'ingestDocument' } });
    expect(changes.length).toBeGreaterThan(0);
    const strings: string[] = [];
    const walk = (value: unknown) => {
      if (typeof value === 'string') strings.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    for (const change of changes) walk([change.before, change.after]);
    for (const value of strings) {
      expect(isAbsolute(value) || /^[A-Za-z]:[\\/]/.test(value), value).toBe(false);
      expect(value.includes(ingestDir), value).toBe(false);
    }
  });

  it('reads a page of changes in a bounded number of statements, whatever its size', async () => {
    const query = (first: number) => `{ changes(first: ${first}) { totalCount edges { node { id before after } } } }`;
    const small = await t.countStatements(() => as(null, query(5)));
    const large = await t.countStatements(() => as(null, query(100)));
    // readable collections, count, page, and at most one lookup per table a snapshot names.
    expect(large.statements.length).toBeLessThanOrEqual(3 + 6);
    expect(small.statements.length).toBeLessThanOrEqual(3 + 6);
    // With a token: its authentication, and one lookup of the deleted collections it was an admin
    // of beside each lookup of the readable ones.
    const withToken = await t.countStatements(() => as('formerAdmin', query(100)));
    const readableLookups = withToken.statements.filter((sql) => /FROM [`"](main|public)[`"]\.[`"]Collection[`"] WHERE/.test(sql)).length;
    const deletedLookups = withToken.statements.filter((sql) => /DeletedCollectionAdmin/.test(sql)).length;
    expect(readableLookups).toBeGreaterThan(0);
    expect(deletedLookups).toBe(readableLookups);
    const authentication = withToken.statements.filter((sql) => /ApiToken|TokenGrant|^\s*(BEGIN|COMMIT)/.test(sql)).length;
    expect(withToken.statements.length - authentication - deletedLookups).toBeLessThanOrEqual(3 + 6);
    const histories = await t.countStatements(() => as(null, '{ entities(first: 50) { edges { node { history(first: 20) { edges { node { after } } } } } } }'));
    const persons = (await as(null, '{ entities(first: 50) { totalCount } }')).entities.totalCount;
    expect(persons).toBeGreaterThanOrEqual(3);
    // The page of persons, one read of its history each, one read of the readable collections, the redaction lookups.
    expect(histories.statements.length).toBeLessThanOrEqual(1 + persons + 1 + 6);
    expect(histories.statements.filter((sql) => /FROM [`"](main|public)[`"]\.[`"]Collection[`"] WHERE/.test(sql))).toHaveLength(1);
  });
});

describe(`the changes of a deleted collection (${testProvider})`, () => {
  const NODE = `query ($id: ID!) { node(id: $id) { ... on Change { ${CHANGE_FIELDS} } } }`;
  const UNDO = 'mutation ($c: ID!) { undo(input: { change: $c }) { __typename } }';
  const ofDoomed = async () => (await t.db.prisma.change.findMany({ where: { collectionId: doomed.id }, orderBy: { id: 'desc' } })).map((row) => row.id);
  const listedBy = async (who: Who) =>
    (
      await allPages(who, (after) => `{ changes(first: 100${after ? `, after: "${after}"` : ''}) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`, (data) => data.changes)
    ).map((edge) => dbId(edge.node.id));

  it('are recorded with the collection: its creation, edit, a document it held, its deletion', async () => {
    const rows = await t.db.prisma.change.findMany({ where: { collectionId: doomed.id }, orderBy: { id: 'asc' } });
    expect(rows.map((row) => row.operation)).toEqual(['createCollection', 'updateCollection', 'createDocument', 'deleteDocument', 'deleteCollection']);
  });

  it.each([
    ['the admin who deleted it', 'curator'],
    ['another admin at the time', 'formerAdmin'],
  ] as Array<[string, Who]>)('%s sees every one of them through node, nodes and changes, snapshots included', async (_name, who) => {
    const changes = await ofDoomed();
    const deletion = await t.db.prisma.change.findFirstOrThrow({ where: { collectionId: doomed.id, operation: 'deleteCollection' } });
    for (const id of changes) {
      const { node } = await as(who, NODE, { id: gid('Change', id) });
      expect(node, `change ${id}`).not.toBeNull();
      expect(dbId(node.id)).toBe(id);
    }
    const nodes = await as(who, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: changes.map((id) => gid('Change', id)) });
    expect(nodes.nodes).toEqual(changes.map((id) => ({ id: gid('Change', id) })));
    const { node } = await as(who, NODE, { id: gid('Change', deletion.id) });
    expect(node).toMatchObject({ operation: 'deleteCollection', nodeType: 'Collection', nodeId: gid('Collection', doomed.id), after: null });
    expect(node.before).toMatchObject({ id: doomed.id, slug: 'zqdoomed', description: 'Zq doomed: about to go' });
    const listed = await listedBy(who);
    expect(listed.filter((id) => changes.includes(id))).toEqual(changes);
  });

  it.each(changeReaders.filter(([, who]) => who !== 'formerAdmin'))('%s sees none of them, and undo answers NotFoundError', async (_name, who) => {
    const changes = await ofDoomed();
    expect(changes.length).toBe(5);
    for (const id of changes) {
      expect((await as(who, NODE, { id: gid('Change', id) })).node, `change ${id}`).toBeNull();
      expect((await as(who, UNDO, { c: gid('Change', id) })).undo.__typename).toBe('NotFoundError');
    }
    const nodes = await as(who, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: changes.map((id) => gid('Change', id)) });
    expect(nodes.nodes).toEqual(changes.map(() => null));
    expect((await listedBy(who)).filter((id) => changes.includes(id))).toEqual([]);
  });

  it('a former admin may see them but not undo them: the collection and its roles are gone', async () => {
    for (const id of await ofDoomed()) expect((await as('formerAdmin', UNDO, { c: gid('Change', id) })).undo.__typename).toBe('ForbiddenError');
  });

  it('admins are recorded at deletion, revoked tokens left out; a token revoked since is refused', async () => {
    const recorded = await t.db.prisma.deletedCollectionAdmin.findMany({ where: { collectionId: doomed.id }, select: { tokenId: true } });
    const tokenIdOf = async (who: Who) => (await t.db.prisma.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(tokens[who!]!) } })).id;
    const expected = await Promise.all((['curator', 'formerAdmin', 'revokedAfter'] as const).map(tokenIdOf));
    expect(recorded.map((row) => row.tokenId).sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
    for (const who of ['revokedAfter', 'revokedBefore'] as const) {
      const response = await api.execute('{ changes(first: 100) { edges { node { id before } } } }', {}, { authorization: `Bearer ${tokens[who]}` });
      expect(response.status).toBe(401);
      expect(response.data ?? null).toBeNull();
    }
  });
});

/** Runs one migration's SQL again on the test database, as the runner would on an older one. */
async function runMigrationSql(name: string) {
  const sql = readFileSync(join(import.meta.dirname, `../prisma/${testProvider === 'sqlite' ? 'sqlite' : 'postgres'}/migrations/${name}/migration.sql`), 'utf8');
  if (testProvider === 'sqlite') {
    const db = new BetterSqlite3(sqlitePath(t.url));
    db.exec(sql);
    db.close();
  } else {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    await client.query(sql);
    await client.end();
  }
}

describe(`earlier change rows (${testProvider})`, () => {
  it('the migration records the collection of earlier deleteCollection changes and keeps only the file name of ingested files', async () => {
    const p = t.db.prisma;
    const legacy = await p.change.create({ data: { actor: 'token:1', operation: 'deleteCollection', nodeType: 'Collection', nodeId: 654_321, collectionId: null, before: { slug: 'zq-legacy-secret', name: 'Zq legacy' } } });
    const ingest = await p.change.create({ data: { actor: 'cli:ingest', operation: 'ingestDocument', nodeType: 'Document', nodeId: 654_322, collectionId: 654_321, after: { source: '/home/curator/zq/leak.txt', title: 'Zq legacy' } } });
    const windows = await p.change.create({ data: { actor: 'cli:ingest', operation: 'ingestDocument', nodeType: 'Document', nodeId: 654_323, collectionId: 654_321, after: { source: 'C:\\Users\\curator\\leak.html', title: 'Zq legacy' } } });
    const relative = await p.change.create({ data: { actor: 'cli:ingest', operation: 'ingestDocument', nodeType: 'Document', nodeId: 654_324, collectionId: 654_321, after: { source: 'inbox/letter.txt', title: 'Zq legacy' } } });
    const noted = await p.document.findFirstOrThrow({ select: { id: true, notes: true } });
    const notedRelative = await p.document.findFirstOrThrow({ where: { id: { not: noted.id } }, select: { id: true, notes: true } });
    await p.document.update({ where: { id: noted.id }, data: { notes: 'ingested from /home/curator/zq/feed.jsonl:12' } });
    await p.document.update({ where: { id: notedRelative.id }, data: { notes: 'ingested from inbox/letter.txt' } });
    // Before the migration: an old row without its collection is shown to no one all the same.
    expect((await as(null, 'query ($id: ID!) { node(id: $id) { id } }', { id: gid('Change', legacy.id) })).node).toBeNull();
    await runMigrationSql('0008_change_log_scope');
    const row = (id: number) => p.change.findUniqueOrThrow({ where: { id } });
    expect((await row(legacy.id)).collectionId).toBe(654_321);
    expect(((await row(ingest.id)).after as any).source).toBe('leak.txt');
    expect(((await row(windows.id)).after as any).source).toBe('leak.html');
    expect(((await row(relative.id)).after as any)).toEqual({ source: 'inbox/letter.txt', title: 'Zq legacy' });
    expect(((await row(ingest.id)).after as any).title).toBe('Zq legacy');
    const notesOf = async (id: number) => (await p.document.findUniqueOrThrow({ where: { id } })).notes;
    expect(await notesOf(noted.id)).toBe('ingested from feed.jsonl:12');
    expect(await notesOf(notedRelative.id)).toBe('ingested from inbox/letter.txt');
    await p.document.update({ where: { id: noted.id }, data: { notes: noted.notes } });
    await p.document.update({ where: { id: notedRelative.id }, data: { notes: notedRelative.notes } });
    await p.change.deleteMany({ where: { id: { in: [legacy.id, ingest.id, windows.id, relative.id] } } });
  });

  it('the backfill records the token that deleted a collection before admins were recorded, once', async () => {
    const p = t.db.prisma;
    const tokenIdOf = async (who: Who) => (await p.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(tokens[who!]!) } })).id;
    const [admin, revoked] = [await tokenIdOf('formerEditor'), await tokenIdOf('revokedBefore')];
    const deletion = (collectionId: number, actor: string) =>
      p.change.create({ data: { actor, operation: 'deleteCollection', nodeType: 'Collection', nodeId: collectionId, collectionId, before: { slug: `zq-legacy-${collectionId}` } } });
    const legacy = [
      await deletion(654_401, `token:${admin}`),
      await deletion(654_402, `token:${revoked}`), // revoked since: no one to show it to
      await deletion(654_403, 'anonymous'),
      await deletion(654_404, `token:${admin}0`), // another token's id as a prefix: no match
      await deletion(dbId(ids.open), `token:${admin}`), // a collection that exists: not deleted
    ];
    const { node: before } = await as('formerEditor', 'query ($id: ID!) { node(id: $id) { id } }', { id: gid('Change', legacy[0]!.id) });
    expect(before).toBeNull();
    for (let run = 0; run < 2; run++) await runMigrationSql('0010_deleted_collection_admins_backfill');
    const recorded = await p.deletedCollectionAdmin.findMany({ where: { collectionId: { in: [...legacy.map((row) => row.collectionId!)] } }, select: { tokenId: true, collectionId: true } });
    expect(recorded).toEqual([{ tokenId: admin, collectionId: 654_401 }]);
    const { node: after } = await as('formerEditor', 'query ($id: ID!) { node(id: $id) { id } }', { id: gid('Change', legacy[0]!.id) });
    expect(after).toEqual({ id: gid('Change', legacy[0]!.id) });
    await p.deletedCollectionAdmin.deleteMany({ where: { collectionId: 654_401 } });
    await p.change.deleteMany({ where: { id: { in: legacy.map((row) => row.id) } } });
  });
});

// One way to name a thing: a collection by its slug or its global id wherever the API takes one (and
// nothing said about private collections the caller cannot read), `version` beside every
// `expectedVersion`, and claim properties that are known, listed and checked for typos.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closestProperty, editDistance, knownProperties } from '../src/domain/properties.js';
import { loadSeed } from '../src/services/seed.js';
import { createToken } from '../src/services/tokens.js';
import { createTestDatabase, expectRefusedUnchanged, testProvider, type TestDatabase } from './helpers/database.js';
import { createTestApp } from './helpers/graphql.js';

let t: TestDatabase;
let api: ReturnType<typeof createTestApp>;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const gid = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64');

async function as(who: string | null, query: string, variables?: Record<string, unknown>) {
  return api.execute(query, variables, who ? { authorization: `Bearer ${tokens[who]}` } : {});
}

/** The data of an operation that must succeed. */
async function ok(who: string | null, query: string, variables?: Record<string, unknown>) {
  const response = await as(who, query, variables);
  expect(response.errors).toBeUndefined();
  return response.data;
}

/** A write refused with a typed error that changed nothing, the change log included. */
const refused = (who: string, query: string, variables: Record<string, unknown>) => expectRefusedUnchanged(t.db, () => as(who, query, variables));

beforeAll(async () => {
  t = await createTestDatabase();
  await loadSeed(t.db.prisma);
  api = createTestApp(t.db);
  const p = t.db.prisma;
  await p.collection.create({ data: { slug: 'vault', name: 'Vault', visibility: 'PRIVATE' } });
  await p.collection.create({ data: { slug: 'spare', name: 'Spare', visibility: 'PRIVATE' } });
  for (const [name, grants] of [
    ['editor', [['sample', 'EDITOR']]],
    ['vaultEditor', [['vault', 'EDITOR']]],
    ['admin', [['sample', 'ADMIN'], ['spare', 'ADMIN']]],
  ] as const) {
    const [[slug, role], ...more] = grants;
    const created = await createToken(p, { collectionSlug: slug, role });
    tokens[name] = created.token;
    for (const [other, otherRole] of more) {
      const collection = await p.collection.findUniqueOrThrow({ where: { slug: other } });
      await p.tokenGrant.create({ data: { tokenId: created.id, collectionId: collection.id, role: otherRole } });
    }
  }
  for (const slug of ['sample', 'vault', 'spare']) ids[slug] = gid('Collection', (await p.collection.findUniqueOrThrow({ where: { slug } })).id);
  const massacre = await p.entity.findUniqueOrThrow({ where: { key: 'massacre-1988' } });
  ids.massacre = gid('Event', massacre.id);
  ids.doc004 = gid('Document', (await p.document.findUniqueOrThrow({ where: { key: '004_33eb88c9cdc5cc6a' } })).id);
  // A private document with a claim whose property no one else uses.
  const vaultDoc = await ok('vaultEditor', `mutation { createDocument(input: { collection: "vault", title: "Vault memo", text: "The memo gives a zqvaultfigure of 4,000." }) { ... on DocumentPayload { document { id } } } }`);
  ids.vaultDoc = vaultDoc.createDocument.document.id;
  const secretClaim = await ok('vaultEditor', CREATE_CLAIM, {
    input: { document: ids.vaultDoc, subject: ids.massacre, property: 'zqVaultFigure', value: '4,000', selector: { quote: { exact: 'a zqvaultfigure of 4,000' } }, newProperty: true },
  });
  expect(secretClaim.createClaim.__typename).toBe('ClaimPayload');
});
afterAll(async () => {
  await t?.destroy();
});

const CREATE_CLAIM = `mutation ($input: CreateClaimInput!) { createClaim(input: $input) {
  __typename
  ... on ClaimPayload { claim { id property version } }
  ... on Error { message }
  ... on ValidationError { issues { path message } }
} }`;

const DOCUMENTS = `query ($c: ID!) { documents(first: 100, filter: { collection: $c }) { totalCount edges { node { title } } } }`;

describe(`a collection by slug or global id (${testProvider})`, () => {
  it('documents and search filters take either, with the same answer', async () => {
    const sampleCount = await t.db.prisma.document.count({ where: { collection: { slug: 'sample' } } });
    const bySlug = await ok(null, DOCUMENTS, { c: 'sample' });
    const byId = await ok(null, DOCUMENTS, { c: ids.sample });
    expect(bySlug.documents.totalCount).toBe(sampleCount);
    expect(bySlug).toEqual(byId);
    const SEARCH = `query ($c: ID!) { search(query: "massacre", filter: { collection: $c }, first: 50) { totalCount edges { type score } } }`;
    const searchBySlug = await ok(null, SEARCH, { c: 'sample' });
    expect(searchBySlug.search.totalCount).toBeGreaterThan(0);
    expect(searchBySlug).toEqual(await ok(null, SEARCH, { c: ids.sample }));
  });

  it('an unknown slug is NOT_FOUND, and a private collection’s slug looks exactly the same to whoever cannot read it', async () => {
    const unknown = await as(null, DOCUMENTS, { c: 'trial' });
    expect(unknown.data?.documents ?? null).toBeNull();
    expect(unknown.errors).toHaveLength(1);
    expect(unknown.errors![0]).toMatchObject({ message: 'filter.collection: no collection with slug or id "trial"', extensions: { code: 'NOT_FOUND' } });
    for (const who of [null, 'editor']) {
      const hidden = await as(who, DOCUMENTS, { c: 'vault' });
      expect(hidden.errors![0]).toMatchObject({ message: 'filter.collection: no collection with slug or id "vault"', extensions: unknown.errors![0]!.extensions });
      const search = await as(who, `{ search(query: "zqvaultfigure", filter: { collection: "vault" }) { totalCount } }`);
      expect(search.errors![0]).toMatchObject({ message: 'filter.collection: no collection with slug or id "vault"', extensions: { code: 'NOT_FOUND' } });
    }
    // Whoever may read it finds it by its slug.
    expect((await ok('vaultEditor', DOCUMENTS, { c: 'vault' })).documents.edges).toEqual([{ node: { title: 'Vault memo' } }]);
    // A global id of another type is no collection either.
    expect((await as(null, DOCUMENTS, { c: ids.doc004 })).errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('createDocument and ingestDocument take a slug; a private one the caller cannot read is NotFound, like an unknown one', async () => {
    const CREATE = `mutation ($c: ID!) { createDocument(input: { collection: $c, title: "By slug", text: "A text filed by slug." }) {
      __typename ... on DocumentPayload { document { collection { slug } } } ... on NotFoundError { message path id } ... on Error { message } } }`;
    expect((await ok('editor', CREATE, { c: 'sample' })).createDocument).toEqual({ __typename: 'DocumentPayload', document: { collection: { slug: 'sample' } } });
    const unknown = await refused('editor', CREATE, { c: 'no-such' });
    const hidden = await refused('editor', CREATE, { c: 'vault' });
    expect(unknown).toEqual({ __typename: 'NotFoundError', message: 'input.collection: no collection with slug or id "no-such"', path: ['input', 'collection'], id: 'no-such' });
    expect(hidden).toEqual({ __typename: 'NotFoundError', message: 'input.collection: no collection with slug or id "vault"', path: ['input', 'collection'], id: 'vault' });
    // By its global id, as before: the role decides.
    expect(await refused('editor', CREATE, { c: ids.vault })).toMatchObject({ __typename: 'ForbiddenError' });
    const INGEST = `mutation ($c: ID!) { ingestDocument(input: { collection: $c, text: "Ingested by slug.\\n\\nThe text of a short note." }) { __typename ... on IngestDocumentPayload { status document { collection { slug } } } ... on Error { message } } }`;
    expect((await ok('editor', INGEST, { c: 'sample' })).ingestDocument).toEqual({ __typename: 'IngestDocumentPayload', status: 'CREATED', document: { collection: { slug: 'sample' } } });
    expect(await refused('editor', INGEST, { c: 'vault' })).toMatchObject({ __typename: 'NotFoundError', message: 'input.collection: no collection with slug or id "vault"' });
  });

  it('updateCollection and deleteCollection take a slug; deleteCollection answers the global id', async () => {
    const { collection } = await ok('admin', '{ collection(slug: "spare") { version } }');
    const UPDATE = `mutation ($id: ID!, $v: Int!) { updateCollection(input: { id: $id, expectedVersion: $v, description: "renamed by slug" }) {
      __typename ... on CollectionPayload { collection { id slug description version } } ... on ConflictError { currentVersion } ... on Error { message } } }`;
    const updated = (await ok('admin', UPDATE, { id: 'spare', v: collection.version })).updateCollection;
    expect(updated).toEqual({ __typename: 'CollectionPayload', collection: { id: ids.spare, slug: 'spare', description: 'renamed by slug', version: collection.version + 1 } });
    expect(await refused('admin', UPDATE, { id: 'spare', v: collection.version })).toEqual({ __typename: 'ConflictError', currentVersion: collection.version + 1, message: expect.any(String) });
    expect(await refused('admin', UPDATE, { id: 'vault', v: 1 })).toMatchObject({ __typename: 'NotFoundError' });
    const DELETE = `mutation ($id: ID!) { deleteCollection(input: { id: $id }) { __typename ... on DeletedPayload { deletedId } ... on Error { message } } }`;
    expect((await ok('admin', DELETE, { id: 'spare' })).deleteCollection).toEqual({ __typename: 'DeletedPayload', deletedId: ids.spare });
    expect(await t.db.prisma.collection.findUnique({ where: { slug: 'spare' } })).toBeNull();
  });
});

describe(`version beside expectedVersion (${testProvider})`, () => {
  it('every updatable type shows the version its update expects', async () => {
    const p = t.db.prisma;
    const claim = await p.claim.findFirstOrThrow({ where: { document: { collection: { slug: 'sample' } } } });
    const mention = await p.mention.findFirstOrThrow();
    const citation = await p.citation.findFirstOrThrow();
    const entity = await p.entity.findFirstOrThrow({ where: { type: 'PERSON' } });
    const document = await p.document.findFirstOrThrow({ where: { collection: { slug: 'sample' } } });
    const collection = await p.collection.findUniqueOrThrow({ where: { slug: 'sample' } });
    await p.claim.update({ where: { id: claim.id }, data: { version: 7 } }); // not 1, so a wrong field cannot pass
    const nodes: Array<[string, number, number]> = [
      ['Claim', claim.id, 7],
      ['Mention', mention.id, mention.version],
      ['Citation', citation.id, citation.version],
      ['Person', entity.id, entity.version],
      ['Document', document.id, document.version],
      ['Collection', collection.id, collection.version],
    ];
    for (const [typename, id, version] of nodes) {
      const data = await ok(null, `query ($id: ID!) { node(id: $id) { ... on ${typename} { version } } }`, { id: gid(typename, id) });
      expect([typename, data.node.version]).toEqual([typename, version]);
    }
  });

  it('updateDocument takes the version a read returned, and refuses it once stale', async () => {
    const read = await ok(null, 'query ($id: ID!) { node(id: $id) { ... on Document { version title } } }', { id: ids.doc004 });
    const UPDATE = `mutation ($id: ID!, $v: Int!, $title: String!) { updateDocument(input: { id: $id, expectedVersion: $v, title: $title }) {
      __typename ... on DocumentPayload { document { version title } } ... on ConflictError { currentVersion } } }`;
    const updated = await ok('editor', UPDATE, { id: ids.doc004, v: read.node.version, title: `${read.node.title} (edited)` });
    expect(updated.updateDocument).toEqual({ __typename: 'DocumentPayload', document: { version: read.node.version + 1, title: `${read.node.title} (edited)` } });
    expect(await refused('editor', UPDATE, { id: ids.doc004, v: read.node.version, title: 'stale' })).toEqual({ __typename: 'ConflictError', currentVersion: read.node.version + 1 });
  });
});

describe(`claim properties (${testProvider})`, () => {
  const PROPERTIES = '{ properties { name kind description known claimCount } }';
  const claim = (property: string, extra: Record<string, unknown> = {}) => ({
    input: { document: ids.doc004, subject: ids.massacre, property, value: '30,000', selector: { quote: { exact: 'the death of 30,000 regime opponents' } }, ...extra },
  });

  it('lists known properties with kind and description, and those in use with the count of claims the caller may read', async () => {
    const anonymous = (await ok(null, PROPERTIES)).properties as Array<Record<string, any>>;
    const byName = new Map(anonymous.map((property) => [property.name, property]));
    const counted = await t.db.prisma.claim.groupBy({
      by: ['property'],
      where: { status: { not: 'REJECTED' }, document: { collection: { visibility: 'PUBLIC' } } },
      _count: { _all: true },
    });
    expect(counted.length).toBeGreaterThan(2);
    for (const group of counted) expect([group.property, byName.get(group.property)?.claimCount]).toEqual([group.property, group._count._all]);
    expect(byName.get('deathToll')).toEqual({ name: 'deathToll', kind: 'QUANTITY', description: knownProperties.deathToll!.description, known: true, claimCount: expect.any(Number) });
    expect(byName.get('deathToll')!.claimCount).toBeGreaterThan(0);
    // Known ones no claim uses yet are listed too.
    for (const name of ['voteShare', 'injuredCount', 'turnout']) expect(byName.get(name)).toMatchObject({ known: true, claimCount: 0, description: expect.any(String) });
    expect(byName.get('voteShare')!.kind).toBe('SHARE');
    // A property only in use (the seed's "involvement") is listed, not known, without a description.
    expect(byName.get('involvement')).toMatchObject({ known: false, kind: 'TEXT', description: null });
    expect(anonymous.map((property) => property.name)).toEqual([...anonymous.map((property) => property.name)].sort());
    // The vault's property shows only to whoever may read the vault.
    expect(byName.has('zqVaultFigure')).toBe(false);
    const vault = (await ok('vaultEditor', PROPERTIES)).properties as Array<Record<string, any>>;
    expect(vault.find((property) => property.name === 'zqVaultFigure')).toEqual({ name: 'zqVaultFigure', kind: 'TEXT', description: null, known: false, claimCount: 1 });
  });

  it('refuses a mistyped property, naming the closest known one; newProperty: true introduces it', async () => {
    const typo = await refused('editor', CREATE_CLAIM, claim('deathtol'));
    expect(typo).toEqual({
      __typename: 'ValidationError',
      message: 'input.property: unknown property "deathtol": did you mean "deathToll"? send newProperty: true to introduce it',
      issues: [{ path: ['input', 'property'], message: 'unknown property "deathtol": did you mean "deathToll"? send newProperty: true to introduce it' }],
    });
    // Named by a convention: accepted without the flag.
    expect((await ok('editor', CREATE_CLAIM, claim('executedCount'))).createClaim).toMatchObject({ __typename: 'ClaimPayload', claim: { property: 'executedCount' } });
    // Meant to be new.
    const created = (await ok('editor', CREATE_CLAIM, claim('zqExecutedOpponents', { newProperty: true }))).createClaim;
    expect(created).toMatchObject({ __typename: 'ClaimPayload', claim: { property: 'zqExecutedOpponents', version: 1 } });
    // Once in use, it needs no flag.
    expect((await ok('editor', CREATE_CLAIM, claim('zqExecutedOpponents'))).createClaim.__typename).toBe('ClaimPayload');
    const listed = ((await ok(null, PROPERTIES)).properties as Array<Record<string, any>>).find((property) => property.name === 'zqExecutedOpponents');
    expect(listed).toMatchObject({ known: false, claimCount: 2 });
    // A typo of a property in use is caught too.
    expect((await refused('editor', CREATE_CLAIM, claim('zqExecutedOponents'))).message).toContain('did you mean "zqExecutedOpponents"?');
  });

  it('updateClaim checks a changed property the same way', async () => {
    const created = (await ok('editor', CREATE_CLAIM, claim('deathToll'))).createClaim.claim;
    const UPDATE = `mutation ($id: ID!, $v: Int!, $property: String!, $newProperty: Boolean) { updateClaim(input: { id: $id, expectedVersion: $v, property: $property, newProperty: $newProperty }) {
      __typename ... on ClaimPayload { claim { property version } } ... on Error { message } } }`;
    const refusedUpdate = await refused('editor', UPDATE, { id: created.id, v: created.version, property: 'deathTol' });
    expect(refusedUpdate).toEqual({ __typename: 'ValidationError', message: expect.stringContaining('did you mean "deathToll"?') });
    const updated = await ok('editor', UPDATE, { id: created.id, v: created.version, property: 'deathTollInPrisons', newProperty: true });
    expect(updated.updateClaim).toEqual({ __typename: 'ClaimPayload', claim: { property: 'deathTollInPrisons', version: created.version + 1 } });
  });

  it('neither accepts nor suggests a property only a private collection uses', async () => {
    // In use in the vault, which the sample editor cannot read: unknown to that editor, and not named.
    const result = await refused('editor', CREATE_CLAIM, claim('zqVaultFigures'));
    expect(result.__typename).toBe('ValidationError');
    expect(result.message).not.toContain('zqVaultFigure"');
    expect(result.message).toBe('input.property: unknown property "zqVaultFigures": the properties query lists the known ones; send newProperty: true to introduce it');
  });
});

describe('edit distance and the closest property', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('deathtol', 'deathtoll')).toBe(1);
    expect(editDistance('abc', '')).toBe(3);
  });

  it('suggests only a close candidate, ignoring case', () => {
    const names = Object.keys(knownProperties);
    expect(closestProperty('deathtol', names)).toBe('deathToll');
    expect(closestProperty('DeathToll', names)).toBe('deathToll');
    expect(closestProperty('votShare', names)).toBe('voteShare');
    expect(closestProperty('religion', names)).toBeNull();
    expect(closestProperty('anything', [])).toBeNull();
  });
});

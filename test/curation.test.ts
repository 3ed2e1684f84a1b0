// Curation through GraphQL: typed errors that leave the database unchanged, merges, new versions,
// undo, and who may see and change what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '../src/services/seed.js';
import { createToken } from '../src/services/tokens.js';
import { createTestDatabase, expectRefusedUnchanged, testProvider, type TestDatabase } from './helpers/database.js';
import { createTestApp } from './helpers/graphql.js';

let t: TestDatabase;
let api: ReturnType<typeof createTestApp>;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const gid = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64');

beforeAll(async () => {
  t = await createTestDatabase();
  await loadSeed(t.db.prisma);
  api = createTestApp(t.db);
  const secret = await t.db.prisma.collection.create({ data: { slug: 'secret', name: 'Secret', visibility: 'PRIVATE' } });
  for (const [name, slug, role] of [
    ['reader', 'sample', 'READER'],
    ['editor', 'sample', 'EDITOR'],
    ['admin', 'sample', 'ADMIN'],
    ['secretEditor', 'secret', 'EDITOR'],
  ] as const) {
    tokens[name] = (await createToken(t.db.prisma, { collectionSlug: slug, role })).token;
  }
  ids.sample = gid('Collection', (await t.db.prisma.collection.findUniqueOrThrow({ where: { slug: 'sample' } })).id);
  ids.secret = gid('Collection', secret.id);
  for (const key of ['ebrahim-raisi', 'amnesty-international', 'massacre-1988', 'mohammad-mohaddessin', 'pmoi']) {
    const entity = await t.db.prisma.entity.findUniqueOrThrow({ where: { key } });
    ids[key] = gid(entity.type === 'PERSON' ? 'Person' : entity.type === 'EVENT' ? 'Event' : 'Organisation', entity.id);
  }
  ids.doc004 = gid('Document', (await t.db.prisma.document.findUniqueOrThrow({ where: { key: '004_33eb88c9cdc5cc6a' } })).id);
  ids.doc003 = gid('Document', (await t.db.prisma.document.findUniqueOrThrow({ where: { key: '003_212a217897430444' } })).id);
  const created = await as('secretEditor', `mutation ($c: ID!) { createDocument(input: { collection: $c, title: "Internal memo", text: "The memo names Ebrahim Raisi and a figure of 4,000." }) { __typename ... on DocumentPayload { document { id } } ... on Error { message } } }`, { c: ids.secret });
  ids.secretDoc = created.data.createDocument.document.id;
});
afterAll(async () => {
  await t.destroy();
});

async function as(who: string | null, query: string, variables?: Record<string, unknown>) {
  return api.execute(query, variables, who ? { authorization: `Bearer ${tokens[who]}` } : {});
}

/** A write refused with a typed error that changed nothing, the change log included. */
const refused = (who: string, query: string, variables: Record<string, unknown>) => expectRefusedUnchanged(t.db, () => as(who, query, variables));

const CREATE_CLAIM = `mutation ($input: CreateClaimInput!) { createClaim(input: $input) {
  __typename
  ... on ClaimPayload { claim { id valueText value { __typename ... on QuantityValue { lower upper } } span { exact start end } asserter { name } } }
  ... on Error { message }
  ... on ValidationError { issues { path message } }
  ... on NotFoundError { path id }
  ... on AnchorError { reason closest { start end exact } }
} }`;

const CREATE_MENTION = `mutation ($input: CreateMentionInput!) { createMention(input: $input) {
  __typename
  ... on CreateMentionPayload { mention { id span { exact start end } entity { name } status } }
  ... on Error { message }
  ... on AnchorError { reason closest { exact } }
} }`;

describe(`creating annotations (${testProvider})`, () => {
  it('creates a claim from a quote, normalises its value and records the change', async () => {
    const changes = await t.db.prisma.change.count();
    const response = await as('editor', CREATE_CLAIM, {
      input: {
        document: ids.doc004,
        subject: ids['massacre-1988'],
        property: 'deathToll',
        value: '30,000',
        selector: { quote: { exact: 'resulting in the death of 30,000 regime opponents' } },
      },
    });
    expect(response.data.createClaim).toMatchObject({
      __typename: 'ClaimPayload',
      claim: { valueText: '30,000', value: { __typename: 'QuantityValue', lower: 30000, upper: 30000 }, span: { exact: 'resulting in the death of 30,000 regime opponents' }, asserter: null },
    });
    expect(await t.db.prisma.change.count()).toBe(changes + 1);
    const history = await as(null, 'query ($id: ID!) { node(id: $id) { ... on Claim { history(first: 5) { totalCount edges { node { operation actor } } } } } }', { id: response.data.createClaim.claim.id });
    expect(history.data.node.history.edges[0].node).toMatchObject({ operation: 'createClaim', actor: expect.stringMatching(/^token:\d+$/) });
  });

  it('creates a mention from a position, and from a quote and position that agree', async () => {
    const body: string = (await as(null, 'query ($id: ID!) { node(id: $id) { ... on Document { body } } }', { id: ids.doc004 })).data.node.body;
    const start = body.indexOf('Khamenei');
    const byPosition = await as('editor', CREATE_MENTION, { input: { document: ids.doc004, entity: ids['ebrahim-raisi'], selector: { position: { start, end: start + 8 } }, status: 'SUGGESTED' } });
    expect(byPosition.data.createMention).toMatchObject({ mention: { span: { exact: 'Khamenei', start, end: start + 8 }, status: 'SUGGESTED' } });
    const both = await as('editor', CREATE_MENTION, {
      input: { document: ids.doc004, entity: ids['pmoi'], selector: { quote: { exact: 'Khamenei' }, position: { start, end: start + 8 } } },
    });
    expect(both.data.createMention.__typename).toBe('CreateMentionPayload');
  });
});

describe(`invalid input: a typed error and an unchanged database (${testProvider})`, () => {
  const claim = (overrides: Record<string, unknown>) => ({
    input: { document: ids.doc004, subject: ids['massacre-1988'], property: 'deathToll', value: '30,000', selector: { quote: { exact: 'the death of 30,000 regime opponents' } }, ...overrides },
  });

  it('an empty property', async () => {
    const result = await refused('editor', CREATE_CLAIM, claim({ property: '  ' }));
    expect(result).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'property'], message: 'must not be empty' }] });
  });

  it('a value that is not in the quoted span', async () => {
    const result = await refused('editor', CREATE_CLAIM, claim({ value: '40,000' }));
    expect(result).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'value'] }] });
  });

  it('a quote that is not in the text, with the closest match', async () => {
    const result = await refused('editor', CREATE_CLAIM, claim({ selector: { quote: { exact: 'the deaht of 30,000 regime oponents' } } }));
    expect(result).toMatchObject({ __typename: 'AnchorError', reason: 'not-found', closest: { exact: 'the death of 30,000 regime opponents' } });
  });

  it('an ambiguous quote', async () => {
    const result = await refused('editor', CREATE_CLAIM, claim({ value: 'PMOI', selector: { quote: { exact: 'PMOI' } } }));
    expect(result).toMatchObject({ __typename: 'AnchorError', reason: 'ambiguous' });
  });

  it('a position outside the text, and a position that disagrees with the quote', async () => {
    expect(await refused('editor', CREATE_CLAIM, claim({ selector: { position: { start: 10, end: 1_000_000 } } }))).toMatchObject({ __typename: 'AnchorError', reason: 'out-of-range' });
    expect(await refused('editor', CREATE_CLAIM, claim({ selector: { quote: { exact: 'the death of 30,000 regime opponents' }, position: { start: 0, end: 36 } } }))).toMatchObject({
      __typename: 'AnchorError',
      reason: 'mismatch',
    });
  });

  it('an unknown id, a malformed id and an id of the wrong type', async () => {
    expect(await refused('editor', CREATE_CLAIM, claim({ subject: gid('Event', 999999) }))).toMatchObject({ __typename: 'NotFoundError', path: ['input', 'subject'] });
    expect(await refused('editor', CREATE_CLAIM, claim({ subject: 'not-an-id' }))).toMatchObject({ __typename: 'NotFoundError', id: 'not-an-id' });
    expect(await refused('editor', CREATE_CLAIM, claim({ subject: ids.doc003 }))).toMatchObject({ __typename: 'NotFoundError', path: ['input', 'subject'] });
  });

  it('a subject that is not an entity is refused as the wrong type', async () => {
    expect(await refused('editor', CREATE_CLAIM, claim({ subject: ids.sample }))).toMatchObject({ __typename: 'NotFoundError' });
  });

  it('a cycle of organisation parents', async () => {
    const create = 'mutation ($name: String!, $parent: ID) { createOrganisation(input: { name: $name, parent: $parent }) { ... on CreateOrganisationPayload { organisation { id version: __typename } } } }';
    const a = (await as('editor', create, { name: 'Cycle A' })).data.createOrganisation.organisation.id;
    const b = (await as('editor', create, { name: 'Cycle B', parent: a })).data.createOrganisation.organisation.id;
    const result = await refused('editor', 'mutation ($id: ID!, $p: ID!) { updateEntity(input: { id: $id, expectedVersion: 1, parent: $p }) { __typename ... on ValidationError { issues { path message } } } }', { id: a, p: b });
    expect(result).toEqual({ __typename: 'ValidationError', issues: [{ path: ['input', 'parent'], message: 'organisation parents would form a cycle' }] });
  });

  it('duplicate names', async () => {
    const result = await refused('editor', 'mutation { createPerson(input: { name: "Jane Roe", aliases: [{ name: "jane  roe" }] }) { __typename ... on ValidationError { issues { path message } } } }', {});
    expect(result.issues[0]).toEqual({ path: ['input', 'aliases', '0', 'name'], message: 'duplicate name: "jane  roe" matches "Jane Roe"' });
    const existing = await refused('editor', 'mutation ($e: ID!) { addName(input: { entity: $e, name: "RAISI" }) { __typename ... on Error { message } } }', { e: ids['ebrahim-raisi'] });
    expect(existing).toMatchObject({ __typename: 'ConflictError', message: 'duplicate name: "RAISI" matches "Raisi" of Ebrahim Raisi' });
  });

  it('a cycle of citations cannot be made: a parent must already exist in the same document', async () => {
    const result = await refused('editor', 'mutation ($d: ID!, $p: ID!) { createCitation(input: { document: $d, kind: QUOTE, source: $p, parent: $p, selector: { quote: { exact: "Mohammad Mohaddessin" } } }) { __typename ... on NotFoundError { path } } }', {
      d: ids.doc004,
      p: ids['mohammad-mohaddessin'],
    });
    expect(result).toEqual({ __typename: 'NotFoundError', path: ['input', 'parent'] });
  });

  it('a citation made its own ancestor', async () => {
    const create = `mutation ($d: ID!, $s: ID!, $exact: String!, $parent: ID) { createCitation(input: { document: $d, kind: QUOTE, source: $s, parent: $parent, selector: { quote: { exact: $exact } } }) { ... on CreateCitationPayload { citation { id version: kind } } } }`;
    const outer = (await as('editor', create, { d: ids.doc004, s: ids['mohammad-mohaddessin'], exact: 'The impunity must end.' })).data.createCitation.citation.id;
    const inner = (await as('editor', create, { d: ids.doc004, s: ids.pmoi, exact: 'Inaction in the face of this crime', parent: outer })).data.createCitation.citation.id;
    const result = await refused('editor', 'mutation ($id: ID!, $p: ID!) { updateCitation(input: { id: $id, expectedVersion: 1, parent: $p }) { __typename ... on ValidationError { issues { path message } } } }', { id: outer, p: inner });
    expect(result).toEqual({ __typename: 'ValidationError', issues: [{ path: ['input', 'parent'], message: 'citation parents would form a cycle' }] });
  });

  it('a stale version of a mention, a duplicate alias, a collection that still holds documents', async () => {
    const mention = (await t.db.prisma.mention.findFirstOrThrow({ where: { document: { key: '004_33eb88c9cdc5cc6a' } } })).id;
    expect(await refused('editor', 'mutation ($id: ID!, $e: ID!) { updateMention(input: { id: $id, expectedVersion: 7, entity: $e }) { __typename ... on ConflictError { currentVersion } } }', { id: gid('Mention', mention), e: ids.pmoi })).toEqual({
      __typename: 'ConflictError',
      currentVersion: 1,
    });
    const alias = await t.db.prisma.entityName.findFirstOrThrow({ where: { name: 'Raisi' } });
    expect(await refused('editor', 'mutation ($id: ID!) { updateName(input: { id: $id, name: "Ebrahim  RAISI" }) { __typename ... on Error { message } } }', { id: gid('Name', alias.id) })).toMatchObject({ __typename: 'ConflictError' });
    expect(await refused('admin', 'mutation ($id: ID!) { deleteCollection(input: { id: $id }) { __typename ... on Error { message } } }', { id: ids.sample })).toMatchObject({
      __typename: 'ConflictError',
      message: 'collection "sample" still holds 5 documents: delete or move them first',
    });
  });

  it('a stale version (optimistic concurrency)', async () => {
    const raisi = (await as(null, 'query ($id: ID!) { node(id: $id) { ... on Person { name } } }', { id: ids['ebrahim-raisi'] })).data.node;
    expect(raisi.name).toBe('Ebrahim Raisi');
    const result = await refused('editor', 'mutation ($id: ID!) { updateEntity(input: { id: $id, expectedVersion: 99, description: "x" }) { __typename ... on ConflictError { message currentVersion } } }', { id: ids['ebrahim-raisi'] });
    expect(result).toEqual({ __typename: 'ConflictError', currentVersion: 1, message: 'Person was changed by someone else: it is at version 1, not 99; reload and retry' });
  });
});

describe(`merging entities (${testProvider})`, () => {
  it('moves names, mentions and claims, redirects the merged id, and unmerge restores every row', async () => {
    const dup = (await as('editor', 'mutation { createPerson(input: { name: "E. Raisi", aliases: [{ name: "Ayatollah Raisi" }] }) { ... on CreatePersonPayload { person { id } } } }')).data.createPerson.person.id;
    await as('editor', CREATE_MENTION, { input: { document: ids.doc003, entity: dup, selector: { quote: { exact: 'the head of the Iranian judiciary- Ebrahim Raisi' } } } });
    const snapshot = async () => ({
      names: await t.db.prisma.entityName.findMany({ orderBy: { id: 'asc' }, select: { id: true, entityId: true, name: true } }),
      mentions: await t.db.prisma.mention.findMany({ orderBy: { id: 'asc' }, select: { id: true, entityId: true, spanId: true } }),
      claims: await t.db.prisma.claim.findMany({ orderBy: { id: 'asc' }, select: { id: true, subjectId: true, asserterId: true, valueEntityId: true } }),
      entities: await t.db.prisma.entity.findMany({ orderBy: { id: 'asc' }, select: { id: true, name: true, mergedIntoId: true, parentId: true } }),
    });
    const before = await snapshot();
    const merged = await as('editor', 'mutation ($k: ID!, $m: ID!) { mergeEntities(input: { keep: $k, merge: $m, reason: "same person" }) { __typename ... on MergeEntitiesPayload { kept { name aliases } judgement { verdict actor } } } }', {
      k: ids['ebrahim-raisi'],
      m: dup,
    });
    expect(merged.data.mergeEntities).toMatchObject({ __typename: 'MergeEntitiesPayload', kept: { name: 'Ebrahim Raisi' }, judgement: { verdict: 'SAME' } });
    expect(merged.data.mergeEntities.kept.aliases).toContain('Ayatollah Raisi');
    const redirected = await as(null, 'query ($id: ID!) { node(id: $id) { id ... on Person { name mentions(first: 100) { totalCount } } } }', { id: dup });
    expect(redirected.data.node).toMatchObject({ id: ids['ebrahim-raisi'], name: 'Ebrahim Raisi' });
    const unmerged = await as('editor', 'mutation ($m: ID!) { unmergeEntities(input: { entity: $m }) { __typename ... on UnmergeEntitiesPayload { restored { name } } } }', { m: dup });
    expect(unmerged.data.unmergeEntities).toEqual({ __typename: 'UnmergeEntitiesPayload', restored: { name: 'E. Raisi' } });
    expect(await snapshot()).toEqual(before);
    expect((await as(null, 'query ($id: ID!) { node(id: $id) { id } }', { id: dup })).data.node.id).toBe(dup);
  });

  it('refuses to merge a pair judged NOT_SAME', async () => {
    const other = (await as('editor', 'mutation { createPerson(input: { name: "Raisi (footballer)" }) { ... on CreatePersonPayload { person { id } } } }')).data.createPerson.person.id;
    const judged = await as('editor', 'mutation ($a: ID!, $b: ID!) { judgeEntities(input: { a: $a, b: $b, verdict: NOT_SAME, reason: "different people" }) { __typename } }', { a: ids['ebrahim-raisi'], b: other });
    expect(judged.data.judgeEntities.__typename).toBe('JudgeEntitiesPayload');
    const result = await refused('editor', 'mutation ($k: ID!, $m: ID!) { mergeEntities(input: { keep: $k, merge: $m }) { __typename ... on ConflictError { message } } }', { k: ids['ebrahim-raisi'], m: other });
    expect(result.message).toMatch(/judged Ebrahim Raisi and Raisi \(footballer\) NOT_SAME/);
  });
});

describe(`a new document version (${testProvider})`, () => {
  it('re-anchors every span it can and orphans, never deletes, the others', async () => {
    const document = await t.db.prisma.document.findUniqueOrThrow({ where: { key: '004_33eb88c9cdc5cc6a' }, include: { versions: { orderBy: { number: 'desc' }, take: 1 } } });
    const raw = document.versions[0]!.rawText;
    const cut = raw.indexOf('He mentioned that nearly 3,000');
    const next = `Editor's note: updated.\n\n${raw.slice(0, cut)}${raw.slice(raw.indexOf('\n', cut) + 1)}`;
    const originalStarts = new Map((await t.db.prisma.span.findMany({ where: { documentId: document.id } })).map((span) => [span.id, span.start]));
    const spansBefore = originalStarts.size;
    const claimsBefore = await t.db.prisma.claim.count({ where: { documentId: document.id } });
    const response = await as('editor', 'mutation ($d: ID!, $text: String!) { addDocumentVersion(input: { document: $d, text: $text }) { __typename ... on AddDocumentVersionPayload { version { number body } spans { anchored reanchored orphaned } } ... on Error { message } } }', {
      d: ids.doc004,
      text: next,
    });
    const payload = response.data.addDocumentVersion;
    expect(payload.__typename).toBe('AddDocumentVersionPayload');
    expect(payload.version.number).toBe(2);
    expect(payload.spans.orphaned).toBeGreaterThan(0);
    expect(payload.spans.reanchored).toBeGreaterThan(10);
    expect(await t.db.prisma.span.count({ where: { documentId: document.id } })).toBe(spansBefore);
    expect(await t.db.prisma.claim.count({ where: { documentId: document.id } })).toBe(claimsBefore);
    const spans = await t.db.prisma.span.findMany({ where: { documentId: document.id }, include: { version: true } });
    for (const span of spans) {
      if (span.status === 'ORPHANED') expect(span.version.number).toBe(1);
      else expect(span.version.body.slice(span.start, span.end)).toBe(span.exact);
    }
    const orphan = spans.find((span) => span.status === 'ORPHANED')!;
    expect(orphan.exact).toMatch(/3,000|Rouhani|He mentioned/);
    const history = await as(null, 'query ($id: ID!) { node(id: $id) { ... on Span { status version { number } anchors { version { number } start end status } } } }', { id: gid('Span', orphan.id) });
    expect(history.data.node).toEqual({ status: 'ORPHANED', version: { number: 1 }, anchors: [{ version: { number: 2 }, start: null, end: null, status: 'ORPHANED' }] });
    const moved = spans.find((span) => span.status === 'REANCHORED')!;
    const movedHistory = await as(null, 'query ($id: ID!) { node(id: $id) { ... on Span { start version { number } anchors { version { number } start status } } } }', { id: gid('Span', moved.id) });
    expect(movedHistory.data.node.version.number).toBe(2);
    expect(movedHistory.data.node.anchors).toEqual([{ version: { number: 1 }, start: originalStarts.get(moved.id), status: 'ANCHORED' }]);
  });
});

describe(`undo and history (${testProvider})`, () => {
  it('undoes an update, restoring the fields, and records the undo', async () => {
    const created = await as('editor', 'mutation { createEvent(input: { name: "Hearing", start: { year: 2020 } }) { ... on CreateEventPayload { event { id } } } }');
    const id = created.data.createEvent.event.id;
    await as('editor', 'mutation ($id: ID!) { updateEntity(input: { id: $id, expectedVersion: 1, name: "Public hearing" }) { __typename } }', { id });
    const history = await as(null, 'query ($id: ID!) { node(id: $id) { ... on Event { name history(first: 5) { edges { node { id operation } } } } } }', { id });
    expect(history.data.node.name).toBe('Public hearing');
    const [last] = history.data.node.history.edges.map((edge: any) => edge.node);
    expect(last.operation).toBe('updateEntity');
    const undone = await as('editor', 'mutation ($c: ID!) { undo(input: { change: $c }) { __typename ... on Change { operation } ... on Error { message } } }', { c: last.id });
    expect(undone.data.undo).toEqual({ __typename: 'Change', operation: 'undo:updateEntity' });
    expect((await as(null, 'query ($id: ID!) { node(id: $id) { ... on Event { name } } }', { id })).data.node.name).toBe('Hearing');
  });

  it('refuses to undo a change that is not the last of its node', async () => {
    const created = await as('editor', 'mutation { createPerson(input: { name: "Undo Tester" }) { ... on CreatePersonPayload { person { id } } } }');
    const id = created.data.createPerson.person.id;
    await as('editor', 'mutation ($id: ID!) { updateEntity(input: { id: $id, expectedVersion: 1, description: "x" }) { __typename } }', { id });
    const first = (await as(null, 'query ($id: ID!) { node(id: $id) { ... on Person { history(first: 5) { edges { node { id operation } } } } } }', { id })).data.node.history.edges.at(-1).node;
    expect(first.operation).toBe('createPerson');
    const result = await refused('editor', 'mutation ($c: ID!) { undo(input: { change: $c }) { __typename ... on Error { message } } }', { c: first.id });
    expect(result).toEqual({ __typename: 'ConflictError', message: 'only the last change of a node can be undone: undo the later ones first' });
  });
});

describe(`access (${testProvider})`, () => {
  const seen = async (who: string | null) => {
    const response = await as(who, 'query ($secret: ID!) { documents { totalCount } claims { totalCount } mentions(filter: {}) { totalCount } collections { totalCount } secret: node(id: $secret) { id } }', { secret: ids.secretDoc });
    expect(response.errors).toBeUndefined();
    return response.data;
  };

  it.each([
    [null, 5, null],
    ['reader', 5, null],
    ['editor', 5, null],
    ['admin', 5, null],
    ['secretEditor', 6, 'visible'],
  ])('%s sees %i documents; the private one: %s', async (who, documents, secret) => {
    const data = await seen(who);
    expect(data.documents.totalCount).toBe(documents);
    expect(data.collections.totalCount).toBe(documents === 6 ? 2 : 1);
    expect(data.secret === null ? null : 'visible').toBe(secret);
  });

  it('hides claims made in the private document from everyone else', async () => {
    const count = async (who: string | null) => (await as(who, '{ claims { totalCount } }')).data.claims.totalCount;
    const before = { anonymous: await count(null), editor: await count('editor'), secret: await count('secretEditor') };
    const created = await as('secretEditor', CREATE_CLAIM, {
      input: { document: ids.secretDoc, subject: ids['massacre-1988'], property: 'deathToll', value: '4,000', selector: { quote: { exact: 'a figure of 4,000' } } },
    });
    expect(created.data.createClaim.__typename).toBe('ClaimPayload');
    expect({ anonymous: await count(null), editor: await count('editor'), secret: await count('secretEditor') }).toEqual({ ...before, secret: before.secret + 1 });
    const claimId = created.data.createClaim.claim.id;
    expect((await as(null, 'query ($id: ID!) { node(id: $id) { id } }', { id: claimId })).data.node).toBeNull();
    expect((await as('secretEditor', 'query ($id: ID!) { node(id: $id) { id } }', { id: claimId })).data.node).toEqual({ id: claimId });
    const tolls = async (who: string | null) =>
      (await as(who, 'query ($s: ID!) { compare(subject: $s, property: "deathToll") { claims(first: 100) { edges { node { valueText } } } } }', { s: ids['massacre-1988'] })).data.compare.claims.edges.map((edge: any) => edge.node.valueText);
    expect(await tolls(null)).not.toContain('4,000');
    expect(await tolls('secretEditor')).toContain('4,000');
  });

  it('hides the private document from filters, node lookups and mentions for others', async () => {
    const raisiDocs = async (who: string | null) =>
      (await as(who, 'query ($e: ID!) { documents(filter: { mentions: $e }) { totalCount } }', { e: ids['ebrahim-raisi'] })).data.documents.totalCount;
    await as('secretEditor', CREATE_MENTION, { input: { document: ids.secretDoc, entity: ids['ebrahim-raisi'], selector: { quote: { exact: 'Ebrahim Raisi' } } } });
    expect(await raisiDocs(null)).toBe(await raisiDocs('editor'));
    expect(await raisiDocs('secretEditor')).toBe((await raisiDocs(null)) + 1);
  });

  const writes: Array<[string, string | null, string]> = [
    ['anonymous cannot create a person', null, 'ForbiddenError'],
    ['a reader cannot create a person', 'reader', 'ForbiddenError'],
    ['an editor can create a person', 'editor', 'CreatePersonPayload'],
  ];
  it.each(writes)('%s', async (_name, who, typename) => {
    const response = await as(who, 'mutation { createPerson(input: { name: "Access Test Person" }) { __typename } }');
    expect(response.data.createPerson.__typename).toBe(typename);
    if (typename === 'CreatePersonPayload') await t.db.prisma.entity.deleteMany({ where: { name: 'Access Test Person' } });
  });

  it('an editor of one collection cannot annotate another, and cannot even see a private one', async () => {
    const onSample = await refused('secretEditor', CREATE_MENTION, { input: { document: ids.doc004, entity: ids.pmoi, selector: { quote: { exact: 'Khamenei and his accomplices' } } } });
    expect(onSample.__typename).toBe('ForbiddenError');
    const onSecret = await refused('editor', CREATE_MENTION, { input: { document: ids.secretDoc, entity: ids.pmoi, selector: { quote: { exact: 'memo' } } } });
    expect(onSecret.__typename).toBe('NotFoundError');
  });

  it('collections need an admin', async () => {
    const create = 'mutation ($slug: String!) { createCollection(input: { slug: $slug, name: "New" }) { __typename } }';
    expect((await as('editor', create, { slug: 'by-editor' })).data.createCollection.__typename).toBe('ForbiddenError');
    expect((await as('admin', create, { slug: 'by-admin' })).data.createCollection.__typename).toBe('CollectionPayload');
  });

  it('the GraphiQL mutation example is refused without a token and works with an editor’s', async () => {
    const { exampleQueries } = await import('../src/graphiql-examples.js');
    const run = async (headers: Record<string, string>) => {
      const response = await api.app.fetch('http://crosscheck.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: exampleQueries, operationName: 'AddAPerson' }),
      });
      return ((await response.json()) as any).data.createPerson;
    };
    expect(await run({})).toMatchObject({ __typename: 'ForbiddenError' });
    const created = await run({ authorization: `Bearer ${tokens.editor}` });
    expect(created).toMatchObject({ __typename: 'CreatePersonPayload', person: { name: 'Geoffrey Robertson', aliases: ['Robertson'] } });
    expect(created.person.history.edges[0].node.operation).toBe('createPerson');
  });

  it('refuses an invalid token with 401', async () => {
    const response = await api.execute('{ documents { totalCount } }', undefined, { authorization: 'Bearer cc_not-a-real-token' });
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.message).toMatch(/^Invalid or revoked token/);
  });

  it('search finds the private document only for its editor', async () => {
    const hits = async (who: string | null) => (await as(who, '{ search(query: "memo", types: [DOCUMENT]) { totalCount } }')).data.search.totalCount;
    expect(await hits(null)).toBe(0);
    expect(await hits('editor')).toBe(0);
    expect(await hits('secretEditor')).toBe(1);
  });

  it('never shows changes in a private collection to others', async () => {
    const changes = async (who: string | null) => (await as(who, '{ changes(first: 100) { totalCount } }')).data.changes.totalCount;
    expect(await changes('secretEditor')).toBeGreaterThan(await changes(null));
  });
});

describe(`unnamed sources and speculation (${testProvider})`, () => {
  const CLAIM_FIELDS = 'id version modality asserterDescription asserter { name } citation { id sourceDescription source { __typename } }';

  it('records a citation of an unnamed source and a speculation attributed to it; undo restores the description', async () => {
    const citation = await as('editor', 'mutation ($d: ID!) { createCitation(input: { document: $d, kind: PARAPHRASE, sourceDescription: " officials ", selector: { quote: { exact: "The impunity must end." } } }) { __typename ... on CreateCitationPayload { citation { id sourceDescription source { __typename } } } ... on Error { message } } }', { d: ids.doc004 });
    expect(citation.data.createCitation).toMatchObject({ __typename: 'CreateCitationPayload', citation: { sourceDescription: 'officials', source: null } });
    const citationId = citation.data.createCitation.citation.id;
    const created = await as('editor', `mutation ($input: CreateClaimInput!) { createClaim(input: $input) { __typename ... on ClaimPayload { claim { ${CLAIM_FIELDS} } } ... on Error { message } } }`, {
      input: { document: ids.doc004, subject: ids['massacre-1988'], property: 'deathToll', value: '30,000', modality: 'SPECULATES', asserterDescription: 'officials', citation: citationId, selector: { quote: { exact: 'the death of 30,000 regime opponents' } } },
    });
    expect(created.data.createClaim).toMatchObject({ __typename: 'ClaimPayload', claim: { modality: 'SPECULATES', asserterDescription: 'officials', asserter: null, citation: { id: citationId, sourceDescription: 'officials' } } });
    const claimId = created.data.createClaim.claim.id;

    const updated = await as('editor', 'mutation ($id: ID!) { updateClaim(input: { id: $id, expectedVersion: 1, asserterDescription: "a spokesman for the ministry" }) { __typename ... on ClaimPayload { claim { asserterDescription version } } } }', { id: claimId });
    expect(updated.data.updateClaim).toEqual({ __typename: 'ClaimPayload', claim: { asserterDescription: 'a spokesman for the ministry', version: 2 } });
    const history = await as(null, 'query ($id: ID!) { node(id: $id) { ... on Claim { history(first: 1) { edges { node { id operation } } } } } }', { id: claimId });
    const [last] = history.data.node.history.edges.map((edge: any) => edge.node);
    expect(last.operation).toBe('updateClaim');
    expect((await as('editor', 'mutation ($c: ID!) { undo(input: { change: $c }) { __typename } }', { c: last.id })).data.undo.__typename).toBe('Change');
    expect((await as(null, 'query ($id: ID!) { node(id: $id) { ... on Claim { asserterDescription modality } } }', { id: claimId })).data.node).toEqual({ asserterDescription: 'officials', modality: 'SPECULATES' });

    // The citation's description changes and clears; with nothing left it needs a source or a work.
    const changed = await as('editor', 'mutation ($id: ID!) { updateCitation(input: { id: $id, expectedVersion: 1, sourceDescription: "human rights groups" }) { __typename ... on UpdateCitationPayload { citation { sourceDescription } } } }', { id: citationId });
    expect(changed.data.updateCitation).toEqual({ __typename: 'UpdateCitationPayload', citation: { sourceDescription: 'human rights groups' } });
    const cleared = await refused('editor', 'mutation ($id: ID!) { updateCitation(input: { id: $id, expectedVersion: 2, sourceDescription: null }) { __typename ... on ValidationError { issues { path message } } } }', { id: citationId });
    expect(cleared).toEqual({ __typename: 'ValidationError', issues: [{ path: ['input', 'source'], message: 'a citation needs a source, a sourceDescription or a work' }] });
  });

  it('refuses a claim that names an asserter and describes one', async () => {
    const claim = { document: ids.doc004, subject: ids['massacre-1988'], property: 'deathToll', value: '30,000', selector: { quote: { exact: 'the death of 30,000 regime opponents' } } };
    const both = await refused('editor', 'mutation ($input: CreateClaimInput!) { createClaim(input: $input) { __typename ... on ValidationError { issues { path message } } } }', {
      input: { ...claim, asserter: ids['amnesty-international'], asserterDescription: 'officials' },
    });
    expect(both).toEqual({ __typename: 'ValidationError', issues: [{ path: ['input', 'asserterDescription'], message: 'a claim names either an asserter entity or an asserterDescription (an unnamed source), not both' }] });
    const named = await as('editor', 'mutation ($input: CreateClaimInput!) { createClaim(input: $input) { ... on ClaimPayload { claim { id modality } } } }', { input: { ...claim, asserter: ids['amnesty-international'] } });
    expect(named.data.createClaim.claim.modality).toBe('REPORTS');
    const described = await refused('editor', 'mutation ($id: ID!) { updateClaim(input: { id: $id, expectedVersion: 1, asserterDescription: "officials" }) { __typename ... on ValidationError { issues { path } } } }', { id: named.data.createClaim.claim.id });
    expect(described).toEqual({ __typename: 'ValidationError', issues: [{ path: ['input', 'asserterDescription'] }] });
  });
});

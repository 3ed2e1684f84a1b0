// Filters, ordering and pagination edges of the read API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '../src/services/seed.js';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/database.js';
import { createCorpus, type Corpus } from './helpers/fixtures.js';
import { createTestApp, type GraphQLResponse } from './helpers/graphql.js';

let t: TestDatabase;
let api: ReturnType<typeof createTestApp>;
let corpus: Corpus;
const ids: Record<string, string> = {};

const globalId = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64');

beforeAll(async () => {
  t = await createTestDatabase();
  await loadSeed(t.db.prisma);
  corpus = await createCorpus(t.db, { documents: 12, persons: 4 });
  api = createTestApp(t.db);
  for (const key of ['ebrahim-raisi', 'amnesty-international', 'mek-iran-com', 'massacre-1988', 'pmoi']) {
    const entity = await t.db.prisma.entity.findUniqueOrThrow({ where: { key } });
    ids[key] = globalId(entity.type === 'PERSON' ? 'Person' : entity.type === 'EVENT' ? 'Event' : 'Organisation', entity.id);
  }
  const sample = await t.db.prisma.collection.findUniqueOrThrow({ where: { slug: 'sample' } });
  ids.sample = globalId('Collection', sample.id);
  ids.synthetic = globalId('Collection', corpus.collectionId);
});
afterAll(async () => {
  await t.destroy();
});

async function ok(query: string, variables?: Record<string, unknown>) {
  const response = await api.execute(query, variables);
  expect(response.errors).toBeUndefined();
  return response.data;
}

const documentKeys = async (filter: Record<string, unknown>) => {
  const data = await ok('query ($filter: DocumentFilter) { documents(first: 100, filter: $filter) { totalCount edges { node { key title } } } }', { filter });
  expect(data.documents.totalCount).toBe(data.documents.edges.length);
  return data.documents.edges.map((edge: any) => edge.node.key ?? edge.node.title);
};

describe(`document filters (${testProvider})`, () => {
  it('by collection', async () => {
    expect(await documentKeys({ collection: ids.sample })).toHaveLength(5);
    expect(await documentKeys({ collection: ids.synthetic })).toHaveLength(12);
  });

  it('by publisher', async () => {
    expect(await documentKeys({ publisher: ids['mek-iran-com'] })).toEqual(['000_6d25083f449ee9b4', '001_109364da2bc28811', '002_ef5df5d5046c4c46', '003_212a217897430444']);
  });

  it('by kind and language', async () => {
    expect(await documentKeys({ collection: ids.synthetic, kind: ['REPORT'] })).toEqual(['Document 00000', 'Document 00005', 'Document 00010']);
    expect(await documentKeys({ collection: ids.sample, language: 'en' })).toHaveLength(5);
    expect(await documentKeys({ collection: ids.sample, language: 'fr' })).toEqual([]);
  });

  it('by publication date range, inclusive of whole years and months', async () => {
    // Document i of the synthetic corpus is published in year 1980 + i, month i + 1.
    expect(await documentKeys({ publishedFrom: '1985', publishedTo: '1987' })).toEqual(['Document 00005', 'Document 00006', 'Document 00007']);
    expect(await documentKeys({ publishedFrom: '1983-04', publishedTo: '1983-04' })).toEqual(['Document 00003']);
    expect(await documentKeys({ publishedFrom: '1983-05' })).toHaveLength(8);
  });

  it('refuses a malformed date with a clear message', async () => {
    const response = await api.execute('{ documents(filter: { publishedFrom: "July 1988" }) { totalCount } }');
    expect(response.errors?.[0]?.message).toBe('publishedFrom must be a partial date like "1988", "1988-07" or "1988-07-19", got "July 1988".');
  });

  it('by mentioned entity and by cited source', async () => {
    expect(await documentKeys({ mentions: ids['ebrahim-raisi'] })).toEqual(['001_109364da2bc28811', '002_ef5df5d5046c4c46', '003_212a217897430444']);
    expect(await documentKeys({ cites: ids['amnesty-international'] })).toEqual(expect.arrayContaining(['001_109364da2bc28811']));
    expect(await documentKeys({ cites: ids['amnesty-international'] })).not.toContain('004_33eb88c9cdc5cc6a');
  });

  it('refuses an id of the wrong type', async () => {
    const response = await api.execute('query ($id: ID!) { documents(filter: { publisher: $id }) { totalCount } }', { id: ids['ebrahim-raisi'] });
    expect(response.errors?.[0]?.message).toMatch(/is not of type: Organisation/);
  });
});

describe(`claim, mention and entity filters (${testProvider})`, () => {
  const claims = async (filter: Record<string, unknown>) =>
    (await ok('query ($filter: ClaimFilter) { claims(first: 100, filter: $filter) { totalCount edges { node { valueText asserter { name } modality property } } } }', { filter })).claims;

  it('by subject and property', async () => {
    const tolls = await claims({ subject: ids['massacre-1988'], property: 'deathToll' });
    expect(new Set(tolls.edges.map((edge: any) => edge.node.valueText))).toEqual(
      new Set(['30,000', '30,000 or more', 'about 30,000', 'tens of thousands', 'several thousand', 'thousands']),
    );
  });

  it('by asserter, by own voice, by modality', async () => {
    const amnesty = await claims({ asserter: ids['amnesty-international'] });
    expect(amnesty.edges.map((edge: any) => edge.node.valueText)).toContain('several thousand');
    expect(amnesty.edges.every((edge: any) => edge.node.asserter.name === 'Amnesty International')).toBe(true);
    const own = await claims({ ownVoice: true, subject: ids['massacre-1988'], property: 'deathToll' });
    expect(own.edges.every((edge: any) => edge.node.asserter === null)).toBe(true);
    expect(own.edges.map((edge: any) => edge.node.valueText)).not.toContain('several thousand');
    const estimates = await claims({ modality: ['ESTIMATES'], property: 'deathToll' });
    expect(estimates.edges.map((edge: any) => edge.node.valueText)).toEqual(['30,000 or more']);
  });

  it('by document', async () => {
    const document = (await ok('{ documents(first: 1, filter: { kind: [ARTICLE] }) { edges { node { id claims(first: 100) { totalCount } } } } }')).documents.edges[0].node;
    expect((await claims({ document: document.id })).totalCount).toBe(document.claims.totalCount);
  });

  it('mentions by status', async () => {
    const confirmed = await ok('{ mentions(filter: { status: [CONFIRMED] }) { totalCount } suggested: mentions(filter: { status: [SUGGESTED] }) { totalCount } }');
    expect(confirmed.mentions.totalCount).toBeGreaterThan(100);
    expect(confirmed.suggested.totalCount).toBe(0);
  });

  it('entities by name, ignoring case and accents, aliases included', async () => {
    const names = async (name: string) =>
      (await ok('query ($name: String!) { entities(first: 20, filter: { name: $name }) { edges { node { __typename name } } } }', { name })).entities.edges.map(
        (edge: any) => edge.node.name,
      );
    expect(await names('rais')).toEqual(['Ebrahim Raisi']);
    expect(await names('RAISI')).toEqual(['Ebrahim Raisi']);
    expect(await names('MEK')).toContain('People’s Mojahedin Organization of Iran');
    expect(await names('Mojāhedin')).toContain('People’s Mojahedin Organization of Iran');
    expect(await names('peoples mujahedin of iran')).toEqual(['People’s Mojahedin Organization of Iran']);
    const persons = await ok('{ persons(first: 5, filter: { name: "khomeini" }) { totalCount edges { node { name } } } }');
    expect(persons.persons).toEqual({ totalCount: 1, edges: [{ node: { name: 'Ruhollah Khomeini' } }] });
  });
});

describe(`ordering (${testProvider})`, () => {
  it('orders documents by title either way, with the id breaking ties', async () => {
    const titles = async (direction: string) =>
      (await ok(`{ documents(first: 100, orderBy: { field: TITLE, direction: ${direction} }) { edges { node { title } } } }`)).documents.edges.map((edge: any) => edge.node.title);
    const ascending = await titles('ASC');
    expect(ascending).toEqual([...ascending].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(await titles('DESC')).toEqual([...ascending].reverse());
  });

  it('orders by publication date, undated documents last', async () => {
    const data = await ok('{ documents(first: 100, orderBy: { field: PUBLISHED, direction: DESC }) { edges { node { title published { year } } } } }');
    const years = data.documents.edges.map((edge: any) => edge.node.published?.year ?? null);
    expect(years.slice(0, 12)).toEqual([...years.slice(0, 12)].sort((a: number, b: number) => b - a));
    expect(years.slice(12).every((year: number | null) => year === null)).toBe(true);
  });

  it('pages through a title ordering without repeating or skipping', async () => {
    const all = (await ok('{ documents(first: 100, orderBy: { field: TITLE }) { edges { node { id } } } }')).documents.edges.map((edge: any) => edge.node.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await ok('query ($after: String) { documents(first: 5, after: $after, orderBy: { field: TITLE }) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }', { after })).documents;
      seen.push(...page.edges.map((edge: any) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
  });
});

describe(`pagination edges (${testProvider})`, () => {
  const page = `query ($first: Int, $last: Int, $after: String, $before: String, $filter: DocumentFilter) {
    documents(first: $first, last: $last, after: $after, before: $before, filter: $filter) {
      totalCount edges { cursor node { title } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    } }`;
  const synthetic = () => ({ collection: ids.synthetic });

  it('an empty result is an empty page', async () => {
    const data = await ok(page, { first: 5, filter: { language: 'xx' } });
    expect(data.documents).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
  });

  it('the last page says there is no next one', async () => {
    const first = (await ok(page, { first: 10, filter: synthetic() })).documents;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const last = (await ok(page, { first: 10, after: first.pageInfo.endCursor, filter: synthetic() })).documents;
    expect(last.edges.map((edge: any) => edge.node.title)).toEqual(['Document 00010', 'Document 00011']);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(last.totalCount).toBe(12);
  });

  it('after the last item is an empty page', async () => {
    const all = (await ok(page, { first: 12, filter: synthetic() })).documents;
    const beyond = (await ok(page, { first: 5, after: all.pageInfo.endCursor, filter: synthetic() })).documents;
    expect(beyond.edges).toEqual([]);
    expect(beyond.pageInfo.hasNextPage).toBe(false);
  });

  it('last and before page backwards', async () => {
    const tail = (await ok(page, { last: 3, filter: synthetic() })).documents;
    expect(tail.edges.map((edge: any) => edge.node.title)).toEqual(['Document 00009', 'Document 00010', 'Document 00011']);
    expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = (await ok(page, { last: 2, before: tail.pageInfo.startCursor, filter: synthetic() })).documents;
    expect(before.edges.map((edge: any) => edge.node.title)).toEqual(['Document 00007', 'Document 00008']);
  });

  it('defaults to 20 items', async () => {
    expect((await ok(page, {})).documents.edges).toHaveLength(17);
    expect((await ok('{ mentions { edges { cursor } } }')).mentions.edges).toHaveLength(20);
  });

  it.each([
    [{ first: 0 }, 'Argument "first" must be between 1 and 100, got 0.'],
    [{ first: 101 }, 'Argument "first" must be between 1 and 100, got 101.'],
    [{ last: 500 }, 'Argument "last" must be between 1 and 100, got 500.'],
    [{ first: -1 }, 'Argument "first" must be between 1 and 100, got -1.'],
  ])('refuses %o before execution (a request error: 400, no data)', async (variables, message) => {
    const response = await api.execute(page, variables);
    expect(response.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([[message, 'BAD_USER_INPUT']]);
    expect(response.status).toBe(400);
    expect(response).not.toHaveProperty('data');
  });

  it('applies the same limit to nested connections', async () => {
    const response = await api.execute('{ documents(first: 1) { edges { node { mentions(first: 1000) { totalCount } } } } }');
    expect(response.errors?.[0]?.message).toBe('Argument "first" must be between 1 and 100, got 1000.');
  });

  it('refuses a bad cursor with a clear error', async () => {
    const response = await api.execute(page, { first: 5, after: 'not-a-cursor' });
    expect(response.errors?.[0]?.message).toMatch(/^Invalid cursor/);
    expect(response.errors?.[0]?.message).not.toBe('Unexpected error.');
  });
});

// totalCount of Document.mentions/claims and Entity.mentions/claims is counted per page of parents
// (one bounded statement, src/schema/connections.ts), not folded into the parents' query: it must
// agree with the root connections, apply the field's filters, and see only visible documents.
describe(`related totalCount (${testProvider})`, () => {
  const decode = (id: string) => Number(Buffer.from(id, 'base64').toString().split(':')[1]);

  it('each document of a page gets its own mention and claim counts, with filters', async () => {
    const page = await ok('{ documents(first: 100) { edges { node { id mentions(first: 1) { totalCount } confirmed: mentions(first: 1, status: [CONFIRMED]) { totalCount } suggested: mentions(status: [SUGGESTED]) { totalCount } claims(first: 1) { totalCount } tolls: claims(filter: { property: "deathToll" }) { totalCount edges { node { property } } } } } } }');
    expect(page.documents.edges.length).toBeGreaterThan(10);
    for (const { node } of page.documents.edges) {
      const root = await ok('query ($d: ID!) { mentions(filter: { document: $d }) { totalCount } claims(filter: { document: $d }) { totalCount } tolls: claims(first: 100, filter: { document: $d, property: "deathToll" }) { totalCount } }', { d: node.id });
      expect(node.mentions.totalCount).toBe(root.mentions.totalCount);
      expect(node.confirmed.totalCount).toBe(root.mentions.totalCount);
      expect(node.suggested.totalCount).toBe(0);
      expect(node.claims.totalCount).toBe(root.claims.totalCount);
      expect(node.tolls.totalCount).toBe(root.tolls.totalCount);
      expect(node.tolls.edges.every((edge: any) => edge.node.property === 'deathToll')).toBe(true);
    }
    expect(page.documents.edges.some(({ node }: any) => node.tolls.totalCount > 0)).toBe(true);
  });

  it('an entity counts its mentions and claims, with filters; its claims come by document, then in recorded order', async () => {
    const data = await ok('query ($id: ID!) { node(id: $id) { ... on Event { mentions(first: 1) { totalCount } none: mentions(status: [SUGGESTED]) { totalCount } claims(first: 100) { totalCount edges { node { id document { id } } } } tolls: claims(first: 1, filter: { property: "deathToll", modality: [ASSERTS, REPORTS, ESTIMATES] }) { totalCount } } } }', { id: ids['massacre-1988'] });
    const root = await ok('query ($id: ID!) { mentions(filter: { entity: $id }) { totalCount } claims(filter: { subject: $id }) { totalCount } tolls: claims(filter: { subject: $id, property: "deathToll", modality: [ASSERTS, REPORTS, ESTIMATES] }) { totalCount } }', { id: ids['massacre-1988'] });
    expect(data.node.mentions.totalCount).toBe(root.mentions.totalCount);
    expect(data.node.none.totalCount).toBe(0);
    expect(data.node.claims.totalCount).toBe(root.claims.totalCount);
    expect(data.node.claims.edges).toHaveLength(root.claims.totalCount);
    expect(data.node.tolls.totalCount).toBe(root.tolls.totalCount);
    expect(root.tolls.totalCount).toBeGreaterThan(0);
    const order = data.node.claims.edges.map((edge: any) => [decode(edge.node.document.id), decode(edge.node.id)]);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  });

  it('counts only what the caller may read', async () => {
    const hidden = await createCorpus(t.db, { documents: 3, persons: 3, slug: 'hidden' });
    await t.db.prisma.collection.update({ where: { id: hidden.collectionId }, data: { visibility: 'PRIVATE' } });
    const person = globalId('Person', hidden.personIds[0]!);
    const data = await ok('query ($id: ID!) { node(id: $id) { ... on Person { mentions { totalCount edges { node { id } } } claims { totalCount edges { node { id } } } } } }', { id: person });
    expect(await t.db.prisma.mention.count({ where: { entityId: hidden.personIds[0]! } })).toBeGreaterThan(0);
    expect(data.node).toEqual({ mentions: { totalCount: 0, edges: [] }, claims: { totalCount: 0, edges: [] } });
  });
});

// A page of `documents` without filter or order goes through one driver read (leanDocumentsPage),
// everything else through Prisma: both must answer alike.
describe(`the lean documents page (${testProvider})`, () => {
  it('returns what Prisma returns, page after page', async () => {
    const { leanDocumentsPage } = await import('../src/schema/document.js');
    const { anonymous } = await import('../src/context.js');
    const ctx = { db: t.db, viewer: anonymous };
    const where = { collection: { visibility: 'PUBLIC' as const } };
    const queries: Array<{ take: number; skip?: number; cursor?: { id: number }; include?: { publisher: true } }> = [{ take: 6, include: { publisher: true } }, { take: 6, skip: 1, cursor: { id: 3 }, include: { publisher: true } }, { take: 4, skip: 2 }, { take: 3, skip: 1, cursor: { id: 12 } }];
    for (const query of queries) {
      const lean = await leanDocumentsPage(ctx, query);
      expect(lean).toEqual(await t.db.prisma.document.findMany({ ...query, where, orderBy: { id: 'asc' } }));
      expect(lean!.length).toBeGreaterThan(0);
    }
    expect(await leanDocumentsPage(ctx, { take: 3, skip: 1, cursor: { id: 999_999 } })).toEqual([]);
    expect(await leanDocumentsPage(ctx, { take: 3, include: { publisher: { include: { names: true } } } })).toBeUndefined();
    expect(await leanDocumentsPage(ctx, { take: 3, include: { versions: true } })).toBeUndefined();
    expect(await leanDocumentsPage(ctx, { take: -3 })).toBeUndefined();
  });

  it('answers a page like the Prisma path does', async () => {
    const query = `query ($filter: DocumentFilter, $after: String) { documents(first: 7, after: $after, filter: $filter) { pageInfo { hasNextPage endCursor } edges { cursor node {
      id key title kind language url published { year month day text } retrievedAt contentHash notes createdAt
      publisher { id name type description aliases } mentions(first: 1) { totalCount } } } } }`;
    let after: string | null = null;
    let pages = 0;
    for (let hasNextPage = true; hasNextPage; pages++) {
      const lean = await ok(query, { after });
      expect(await ok(query, { after, filter: {} })).toEqual(lean);
      expect(lean.documents.edges.length).toBeGreaterThan(0);
      ({ hasNextPage, endCursor: after } = lean.documents.pageInfo);
    }
    expect(pages).toBeGreaterThan(2);
  });
});

// node(id) of a document or an entity, and an entity's claims page, go through the driver when the
// selection needs nothing else (src/schema/lean.ts); one more field that needs a relation sends the
// same request through Prisma. Both must answer alike, cursors and order included.
describe(`the driver paths (${testProvider})`, () => {
  const driverClaims = (statements: string[]) => statements.filter((statement) => statement.includes('FROM "Claim" t JOIN') && statement.includes('JOIN "Span" s ON'));
  const claimsQuery = (extra: string) => `query ($id: ID!, $after: String, $filter: EntityClaimFilter) { node(id: $id) { ... on Entity { name claims(first: 7, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id property valueText valueKind valueNote normalisedBy modality status method confidence createdAt
      value { __typename ... on QuantityValue { lower upper unit approximate } ... on ShareValue { lower upper approximate } ... on TextValue { text reason } }
      document { id key title kind language url published { year month day text } retrievedAt contentHash notes createdAt }
      span { id exact prefix suffix start end offsetUnit status } ${extra} } } } } } }`;

  it("an entity's claims page answers like the Prisma path, page after page, with and without a filter", async () => {
    for (const filter of [undefined, { property: 'deathToll' }, { status: ['CONFIRMED', 'SUGGESTED'], modality: ['ASSERTS', 'REPORTS'] }]) {
      let after: string | null = null;
      let pages = 0;
      for (let hasNextPage = true; hasNextPage; pages++) {
        const variables: Record<string, unknown> = { id: ids['massacre-1988'], after, filter };
        const lean: { result: GraphQLResponse; statements: string[] } = await t.countStatements(() => api.execute(claimsQuery(''), variables));
        const prisma: { result: GraphQLResponse; statements: string[] } = await t.countStatements(() => api.execute(claimsQuery('subject { id }'), variables));
        expect(lean.result.errors).toBeUndefined();
        expect(prisma.result.errors).toBeUndefined();
        expect(driverClaims(lean.statements)).toHaveLength(1);
        expect(driverClaims(prisma.statements)).toEqual([]);
        for (const edge of prisma.result.data.node.claims.edges) {
          expect(edge.node.subject.id).toBe(ids['massacre-1988']);
          delete edge.node.subject;
        }
        expect(lean.result.data).toEqual(prisma.result.data);
        expect(lean.result.data.node.claims.edges.length).toBeGreaterThan(0);
        ({ hasNextPage, endCursor: after } = lean.result.data.node.claims.pageInfo);
      }
      expect(pages).toBeGreaterThan(filter?.property ? 0 : 2);
    }
  });

  it('aliases of the claims connection with other arguments or selections each get their own page', async () => {
    const alias = {
      a: 'a: claims(first: 2) { edges { cursor node { id document { title } } } }',
      b: 'b: claims(last: 2) { edges { cursor node { id subject { id } } } }',
      c: 'c: claims(first: 2) { edges { cursor node { id subject { id } span { exact } } } }',
      d: 'd: claims(first: 3, filter: { property: "deathToll" }) { totalCount edges { cursor node { id span { exact } } } }',
      e: 'e: claims { totalCount }',
      f: 'f: claims(first: 2) { edges { node { id valueText } } }',
      g: 'g: claims(first: 2) { edges { node { id property confidence value { __typename } span { start end } document { key published { year } } } } }',
    };
    const alone: Record<string, unknown> = {};
    for (const [key, selection] of Object.entries(alias)) {
      alone[key] = (await ok(`query ($id: ID!) { node(id: $id) { ... on Entity { ${selection} } } }`, { id: ids['massacre-1988'] })).node[key];
    }
    expect((alone.a as any).edges).toHaveLength(2);
    expect((alone.b as any).edges[0].node.id).not.toBe((alone.a as any).edges[0].node.id);
    for (const combination of [['a', 'b'], ['a', 'c'], ['b', 'a', 'e'], ['a', 'b', 'c', 'd', 'e'], ['d', 'a'], ['f', 'g'], ['g', 'f', 'a']]) {
      const together = await ok(`query ($id: ID!) { node(id: $id) { ... on Entity { ${combination.map((key) => alias[key as keyof typeof alias]).join(' ')} } } }`, { id: ids['massacre-1988'] });
      for (const key of combination) expect(together.node[key]).toEqual(alone[key]);
    }
  });

  it('pages of claims for a page of entities cost the same statements for 4 and for 20 entities', async () => {
    const query = `query ($first: Int!) { persons(first: $first) { edges { node { name claims(first: 3) { edges { node { valueText document { title } span { exact } } } } } } } }`;
    const few = await t.countStatements(() => api.execute(query, { first: 4 }));
    const many = await t.countStatements(() => api.execute(query, { first: 20 }));
    expect(many.result.errors).toBeUndefined();
    expect(many.result.data.persons.edges.length).toBeGreaterThan(4);
    expect(many.result.data.persons.edges.filter((edge: any) => edge.node.claims.edges.length > 0).length).toBeGreaterThan(2);
    expect(driverClaims(many.statements)).toHaveLength(1);
    expect(many.statements.length).toBe(few.statements.length);
    // Each person's page is its own: the same as asking for that person alone.
    for (const { node } of many.result.data.persons.edges.slice(0, 8)) {
      const alone = await ok(`query ($first: Int!) { persons(first: $first, filter: { name: ${JSON.stringify(node.name)} }) { edges { node { name claims(first: 3) { edges { node { valueText document { title } span { exact } } } } } } } }`, { first: 1 });
      expect(alone.persons.edges[0].node).toEqual(node);
    }
  });

  it('a documents page reads only the columns its selection needs, and answers like the Prisma path', async () => {
    const queries = [
      `query ($filter: DocumentFilter) { documents(first: 7, filter: $filter) { edges { node { title publisher { name } mentions(first: 1) { totalCount } } } } }`,
      `query ($filter: DocumentFilter) { documents(first: 7, filter: $filter) { totalCount pageInfo { endCursor } edges { cursor node { id ...Dated publisher { ... on Organisation { name type } ... on Entity { description } } } } } } fragment Dated on Document { kind url published { year month day text } createdAt }`,
      `query ($filter: DocumentFilter) { documents(first: 7, filter: $filter) { edges { node { ... on Node { id } ... on Document { notes retrievedAt claims(first: 2) { totalCount } } } } } }`,
    ];
    for (const query of queries) {
      const lean = await t.countStatements(() => api.execute(query));
      const prisma = await api.execute(query, { filter: {} });
      expect(lean.result.errors).toBeUndefined();
      expect(lean.result.data).toEqual(prisma.data);
      expect(lean.statements.filter((statement) => /^\s*SELECT d\."id", /.test(statement))).toHaveLength(1);
    }
    const narrow = await t.countStatements(() => api.execute(queries[0]!));
    expect(narrow.statements[0]).not.toContain('"notes"');
    expect(narrow.statements[0]).toMatch(/^\s*SELECT d\."id", d\."title", d\."publisherId", p\."id", p\."name" FROM/);
  });

  it('node(id) of a document or an entity answers like the Prisma path', async () => {
    const documents = await ok('{ documents(first: 100) { edges { node { id } } } }');
    const nodes = [...documents.documents.edges.map((edge: any) => edge.node.id), ids['ebrahim-raisi'], ids['amnesty-international'], ids['massacre-1988']];
    const fields = `__typename id ... on Document { key title kind language url published { year month day text } retrievedAt contentHash notes createdAt }
      ... on Entity { type name description } ... on Event { start { year month day text } end { year month day text } place }`;
    for (const id of nodes) {
      const lean = await t.countStatements(() => api.execute(`query ($id: ID!) { node(id: $id) { ${fields} } }`, { id }));
      const prisma = await api.execute(`query ($id: ID!) { node(id: $id) { ${fields} ... on Document { collection { id } } ... on Entity { names { name } } } }`, { id });
      expect(lean.result.errors).toBeUndefined();
      expect(lean.statements).toHaveLength(1);
      expect(lean.statements[0]).toMatch(/^SELECT [de]\."id"/);
      const { collection: _collection, names: _names, ...rest } = prisma.data.node;
      expect(lean.result.data.node).toEqual(rest);
    }
  });

  it('node(id) through the driver keeps the checks of the Prisma path', async () => {
    const hidden = await createCorpus(t.db, { documents: 2, persons: 1, slug: 'hidden-nodes' });
    await t.db.prisma.collection.update({ where: { id: hidden.collectionId }, data: { visibility: 'PRIVATE' } });
    const hiddenDocument = await t.db.prisma.document.findFirstOrThrow({ where: { collectionId: hidden.collectionId } });
    const raisi = Buffer.from(ids['ebrahim-raisi']!, 'base64').toString().split(':')[1]!;
    const node = (id: string) => api.execute('query ($id: ID!) { node(id: $id) { __typename ... on Document { title } ... on Entity { name } } }', { id });
    expect((await node(globalId('Document', hiddenDocument.id))).data).toEqual({ node: null });
    expect((await node(globalId('Organisation', Number(raisi)))).data).toEqual({ node: null }); // a person's id as an organisation's
    expect((await node(globalId('Document', 999_999))).data).toEqual({ node: null });
    const invalid = await node(Buffer.from('Document:abc').toString('base64'));
    expect(invalid.errors?.map((error) => error.message)).toEqual([`Invalid global ID "${Buffer.from('Document:abc').toString('base64')}".`]);
  });
});

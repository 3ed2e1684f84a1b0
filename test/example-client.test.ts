// The example client's typed operations (examples/client/) run against the server in-process
// (yoga.fetch) on the sample corpus: they are executable, not only type-checked. The expectTypeOf
// lines are checked by tsc in `npm test`: the operations' result types follow schema.graphql.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createClient, GraphQLRequestError, type Client } from '../examples/client/client.js';
import type { ResultOf, VariablesOf } from '../examples/client/graphql.js';
import { Compare, CreatePerson, Describe, DocumentsPage, FindEvents, Search } from '../examples/client/operations.js';
import { loadSeed } from '../src/services/seed.js';
import { createToken } from '../src/services/tokens.js';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/database.js';
import { createTestApp } from './helpers/graphql.js';

let t: TestDatabase;
let anonymous: Client;
let editor: Client;
let massacreId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await loadSeed(t.db.prisma);
  const { app } = createTestApp(t.db);
  const viaYoga = async (url: string, init: RequestInit) => (await app.fetch(url, init)) as Response;
  anonymous = createClient({ url: 'http://crosscheck.test/graphql', fetch: viaYoga });
  const { token } = await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'EDITOR' });
  editor = createClient({ url: 'http://crosscheck.test/graphql', token, fetch: viaYoga });
  const events = await anonymous.request(FindEvents, { name: '1988 massacre' });
  expect(events.events.edges).toHaveLength(1);
  massacreId = events.events.edges[0]!.node.id;
});
afterAll(async () => {
  await t?.destroy();
});

describe('the example client’s types', () => {
  it('follow the schema', () => {
    expectTypeOf<ResultOf<typeof Compare>['compare']['summary']>().toEqualTypeOf<string>();
    expectTypeOf<ResultOf<typeof DocumentsPage>['documents']['edges'][number]['node']['publisher']>().toEqualTypeOf<{ name: string } | null>();
    expectTypeOf<{ subject: string; property: string }>().toExtend<VariablesOf<typeof Compare>>();
    expectTypeOf<{ subject: string }>().not.toExtend<VariablesOf<typeof Compare>>();
    expectTypeOf<ResultOf<typeof CreatePerson>['createPerson']['__typename']>().toEqualTypeOf<
      'AnchorError' | 'ConflictError' | 'CreatePersonPayload' | 'ForbiddenError' | 'NotFoundError' | 'ValidationError'
    >();
  });
});

describe(`the example client’s operations (${testProvider})`, () => {
  it('DocumentsPage pages through every document in title order', async () => {
    const titles: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 10; page++) {
      const result: ResultOf<typeof DocumentsPage> = await anonymous.request(DocumentsPage, { first: 2, after });
      total = result.documents.totalCount;
      titles.push(...result.documents.edges.map((edge) => edge.node.title));
      if (!result.documents.pageInfo.hasNextPage) break;
      after = result.documents.pageInfo.endCursor;
    }
    const stored = await t.db.prisma.document.findMany({ select: { title: true } });
    expect(total).toBe(stored.length);
    expect(titles).toEqual(stored.map((document) => document.title).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('Compare relates the massacre’s death tolls and counts their origins', async () => {
    const events = await anonymous.request(FindEvents, { name: '1988 massacre' });
    expect(events.events.edges[0]!.node.comparisons.map((comparable) => comparable.property)).toContain('deathToll');
    const { compare } = await anonymous.request(Compare, { subject: massacreId, property: 'deathToll' });
    expect(compare.property).toBe('deathToll');
    expect(compare.claims.edges.map((edge) => edge.node.valueText)).toEqual(expect.arrayContaining(['30,000', 'several thousand']));
    expect(compare.relations.map((relation) => `${relation.relation}: ${relation.reason}`)).toContain('NARROWER: 30,000 lies within 20,000–99,999');
    const thirtyThousand = compare.clusters.find((cluster) => cluster.valueTexts.includes('30,000'))!;
    expect(compare.summary).toContain(`${thirtyThousand.documentCount} documents from ${thirtyThousand.independentOriginCount} independent origins state “30,000”`);
    expect(compare.claims.pageInfo.hasNextPage).toBe(false);
    expect(compare.claims.edges).toHaveLength(compare.claims.totalCount);
    for (const { node: claim } of compare.claims.edges) expect(claim.span.exact.length).toBe(claim.span.end - claim.span.start);
  });

  it('Describe lists, per document, the claims about the subject', async () => {
    const { describe: description } = await anonymous.request(Describe, { subject: massacreId });
    expect(description.subject).toMatchObject({ __typename: 'Event', id: massacreId });
    const claims = description.documents.flatMap((entry) => entry.claims);
    expect(claims.filter((claim) => claim.property === 'deathToll').length).toBe(
      (await anonymous.request(Compare, { subject: massacreId, property: 'deathToll' })).compare.claims.totalCount,
    );
    expect(description.documents.every((entry) => entry.mentions.length + entry.claims.length + entry.citations.length > 0)).toBe(true);
  });

  it('Search finds documents and claims, narrowed by __typename', async () => {
    const { search } = await anonymous.request(Search, { query: '"political prisoners" Mojah*', first: 20 });
    expect(search.totalCount).toBe(search.edges.length);
    const kinds = new Set(search.edges.map((edge) => edge.node.__typename));
    expect(kinds).toEqual(new Set(['Document', 'Claim']));
    for (const edge of search.edges) {
      if (edge.node.__typename === 'Claim') expect(edge.node.document.title).toBeTruthy();
      if (edge.node.__typename === 'Document') expect(edge.highlights.some((highlight) => /political prisoners|Mojah/i.test(highlight.text))).toBe(true);
    }
    const documents = await anonymous.request(Search, { query: '"political prisoners" Mojah*', types: ['DOCUMENT'], first: 20 });
    expect(documents.search.edges.map((edge) => edge.node.__typename)).toEqual(search.edges.filter((edge) => edge.type === 'DOCUMENT').map(() => 'Document'));
  });

  it('CreatePerson answers a typed error without a role, and the person with one', async () => {
    const refused = await anonymous.request(CreatePerson, { input: { name: 'Jane Roe' } });
    expect(refused.createPerson.__typename).toBe('ForbiddenError');
    const invalid = await editor.request(CreatePerson, { input: { name: '   ' } });
    expect(invalid.createPerson.__typename).toBe('ValidationError');
    if (invalid.createPerson.__typename === 'ValidationError') expect(invalid.createPerson.issues.length).toBeGreaterThan(0);
    const created = await editor.request(CreatePerson, { input: { name: 'Jane Roe', aliases: [{ name: 'J. Roe' }] } });
    if (created.createPerson.__typename !== 'CreatePersonPayload') throw new Error(`refused: ${created.createPerson.__typename}`);
    expect(created.createPerson.person).toMatchObject({ name: 'Jane Roe', aliases: ['J. Roe'] });
    expect(await t.db.prisma.entity.count({ where: { name: 'Jane Roe' } })).toBe(1);
  });

  it('throws GraphQLRequestError with the server’s errors', async () => {
    const failure = await anonymous.request(Compare, { subject: 'not-an-id', property: 'deathToll' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphQLRequestError);
    expect((failure as GraphQLRequestError).errors.length).toBeGreaterThan(0);
  });
});

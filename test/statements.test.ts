// No N+1: the number of SQL statements a nested query issues does not grow with the rows it returns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/database.js';
import { createCorpus } from './helpers/fixtures.js';
import { createTestApp } from './helpers/graphql.js';

let t: TestDatabase;
let api: ReturnType<typeof createTestApp>;
beforeAll(async () => {
  t = await createTestDatabase();
  await createCorpus(t.db, { documents: 100, persons: 100 });
  api = createTestApp(t.db);
});
afterAll(async () => {
  await t.destroy();
});

/**
 * totalCount of a related connection is one statement per page, bounded by the page's parents
 * (`WHERE fk IN (…)`), never an aggregate over the whole child table joined to the page (what
 * Prisma's relation `_count` compiles to).
 */
function expectBoundedCounts(statements: string[], expected: number) {
  const counts = statements.filter((statement) => statement.includes('COUNT(*) AS "count"'));
  expect(counts).toHaveLength(expected);
  for (const statement of counts) expect(statement).toMatch(/WHERE t\."\w+" IN \(/);
  expect(statements.filter((statement) => /GROUP BY/i.test(statement) && !counts.includes(statement))).toEqual([]);
}

async function statementsFor(query: string, first: number) {
  const { result, statements } = await t.countStatements(() => api.execute(query, { first }));
  expect(result.errors).toBeUndefined();
  return { data: result.data, statements };
}

describe(`statement counts (${testProvider})`, () => {
  it('documents → mentions → entity → names: the same statements for 20 and for 100 documents', async () => {
    const query = `query ($first: Int!) { documents(first: $first) { totalCount edges { node {
      title publisher { name }
      mentions(first: 10) { totalCount edges { node { span { exact start } entity { name aliases names { name kind } } } } }
    } } } }`;
    const twenty = await statementsFor(query, 20);
    const hundred = await statementsFor(query, 100);
    expect(twenty.data.documents.edges).toHaveLength(20);
    expect(hundred.data.documents.edges).toHaveLength(100);
    expect(hundred.data.documents.edges[99].node.mentions.edges[2].node.entity.names).toHaveLength(2);
    expect(hundred.statements.length).toBe(twenty.statements.length);
    expect(hundred.statements.length).toBeLessThanOrEqual(10);
    // documents.totalCount (the root count) and one bounded count of the page's mentions.
    expectBoundedCounts(hundred.statements, 1);
  });

  it('persons → claims → document → publisher: the same statements for 20 and for 100 persons', async () => {
    const query = `query ($first: Int!) { persons(first: $first) { edges { node {
      name
      claims(first: 10) { totalCount edges { node { valueText asserter { name } span { exact } document { title publisher { name } } } } }
    } } } }`;
    const twenty = await statementsFor(query, 20);
    const hundred = await statementsFor(query, 100);
    expect(hundred.data.persons.edges).toHaveLength(100);
    const withClaims = hundred.data.persons.edges.filter((edge: any) => edge.node.claims.totalCount > 0);
    expect(withClaims.length).toBeGreaterThan(50);
    expect(withClaims[0].node.claims.edges[0].node.document.publisher.name).toMatch(/Publisher/);
    expect(hundred.statements.length).toBe(twenty.statements.length);
    expect(hundred.statements.length).toBeLessThanOrEqual(10);
    expectBoundedCounts(hundred.statements, 1);
  });

  it('a page of counts alone loads no rows of the counted relation', async () => {
    const query = `query ($first: Int!) { documents(first: $first) { edges { node { title mentions(first: 10) { totalCount } claims(first: 10) { totalCount } } } } }`;
    const twenty = await statementsFor(query, 20);
    const hundred = await statementsFor(query, 100);
    expect(hundred.data.documents.edges[99].node.mentions.totalCount).toBe(3);
    expect(hundred.statements.length).toBe(twenty.statements.length);
    expectBoundedCounts(hundred.statements, 2);
    // Loading mentions or claims would select their spanId column.
    expect(hundred.statements.filter((statement) => statement.includes('spanId'))).toEqual([]);
  });

  it('the benchmark shapes through the driver: documents page with publisher and counts, persons → claims → document and span', async () => {
    // Scenario (a): one statement for the page and its publishers, one bounded count.
    const page = `query ($first: Int!) { documents(first: $first) { edges { node { title publisher { name } mentions(first: 1) { totalCount } } } } }`;
    const twenty = await statementsFor(page, 20);
    const hundred = await statementsFor(page, 100);
    expect(hundred.data.documents.edges[99].node.mentions.totalCount).toBe(3);
    expect(hundred.statements.length).toBe(twenty.statements.length);
    expect(hundred.statements).toHaveLength(2);
    expectBoundedCounts(hundred.statements, 1);
    // Scenario (b) for a page of entities: every person's claims page in one statement, their documents in another.
    const claims = `query ($first: Int!) { persons(first: $first) { edges { node { name claims(first: 10) { totalCount edges { node { valueText document { title } span { exact } } } } } } } }`;
    const fewer = await statementsFor(claims, 20);
    const more = await statementsFor(claims, 100);
    expect(more.data.persons.edges.filter((edge: any) => edge.node.claims.edges.length > 0).length).toBeGreaterThan(50);
    expect(more.statements.length).toBe(fewer.statements.length);
    expect(more.statements.length).toBeLessThanOrEqual(4);
    expectBoundedCounts(more.statements, 1);
  });

  it('claims → citation chain and typed value: the same statements for 20 and for 100 claims', async () => {
    const query = `query ($first: Int!) { claims(first: $first) { edges { node {
      valueText value { __typename ... on TextValue { text } }
      subject { name } citationChain { kind } qualifiers { property }
    } } } }`;
    const twenty = await statementsFor(query, 20);
    const hundred = await statementsFor(query, 100);
    expect(hundred.data.claims.edges).toHaveLength(100);
    expect(hundred.statements.length).toBe(twenty.statements.length);
  });
});

describe(`statement counts on the sample corpus (${testProvider})`, () => {
  it('citation chains are folded into the claims query, not loaded claim by claim', async () => {
    const seeded = await createTestDatabase();
    try {
      const { loadSeed } = await import('../src/services/seed.js');
      await loadSeed(seeded.db.prisma);
      const seededApi = createTestApp(seeded.db);
      const query = `query ($filter: ClaimFilter) { claims(first: 100, filter: $filter) { edges { node { valueText citationChain { kind span { exact } source { __typename ... on Person { name } ... on Organisation { name names { name } } } } } } } }`;
      const { result, statements } = await seeded.countStatements(() => seededApi.execute(query));
      const one = await seededApi.execute('{ documents(filter: { kind: [ARTICLE] }, first: 10) { edges { node { id key } } } }');
      const document003 = one.data.documents.edges.find((edge: any) => edge.node.key === '003_212a217897430444').node.id;
      const fewer = await seeded.countStatements(() => seededApi.execute(query, { filter: { document: document003 } }));
      expect(result.errors).toBeUndefined();
      const chained = result.data.claims.edges.filter((edge: any) => edge.node.citationChain.length > 0);
      const nested = chained.filter((edge: any) => edge.node.citationChain.length > 1);
      expect(chained.length).toBeGreaterThan(15);
      expect(nested.length).toBeGreaterThan(0);
      expect(nested.find((edge: any) => edge.node.valueText === 'about 30,000').node.citationChain.map((c: any) => c.source.name)).toEqual([
        'David Jones',
        'Foreign and Commonwealth Office',
      ]);
      // A fixed number of statements per chain level: one document's claims cost as many as all of them.
      const fewerChained = fewer.result.data.claims.edges.filter((edge: any) => edge.node.citationChain.length > 0);
      expect(fewerChained.length).toBeLessThan(chained.length);
      expect(statements.length).toBe(fewer.statements.length);
    } finally {
      await seeded.destroy();
    }
  });
});

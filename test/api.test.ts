import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/db/provider.js';
import { exampleQueries } from '../src/graphiql-examples.js';
import { printSortedSchema } from '../src/schema/index.js';
import { loadSeed } from '../src/services/seed.js';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/database.js';
import { createTestApp } from './helpers/graphql.js';

let t: TestDatabase;
let api: ReturnType<typeof createTestApp>;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadSeed(t.db.prisma);
  api = createTestApp(t.db);
});
afterAll(async () => {
  await t.destroy();
});

describe(`browsing the sample corpus through GraphQL (${testProvider})`, () => {
  it('counts five documents', async () => {
    const response = await api.execute('{ documents(first: 10) { totalCount edges { node { title } } } }');
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data.documents.totalCount).toBe(5);
    expect(response.data.documents.edges).toHaveLength(5);
  });

  it('serves each document’s body with mentions whose spans slice it', async () => {
    const response = await api.execute(`{
      documents(first: 5) { edges { node {
        body
        publisher { name }
        mentions(first: 100) { totalCount edges { node { span { exact start end } entity { __typename name } } } }
      } } }
    }`);
    expect(response.errors).toBeUndefined();
    for (const { node } of response.data.documents.edges) {
      expect(node.mentions.totalCount).toBeGreaterThan(0);
      for (const { node: mention } of node.mentions.edges) {
        expect(node.body.slice(mention.span.start, mention.span.end)).toBe(mention.span.exact);
      }
    }
    expect(response.data.documents.edges[3].node.publisher).toEqual({ name: 'MEK-Iran.com' });
    expect(response.data.documents.edges[4].node.publisher).toBeNull();
  });

  it('lists persons with their primary name and aliases', async () => {
    const response = await api.execute('{ persons(first: 100) { totalCount edges { node { id name aliases } } } }');
    expect(response.errors).toBeUndefined();
    const raisi = response.data.persons.edges.find((edge: any) => edge.node.name === 'Ebrahim Raisi');
    expect(raisi.node.aliases).toContain('Raisi');
    const organisations = await api.execute('{ organisations(first: 100) { edges { node { name aliases parent { name } } } } }');
    const pmoi = organisations.data.organisations.edges.find((edge: any) => edge.node.name === 'People’s Mojahedin Organization of Iran');
    expect(pmoi.node.aliases).toEqual(expect.arrayContaining(['PMOI', 'MEK', 'People’s Mujahedin of Iran']));
    const assembly = organisations.data.organisations.edges.find((edge: any) => edge.node.name === 'United Nations General Assembly');
    expect(assembly.node.parent).toEqual({ name: 'United Nations' });
  });

  it('shows what documents claim about the 1988 massacre, and who asserts it', async () => {
    const response = await api.execute(`{
      events(first: 10) { edges { node { name start { year precision }
        claims(first: 100) { edges { node { property valueText modality asserter { name } document { title } span { exact } } } }
      } } }
    }`);
    expect(response.errors).toBeUndefined();
    const massacre = response.data.events.edges.find((edge: any) => edge.node.start?.year === 1988).node;
    expect(massacre.start.precision).toBe('YEAR');
    const tolls = massacre.claims.edges.map((edge: any) => edge.node).filter((claim: any) => claim.property === 'deathToll');
    const amnesty = tolls.find((claim: any) => claim.valueText === 'several thousand');
    expect(amnesty.asserter).toEqual({ name: 'Amnesty International' });
    expect(amnesty.modality).toBe('REPORTS');
    const ownVoice = tolls.filter((claim: any) => claim.valueText === '30,000' && claim.asserter === null);
    expect(ownVoice.length).toBeGreaterThanOrEqual(3);
    for (const claim of tolls) expect(claim.span.exact).toContain(claim.valueText);
  });

  it('resolves citations to their sources, nested ones included', async () => {
    const response = await api.execute(`{
      citations(first: 100) { totalCount edges { node {
        kind span { exact }
        source { __typename ... on Person { name } ... on Organisation { name } ... on Document { title } }
        parent { source { ... on Person { name } } }
        work { kind title date { year month day } }
      } } }
    }`);
    expect(response.errors).toBeUndefined();
    const citations = response.data.citations.edges.map((edge: any) => edge.node);
    const fco = citations.find((citation: any) => citation.source?.name === 'Foreign and Commonwealth Office');
    expect(fco.parent.source).toEqual({ name: 'David Jones' });
    const reuters = citations.find((citation: any) => citation.source?.name === 'Reuters');
    expect(reuters.work).toMatchObject({ kind: 'REPORT', date: { year: 2019, month: 12, day: 23 } });
  });

  it('fetches any object again by its global id, and says null for an unknown one', async () => {
    const list = await api.execute('{ documents(first: 1) { edges { node { id title } } } persons(first: 1) { edges { node { id name } } } }');
    const document = list.data.documents.edges[0].node;
    const person = list.data.persons.edges[0].node;
    const response = await api.execute(
      'query ($d: ID!, $p: ID!) { d: node(id: $d) { id ... on Document { title } } p: node(id: $p) { ... on Person { name } } }',
      { d: document.id, p: person.id },
    );
    expect(response.data).toEqual({ d: { id: document.id, title: document.title }, p: { name: person.name } });
    const unknown = Buffer.from('Document:999999').toString('base64');
    expect(await api.execute('query ($id: ID!) { node(id: $id) { id } }', { id: unknown })).toEqual({ status: 200, data: { node: null } });
  });

  it('answers a malformed id with a clear error, not a crash', async () => {
    const response = await api.execute('query ($id: ID!) { node(id: $id) { id } }', { id: Buffer.from('Document:abc').toString('base64') });
    expect(response.data).toEqual({ node: null });
    expect(response.errors?.[0]).toMatchObject({ message: `Invalid global ID "${Buffer.from('Document:abc').toString('base64')}".`, extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe(`the GraphiQL examples (${testProvider})`, () => {
  const operations = [...exampleQueries.matchAll(/^query (\w+)/gm)].map((match) => match[1]!);

  it.each(operations)('%s runs without errors and finds data', async (operationName) => {
    const response = await api.app.fetch('http://crosscheck.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: exampleQueries, operationName }),
    });
    const body = (await response.json()) as { data?: Record<string, { edges?: unknown[] }>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const root = Object.values(body.data ?? {})[0];
    expect(root?.edges?.length).toBeGreaterThan(0);
  });

  it('include the massacre death toll with the FCO figure carried by David Jones', async () => {
    const response = await api.app.fetch('http://crosscheck.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: exampleQueries, operationName: 'DeathTollClaims' }),
    });
    const text = await response.text();
    expect(text).toContain('about 30,000');
    expect(text).toContain('David Jones');
  });
});

describe('schema.graphql', () => {
  it('is the printed schema of the code (run npm run schema after changing types)', () => {
    expect(readFileSync(join(projectRoot, 'schema.graphql'), 'utf8')).toBe(printSortedSchema());
  });
});

// search(query:) on a small fixed corpus: ranking, the query language, accents, highlights,
// visibility, hostile input, and the index following inserts, updates, deletes and new versions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery, toFts5, toTsquery } from '../src/db/search/query-language.js';
import { normalizeName } from '../src/domain/names.js';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/database.js';
import { createTestApp } from './helpers/graphql.js';

let t: TestDatabase;
let api: ReturnType<typeof createTestApp>;
const docs: Record<string, number> = {};
let publicCollection: number;
let publisherId: number;

const CORPUS = {
  commission: {
    title: 'Mojāhedin prisoners report',
    body: 'The Mojāhedin prisoners were executed in the summer of 1988. The death commission questioned each prisoner for minutes.',
    year: 2019,
  },
  letter: {
    title: 'Letter on the massacre',
    body: 'This letter describes the massacre and the death of the commission members years later.',
    year: 2020,
  },
  twice: { title: 'Short note', body: 'A massacre, and another massacre.', year: 2020 },
  long: {
    title: 'Long report',
    body: 'This long report covers many subjects at length: prisons, courts, families, graves, testimonies, archives, records, and once the massacre itself, before returning to the courts, the families and the archives again.',
    year: 2021,
  },
  plain: { title: 'Plain spelling', body: 'The People’s Mojahedin Organization of Iran, spelled without accents. Raisi served on it.', year: 2021 },
} as const;

async function addDocument(collectionId: number, key: string, title: string, body: string, year?: number) {
  const document = await t.db.prisma.document.create({
    data: { collectionId, key, title, publisherId, publishedYear: year, publishedSort: year ? year * 10_000 : null, versions: { create: { number: 1, rawText: body, body, contentHash: `hash-${key}` } } },
  });
  docs[key] = document.id;
  return document.id;
}

async function addEntity(type: 'PERSON' | 'ORGANISATION' | 'EVENT', name: string, aliases: string[] = []) {
  const names = [{ name, kind: 'PRIMARY' as const }, ...aliases.map((alias) => ({ name: alias, kind: alias === alias.toUpperCase() ? ('ACRONYM' as const) : ('ALIAS' as const) }))];
  const entity = await t.db.prisma.entity.create({
    data: { type, name, names: { create: names.map((n) => ({ ...n, normalized: normalizeName(n.name) })) } },
  });
  return entity.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  api = createTestApp(t.db);
  const p = t.db.prisma;
  publisherId = await addEntity('ORGANISATION', 'Iran HRM');
  publicCollection = (await p.collection.create({ data: { slug: 'open', name: 'Open', visibility: 'PUBLIC' } })).id;
  const hidden = await p.collection.create({ data: { slug: 'hidden', name: 'Hidden', visibility: 'PRIVATE' } });
  for (const [key, doc] of Object.entries(CORPUS)) await addDocument(publicCollection, key, doc.title, doc.body, doc.year);
  await addDocument(hidden.id, 'secret', 'Secret massacre file', 'A zanzibarite massacre report nobody outside may read.', 2019);
  await addEntity('PERSON', 'Ebrahim Raisi', ['Seyyed Ebrahim Raisol-Sadati']);
  await addEntity('PERSON', 'Amir Paraiso');
  await addEntity('ORGANISATION', "People's Mojahedin Organization of Iran", ['PMOI', 'MEK', 'Mojahedin-e Khalq']);
  await addEntity('ORGANISATION', 'Mekong Delta Society');
  await addEntity('EVENT', '1988 massacre of Iranian political prisoners');
});
afterAll(async () => {
  await t.destroy();
});

const SEARCH = `query ($query: String!, $types: [SearchType!], $first: Int, $after: String, $filter: SearchFilter) {
  search(query: $query, types: $types, first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor score type matchedName
      highlights { field start end text context contextStart }
      node { __typename ... on Document { key title body } ... on Entity { name } }
    }
  }
}`;

async function search(query: string, variables: Record<string, unknown> = {}) {
  const response = await api.execute(SEARCH, { query, ...variables });
  expect(response.status).toBe(200);
  expect(response.errors).toBeUndefined();
  return response.data.search as {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{ cursor: string; score: number; type: string; matchedName: string | null; highlights: Array<{ field: string; start: number; end: number; text: string; context: string; contextStart: number }>; node: any }>;
  };
}

const documentKeys = async (query: string) => (await search(query, { types: ['DOCUMENT'], first: 100 })).edges.map((edge) => edge.node.key);
const entityNames = async (query: string) => (await search(query, { types: ['PERSON', 'ORGANISATION', 'EVENT'], first: 100 })).edges.map((edge) => edge.node.name);

describe('the query language', () => {
  it('parses words, phrases, OR, exclusions and prefixes into quoted FTS5 and tsquery text', () => {
    const query = parseQuery('Raisi OR "death commission" -Letter Mojah* "e-mail"');
    expect(toFts5(query)).toBe('(("raisi" OR "death commission") AND "mojah" * AND "e mail") NOT "letter"');
    expect(toTsquery(query)).toBe("('raisi' | ('death' <-> 'commission')) & 'mojah':* & ('e' <-> 'mail') & !'letter'");
  });

  it('turns syntax characters into nothing or into plain words', () => {
    expect(toFts5(parseQuery(`"*():^-NEAR AND OR NOT'; DROP`))).toBe('"near and or not drop"');
    expect(toFts5(parseQuery(`title:massacre ^x NEAR(a b)`))).toBe('"title massacre" AND "x" AND "near a" AND "b"');
    expect(parseQuery('OR - * ( ) "" NOT').all).toEqual([]);
    expect(parseQuery('-massacre').all).toEqual([]);
  });
});

describe(`document search (${testProvider})`, () => {
  it('ranks a title match above body matches, and more matches above fewer', async () => {
    expect(await documentKeys('massacre')).toEqual(['letter', 'twice', 'long']);
  });

  it('needs every word; a quoted phrase needs them adjacent and in order', async () => {
    expect((await documentKeys('death commission')).sort()).toEqual(['commission', 'letter']);
    expect(await documentKeys('"death commission"')).toEqual(['commission']);
    expect(await documentKeys('"commission death"')).toEqual([]);
  });

  it('excludes with -word and -"phrase", and OR takes either', async () => {
    expect(await documentKeys('massacre -letter')).toEqual(['twice', 'long']);
    expect(await documentKeys('death -"death commission"')).toEqual(['letter']);
    expect((await documentKeys('prisoners OR archives')).sort()).toEqual(['commission', 'long']);
  });

  it('matches prefixes', async () => {
    expect(await documentKeys('execut*')).toEqual(['commission']);
    expect((await documentKeys('Mojah*')).sort()).toEqual(['commission', 'plain']);
    expect(await documentKeys('execut')).toEqual([]);
  });

  it('ignores accents and case both ways', async () => {
    expect((await documentKeys('Mojahedin')).sort()).toEqual(['commission', 'plain']);
    expect((await documentKeys('MOJĀHEDIN')).sort()).toEqual(['commission', 'plain']);
  });

  it('gives highlights whose offsets slice the body to the matched words', async () => {
    const result = await search('Mojahedin "death commission" prisoner*', { types: ['DOCUMENT'] });
    const [edge] = result.edges;
    expect(edge!.node.key).toBe('commission');
    const body: string = edge!.node.body;
    const inBody = edge!.highlights.filter((h) => h.field === 'BODY');
    expect(inBody.map((h) => body.slice(h.start, h.end))).toEqual(['Mojāhedin', 'prisoners', 'death commission', 'prisoner']);
    for (const h of inBody) {
      expect(h.text).toBe(body.slice(h.start, h.end));
      expect(body.slice(h.contextStart, h.contextStart + h.context.length)).toBe(h.context);
    }
    const inTitle = edge!.highlights.filter((h) => h.field === 'TITLE');
    expect(inTitle.map((h) => edge!.node.title.slice(h.start, h.end))).toEqual(['Mojāhedin', 'prisoners']);
  });

  it('pages with first/after and counts across pages', async () => {
    const first = await search('massacre', { types: ['DOCUMENT'], first: 2 });
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await search('massacre', { types: ['DOCUMENT'], first: 2, after: first.pageInfo.endCursor });
    expect(second.edges.map((edge) => edge.node.key)).toEqual(['long']);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('filters documents and gives facets by type, publisher and year', async () => {
    const response = await api.execute(
      `{ search(query: "massacre") { totalCount facets { types { type count } publishers { publisher { name } count } years { year count } } } }`,
    );
    expect(response.errors).toBeUndefined();
    const { totalCount, facets } = response.data.search;
    expect(facets.types).toEqual([
      { type: 'DOCUMENT', count: 3 },
      { type: 'PERSON', count: 0 },
      { type: 'ORGANISATION', count: 0 },
      { type: 'EVENT', count: 1 },
    ]);
    expect(totalCount).toBe(4);
    expect(facets.publishers).toEqual([{ publisher: { name: 'Iran HRM' }, count: 3 }]);
    expect(facets.years).toEqual([{ year: 2020, count: 2 }, { year: 2021, count: 1 }]);
    const filtered = await search('massacre', { types: ['DOCUMENT'], filter: { publishedFrom: '2021' } });
    expect(filtered.edges.map((edge) => edge.node.key)).toEqual(['long']);
  });

  it('never shows a private collection’s documents, nor counts them', async () => {
    const hidden = await search('zanzibarite');
    expect(hidden.edges).toEqual([]);
    expect(hidden.totalCount).toBe(0);
    const response = await api.execute('{ search(query: "secret massacre", types: [DOCUMENT]) { totalCount facets { types { type count } years { year } } edges { node { __typename } } } }');
    expect(response.data.search).toEqual({ totalCount: 0, facets: { types: [{ type: 'DOCUMENT', count: 0 }], years: [] }, edges: [] });
  });
});

describe(`entity search (${testProvider})`, () => {
  it('finds names and aliases by prefix, ranked exact > prefix > contains', async () => {
    expect(await entityNames('Rais')).toEqual(['Ebrahim Raisi', 'Amir Paraiso']);
    expect(await entityNames('MEK')).toEqual(["People's Mojahedin Organization of Iran", 'Mekong Delta Society']);
    expect(await entityNames('peoples mojāhedin')).toEqual(["People's Mojahedin Organization of Iran"]);
  });

  it('highlights the matched name', async () => {
    const result = await search('Rais', { types: ['PERSON'] });
    expect(result.edges[0]!.matchedName).toBe('Ebrahim Raisi');
    expect(result.edges[0]!.highlights).toMatchObject([{ field: 'NAME', start: 8, end: 13, text: 'Raisi' }]);
    expect(result.edges[0]!.score).toBeGreaterThan(result.edges[1]!.score);
  });

  it('puts entities before documents when both are asked for', async () => {
    const result = await search('Mojahedin');
    expect(result.edges.map((edge) => edge.node.__typename)).toEqual(['Organisation', 'Document', 'Document']);
  });
});

describe(`hostile queries (${testProvider})`, () => {
  const cases = [
    '"',
    '"unbalanced massacre',
    'massacre"',
    'OR',
    'AND',
    'NOT',
    '-',
    '*',
    '**',
    '- - -',
    'massacre OR',
    'OR massacre',
    '-massacre',
    '"*():^-NEAR AND OR NOT\'; DROP TABLE "Document"; --',
    'NEAR(massacre letter, 2)',
    'title:massacre',
    '^massacre',
    "massacre' OR '1'='1",
    '\\',
    '!massacre & | <-> :*',
    'a:* b:A',
    '((((massacre',
    'massacre))))',
    '{}[]<>@#$%&=+~`',
    '\u0000massacre\u0000',
    '🙂 massacre 🙂',
    'ǅ ß ﬁ İ',
    'x'.repeat(300),
    'massacre '.repeat(40).slice(0, 400),
  ];
  it.each(cases)('%j is a search or an empty result, never an error', async (query) => {
    const response = await api.execute(SEARCH, { query });
    expect(response.status).toBe(200);
    if (response.errors) expect(response.errors.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    else expect(Array.isArray(response.data.search.edges)).toBe(true);
  });

  it('refuses a 10 kB query with a clear message', async () => {
    const response = await api.execute(SEARCH, { query: 'massacre '.repeat(1200) });
    expect(response.status).toBe(200);
    expect(response.errors?.[0]?.message).toBe('The search query is 10800 characters long; the limit is 500.');
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses too many terms, a bad cursor and a bad date', async () => {
    const tooMany = await api.execute(SEARCH, { query: Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ') });
    expect(tooMany.errors?.[0]?.message).toBe('The search query has 40 terms; the limit is 32.');
    const cursor = await api.execute(SEARCH, { query: 'massacre', after: 'bm90IGEgY3Vyc29y' });
    expect(cursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const date = await api.execute(SEARCH, { query: 'massacre', filter: { publishedFrom: 'July' } });
    expect(date.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe(`the index follows the documents (${testProvider})`, () => {
  it('on insert, title update, new version, and delete', async () => {
    const p = t.db.prisma;
    const id = await addDocument(publicCollection, 'sync', 'Quokka sightings', 'A body about the platypus.');
    expect(await documentKeys('quokka')).toEqual(['sync']);
    expect(await documentKeys('platypus')).toEqual(['sync']);

    await p.document.update({ where: { id }, data: { title: 'Wombat sightings' } });
    expect(await documentKeys('quokka')).toEqual([]);
    expect(await documentKeys('wombat')).toEqual(['sync']);
    expect(await documentKeys('platypus')).toEqual(['sync']);

    await p.documentVersion.create({ data: { documentId: id, number: 2, rawText: 'Now about the echidna.', body: 'Now about the echidna.', contentHash: 'hash-sync-2' } });
    expect(await documentKeys('platypus')).toEqual([]);
    expect(await documentKeys('echidna')).toEqual(['sync']);
    expect(await documentKeys('wombat')).toEqual(['sync']);
    const result = await search('echidna', { types: ['DOCUMENT'] });
    const edge = result.edges[0]!;
    expect(edge.node.body.slice(edge.highlights[0]!.start, edge.highlights[0]!.end)).toBe('echidna');

    // Deleting the current version makes the previous one current again.
    await p.documentVersion.delete({ where: { documentId_number: { documentId: id, number: 2 } } });
    expect(await documentKeys('echidna')).toEqual([]);
    expect(await documentKeys('platypus')).toEqual(['sync']);

    await p.document.delete({ where: { id } });
    expect(await documentKeys('wombat')).toEqual([]);
    expect(await documentKeys('platypus')).toEqual([]);
    // The rest of the index is intact.
    expect(await documentKeys('massacre')).toEqual(['letter', 'twice', 'long']);
    if (testProvider === 'sqlite') {
      await p.$executeRawUnsafe(`INSERT INTO "search_document" ("search_document", rank) VALUES ('integrity-check', 1)`);
    }
  });

  it('moving a document to a private collection hides it', async () => {
    const p = t.db.prisma;
    const hidden = await p.collection.findUniqueOrThrow({ where: { slug: 'hidden' } });
    const id = await addDocument(publicCollection, 'moving', 'Kakapo notes', 'About the kakapo.');
    expect(await documentKeys('kakapo')).toEqual(['moving']);
    await p.document.update({ where: { id }, data: { collectionId: hidden.id } });
    expect(await documentKeys('kakapo')).toEqual([]);
  });
});

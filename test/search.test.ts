// search(query:) on a small fixed corpus: ranking, the query language, accents, highlights,
// visibility, hostile input, and the index following inserts, updates, deletes and new versions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery, toFts5, toTsquery } from '../src/db/search/query-language.js';
import { normalizeName } from '../src/domain/names.js';
import { createToken } from '../src/services/tokens.js';
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
      { type: 'CLAIM', count: 0 },
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

// Last in the file: the claims it adds would change the counts above.
describe(`claim search (${testProvider})`, () => {
  let editor: Record<string, string>;
  let subject: string;
  const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
  const mutate = async (query: string, variables: Record<string, unknown>) => {
    const response = await api.execute(query, variables, editor);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const CLAIM_SEARCH = `query ($query: String!) {
    search(query: $query, types: [CLAIM], first: 20) {
      totalCount
      facets { types { type count } }
      edges { type score highlights { field start end text } node { __typename ... on Claim { id valueText status document { key body } span { exact start end status } } } }
    }
  }`;
  const claims = async (query: string) => (await api.execute(CLAIM_SEARCH, { query })).data.search;
  const createClaim = async (key: string, exact: string, value: string, prefix?: string) => {
    const data = await mutate(
      `mutation ($input: CreateClaimInput!) { createClaim(input: $input) { __typename ... on ClaimPayload { claim { id } } ... on Error { message } } }`,
      { input: { document: gid('Document', docs[key]!), subject, property: 'deathToll', value, selector: { quote: { exact, ...(prefix ? { prefix } : {}) } } } },
    );
    expect(data.createClaim.__typename).toBe('ClaimPayload');
    return data.createClaim.claim.id as string;
  };

  beforeAll(async () => {
    const slug = (await t.db.prisma.collection.findUniqueOrThrow({ where: { id: publicCollection } })).slug;
    editor = { authorization: `Bearer ${(await createToken(t.db.prisma, { collectionSlug: slug, role: 'EDITOR' })).token}` };
    const hidden = await t.db.prisma.collection.findUniqueOrThrow({ where: { slug: 'hidden' } });
    const hiddenEditor = { authorization: `Bearer ${(await createToken(t.db.prisma, { collectionSlug: hidden.slug, role: 'EDITOR' })).token}` };
    const event = await t.db.prisma.entity.findFirstOrThrow({ where: { type: 'EVENT' } });
    subject = gid('Event', event.id);
    await createClaim('commission', 'The Mojāhedin prisoners were executed in the summer of 1988', 'summer of 1988');
    await createClaim('long', 'once the massacre itself', 'massacre');
    // A claim in the private collection, made by its own editor.
    const secret = await api.execute(
      `mutation ($input: CreateClaimInput!) { createClaim(input: $input) { __typename } }`,
      { input: { document: gid('Document', docs.secret!), subject, property: 'deathToll', value: 'zanzibarite massacre', selector: { quote: { exact: 'zanzibarite massacre' } } } },
      hiddenEditor,
    );
    expect(secret.data.createClaim.__typename).toBe('ClaimPayload');
  });

  it('finds claims by the words of their span, accents folded, with BODY offsets that slice the body', async () => {
    const result = await claims('mojahedin executed');
    expect(result.totalCount).toBe(1);
    const edge = result.edges[0];
    expect(edge.type).toBe('CLAIM');
    expect(edge.node.__typename).toBe('Claim');
    expect(edge.node.valueText).toBe('summer of 1988');
    expect(edge.highlights.map((h: { field: string }) => h.field)).toEqual(['BODY', 'BODY']);
    expect(edge.highlights.map((h: { start: number; end: number }) => edge.node.document.body.slice(h.start, h.end))).toEqual(['Mojāhedin', 'executed']);
    expect(edge.highlights.map((h: { text: string }) => h.text)).toEqual(['Mojāhedin', 'executed']);
  });

  it('applies phrases and exclusions, and never shows a private collection’s claims', async () => {
    expect((await claims('"summer of 1988"')).totalCount).toBe(1);
    expect((await claims('"1988 summer"')).totalCount).toBe(0);
    expect((await claims('massacre')).edges.map((edge: any) => edge.node.document.key)).toEqual(['long']);
    expect((await claims('massacre -itself')).totalCount).toBe(0);
    const hidden = await claims('zanzibarite');
    expect(hidden).toEqual({ totalCount: 0, facets: { types: [{ type: 'CLAIM', count: 0 }] }, edges: [] });
  });

  it('lists claims after entities and documents, and pages across all three', async () => {
    const all = await search('massacre', { first: 100 });
    expect(all.edges.map((edge) => edge.type)).toEqual(['EVENT', 'DOCUMENT', 'DOCUMENT', 'DOCUMENT', 'CLAIM']);
    expect(all.totalCount).toBe(5);
    const pages: string[] = [];
    let after: string | null = null;
    do {
      const page = await search('massacre', { first: 2, after });
      pages.push(...page.edges.map((edge) => edge.type));
      expect(page.totalCount).toBe(5);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(pages).toEqual(['EVENT', 'DOCUMENT', 'DOCUMENT', 'DOCUMENT', 'CLAIM']);
  });

  it('follows claim updates, rejections, re-anchoring into a new version, and deletes', async () => {
    const id = await createClaim('letter', 'the death of the commission members', 'the death of the commission members');
    expect((await claims('members')).totalCount).toBe(1);

    const claim = await t.db.prisma.claim.findUniqueOrThrow({ where: { id: Number(Buffer.from(id, 'base64').toString().split(':')[1]) } });
    const reject = await mutate(`mutation ($id: ID!) { reviewClaim(input: { id: $id, status: REJECTED }) { __typename } }`, { id });
    expect(reject.reviewClaim.__typename).toBe('ReviewClaimPayload');
    expect((await claims('members')).totalCount).toBe(0);
    await mutate(`mutation ($id: ID!) { reviewClaim(input: { id: $id, status: CONFIRMED }) { __typename } }`, { id });
    expect((await claims('members')).totalCount).toBe(1);

    // A new version moves the span: highlights follow it into the new body.
    const text = 'A new opening paragraph. ' + CORPUS.letter.body;
    const added = await mutate(
      `mutation ($d: ID!, $text: String!) { addDocumentVersion(input: { document: $d, text: $text }) { __typename } }`,
      { d: gid('Document', docs.letter!), text },
    );
    expect(added.addDocumentVersion.__typename).toBe('AddDocumentVersionPayload');
    const moved = (await claims('members')).edges[0];
    expect(moved.highlights).toEqual([{ field: 'BODY', start: text.indexOf('members'), end: text.indexOf('members') + 'members'.length, text: 'members' }]);

    // A version without the span's words orphans it: the claim stays findable, highlighted in its span.
    await mutate(`mutation ($d: ID!, $text: String!) { addDocumentVersion(input: { document: $d, text: $text }) { __typename } }`, {
      d: gid('Document', docs.letter!),
      text: 'Nothing of the earlier text remains here at all.',
    });
    const orphan = (await claims('members')).edges[0];
    expect(orphan.node.span.status).toBe('ORPHANED');
    expect(orphan.highlights).toEqual([{ field: 'SPAN', start: orphan.node.span.exact.indexOf('members'), end: orphan.node.span.exact.indexOf('members') + 7, text: 'members' }]);

    // A span whose words change (a fuzzy re-anchoring rewrites exact) is re-indexed with them.
    await t.db.prisma.span.update({ where: { id: claim.spanId }, data: { exact: 'the quetzal members' } });
    expect((await claims('quetzal')).totalCount).toBe(1);
    expect((await claims('commission')).totalCount).toBe(0);

    const removed = await mutate(`mutation ($id: ID!) { deleteClaim(input: { id: $id }) { __typename } }`, { id });
    expect(removed.deleteClaim.__typename).toBe('DeletedPayload');
    expect((await claims('members')).totalCount).toBe(0);
    // Deleting a document takes its claims out of the index by cascade.
    await t.db.prisma.document.delete({ where: { id: docs.commission! } });
    expect((await claims('mojahedin')).totalCount).toBe(0);
    if (testProvider === 'sqlite') {
      await t.db.prisma.$executeRawUnsafe(`INSERT INTO "search_claim" ("search_claim", rank) VALUES ('integrity-check', 1)`);
      const stale = await t.db.prisma.$queryRawUnsafe<Array<{ n: number | bigint }>>(`SELECT count(*) AS n FROM "search_claim" WHERE rowid NOT IN (SELECT "id" FROM "Claim")`);
      expect(Number(stale[0]!.n)).toBe(0);
    } else {
      const stale = await t.db.prisma.$queryRawUnsafe<Array<{ n: number | bigint }>>(`SELECT count(*) AS n FROM "search_claim" WHERE "claimId" NOT IN (SELECT "id" FROM "Claim")`);
      expect(Number(stale[0]!.n)).toBe(0);
    }
  });
});

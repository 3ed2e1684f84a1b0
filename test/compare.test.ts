// Comparison on the sample corpus: what each document says, how the values relate, and how many
// independent origins stand behind each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedValue } from '../src/domain/properties.js';
import { compareClaims, summariseClaims } from '../src/services/comparison.js';
import { loadSeed } from '../src/services/seed.js';
import { createToken } from '../src/services/tokens.js';
import { referenceComparison } from './domain/reference-comparison.js';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/database.js';
import { createTestApp } from './helpers/graphql.js';

let t: TestDatabase;
let api: ReturnType<typeof createTestApp>;
const ids: Record<string, string> = {};
const globalId = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64');

beforeAll(async () => {
  t = await createTestDatabase();
  await loadSeed(t.db.prisma);
  api = createTestApp(t.db);
  for (const key of ['massacre-1988', 'ebrahim-raisi', 'pmoi']) {
    const entity = await t.db.prisma.entity.findUniqueOrThrow({ where: { key } });
    ids[key] = globalId(entity.type === 'PERSON' ? 'Person' : entity.type === 'EVENT' ? 'Event' : 'Organisation', entity.id);
  }
});
afterAll(async () => {
  await t.destroy();
});

// Comparison.claims and ValueCluster.claims are connections. `paged` turns a query's plain
// `claims { … }` under compare into pages of 100 (an `after` variable each: $afterTop for the
// comparison's, $afterCluster for the clusters'); `executeAll` follows every page and gives the
// answer with each connection as the plain list of its nodes, checking totalCount on the way.
function paged(query: string): string {
  const owners: string[] = [];
  let out = '';
  for (let index = 0; index < query.length; index++) {
    const char = query[index]!;
    if (char === '{') owners.push(/(\w+)(\([^)]*\))?\s*$/.exec(query.slice(0, index))?.[1] ?? '');
    if (char === '}') owners.pop();
    const match = /^claims\s*\{/.exec(query.slice(index));
    if (match && owners.includes('compare') && !/\w/.test(query[index - 1] ?? '')) {
      const variable = owners.includes('clusters') ? '$afterCluster' : '$afterTop';
      out += `claims(first: 100, after: ${variable}) { totalCount pageInfo { hasNextPage endCursor } edges { node {`;
      // Close the two added levels where the original selection closes.
      let depth = 1;
      let end = index + match[0].length;
      for (; depth > 0; end++) depth += query[end] === '{' ? 1 : query[end] === '}' ? -1 : 0;
      out += `${paged(query.slice(index + match[0].length, end - 1))} } } }`;
      index = end - 1;
      continue;
    }
    out += char;
  }
  return out;
}
function withAfterVariables(query: string): string {
  const used = ['$afterTop', '$afterCluster'].filter((name) => query.includes(`after: ${name})`));
  return used.length === 0 ? query : query.replace(/^query\s*\(/, `query (${used.map((name) => `${name}: String, `).join('')}`);
}
async function executeAll(query: string, variables: Record<string, unknown>, headers?: Record<string, string>) {
  const document = withAfterVariables(paged(query));
  const run = async (extra: Record<string, unknown>) => {
    const response = await api.execute(document, { ...variables, ...extra }, headers);
    expect(response.errors).toBeUndefined();
    return response.data.compare;
  };
  const follow = async (connection: any, next: (after: string) => Promise<any>) => {
    const nodes = connection.edges.map((edge: any) => edge.node);
    for (let page = connection; page.pageInfo.hasNextPage; ) {
      page = await next(page.pageInfo.endCursor);
      nodes.push(...page.edges.map((edge: any) => edge.node));
    }
    expect(nodes).toHaveLength(connection.totalCount);
    return nodes;
  };
  const compare = await run({});
  if (compare.claims) compare.claims = await follow(compare.claims, async (after) => (await run({ afterTop: after })).claims);
  for (const [index, cluster] of (compare.clusters ?? []).entries()) {
    if (cluster.claims) cluster.claims = await follow(cluster.claims, async (after) => (await run({ afterCluster: after })).clusters[index].claims);
  }
  return { data: { compare } };
}

const COMPARE = `query ($subject: ID!, $property: String!) {
  compare(subject: $subject, property: $property) {
    property summary subject { name }
    claims { claim { id } valueText value { __typename ... on QuantityValue { lower upper approximate } ... on ShareValue { lower upper } }
      document { title publisher { name } } span { exact start end } asserter { name }
      origin { key kind name } evidence }
    relations { a b aClaims bClaims relation reason }
    clusters { lower upper valueTexts documentCount independentOriginCount origins { name kind } claims { valueText } documents { title } }
  }
}`;

async function compare(subject: string, property: string) {
  return (await executeAll(COMPARE, { subject, property })).data.compare;
}

function relationBetween(comparison: any, a: (claim: any) => boolean, b: (claim: any) => boolean) {
  const idsOf = (predicate: (claim: any) => boolean) => new Set(comparison.claims.filter(predicate).map((claim: any) => claim.claim.id));
  const as = idsOf(a);
  const bs = idsOf(b);
  const mirror: Record<string, string> = { NARROWER: 'BROADER', BROADER: 'NARROWER' };
  const found = [];
  for (const relation of comparison.relations) {
    const aSide = relation.aClaims.filter((id: string) => as.has(id));
    const bSide = relation.bClaims.filter((id: string) => bs.has(id));
    if (aSide.length > 0 && bSide.length > 0) found.push(relation);
    else if (relation.aClaims.some((id: string) => bs.has(id)) && relation.bClaims.some((id: string) => as.has(id))) found.push({ ...relation, relation: mirror[relation.relation] ?? relation.relation });
  }
  if (found.length === 1) return found[0];
  if (found.length > 1) throw new Error(`${found.length} relations between these claims`);
  throw new Error('no relation between these claims');
}

describe(`compare the 1988 massacre death toll (${testProvider})`, () => {
  it('relates 30,000 as NARROWER than tens of thousands', async () => {
    const comparison = await compare(ids['massacre-1988']!, 'deathToll');
    const relation = relationBetween(comparison, (c) => c.valueText === '30,000', (c) => c.valueText === 'tens of thousands');
    expect(relation).toMatchObject({ relation: 'NARROWER', reason: '30,000 lies within 20,000–99,999' });
  });

  it('shows Amnesty International’s several thousand in CONFLICT with 30,000', async () => {
    const comparison = await compare(ids['massacre-1988']!, 'deathToll');
    const amnesty = comparison.claims.find((claim: any) => claim.valueText === 'several thousand');
    expect(amnesty.asserter).toEqual({ name: 'Amnesty International' });
    expect(amnesty.origin).toMatchObject({ kind: 'CITED_SOURCE', name: 'Amnesty International' });
    expect(amnesty.span.exact).toContain('several thousand');
    expect(relationBetween(comparison, (c) => c.valueText === 'several thousand', (c) => c.valueText === '30,000')).toMatchObject({
      relation: 'CONFLICTS',
      reason: expect.stringMatching(/^(3,000–9,999 and 30,000|30,000 and 3,000–9,999) do not overlap$/),
    });
  });

  it('counts 30,000 repeated by documents of one publisher as one origin', async () => {
    const comparison = await compare(ids['massacre-1988']!, 'deathToll');
    const ownVoice = comparison.claims.filter((claim: any) => claim.valueText === '30,000' && claim.asserter === null && claim.document.publisher?.name === 'MEK-Iran.com');
    expect(new Set(ownVoice.map((claim: any) => claim.document.title)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(ownVoice.map((claim: any) => claim.origin.key)).size).toBe(1);
    expect(ownVoice[0].origin).toMatchObject({ kind: 'PUBLISHER', name: 'MEK-Iran.com' });
  });

  it('shows the FCO’s about 30,000, carried by David Jones, as a separate origin with its chain', async () => {
    const comparison = await compare(ids['massacre-1988']!, 'deathToll');
    const fco = comparison.claims.find((claim: any) => claim.valueText === 'about 30,000');
    expect(fco.origin).toMatchObject({ kind: 'CITED_SOURCE', name: 'Foreign and Commonwealth Office' });
    expect(fco.evidence).toEqual([
      '“MEK: U.N. Urged to Investigate 1988 Massacre of Political Prisoners in Iran”, published by MEK-Iran.com,',
      'quotes David Jones',
      'who paraphrases Foreign and Commonwealth Office',
    ]);
    expect(fco.value).toEqual({ __typename: 'QuantityValue', lower: 27000, upper: 33000, approximate: true });
    const cluster = comparison.clusters.find((c: any) => c.valueTexts.includes('about 30,000'));
    expect(cluster.valueTexts).toEqual(expect.arrayContaining(['30,000', '30,000 or more', 'tens of thousands']));
    expect(cluster.origins.map((origin: any) => origin.name)).toEqual(expect.arrayContaining(['MEK-Iran.com', 'Foreign and Commonwealth Office']));
    expect(cluster.origins.map((origin: any) => origin.name)).not.toContain('David Jones');
  });

  it('keeps several thousand and thousands apart from the 30,000 cluster, and summarises neutrally', async () => {
    const comparison = await compare(ids['massacre-1988']!, 'deathToll');
    const low = comparison.clusters.find((c: any) => c.valueTexts.includes('several thousand'));
    expect(low.valueTexts).not.toContain('30,000');
    expect(comparison.summary).toMatch(/^\d+ documents from \d+ independent origins state “30,000”/);
    expect(comparison.summary).toContain('several thousand');
  });
});

describe(`compare the victims’ affiliation share (${testProvider})`, () => {
  it('relates 90 percent as NARROWER than most, mainly and the majority', async () => {
    const comparison = await compare(ids['massacre-1988']!, 'victimAffiliationShare');
    const vague = comparison.relations.find((relation: any) => relation.relation !== 'SAME');
    expect(comparison.relations).toHaveLength(1);
    expect(vague.aClaims.length + vague.bClaims.length).toBe(comparison.claims.length);
    for (const word of ['most', 'mainly', 'the majority']) {
      const relation = relationBetween(comparison, (c) => c.valueText === '90 percent', (c) => c.valueText.toLowerCase() === word);
      expect(relation).toMatchObject({ relation: 'NARROWER', reason: '90% lies within 50%–100%' });
    }
    expect(comparison.clusters).toHaveLength(1);
  });
});

describe(`compare entity values (${testProvider})`, () => {
  it('treats different roles as different facts, not conflicts', async () => {
    const comparison = await compare(ids['ebrahim-raisi']!, 'role');
    expect(comparison.claims.length).toBeGreaterThan(1);
    expect(comparison.relations.every((relation: any) => relation.relation !== 'CONFLICTS')).toBe(true);
  });

  it('lists the properties worth comparing on the entity', async () => {
    const response = await api.execute('query ($id: ID!) { node(id: $id) { ... on Event { comparisons { property documentCount claimCount } } } }', { id: ids['massacre-1988'] });
    const properties = response.data.node.comparisons.map((entry: any) => entry.property);
    expect(properties).toEqual(expect.arrayContaining(['deathToll', 'victimAffiliationShare']));
    expect(response.data.node.comparisons.every((entry: any) => entry.documentCount >= 2)).toBe(true);
  });

  it('refuses an unknown subject with a clear error', async () => {
    const response = await api.execute(withAfterVariables(paged(COMPARE)), { subject: globalId('Event', 999999), property: 'deathToll' });
    expect(response.errors?.[0]).toMatchObject({ message: 'No Event with this id.', extensions: { code: 'NOT_FOUND' } });
  });
});

describe(`describe (${testProvider})`, () => {
  it('lists per document every mention, claim and citation about the subject in reading order', async () => {
    const response = await api.execute(
      `query ($subject: ID!) { describe(subject: $subject) { subject { name } documents {
        document { title }
        mentions { span { start exact } }
        claims { property valueText span { start } }
        citations { kind span { start } }
      } } }`,
      { subject: ids['ebrahim-raisi'] },
    );
    expect(response.errors).toBeUndefined();
    const { documents, subject } = response.data.describe;
    expect(subject.name).toBe('Ebrahim Raisi');
    expect(documents).toHaveLength(3);
    for (const document of documents) {
      expect(document.mentions.length).toBeGreaterThan(0);
      for (const list of [document.mentions, document.claims, document.citations]) {
        const starts = list.map((item: any) => item.span.start);
        expect(starts).toEqual([...starts].sort((a: number, b: number) => a - b));
      }
      expect(document.mentions.every((mention: any) => /Raisi/.test(mention.span.exact))).toBe(true);
    }
    expect(documents.flatMap((document: any) => document.claims.map((claim: any) => claim.property))).toContain('role');
  });
});

describe('neutrality', () => {
  it('no output field of a comparison states that a value is true', async () => {
    const response = await api.execute('{ __type(name: "Comparison") { fields { name description } } }');
    const text = JSON.stringify(response.data).toLowerCase();
    for (const word of ['true', 'correct', 'verified', 'accurate', 'truth']) {
      expect(text.replace('never decides which value is true', '')).not.toContain(word);
    }
  });
});

/**
 * Claims of every kind about a generated subject: values that normalise alike or not at all, denials,
 * qualifiers, rejected claims, a private collection, documents without publisher, sub-organisations,
 * and citation chains the database resolves (a named person or document) or that must be followed
 * (citations without source, chains into another document, a cycle).
 */
async function generateVariedClaims(seed: number, { unresolvedChains }: { unresolvedChains: boolean }) {
  const p = t.db.prisma;
  let state = seed;
  const random = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor(state / 65_536) % n;
  };
  const pick = <T,>(list: readonly T[]): T => list[random(list.length)]!;
  const tag = `${seed}`;
  const entity = (type: 'ORGANISATION' | 'PERSON' | 'EVENT', name: string, parentId: number | null = null) =>
    p.entity.create({ data: { type, name: `${name} ${tag}`, parentId } });
  const subject = await entity('EVENT', 'Generated event');
  const un = await entity('ORGANISATION', 'Generated Nations');
  const assembly = await entity('ORGANISATION', 'Generated Assembly', un.id);
  const experts = await entity('ORGANISATION', 'Generated Experts', assembly.id);
  const publishers = [await entity('ORGANISATION', 'Gazette'), await entity('ORGANISATION', 'Courier'), assembly, experts, null];
  const persons = [await entity('PERSON', 'Witness A'), await entity('PERSON', 'Witness B'), await entity('PERSON', 'Witness C'), un, experts];
  const roles = [await entity('ORGANISATION', 'Commission'), await entity('ORGANISATION', 'Tribunal')];
  const publicCollection = await p.collection.create({ data: { slug: `varied-public-${tag}`, name: 'varied public', visibility: 'PUBLIC' } });
  const privateCollection = await p.collection.create({ data: { slug: `varied-private-${tag}`, name: 'varied private', visibility: 'PRIVATE' } });
  const document = async (index: number, publisherId: number | null, collectionId: number) => {
    const body = `Generated document ${index} of ${tag}.`;
    const created = await p.document.create({
      data: { collectionId, title: `Generated ${tag}/${index}`, publisherId, versions: { create: { number: 1, rawText: body, body, contentHash: `varied-${tag}-${index}` } } },
      include: { versions: true },
    });
    const span = await p.span.create({ data: { documentId: created.id, versionId: created.versions[0]!.id, exact: 'Generated', start: 0, end: 9 } });
    return { id: created.id, spanId: span.id };
  };
  const cited = [await document(1000, publishers[0]!.id, publicCollection.id), await document(1001, null, privateCollection.id)];
  const texts = ['30,000', '30 000', 'about 30,000', '30,000 or more', 'tens of thousands', 'several thousand', 'thousands', 'at least 1,500', 'up to 5,000', '3,800', 'many', '30.000'];
  const modalities = ['ASSERTS', 'ASSERTS', 'REPORTS', 'ESTIMATES', 'SPECULATES', 'DENIES'] as const;
  // Spaced differently on purpose: spacing aside, one description in one document is one origin.
  const descriptions = ['officials', ' officials ', 'human rights groups'];
  const statuses = ['CONFIRMED', 'CONFIRMED', 'SUGGESTED', 'REJECTED'] as const;
  let previous: Array<{ id: number; sourceEntityId: number | null }> = [];
  for (let d = 0; d < 24; d++) {
    const doc = await document(d, pick(publishers)?.id ?? null, d % 5 === 4 ? privateCollection.id : publicCollection.id);
    const citation = (data: { kind?: 'QUOTE' | 'PARAPHRASE' | 'REFERENCE'; sourceEntityId?: number; sourceDocumentId?: number; sourceDescription?: string; parentId?: number }) =>
      p.citation.create({ data: { documentId: doc.id, spanId: doc.spanId, kind: data.kind ?? 'QUOTE', ...data } });
    const named = await citation({ sourceEntityId: pick(persons)!.id });
    const nested = await citation({ kind: 'PARAPHRASE', sourceEntityId: pick(persons)!.id, parentId: named.id });
    const ofDocument = await citation({ kind: 'REFERENCE', sourceDocumentId: pick(cited).id });
    const unnamedInNamed = await citation({ parentId: nested.id });
    const unnamedInDocument = await citation({ kind: 'PARAPHRASE', parentId: ofDocument.id });
    const unnamed = await citation({});
    // Unnamed sources: described by the document, alone, inside a named one, and carrying a named one.
    const described = await citation({ kind: 'PARAPHRASE', sourceDescription: pick(descriptions) });
    const describedInNamed = await citation({ sourceDescription: pick(descriptions), parentId: named.id });
    const namedInDescribed = await citation({ sourceEntityId: pick(persons)!.id, parentId: described.id });
    const cycleA = await citation({});
    const cycleB = await citation({ parentId: cycleA.id });
    await p.citation.update({ where: { id: cycleA.id }, data: { parentId: cycleB.id } });
    // Chains into another document: one with claims about the subject, one without (not followed).
    const elsewhere = await p.citation.create({ data: { documentId: cited[0]!.id, spanId: cited[0]!.spanId, kind: 'QUOTE', sourceEntityId: pick(persons)!.id } });
    const chains = unresolvedChains
      ? [named, nested, ofDocument, unnamedInNamed, unnamedInDocument, unnamed, cycleB, elsewhere, described, describedInNamed, namedInDescribed, ...previous]
      : [named, nested, ofDocument, namedInDescribed];
    previous = [nested, unnamedInNamed];
    for (let k = 0; k < 14; k++) {
      const role = k % 7 === 6;
      const valueText = role ? pick(['member of the commission', 'judge', 'Judge']) : pick(texts);
      const valueEntityId = role && random(3) > 0 ? pick(roles).id : null;
      const attributed = random(2) === 0;
      // Own voice through a citation of an unnamed source counts for that source, not the publisher.
      const chain = attributed && random(4) > 0 ? pick(chains) : !attributed && random(6) === 0 ? described : null;
      const unnamedAsserter = attributed && random(4) === 0;
      const claim = await p.claim.create({
        data: {
          documentId: doc.id,
          spanId: doc.spanId,
          subjectId: subject.id,
          property: role ? 'role' : 'deathToll',
          valueText,
          ...storedValue(role ? 'role' : 'deathToll', valueText, valueEntityId !== null || (role && random(2) === 0)),
          valueEntityId,
          modality: pick(modalities),
          status: pick(statuses),
          asserterId: attributed && !unnamedAsserter ? ((random(3) > 0 ? chain?.sourceEntityId : null) ?? pick(persons)!.id) : null,
          asserterDescription: unnamedAsserter ? pick(descriptions) : null,
          citationId: chain?.id ?? null,
        },
      });
      const qualifiers = random(4);
      if (qualifiers === 1) await p.claimQualifier.create({ data: { claimId: claim.id, property: 'pointInTime', valueText: pick(['by 5 August', 'By 5 august', 'in 1989']) } });
      if (qualifiers === 2) {
        await p.claimQualifier.create({ data: { claimId: claim.id, property: 'place', entityId: pick(roles).id } });
        await p.claimQualifier.create({ data: { claimId: claim.id, property: 'pointInTime', valueText: 'by 5 August' } });
      }
    }
  }
  return subject.id;
}

const CLAIM_SETS = `query ($subject: ID!, $property: String!, $merge: Boolean) {
  compare(subject: $subject, property: $property, mergeSubOrganisations: $merge) {
    summary
    relations { a b relation reason }
    clusters { lower upper valueTexts scope documentCount independentOriginCount origins { key kind name } documents { title } }
  }
}`;
// The same, plus a field that lists claims: compare() then reads claim by claim.
const CLAIM_BY_CLAIM = CLAIM_SETS.replace('summary', 'summary claims { claim { id } }');

describe(`compare over claim sets grouped by the database (${testProvider})`, () => {
  const withoutClaims = (comparison: Awaited<ReturnType<typeof compareClaims>>) => ({
    claimCount: comparison.claimCount,
    relations: comparison.relations.map(({ aClaims: _a, bClaims: _b, ...relation }) => relation),
    clusters: comparison.clusters.map(({ claimIds: _ids, ...cluster }) => cluster),
    summary: comparison.summary,
  });

  it.each([
    [1, true],
    [2, true],
    [3, false],
  ])('gives what claim-by-claim comparison gives, on generated claims (seed %i, chains SQL cannot resolve: %s)', async (seed, unresolvedChains) => {
    const subjectId = await generateVariedClaims(seed, { unresolvedChains });
    const seen = { origins: new Set<string>(), scopes: new Set<string>(), denials: 0, relations: new Set<string>() };
    for (const property of ['deathToll', 'role']) {
      for (const collections of [{ visibility: 'PUBLIC' as const }, {}]) {
        for (const mergeSubOrganisations of [false, true]) {
          const query = { subjectId, property, collections };
          const claims = await compareClaims(t.db, query, { mergeSubOrganisations });
          const sets = await summariseClaims(t.db, query, { mergeSubOrganisations });
          expect(sets).toEqual(withoutClaims(claims));
          // And claim by claim is still what it was before claim sets.
          const reference = referenceComparison(claims.claims, { mergeSubOrganisations });
          expect(claims.relations).toEqual(reference.relations);
          expect(claims.clusters).toEqual(reference.clusters.map((cluster) => ({ ...cluster, claimCount: cluster.claimIds.length })));
          expect(claims.summary).toBe(reference.summary);
          for (const cluster of sets.clusters) {
            for (const origin of cluster.origins) seen.origins.add(origin.kind);
            seen.scopes.add(cluster.scope);
            if (cluster.denies) seen.denials++;
          }
          for (const relation of sets.relations) seen.relations.add(relation.relation);
        }
      }
      const visible = await summariseClaims(t.db, { subjectId, property, collections: { visibility: 'PUBLIC' } });
      const all = await summariseClaims(t.db, { subjectId, property, collections: {} });
      expect(visible.claimCount).toBeLessThan(all.claimCount);
    }
    // The generated claims exercise what they are meant to.
    expect([...seen.origins].sort()).toEqual(['CITED_SOURCE', 'DOCUMENT', 'PUBLISHER', 'UNNAMED']);
    expect(seen.scopes.size).toBeGreaterThanOrEqual(3);
    expect(seen.denials).toBeGreaterThan(0);
    expect([...seen.relations]).toEqual(expect.arrayContaining(['NARROWER', 'BROADER', 'OVERLAPS', 'CONFLICTS', 'INCOMPARABLE']));

    // Through the API, as an anonymous caller (the private collection does not count).
    const subject = globalId('Event', subjectId);
    for (const property of ['deathToll', 'role']) {
      for (const merge of [false, true]) {
        const grouped = await api.execute(CLAIM_SETS, { subject, property, merge });
        const claimByClaim = await executeAll(CLAIM_BY_CLAIM, { subject, property, merge });
        expect(grouped.errors).toBeUndefined();
        const { claims, ...rest } = claimByClaim.data.compare;
        expect(grouped.data.compare).toEqual(rest);
        expect(claims.length).toBe((await summariseClaims(t.db, { subjectId, property, collections: { visibility: 'PUBLIC' } })).claimCount);
      }
    }
  });

  it('reads claim by claim whenever the query lists claims, through fragments too', async () => {
    const subject = ids['massacre-1988']!;
    const sets = await api.execute(CLAIM_SETS, { subject, property: 'deathToll' });
    expect(sets.errors).toBeUndefined();
    const listing = [
      CLAIM_BY_CLAIM,
      CLAIM_SETS.replace('relations { a b', 'relations { a b aClaims'),
      CLAIM_SETS.replace('relations { a b', 'relations { a b bClaims'),
      CLAIM_SETS.replace('clusters {', 'clusters { claims { valueText }'),
      `query ($subject: ID!, $property: String!) { compare(subject: $subject, property: $property) { ...C } }
       fragment C on Comparison { summary relations { relation } clusters { ... on ValueCluster { claims(first: 5) { edges { node { origin { name } evidence } } } } } }`,
      `query ($subject: ID!, $property: String!) { compare(subject: $subject, property: $property) { summary ... { relations { ...R } } } }
       fragment R on ClaimRelation { relation aClaims }`,
    ];
    for (const query of listing) {
      const response = await api.execute(query.startsWith('query ($subject: ID!, $property: String!, $merge') ? withAfterVariables(paged(query)) : query, { subject, property: 'deathToll' });
      expect(response.errors).toBeUndefined();
      expect(response.data.compare.summary).toBe(sets.data.compare.summary);
    }
  });
});

describe(`a scope in words (${testProvider})`, () => {
  it('names the entities of a scope in clusters, reasons and summary, keeps two of one name apart, and costs no statement', async () => {
    const p = t.db.prisma;
    const subject = await p.entity.create({ data: { type: 'EVENT', name: 'Flood in the old town' } });
    const residents = await p.entity.create({ data: { type: 'ORGANISATION', name: 'Old Town Residents' } });
    const namesake = await p.entity.create({ data: { type: 'ORGANISATION', name: 'Old Town Residents' } });
    const collection = await p.collection.create({ data: { slug: 'scoped-flood', name: 'scoped flood', visibility: 'PUBLIC' } });
    const claim = async (index: number, valueText: string, qualifiers: Array<{ property: string; valueText?: string; entityId?: number }>) => {
      const publisher = await p.entity.create({ data: { type: 'ORGANISATION', name: `Flood Gazette ${index}` } });
      const body = `Flood report ${index}.`;
      const document = await p.document.create({
        data: { collectionId: collection.id, title: `Flood report ${index}`, publisherId: publisher.id, versions: { create: { number: 1, rawText: body, body, contentHash: `scoped-flood-${index}` } } },
        include: { versions: true },
      });
      const span = await p.span.create({ data: { documentId: document.id, versionId: document.versions[0]!.id, exact: 'Flood', start: 0, end: 5 } });
      await p.claim.create({
        data: {
          documentId: document.id,
          spanId: span.id,
          subjectId: subject.id,
          property: 'deathToll',
          valueText,
          ...storedValue('deathToll', valueText, false),
          modality: 'ASSERTS',
          status: 'CONFIRMED',
          qualifiers: { create: qualifiers },
        },
      });
    };
    await claim(1, '402', [{ property: 'group', entityId: residents.id }, { property: 'pointInTime', valueText: 'by 5 August' }]);
    await claim(2, '402', [{ property: 'pointInTime', valueText: 'By 5 August' }, { property: 'group', entityId: residents.id }]);
    // Another organisation of the same name, and the name given as text only: two more scopes.
    await claim(3, '380', [{ property: 'group', entityId: namesake.id }, { property: 'pointInTime', valueText: 'by 5 August' }]);
    await claim(4, '390', [{ property: 'group', valueText: 'Old Town Residents' }]);

    const variables = { subject: globalId('Event', subject.id), property: 'deathToll', merge: false };
    const grouped = await api.execute(CLAIM_SETS, variables);
    const claimByClaim = await executeAll(CLAIM_BY_CLAIM, variables);
    expect(grouped.errors).toBeUndefined();
    const { claims: _claims, ...rest } = claimByClaim.data.compare;
    expect(grouped.data.compare).toEqual(rest);
    const compared = grouped.data.compare;
    const alike = 'group=Old Town Residents, pointInTime=by 5 august';
    expect(compared.clusters.map((cluster: any) => [cluster.valueTexts, cluster.scope])).toEqual([
      [['402'], alike],
      [['380'], alike],
      [['390'], 'group=old town residents'],
    ]);
    expect(compared.relations.map((relation: any) => relation.reason).sort()).toEqual(
      [
        `different scopes that read alike (${alike}: different entities of that name, or an entity and a text): not rival values`,
        `different scopes (${alike} / group=old town residents): not rival values`,
        `different scopes (${alike} / group=old town residents): not rival values`,
      ].sort(),
    );
    expect(compared.summary).toBe(
      `2 documents from 2 independent origins state “402” (402) for ${alike}; ` +
        `1 document from 1 independent origin states “380” (380) for ${alike}; ` +
        '1 document from 1 independent origin states “390” (390) for group=old town residents.',
    );
    expect(JSON.stringify(compared)).not.toMatch(/#\d/);
    // The services agree with each other and with the row-by-row oracle.
    const query = { subjectId: subject.id, property: 'deathToll', collections: {} };
    const byClaim = await compareClaims(t.db, query);
    expect(byClaim.summary).toBe(compared.summary);
    expect(byClaim.summary).toBe(referenceComparison(byClaim.claims).summary);

    // The names are read with the qualifiers: no statement of their own.
    const count = async (document: string) => (await t.countStatements(() => api.execute(document, variables))).statements.length;
    const CLAIMS_PAGE = withAfterVariables(paged(CLAIM_BY_CLAIM));
    const withNames = [await count(CLAIM_SETS), await count(CLAIMS_PAGE)];
    await p.claimQualifier.updateMany({ where: { entityId: { in: [residents.id, namesake.id] } }, data: { entityId: null, valueText: 'residents' } });
    const unnamed = await api.execute(CLAIM_SETS, variables);
    expect(unnamed.data.compare.clusters.map((cluster: any) => cluster.scope)).toContain('group=residents, pointInTime=by 5 august');
    expect([await count(CLAIM_SETS), await count(CLAIMS_PAGE)]).toEqual(withNames);
  });
});

// Listed claims are read through the driver when they ask for nothing but their own columns and
// those of their document, span and asserter (src/schema/compared-claims.ts); any other selection
// goes through Prisma. Both give the same answer.
const VALUE = '__typename ... on QuantityValue { lower upper approximate unit } ... on ShareValue { lower upper } ... on TextValue { text reason } ... on EntityValue { entity { id name } } ... on DateValue { from { year text } to { year } }';
const LISTED = `
  claim { id confidence createdAt method modality asserterDescription normalisedBy property status valueKind valueNote valueText value { ${VALUE} } }
  valueText modality asserterDescription value { ${VALUE} }
  document { id title key kind language notes contentHash createdAt retrievedAt url published { year month day text precision } }
  span { id exact start end prefix suffix offsetUnit status }
  asserter { __typename id name type description }
  origin { key kind name } evidence`;
const listing = (listed: string) => `query ($subject: ID!, $property: String!, $merge: Boolean) {
  compare(subject: $subject, property: $property, mergeSubOrganisations: $merge) {
    summary
    claims { ${listed} }
    relations { a b aClaims bClaims relation }
    clusters { valueTexts documentCount claims { ${listed} } }
  }
}`;
// With claim { … }: every column; without it, only the columns the fields read (comparedColumns).
const LISTING = listing(LISTED);
const NARROW = listing(LISTED.replace(/claim \{[^\n]*\n/, ''));
// The same with a relation under the document: the lean read does not answer it, Prisma does.
const throughPrisma = (query: string) => query.replaceAll('document { id title', 'document { publisher { name } id title');
const withoutPublishers = (compare: any) => {
  const strip = (claims: any[]) => claims.map(({ document: { publisher: _publisher, ...document }, ...claim }) => ({ ...claim, document }));
  return { ...compare, claims: strip(compare.claims), clusters: compare.clusters.map((cluster: any) => ({ ...cluster, claims: strip(cluster.claims) })) };
};

describe(`listed claims through the driver (${testProvider})`, () => {
  it('gives what the Prisma path gives, for every caller, on the sample corpus and generated claims', async () => {
    const subjectId = await generateVariedClaims(7, { unresolvedChains: true });
    const editor = { authorization: `Bearer ${(await createToken(t.db.prisma, { collectionSlug: 'varied-private-7', role: 'EDITOR' })).token}` };
    const cases: Array<[string, string]> = [
      [ids['massacre-1988']!, 'deathToll'],
      [ids['massacre-1988']!, 'victimAffiliationShare'],
      [ids['ebrahim-raisi']!, 'role'],
      [globalId('Event', subjectId), 'deathToll'],
      [globalId('Event', subjectId), 'role'],
    ];
    expect(NARROW).not.toContain('claim {');
    let asserted = 0;
    for (const [subject, property] of cases) {
      for (const headers of [{}, editor]) {
        for (const [merge, query] of [[false, LISTING], [true, LISTING], [false, NARROW]] as const) {
          const lean = await executeAll(query, { subject, property, merge }, headers);
          const prisma = await executeAll(throughPrisma(query), { subject, property, merge }, headers);
          expect(lean.data.compare.claims.length).toBeGreaterThan(0);
          expect(lean.data.compare).toEqual(withoutPublishers(prisma.data.compare));
          asserted += lean.data.compare.claims.filter((claim: any) => claim.asserter !== null).length;
        }
      }
      // The private collection's claims count for its editor only.
      if (subject === globalId('Event', subjectId)) {
        const anonymous = await executeAll(LISTING, { subject, property }, {});
        const privileged = await executeAll(LISTING, { subject, property }, editor);
        const visible = await summariseClaims(t.db, { subjectId, property, collections: { visibility: 'PUBLIC' } });
        const all = await summariseClaims(t.db, { subjectId, property, collections: {} });
        expect(anonymous.data.compare.claims.length).toBe(visible.claimCount);
        expect(privileged.data.compare.claims.length).toBe(all.claimCount);
        expect(all.claimCount).toBeGreaterThan(visible.claimCount);
      }
    }
    expect(asserted).toBeGreaterThan(0);
  });

  it('reads the listed claims, their documents and asserters in three driver statements, whatever their number', async () => {
    const subject = ids['massacre-1988']!;
    const count = async (query: string) => (await t.countStatements(() => api.execute(query, { subject, property: 'deathToll' }))).statements;
    const few = await count('query ($subject: ID!, $property: String!) { compare(subject: $subject, property: $property) { claims(first: 100) { edges { node { valueText } } } } }');
    const all = await count(`query ($subject: ID!, $property: String!) { compare(subject: $subject, property: $property) { claims(first: 100) { edges { node { valueText document { title } span { exact } asserter { name } origin { name } } } } } }`);
    // The claims with their spans in the statement that reads claim columns, then one for documents and one for asserters.
    expect(all.length - few.length).toBe(2);
    const lean = all.filter((statement) => /json_each|unnest/.test(statement));
    expect(lean).toHaveLength(3);
    // Only the columns the fields read: no span prefix, no document notes, no claim confidence.
    for (const statement of lean) expect(statement).not.toMatch(/"prefix"|"notes"|"confidence"/);
    expect(lean.join(' ')).toMatch(/"exact"[^]*"title"|"title"[^]*"exact"/);
  });
});

const PAGE = `query ($subject: ID!, $property: String!, $first: Int, $after: String) {
  compare(subject: $subject, property: $property) {
    claims(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { claim { id } valueText origin { key } } } }
  }
}`;
const CLUSTER_PAGE = `query ($subject: ID!, $property: String!, $first: Int, $after: String) {
  compare(subject: $subject, property: $property) {
    clusters { claims(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { claim { id } } } } }
  }
}`;

describe(`claims a page at a time (${testProvider})`, () => {
  const claimIdOf = (id: string) => Number(Buffer.from(id, 'base64').toString().split(':')[1]);

  it('pages through a comparison and each cluster: exactly the claims of the whole comparison, in its order', async () => {
    const subjectId = await generateVariedClaims(11, { unresolvedChains: true });
    const subject = globalId('Event', subjectId);
    for (const property of ['deathToll', 'role']) {
      const whole = await compareClaims(t.db, { subjectId, property, collections: { visibility: 'PUBLIC' } });
      expect(whole.claims.length).toBeGreaterThan(20);
      const wholeOrigins = whole.claims.map((claim, index) => [claim.claimId, whole.origins[index]!.key]);
      // The comparison's claims, 7 at a time.
      const seen: Array<[number, string]> = [];
      let after: string | null = null;
      for (let pages = 0; ; pages++) {
        const response: any = await api.execute(PAGE, { subject, property, first: 7, after });
        expect(response.errors).toBeUndefined();
        const connection: any = response.data.compare.claims;
        expect(connection.totalCount).toBe(whole.claims.length);
        expect(connection.edges.length).toBeLessThanOrEqual(7);
        seen.push(...connection.edges.map((edge: any) => [claimIdOf(edge.node.claim.id), edge.node.origin.key] as [number, string]));
        if (!connection.pageInfo.hasNextPage) break;
        expect(connection.edges).toHaveLength(7);
        after = connection.pageInfo.endCursor;
        expect(pages).toBeLessThan(200);
      }
      expect(seen).toEqual(wholeOrigins);
      // Each cluster's claims, 5 at a time (one after cursor for every cluster: each reads its own).
      const clusterIds = whole.clusters.map((cluster) => [...cluster.claimIds].sort((a, b) => a - b));
      const collected: number[][] = clusterIds.map(() => []);
      const cursors: Array<string | null> = clusterIds.map(() => null);
      for (const [index, ids] of clusterIds.entries()) {
        for (let more = true; more; ) {
          const response = await api.execute(CLUSTER_PAGE, { subject, property, first: 5, after: cursors[index] });
          expect(response.errors).toBeUndefined();
          const connection = response.data.compare.clusters[index].claims;
          expect(connection.totalCount).toBe(ids.length);
          collected[index]!.push(...connection.edges.map((edge: any) => claimIdOf(edge.node.claim.id)));
          more = connection.pageInfo.hasNextPage;
          cursors[index] = connection.pageInfo.endCursor;
        }
      }
      expect(collected).toEqual(clusterIds);

      // After the last claim: an empty page.
      const end = Buffer.from(`comparison:${whole.claims.at(-1)!.document.id}:${whole.claims.at(-1)!.claimId}`).toString('base64');
      for (const cursor of [end, Buffer.from('comparison:2147483647:2147483647').toString('base64')]) {
        const beyond = await api.execute(PAGE, { subject, property, first: 5, after: cursor });
        expect(beyond.errors).toBeUndefined();
        expect(beyond.data.compare.claims).toMatchObject({ totalCount: whole.claims.length, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
      }
      const beyondCluster = await api.execute(CLUSTER_PAGE, { subject, property, first: 5, after: Buffer.from('cluster:2147483647').toString('base64') });
      expect(beyondCluster.errors).toBeUndefined();
      for (const cluster of beyondCluster.data.compare.clusters) expect(cluster.claims.edges).toEqual([]);
    }
  });

  it('refuses pages over 100, backward paging and cursors of another list', async () => {
    const subject = ids['massacre-1988']!;
    for (const [query, first] of [[PAGE, 101], [CLUSTER_PAGE, 101], [PAGE, 0]] as const) {
      const response = await api.execute(query, { subject, property: 'deathToll', first });
      expect(response.errors?.[0]?.message).toBe(`Argument "first" must be between 1 and 100, got ${first}.`);
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const backward = await api.execute('query ($s: ID!) { compare(subject: $s, property: "deathToll") { claims(last: 5) { totalCount } } }', { s: subject });
    expect(backward.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const foreign = await api.execute(PAGE, { subject, property: 'deathToll', first: 5, after: Buffer.from('cluster:3').toString('base64') });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });

  it('reads a page in the same statements whatever the size of the comparison or the page, and never the whole comparison', async () => {
    const subjectId = await generateVariedClaims(12, { unresolvedChains: true });
    const subject = globalId('Event', subjectId);
    const query = `query ($subject: ID!, $property: String!, $first: Int) {
      compare(subject: $subject, property: $property) { claims(first: $first) { totalCount edges { node { valueText document { title } span { exact } asserter { name } origin { name } evidence } } } }
    }`;
    const statementsFor = async (first: number) => {
      const { result, statements } = await t.countStatements(() => api.execute(query, { subject, property: 'deathToll', first }));
      expect(result.errors).toBeUndefined();
      return { edges: result.data.compare.claims.edges.length, totalCount: result.data.compare.claims.totalCount, statements };
    };
    const few = await statementsFor(5);
    const many = await statementsFor(100);
    // Three times the claims: every claim copied twice (same document, asserter, citation; later ids).
    const claims = await t.db.prisma.claim.findMany({ where: { subjectId, property: 'deathToll' } });
    for (let copy = 0; copy < 2; copy++) await t.db.prisma.claim.createMany({ data: claims.map(({ id: _id, createdAt: _createdAt, ...claim }) => claim) });
    const fewOfMore = await statementsFor(5);
    const manyOfMore = await statementsFor(100);
    expect(many.edges).toBe(Math.min(100, many.totalCount));
    expect(fewOfMore.totalCount).toBe(3 * few.totalCount);
    expect(manyOfMore.edges).toBe(100);
    expect(many.statements.length).toBe(few.statements.length);
    expect(fewOfMore.statements.length).toBe(few.statements.length);
    expect(manyOfMore.statements.length).toBe(few.statements.length);
    for (const { statements } of [few, many, fewOfMore, manyOfMore]) {
      // Neither the claim-by-claim read (every claim's value columns) nor the claim sets grouped by the database.
      expect(statements.filter((statement) => /"valueKind"|GROUP BY/.test(statement))).toEqual([]);
      // The page is read with a bound.
      expect(statements.some((statement) => /LIMIT (6|101)\b/.test(statement))).toBe(true);
    }
  });
});

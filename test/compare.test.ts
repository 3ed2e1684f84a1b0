// Comparison on the sample corpus: what each document says, how the values relate, and how many
// independent origins stand behind each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '../src/services/seed.js';
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
  const response = await api.execute(COMPARE, { subject, property });
  expect(response.errors).toBeUndefined();
  return response.data.compare;
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
    const response = await api.execute(COMPARE, { subject: globalId('Event', 999999), property: 'deathToll' });
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

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitBoilerplate } from '../src/domain/boilerplate.js';
import { defaultSeedDir, loadSeed, planSeed, SeedError } from '../src/services/seed.js';
import { createTestDatabase, tableCounts, testProvider, type TestDatabase } from './helpers/database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
});

/** A copy of seeds/ with one file edited, for broken-annotation tests. */
function seedCopyWith(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'crosscheck-seed-'));
  cpSync(defaultSeedDir, dir, { recursive: true });
  const path = join(dir, file);
  const original = readFileSync(path, 'utf8');
  const edited = edit(original);
  if (edited === original) throw new Error(`the edit of ${file} changed nothing`);
  rmSync(path);
  writeFileSync(path, edited);
  return dir;
}

describe(`the sample corpus (${testProvider})`, () => {
  it('loads five documents into the public collection "sample"', async () => {
    const report = await loadSeed(t.db.prisma);
    expect(report.collection).toBe('sample');
    expect(report.documents).toEqual({ created: 5, replaced: 0, unchanged: 0 });
    const collection = await t.db.prisma.collection.findUniqueOrThrow({ where: { slug: 'sample' }, include: { _count: { select: { documents: true } } } });
    expect(collection.visibility).toBe('PUBLIC');
    expect(collection._count.documents).toBe(5);
  });

  it('anchors every span so that its exact text is body.slice(start, end)', async () => {
    const spans = await t.db.prisma.span.findMany({ include: { version: { select: { body: true } } } });
    expect(spans.length).toBeGreaterThan(100);
    for (const span of spans) {
      expect(span.version.body.slice(span.start, span.end)).toBe(span.exact);
      expect(span.version.body.slice(span.start - span.prefix.length, span.start)).toBe(span.prefix);
      expect(span.version.body.slice(span.end, span.end + span.suffix.length)).toBe(span.suffix);
    }
  });

  it('keeps the raw text exactly and cuts the boilerplate regions out of the body', async () => {
    const versions = await t.db.prisma.documentVersion.findMany({ include: { boilerplate: true, document: { select: { key: true } } } });
    for (const version of versions) {
      expect(version.rawText).toBe(readFileSync(join(defaultSeedDir, `${version.document.key}.txt`), 'utf8'));
      for (const region of version.boilerplate) expect(version.rawText.slice(region.start, region.end)).toBe(region.text);
      // The stored body is exactly the raw text minus its stored regions.
      expect(version.body).toBe(splitBoilerplate(version.rawText, version.boilerplate).body);
    }
    const withShareLinks = versions.find((version) => version.document.key === '003_212a217897430444')!;
    expect(withShareLinks.body).not.toContain('UltimatelySocial');
    expect(withShareLinks.body).not.toContain('Copyright ©');
    expect(withShareLinks.body).toContain('Giulio Terzi');
    const withLatestNews = versions.find((version) => version.document.key === '004_33eb88c9cdc5cc6a')!;
    expect(withLatestNews.body).not.toContain('Latest news');
    expect(withLatestNews.body).not.toContain('Recommended to you');
    expect(withLatestNews.body.startsWith('London, 7')).toBe(true);
  });

  it('records the FCO figure as carried by David Jones, a nested citation', async () => {
    const claim = await t.db.prisma.claim.findFirstOrThrow({
      where: { valueText: 'about 30,000', property: 'deathToll' },
      include: { asserter: true, citation: { include: { sourceEntity: true, parent: { include: { sourceEntity: true } } } }, span: true },
    });
    expect(claim.asserter?.key).toBe('foreign-commonwealth-office');
    expect(claim.citation?.sourceEntity?.key).toBe('foreign-commonwealth-office');
    expect(claim.citation?.parent?.sourceEntity?.key).toBe('david-jones');
    expect(claim.span.exact).toContain('about 30,000');
  });

  it('knows PMOI, MEK and the People’s Mojahedin Organization of Iran as one organisation', async () => {
    const pmoi = await t.db.prisma.entity.findUniqueOrThrow({ where: { key: 'pmoi' }, include: { names: true } });
    const names = pmoi.names.map((name) => name.name);
    expect(names).toEqual(expect.arrayContaining(['PMOI', 'MEK', 'People’s Mojahedin Organization of Iran', 'People’s Mujahedin of Iran']));
  });

  it('changes nothing when loaded a second time', async () => {
    const before = await tableCounts(t.db);
    const report = await loadSeed(t.db.prisma);
    expect(report.documents).toEqual({ created: 0, replaced: 0, unchanged: 5 });
    expect(report.entities.created + report.entities.updated).toBe(0);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  describe('a broken annotation fails the load with file and quote, and leaves the database unchanged', () => {
    const cases: Array<[string, string, (text: string) => string, RegExp]> = [
      [
        'a quote missing from the text',
        '004_33eb88c9cdc5cc6a.yaml',
        (text) => text.replace('quote: "Mohammad Mohaddessin" }', 'quote: "Mohammad Mohaddessin the Second" }'),
        /^004_33eb88c9cdc5cc6a\.yaml: the quote does not occur in the text — quote "Mohammad Mohaddessin the Second"$/,
      ],
      [
        'an ambiguous quote',
        '004_33eb88c9cdc5cc6a.yaml',
        (text) => text.replace(/(mentions:\n)/, '$1  - { entity: pmoi, quote: "PMOI" }\n'),
        /^004_33eb88c9cdc5cc6a\.yaml: the quote occurs \d+ times \(at [\d, ]+\); add a prefix or suffix to choose one — quote "PMOI"$/,
      ],
      [
        'an unknown entity',
        '004_33eb88c9cdc5cc6a.yaml',
        (text) => text.replace(/(mentions:\n)/, '$1  - { entity: nobody-at-all, quote: "Khamenei" }\n'),
        /^004_33eb88c9cdc5cc6a\.yaml: mention entity "nobody-at-all" is not an entity in entities\.yaml$/,
      ],
    ];
    it.each(cases)('%s', async (_name, file, edit, message) => {
      const dir = seedCopyWith(file, edit);
      try {
        const before = await tableCounts(t.db);
        const failure = await loadSeed(t.db.prisma, dir).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(SeedError);
        expect((failure as SeedError).message).toMatch(message);
        expect(await tableCounts(t.db)).toEqual(before);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('rolls back every write when the database refuses one mid-load', async () => {
    const fresh = await createTestDatabase();
    try {
      // An unrelated entity already holds the Wikidata id a seed entity carries: the unique
      // index refuses that insert after the collection and earlier entities were written.
      await fresh.db.prisma.entity.create({
        data: { type: 'PERSON', name: 'Someone else', externalIds: { create: { scheme: 'wikidata', value: 'Q42970' } } },
      });
      const before = await tableCounts(fresh.db);
      await expect(loadSeed(fresh.db.prisma)).rejects.toThrow();
      expect(await tableCounts(fresh.db)).toEqual(before);
    } finally {
      await fresh.destroy();
    }
  });
});

describe('planSeed', () => {
  it('resolves the curated corpus without a database', () => {
    const plan = planSeed();
    expect(plan.documents.map((document) => document.key)).toEqual([
      '000_6d25083f449ee9b4',
      '001_109364da2bc28811',
      '002_ef5df5d5046c4c46',
      '003_212a217897430444',
      '004_33eb88c9cdc5cc6a',
    ]);
    const deathTolls = plan.documents.flatMap((document) => document.claims.filter((claim) => claim.property === 'deathToll' && claim.subject === 'massacre-1988').map((claim) => claim.value));
    expect(new Set(deathTolls)).toEqual(new Set(['30,000', '30,000 or more', 'about 30,000', 'tens of thousands', 'several thousand', 'thousands']));
  });
});

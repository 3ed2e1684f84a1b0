// Ingest stores what metadata.ts and extract.ts find: the JSON Lines "publisher" field (and
// HTML og:site_name) matched to a known organisation by name or alias, so documents of one
// publisher share one origin; authors from bylines and <meta name="author"> matched to known
// persons; unknown names reported as candidates, never created; dates from the text's head.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractHtml, extractJsonLines, type ExtractedDocument } from '../../src/domain/extract.js';
import { normalizeName } from '../../src/domain/names.js';
import { cliWriter, ingestDocuments } from '../../src/services/ingest.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let t: TestDatabase;
let collectionId: number;
const ids = new Map<string, number>();

beforeAll(async () => {
  t = await createTestDatabase();
  collectionId = (await t.db.prisma.collection.create({ data: { slug: 'metadata', name: 'metadata', visibility: 'PRIVATE' } })).id;
  const entities: Array<[string, 'PERSON' | 'ORGANISATION', string[]]> = [
    ['Northern Courier', 'ORGANISATION', ['The Courier']],
    ['Global Press Agency', 'ORGANISATION', ['GPA']],
    ['Rosa Klein', 'PERSON', []],
    ['Omar Said', 'PERSON', []],
  ];
  for (const [name, type, aliases] of entities) {
    const entity = await t.db.prisma.entity.create({
      data: { type, name, names: { create: [{ name, kind: 'PRIMARY', normalized: normalizeName(name) }, ...aliases.map((alias) => ({ name: alias, kind: 'ALIAS' as const, normalized: normalizeName(alias) }))] } },
    });
    ids.set(name, entity.id);
  }
});

afterAll(async () => {
  await t?.destroy();
});

const LEDE = 'The harbour authority said on Monday that the ferry service would resume next week once the storm damage to the pier has been repaired.';

async function ingest(items: Array<ExtractedDocument | Error>) {
  const report = await ingestDocuments(t.db, cliWriter(t.db, collectionId), collectionId, items as ExtractedDocument[]);
  const documents = await t.db.prisma.document.findMany({
    where: { id: { in: report.outcomes.map((o) => o.documentId!).filter(Boolean) } },
    include: { authors: { orderBy: { position: 'asc' } } },
    orderBy: { id: 'asc' },
  });
  return { report, documents };
}

describe('ingest stores publisher, authors and date', () => {
  it('matches the JSON Lines publisher to a known organisation by name or alias; an unknown one is a candidate', async () => {
    const lines = [
      { title: 'Ferries resume', publisher: 'Northern Courier', text: `Ferries resume\n\n${LEDE} (one)` },
      { title: 'Ferries resume again', publisher: 'The Courier', text: `Ferries resume again\n\n${LEDE} (two)` },
      { title: 'Ferries elsewhere', publisher: 'Southern Gazette', text: `Ferries elsewhere\n\n${LEDE} (three)` },
    ];
    const { report, documents } = await ingest(extractJsonLines('feed.jsonl', lines.map((line) => JSON.stringify(line)).join('\n')));
    expect(documents.map((d) => d.publisherId)).toEqual([ids.get('Northern Courier'), ids.get('Northern Courier'), null]);
    expect(report.candidates.get('Southern Gazette')).toBe(1);
    expect(await t.db.prisma.entity.count({ where: { name: 'Southern Gazette' } })).toBe(0);
  });

  it('takes the publisher from the text when the source gives none: a dateline’s agency', async () => {
    const text = `Storm damage\n\nPORTVILLE, 3 May 2022 (GPA) – ${LEDE}`;
    const { documents } = await ingest([{ source: 'a.txt', text, title: null, url: null, publishedAt: null, publisher: null }]);
    expect(documents[0]).toMatchObject({ publisherId: ids.get('Global Press Agency'), publishedYear: 2022, publishedMonth: 5, publishedDay: 3 });
  });

  it('stores authors of a byline and of <meta name="author"> in order; unknown authors are candidates', async () => {
    const byline = `Pier repairs begin\n\nBy Omar Said and Rosa Klein\n12 March 2024\n\n${LEDE} (byline)`;
    const html = `<html><head><title>Pier</title><meta name="author" content="Rosa Klein, Lukas Brandt"><meta property="og:site_name" content="Northern Courier"></head><body><article><h1>Pier</h1><p>${LEDE} ${LEDE}</p></article></body></html>`;
    const { report, documents } = await ingest([{ source: 'b.txt', text: byline, title: null, url: null, publishedAt: null, publisher: null }, extractHtml('c.html', html)]);
    expect(documents[0]!.authors.map((a) => a.personId)).toEqual([ids.get('Omar Said'), ids.get('Rosa Klein')]);
    expect(documents[0]).toMatchObject({ publishedYear: 2024, publishedMonth: 3, publishedDay: 12 });
    expect(documents[1]!.authors.map((a) => a.personId)).toEqual([ids.get('Rosa Klein')]);
    expect(documents[1]!.publisherId).toBe(ids.get('Northern Courier'));
    expect(report.candidates.get('Lukas Brandt')).toBe(1);
  });

  it('cuts the byline and date line from the body and keeps furniture out of the candidates', async () => {
    const text = `Pier repairs begin\n\nBy Omar Said\n12 March 2024\n\n${LEDE} (furniture)\n\nFollow Harbour Watch on Twitter and LinkedIn for updates.`;
    const { report, documents } = await ingest([{ source: 'd.txt', text, title: null, url: null, publishedAt: null, publisher: null }]);
    const version = await t.db.prisma.documentVersion.findFirstOrThrow({ where: { documentId: documents[0]!.id } });
    expect(version.body).toBe(`${LEDE} (furniture)`);
    expect([...report.candidates.keys()].filter((name) => /Follow|Twitter|LinkedIn/.test(name))).toEqual([]);
  });

  it('reports no candidate name across a line break', async () => {
    const text = `Pier repairs\n\n${LEDE} (headings)\n\nAftermath\n\nHarbour Watch said the work would take a year.`;
    const { report } = await ingest([{ source: 'e.txt', text, title: null, url: null, publishedAt: null, publisher: null }]);
    const names = [...report.candidates.keys()];
    expect(names.filter((name) => name.includes('\n'))).toEqual([]);
    expect(names).toContain('Harbour Watch');
  });
});

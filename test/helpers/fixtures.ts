// Small synthetic libraries for tests that need more rows than the sample corpus has.
import type { Database } from '../../src/db/client.js';
import { normalizeName } from '../../src/domain/names.js';

export interface Corpus {
  collectionId: number;
  documentIds: number[];
  personIds: number[];
  publisherIds: number[];
}

/**
 * `documents` documents, each mentioning three persons and making two claims about one of them,
 * asserted by another; `persons` persons with two names each; three publishers.
 */
export async function createCorpus(db: Database, { documents, persons = 10, slug = 'synthetic' }: { documents: number; persons?: number; slug?: string }): Promise<Corpus> {
  const p = db.prisma;
  const collection = await p.collection.create({ data: { slug, name: `Synthetic ${slug}`, visibility: 'PUBLIC' } });
  const publisherIds: number[] = [];
  for (let i = 0; i < 3; i++) {
    const name = `${slug} Publisher ${i}`;
    const publisher = await p.entity.create({
      data: { type: 'ORGANISATION', name, names: { create: { name, kind: 'PRIMARY', normalized: normalizeName(name) } } },
    });
    publisherIds.push(publisher.id);
  }
  const personIds: number[] = [];
  for (let i = 0; i < persons; i++) {
    const name = `${slug} Person ${i}`;
    const person = await p.entity.create({
      data: {
        type: 'PERSON',
        name,
        names: { create: [{ name, kind: 'PRIMARY', normalized: normalizeName(name) }, { name: `P${i} ${slug}`, kind: 'ALIAS', normalized: normalizeName(`P${i} ${slug}`) }] },
      },
    });
    personIds.push(person.id);
  }
  const documentIds: number[] = [];
  for (let i = 0; i < documents; i++) {
    const subjects = [0, 1, 2].map((k) => personIds[(i + k) % personIds.length]!);
    const names = subjects.map((_id, k) => `${slug} Person ${(i + k) % personIds.length}`);
    const body = `${names[0]} met ${names[1]} and ${names[2]}. ${names[1]} said about ${i} people attended.`;
    const year = 1980 + (i % 40);
    const document = await p.document.create({
      data: {
        collectionId: collection.id,
        title: `Document ${String(i).padStart(5, '0')}`,
        publisherId: publisherIds[i % 3]!,
        language: i % 2 ? 'en' : 'fr',
        kind: i % 5 === 0 ? 'REPORT' : 'ARTICLE',
        publishedYear: year,
        publishedMonth: (i % 12) + 1,
        publishedSort: year * 10_000 + ((i % 12) + 1) * 100,
        versions: { create: { number: 1, rawText: body, body, contentHash: `hash-${slug}-${i}` } },
      },
      include: { versions: true },
    });
    const versionId = document.versions[0]!.id;
    let cursor = 0;
    for (let k = 0; k < 3; k++) {
      const start = body.indexOf(names[k]!, cursor);
      cursor = start + 1;
      await p.mention.create({
        data: {
          document: { connect: { id: document.id } },
          entity: { connect: { id: subjects[k]! } },
          status: 'CONFIRMED',
          method: 'CURATED',
          span: { create: { documentId: document.id, versionId, exact: names[k]!, start, end: start + names[k]!.length } },
        },
      });
    }
    const claimText = `about ${i} people`;
    const claimStart = body.indexOf(claimText);
    const span = await p.span.create({ data: { documentId: document.id, versionId, exact: claimText, start: claimStart, end: claimStart + claimText.length } });
    for (const property of ['attendance', 'attendanceEstimate']) {
      await p.claim.create({
        data: { documentId: document.id, spanId: span.id, subjectId: subjects[0]!, asserterId: subjects[1]!, property, valueText: claimText, modality: 'REPORTS', status: 'CONFIRMED' },
      });
    }
    documentIds.push(document.id);
  }
  return { collectionId: collection.id, documentIds, personIds, publisherIds };
}

// The development corpus (corpus/dev/) is well-formed: every label file parses, every quote occurs
// in the text ingest will see, every key names an entity of the right type, and the corpus has
// the breadth its README promises. Also: the checker itself refuses a broken corpus.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/db/provider.js';
import { checkCorpus, genres } from '../src/eval/corpus.js';

const dir = join(projectRoot, 'corpus', 'dev');

describe('the development corpus', () => {
  const { corpus, problems } = checkCorpus(dir);

  it('has no problems: quotes occur in their texts, keys and labels are valid', () => {
    expect(problems).toEqual([]);
  });

  it('has at least 30 documents of 150 to 500 words (boilerplate cut), in every genre, on at least 5 events', () => {
    expect(corpus.documents.length).toBeGreaterThanOrEqual(30);
    for (const document of corpus.documents) {
      expect(document.bodyWords, document.id).toBeGreaterThanOrEqual(150);
      expect(document.bodyWords, document.id).toBeLessThanOrEqual(500);
    }
    expect(new Set(corpus.documents.map((d) => d.label.genre))).toEqual(new Set(genres));
    const events = new Map<string, number>();
    for (const document of corpus.documents) events.set(document.label.event, (events.get(document.label.event) ?? 0) + 1);
    expect(events.size).toBeGreaterThanOrEqual(5);
    // The sample corpus's event for at most a third of the documents.
    expect((events.get('massacre-1988') ?? 0) * 3).toBeLessThanOrEqual(corpus.documents.length);
  });

  it('has texts in every format ingest reads, and reprints of documents of the corpus', () => {
    expect(new Set(corpus.documents.map((d) => d.sourceFile.split('.').pop()))).toEqual(new Set(['txt', 'md', 'html', 'jsonl']));
    const ids = new Set(corpus.documents.map((d) => d.id));
    const reprints = corpus.documents.filter((d) => d.label.genre === 'REPRINT');
    expect(reprints.length).toBeGreaterThan(0);
    for (const reprint of reprints) {
      expect(ids.has(reprint.label.reprintOf!)).toBe(true);
      const original = corpus.documents.find((d) => d.id === reprint.label.reprintOf)!;
      expect(reprint.label.event).toBe(original.label.event);
    }
  });

  it('labels claims with every modality, named and unnamed asserters, bounds and ranges', () => {
    const claims = corpus.documents.flatMap((d) => d.claims);
    expect(new Set(claims.map((c) => c.modality))).toEqual(new Set(['ASSERTS', 'REPORTS', 'ESTIMATES', 'SPECULATES', 'DENIES']));
    expect(claims.some((c) => c.asserter.kind === 'ENTITY')).toBe(true);
    expect(claims.some((c) => c.asserter.kind === 'UNNAMED')).toBe(true);
    expect(claims.some((c) => c.asserter.kind === 'OWN')).toBe(true);
    for (const pattern of [/^at least /i, /^more than /i, /^as many as /i, /^up to /i, /^upwards of /i, /^exceed/i, /^between .+ and /i, / to /, /^(forty|nine|thousands)/i]) {
      expect(claims.some((c) => pattern.test(c.value)), String(pattern)).toBe(true);
    }
    // Every claim's value lies inside its located quote.
    for (const document of corpus.documents) {
      for (const claim of document.claims) expect(document.text.slice(claim.valueStart, claim.valueEnd)).toBe(claim.value);
    }
  });
});

describe('checkCorpus', () => {
  it('reports a quote that does not occur, an unknown entity and a value outside its quote', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'crosscheck-corpus-'));
    try {
      mkdirSync(join(scratch, 'documents'));
      copyFileSync(join(dir, 'entities.yaml'), join(scratch, 'entities.yaml'));
      writeFileSync(join(scratch, 'documents', 'a.txt'), 'The Arven floods killed at least 30 people, officials said.\n');
      const label = readFileSync(join(dir, 'documents', '01-arven-wire.yaml'), 'utf8').split('\nboilerplate:')[0]!.replace('text: 01-arven-wire.txt', 'text: a.txt');
      writeFileSync(
        join(scratch, 'documents', 'a.yaml'),
        `${label}
claims:
  - { subject: arven-floods, property: deathToll, value: at least 30, quote: "killed at least 31 people", modality: ASSERTS }
  - { subject: no-such-event, property: deathToll, value: at least 30, quote: "The Arven floods killed at least 30 people", modality: ASSERTS }
  - { subject: arven-floods, property: deathToll, value: "40", quote: "The Arven floods killed at least 30 people", modality: REPORTS, asserterDescription: officials }
`,
      );
      const { problems } = checkCorpus(scratch);
      expect(problems.some((p) => p.includes('does not occur in the text') && p.includes('at least 31'))).toBe(true);
      expect(problems.some((p) => p.includes('"no-such-event" is not an entity'))).toBe(true);
      expect(problems.some((p) => p.includes('value "40" does not occur inside its quote'))).toBe(true);
      expect(problems.some((p) => p.includes('attributed but names no citation'))).toBe(true);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

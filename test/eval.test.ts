// Ingest suggestions on the development corpus (corpus/dev/), through the real ingest path into
// this test's database: no figure may fall below its floor, and no suggested claim may be in the
// document's own voice where the text attributes the value.
//
// FLOORS are today's figures (npm run eval; corpus/dev/README.md), set slightly below so that a
// regression fails. RAISE THEM when the suggestion rules improve: a floor left low lets the next
// regression through. A null floor means today's figure is 0 (or undefined: nothing suggested);
// give it a floor as soon as the rules suggest something of that kind.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/db/provider.js';
import { normalizeName } from '../src/domain/names.js';
import { loadCorpus, type Corpus } from '../src/eval/corpus.js';
import { evaluateCorpus, type Evaluation } from '../src/eval/run.js';
import { figures, type Figures } from '../src/eval/score.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const FLOORS: Record<Exclude<keyof Figures, 'ownVoiceAttributed'>, number | null> = {
  claimPrecision: 0.9, // 95.0 % (target: ≥ 80 % at recall ≥ 75 %)
  claimRecall: 0.79, // 82.0 %
  asserterRight: 0.94, // 97.0 % (≥ 90 %)
  modalityRight: 0.95, // 98.5 % (≥ 85 %)
  subjectRight: 0.95, // 97.7 %
  qualifiersRight: 0.66, // 70.5 %
  attributionPrecision: 0.85, // 89.3 %
  attributionRecall: 0.76, // 79.3 % (≥ 75 %)
  citationPrecision: 0.88, // 91.7 %
  citationRecall: 0.63, // 66.9 %
  citationSourceRight: 0.76, // 80.8 %
  mentionPrecision: 0.95, // 97.4 %
  mentionRecall: 0.97, // 98.2 %
  boilerplateAgreement: 0.99, // 99.8 %
  boilerplatePrecision: 0.99, // 100 %
  boilerplateRecall: 0.98, // 99.2 %
  dateFound: 0.98, // 100 %
  dateRight: 0.94, // 95.8 % (22's dateline has no year)
  datePrecision: 0.94, // 95.8 % (the same partial date counts as wrong)
  authorPrecision: 0.98, // 100 %
  authorRecall: 0.98, // 100 %
  publisherPrecision: 0.98, // 100 %
  publisherRecall: 0.94, // 95.7 %
};

let t: TestDatabase;
let corpus: Corpus;
let evaluation: Evaluation;

beforeAll(async () => {
  t = await createTestDatabase();
  corpus = loadCorpus(join(projectRoot, 'corpus', 'dev'));
  evaluation = await evaluateCorpus(t.db, corpus);
});
afterAll(async () => {
  await t?.destroy();
});

describe('suggestions on the development corpus', () => {
  it('ingests every labelled document', () => {
    expect(evaluation.scores.documents).toBe(corpus.documents.length);
  });

  it('stays at or above every floor', () => {
    const today = figures(evaluation.scores);
    const below = Object.entries(FLOORS).flatMap(([name, floor]) => {
      if (floor === null) return [];
      const value = today[name as keyof typeof FLOORS];
      return value === null || value < floor ? [`${name}: ${value === null ? 'nothing suggested' : value.toFixed(3)} < floor ${floor}`] : [];
    });
    expect(below).toEqual([]);
  });

  it('suggests no claim in the document’s own voice where the text attributes the value', () => {
    const offending = evaluation.scores.perDocument.flatMap((document) => document.details.filter((detail) => detail.startsWith('OWN VOICE')).map((detail) => `${document.id}: ${detail}`));
    expect(offending).toEqual([]);
    expect(evaluation.scores.ownVoiceAttributed).toBe(0);
  });

  it('maps every suggestion back onto the raw text: a claim’s span holds its value, a mention’s span a name of its entity', () => {
    const { persons, organisations, events } = corpus.entities;
    const names = new Map(
      [...persons, ...organisations, ...events].map((entity) => [entity.key, [entity.name, ...entity.aliases.map((alias) => (typeof alias === 'string' ? alias : alias.name))].map(normalizeName)]),
    );
    let mentions = 0;
    for (const [id, suggested] of evaluation.suggested) {
      for (const claim of suggested.claims) expect(suggested.text.slice(claim.start, claim.end), id).toContain(claim.value);
      for (const mention of suggested.mentions) {
        const spanName = normalizeName(suggested.text.slice(mention.start, mention.end));
        // A name of the entity, possibly possessive ("Anselm's" folds to "anselms").
        const named = (names.get(mention.entity!) ?? []).some((name) => spanName === name || spanName === `${name}s`);
        expect(named, `${id}: "${spanName}" as ${mention.entity}`).toBe(true);
        mentions++;
      }
    }
    expect(mentions).toBeGreaterThan(0);
  });
});

describe('evaluateCorpus', () => {
  it('scores a claim suggested through the database against its label', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crosscheck-eval-'));
    try {
      mkdirSync(join(dir, 'documents'));
      copyFileSync(join(projectRoot, 'corpus', 'dev', 'entities.yaml'), join(dir, 'entities.yaml'));
      const text = 'Rain in the valley\n\nDuring the Arven floods, at least 30 people were killed in the lower valley, where the water rose fastest.\n';
      writeFileSync(join(dir, 'documents', 'one.txt'), text);
      writeFileSync(
        join(dir, 'documents', 'one.yaml'),
        `text: one.txt
title: Rain in the valley
genre: WIRE
event: arven-floods
boilerplate:
  - { kind: HEADLINE, quote: "Rain in the valley" }
mentions:
  - { entity: arven-floods, quote: "Arven floods" }
claims:
  - { subject: arven-floods, property: deathToll, value: at least 30, quote: "During the Arven floods, at least 30 people were killed in the lower valley", modality: ASSERTS }
`,
      );
      const { scores, suggested } = await evaluateCorpus(t.db, loadCorpus(dir));
      expect(scores.claims).toMatchObject({ labelled: 1, matched: 1 });
      expect(scores.claimAsserter).toEqual({ right: 1, of: 1 });
      expect(scores.claimModality).toEqual({ right: 1, of: 1 });
      expect(scores.mentions).toMatchObject({ labelled: 1, matched: 1 });
      const claim = suggested.get('one')!.claims.find((c) => c.property === 'deathToll')!;
      expect(text.slice(claim.start, claim.end)).toContain('at least 30');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

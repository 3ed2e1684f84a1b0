// Sentences, parts of speech and lemmas from wink-nlp and its English model (both installed
// from the npm registry, the model inside its package). wink's tokenizer is lossless, so every
// token's offsets are recovered by walking the text: suggestions keep exact spans.
// Chosen over compromise because it tags a text many times faster here, which keeps ingest
// with suggestions fast; callers still run it only on paragraphs that hold a figure.
import { createRequire } from 'node:module';
import type WinkNLP from 'wink-nlp';

// Loaded on first use, not at import: the server and most commands never tag a sentence, and the
// model takes a noticeable moment and several megabytes.
const requireCjs = createRequire(import.meta.url);

export interface Token {
  text: string;
  /** Lower case. */
  lower: string;
  lemma: string;
  /** Universal dependencies tag: NOUN, PROPN, VERB, AUX, NUM, ADP, DET, PRON, PUNCT … */
  pos: string;
  start: number;
  end: number;
}

export interface Sentence {
  start: number;
  end: number;
  tokens: Token[];
}

let nlp: ReturnType<typeof WinkNLP> | null = null;

/** The model loads once per process, on first use (it takes a moment: only ingest needs it). */
function engine() {
  if (!nlp) {
    const winkNLP = requireCjs('wink-nlp') as typeof WinkNLP;
    const model = requireCjs('wink-eng-lite-web-model') as Parameters<typeof WinkNLP>[0];
    // Sentence boundaries and tags only: named entities, negation and sentiment are not used.
    nlp = winkNLP(model, ['sbd', 'pos']);
  }
  return nlp;
}

/** The sentences of text[from, to), offsets in text. Whitespace tokens are left out. */
export function sentencesOf(text: string, from = 0, to = text.length): Sentence[] {
  const slice = text.slice(from, to);
  if (!slice.trim()) return [];
  const w = engine();
  const its = w.its;
  const doc = w.readDoc(slice);
  const tokens = doc.tokens();
  const values = tokens.out(its.value) as string[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const tags = tokens.out(its.pos) as string[];
  const lemmas = tokens.out(its.lemma as Parameters<typeof tokens.out>[0]) as string[];
  const all: Token[] = [];
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    at += spaces[i]!.length;
    const value = values[i]!;
    // Lossless in principle; re-synchronise defensively if a token is not where it should be.
    const found = slice.startsWith(value, at) ? at : slice.indexOf(value, at);
    const start = found < 0 ? at : found;
    at = start + value.length;
    all.push({ text: value, lower: value.toLowerCase(), lemma: (lemmas[i] ?? value).toLowerCase(), pos: tags[i] ?? 'X', start: from + start, end: from + at });
  }
  const sentences: Sentence[] = [];
  doc.sentences().each((sentence: ReturnType<ReturnType<typeof doc.sentences>['itemAt']>) => {
    const own = sentence.tokens();
    const first = own.itemAt(0)?.index();
    const count = own.length();
    if (first === undefined || count === 0) return;
    const kept = all.slice(first, first + count).filter((token) => token.pos !== 'SPACE' && token.text.trim() !== '');
    if (kept.length === 0) return;
    sentences.push({ start: kept[0]!.start, end: kept[kept.length - 1]!.end, tokens: kept });
  });
  return sentences;
}

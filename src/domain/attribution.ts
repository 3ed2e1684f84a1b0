// Who a sentence attributes its statement to: "X said (that) …", "…, X said", "…, said X",
// "according to X, …", "X reported / estimated / put the toll at …", "… was reported by X",
// "I am told by X that …", "citing X". Works on tagged tokens (nlp.ts), not on the seed texts'
// wording: a frame is a verb of saying (by lemma) with its subject phrase found by part of
// speech, and the part of the sentence it governs.
import type { Sentence, Token } from './nlp.js';

/** Verbs that attribute what follows (or precedes) them to their subject. */
export const REPORTING_VERBS = new Set([
  'say', 'tell', 'state', 'report', 'estimate', 'claim', 'announce', 'declare', 'add', 'confirm', 'deny', 'reject', 'dispute', 'refute',
  'believe', 'suggest', 'allege', 'insist', 'note', 'write', 'argue', 'explain', 'acknowledge', 'admit', 'warn', 'conclude', 'put', 'give',
  'record', 'document', 'count', 'register', 'publish', 'find', 'consider', 'calculate', 'assert', 'maintain', 'contend', 'testify',
  'inform', 'advise', 'indicate', 'show', 'list', 'tally', 'cite', 'quote', 'fear', 'think', 'suspect', 'accept',
]);

/** Verbs of saying that invert after a quotation or clause: "…, said Sona Imrie". */
const INVERTING = new Set(['say', 'add', 'write', 'explain', 'insist', 'continue', 'reply', 'recall', 'note', 'tell', 'state', 'warn', 'declare', 'argue']);

/** Passive participles that take their source after "by" ("reported by X", "I am advised by X"). */
const BY_VERBS = new Set(['report', 'advise', 'tell', 'inform', 'estimate', 'claim', 'document', 'publish', 'record', 'count', 'confirm', 'announce', 'compile', 'give', 'put', 'state', 'say']);

export type FrameKind = 'SUBJECT_VERB' | 'TRAILING' | 'ACCORDING_TO' | 'BY' | 'CITING' | 'HEARSAY';

export interface Frame {
  kind: FrameKind;
  /** The reporting verb's lemma ("according" for according to, "reportedly" for hearsay adverbs). */
  verb: string;
  /** Token index range of the source phrase in the sentence (end exclusive); empty for hearsay. */
  sourceFrom: number;
  sourceTo: number;
  /** Token index range the frame attributes. */
  scopeFrom: number;
  scopeTo: number;
  /** Token index range of the frame's own words (source and verb), for the claim's span. */
  cueFrom: number;
  cueTo: number;
  /** A negation on the reporting verb ("did not say"). */
  negated: boolean;
}

const NP_TAGS = new Set(['PROPN', 'NOUN', 'ADJ', 'DET', 'NUM', 'PRON', 'PART']);
const NP_INNER = new Set(['of', 'for', 'at', 'in', 'from', 'with', 'on', "'s", '’s', "'", '’', '-', 'and', '&']);
const SKIP_BEFORE_VERB = new Set(['AUX', 'ADV', 'PART']);
const RELATIVE = new Set(['who', 'which', 'whose', 'whom', 'that']);
const CLAUSE_END = new Set([';', ':']);

/** A form of "be" just before a participle (adverbs between allowed): a passive. */
function isPassiveAux(tokens: Token[], at: number): boolean {
  for (let k = at - 1; k >= 0 && k >= at - 3; k--) {
    const token = tokens[k]!;
    if (token.lemma === 'be' || ['is', 'are', 'was', 'were', 'been', 'being', 'am', "'m", "'s"].includes(token.lower)) return true;
    if (token.pos !== 'ADV' && token.pos !== 'PART') return false;
  }
  return false;
}

const isComma = (token: Token | undefined) => token !== undefined && (token.text === ',' || token.text === '—' || token.text === '–');
const isQuote = (token: Token | undefined) => token !== undefined && /^["“”‘’']$/.test(token.text);

/**
 * The noun phrase ending just before index end (exclusive), skipping a parenthetical relative
 * clause (", who spoke on condition of anonymity,") between it and the verb.
 */
function phraseBefore(tokens: Token[], end: number): [number, number] | null {
  let to = end;
  while (to > 0 && SKIP_BEFORE_VERB.has(tokens[to - 1]!.pos) && !["'s", '’s'].includes(tokens[to - 1]!.lower)) to--;
  // "X, which put the toll at …": the relative pronoun stands for the phrase before the comma.
  if (to > 1 && ['which', 'who'].includes(tokens[to - 1]!.lower) && isComma(tokens[to - 2])) to -= 2;
  if (to > 0 && isComma(tokens[to - 1])) {
    // ", which runs two treatment centres in the district," → the phrase before it.
    let back = to - 2;
    while (back >= 0 && !isComma(tokens[back])) back--;
    if (back >= 1 && RELATIVE.has(tokens[back + 1]?.lower ?? '')) to = back;
    else if (back >= 1 && tokens[back + 1]?.pos === 'DET' && to - back <= 8) to = back; // an apposition: ", the organisation's director,"
    else if (back >= 1 && tokens[back + 1]?.pos === 'VERB' && /ing$/.test(tokens[back + 1]!.lower)) to = back; // ", citing X,", ", speaking in X,"
    else return null;
  }
  // "As of yesterday evening we have recorded …": a personal pronoun is the whole subject.
  if (to > 0 && tokens[to - 1]!.pos === 'PRON' && /^(i|we|he|she|it|they|you)$/.test(tokens[to - 1]!.lower)) return [to - 1, to];
  let from = to;
  while (from > 0) {
    const token = tokens[from - 1]!;
    if (NP_TAGS.has(token.pos) || (NP_INNER.has(token.lower) && from - 1 > 0 && NP_TAGS.has(tokens[from - 2]!.pos) && from < to)) {
      if (token.pos === 'PRON' && from < to && !['its', 'their', 'his', 'her', 'our', 'my', 'your'].includes(token.lower)) break;
      if (RELATIVE.has(token.lower) && token.pos !== 'DET') break;
      from--;
      continue;
    }
    break;
  }
  // Leading prepositions or conjunctions that slipped in are not part of the phrase.
  while (from < to && NP_INNER.has(tokens[from]!.lower)) from++;
  // "Officials who spoke on condition of anonymity said …", "The union that represents the
  // miners said …": the phrase ends a restrictive relative clause, whose noun is the subject.
  for (let k = from - 1; k > 0 && k >= from - 8; k--) {
    const token = tokens[k]!;
    if (token.pos === 'PUNCT') break;
    if (!RELATIVE.has(token.lower) || !['PRON', 'DET'].includes(token.pos) || !['NOUN', 'PROPN'].includes(tokens[k - 1]!.pos)) continue;
    if (!tokens.slice(k + 1, from).some((t) => t.pos === 'VERB')) break;
    const head = phraseBefore(tokens, k);
    if (head && head[1] === k) return [head[0], to];
    break;
  }
  return from < to ? [from, to] : null;
}

/** The noun phrase starting at index start, up to a comma, clause end or verb. */
function phraseAfter(tokens: Token[], start: number, limit: number, toComma = false): [number, number] | null {
  let to = start;
  while (to < limit) {
    const token = tokens[to]!;
    if (isComma(token) || CLAUSE_END.has(token.text) || token.text === '.' || isQuote(token)) break;
    if (toComma) {
      to++;
      continue;
    }
    if (token.pos === 'VERB' || token.pos === 'AUX' || token.pos === 'SCONJ') {
      // "lawyers representing the detainees": a participle inside a description is kept.
      if (token.pos === 'VERB' && /ing$/.test(token.lower) && to > start) {
        to++;
        continue;
      }
      break;
    }
    if (token.lower === 'that' && to > start) break;
    to++;
  }
  return to > start ? [start, to] : null;
}

/** Time and place adverbials that may follow a trailing "…, X said": "on Friday", "in a statement". */
function restIsAdverbial(tokens: Token[], from: number, to: number): boolean {
  // Up to a comma: "…, the ministry said on Thursday, as aid groups warned that …".
  for (let i = from; i < to; i++) if (tokens[i]!.text === ',' || tokens[i]!.text === ';') to = i;
  for (let i = from; i < to; i++) {
    const token = tokens[i]!;
    if (token.pos === 'PUNCT') continue;
    if (token.pos === 'VERB' || token.pos === 'AUX' || token.lower === 'that') return false;
  }
  return to - from <= 8;
}

/** Every attribution frame of a sentence. */
export function framesOf(sentence: Sentence): Frame[] {
  const tokens = sentence.tokens;
  const n = tokens.length;
  const frames: Frame[] = [];
  for (let i = 0; i < n; i++) {
    const token = tokens[i]!;
    // according to X
    if (token.lower === 'according' && tokens[i + 1]?.lower === 'to') {
      const source = phraseAfter(tokens, i + 2, n, true);
      if (!source) continue;
      // At the start of the sentence or of a clause after a colon ("OSTERHOF: According to …").
      let clauseStart = 0;
      for (let k = 0; k < i; k++) if (CLAUSE_END.has(tokens[k]!.text)) clauseStart = k + 1;
      const atStart = !tokens.slice(clauseStart, i).some((t) => t.pos !== 'PUNCT' && t.pos !== 'CCONJ' && t.pos !== 'ADV');
      const frame = { kind: 'ACCORDING_TO', verb: 'according', sourceFrom: source[0], sourceTo: source[1], cueFrom: i, cueTo: source[1], negated: false } as const;
      const after = isComma(tokens[source[1]]) ? source[1] + 1 : source[1];
      frames.push({ ...frame, scopeFrom: atStart ? after : 0, scopeTo: atStart ? n : i });
      // "85 died, according to X, and 300 were injured": a parenthetical source also covers what follows it.
      if (!atStart && after > source[1] && after + 1 < n) frames.push({ ...frame, scopeFrom: after, scopeTo: n });
      continue;
    }
    if (token.lower === 'citing') {
      const source = phraseAfter(tokens, i + 1, n);
      if (source) frames.push({ kind: 'CITING', verb: 'cite', sourceFrom: source[0], sourceTo: source[1], scopeFrom: 0, scopeTo: i, cueFrom: i, cueTo: source[1], negated: false });
      continue;
    }
    if (['reportedly', 'allegedly', 'purportedly', 'supposedly'].includes(token.lower)) {
      frames.push({ kind: 'HEARSAY', verb: token.lower, sourceFrom: i, sourceTo: i, scopeFrom: 0, scopeTo: n, cueFrom: i, cueTo: i + 1, negated: false });
      continue;
    }
    // "… was reported to have topped …", "is said to": hearsay without a named source.
    if ((token.pos === 'VERB' || token.pos === 'AUX') && ['report', 'say', 'claim', 'allege', 'estimate'].includes(token.lemma) && tokens[i + 1]?.lower === 'to' && tokens[i - 1]?.pos === 'AUX' && /ed$|said$/.test(token.lower)) {
      frames.push({ kind: 'HEARSAY', verb: token.lemma, sourceFrom: i, sourceTo: i, scopeFrom: 0, scopeTo: n, cueFrom: i - 1, cueTo: i + 1, negated: false });
      continue;
    }
    // … reported by X / I am advised by X that … / estimates by X
    if (token.lower === 'by' && i > 0 && BY_VERBS.has(tokens[i - 1]!.lemma) && (tokens[i - 1]!.pos === 'VERB' || tokens[i - 1]!.pos === 'NOUN')) {
      const source = phraseAfter(tokens, i + 1, n);
      if (source) frames.push({ kind: 'BY', verb: tokens[i - 1]!.lemma, sourceFrom: source[0], sourceTo: source[1], scopeFrom: 0, scopeTo: n, cueFrom: i - 1, cueTo: source[1], negated: false });
      continue;
    }
    // "Frontline Medical Aid reports having treated …": a verb the tagger took for a plural noun.
    const nounVerb =
      token.pos === 'NOUN' &&
      ((/^(reports|says|claims|estimates|states|insists)$/.test(token.lower) && tokens[i - 1]?.pos === 'PROPN') ||
        // "Some residents claim the death toll is …": a plural subject, then the start of what is said.
        (/^(claim|report|estimate|say|insist|believe|fear)$/.test(token.lower) &&
          ['NOUN', 'PROPN'].includes(tokens[i - 1]?.pos ?? '') &&
          (tokens[i + 1]?.lower === 'that' || (/s$/.test(tokens[i - 1]!.lower) && ['DET', 'NUM', 'PRON'].includes(tokens[i + 1]?.pos ?? '')))));
    if (nounVerb) token.lemma = token.lower === 'says' ? 'say' : token.lower.replace(/s$/, '');
    if ((token.pos !== 'VERB' && !nounVerb) || !REPORTING_VERBS.has(token.lemma)) continue;
    if (tokens[i + 1]?.lower === 'by') continue; // passive, handled above
    // A participle used as an adjective ("the reported figure", "3,146 suspected cases") is not a frame.
    const next = tokens[i + 1];
    if (/ed$/.test(token.lower) && i > 0 && ['DET', 'NUM', 'ADJ'].includes(tokens[i - 1]!.pos) && next && ['NOUN', 'PROPN', 'ADJ'].includes(next.pos)) continue;
    if (/ed$/.test(token.lower) && next && ['NOUN'].includes(next.pos) && i > 0 && /^\d|^(some|about|around|of)$/.test(tokens[i - 1]!.lower)) continue;
    // A passive ("… have been reported from the district", "I am told that …") names no source here.
    if (/(ed|told|said|given|put|shown|found|thought)$/.test(token.lower) && i > 0 && isPassiveAux(tokens, i)) continue;
    const negated = tokens.slice(Math.max(0, i - 3), i).some((t) => t.lower === 'not' || t.lower === "n't" || t.lower === 'never');
    // …, said X (inversion after a quotation or a clause: verbs of saying only, and X names someone)
    if (i > 0 && (isComma(tokens[i - 1]) || isQuote(tokens[i - 1])) && INVERTING.has(token.lemma)) {
      const source = phraseAfter(tokens, i + 1, n);
      // "…, said the union that represents the miners": a relative clause ends the source phrase.
      const relative = source && [source[1] - 1, source[1]].find((k) => k > source[0] && RELATIVE.has(tokens[k]?.lower ?? '') && tokens[k]!.pos !== 'SCONJ');
      if (source && relative !== undefined) {
        let end = source[1] + 1;
        while (end < n && !isComma(tokens[end]) && !CLAUSE_END.has(tokens[end]!.text) && tokens[end]!.text !== '.') end++;
        source[1] = end;
      }
      if (source && tokens[source[0]]?.pos !== 'ADP' && !tokens.slice(source[0], source[1]).some((t) => t.pos === 'NUM') && restIsAdverbial(tokens, source[1], n)) {
        frames.push({ kind: 'TRAILING', verb: token.lemma, sourceFrom: source[0], sourceTo: source[1], scopeFrom: 0, scopeTo: i - 1, cueFrom: i - 1, cueTo: source[1], negated });
        continue;
      }
    }
    const subject = phraseBefore(tokens, i);
    if (!subject) continue;
    const [from, to] = subject;
    // "There are fears that …": an expletive subject names no one.
    if (to - from === 1 && tokens[from]!.lower === 'there') continue;
    // …, X said (on Friday).
    if (from > 0 && (isComma(tokens[from - 1]) || isQuote(tokens[from - 1])) && restIsAdverbial(tokens, i + 1, n)) {
      frames.push({ kind: 'TRAILING', verb: token.lemma, sourceFrom: from, sourceTo: to, scopeFrom: 0, scopeTo: from - 1, cueFrom: from - 1, cueTo: i + 1, negated });
      continue;
    }
    frames.push({ kind: 'SUBJECT_VERB', verb: token.lemma, sourceFrom: from, sourceTo: to, scopeFrom: i + 1, scopeTo: n, cueFrom: from, cueTo: i + 1, negated });
  }
  // A frame's scope stops where the next frame's words begin: "X said 10 …, and Y said 12".
  for (const frame of frames) {
    if (frame.kind !== 'SUBJECT_VERB') continue;
    for (const other of frames) if (other !== frame && other.cueFrom >= frame.scopeFrom && other.cueFrom < frame.scopeTo) frame.scopeTo = other.kind === 'TRAILING' ? frame.scopeTo : other.cueFrom;
  }
  return frames;
}

/** The frame that attributes token index at: the innermost whose scope holds it (by kind order on ties). */
export function frameFor(frames: Frame[], at: number): Frame | null {
  const rank: Record<FrameKind, number> = { SUBJECT_VERB: 0, BY: 1, TRAILING: 2, ACCORDING_TO: 3, HEARSAY: 4, CITING: 5 };
  let best: Frame | null = null;
  for (const frame of frames) {
    if (at < frame.scopeFrom || at >= frame.scopeTo) continue;
    if (at >= frame.sourceFrom && at < frame.sourceTo) continue;
    if (!best) {
      best = frame;
      continue;
    }
    const width = frame.scopeTo - frame.scopeFrom;
    const bestWidth = best.scopeTo - best.scopeFrom;
    if (rank[frame.kind] < rank[best.kind] || (rank[frame.kind] === rank[best.kind] && width < bestWidth)) best = frame;
  }
  return best;
}

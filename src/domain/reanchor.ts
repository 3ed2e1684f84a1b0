// Re-anchoring stored spans in a new version of a document, and validating the selectors of new
// spans. Plain data in, plain data out (no Prisma, no GraphQL). Offsets are UTF-16 code units.
//
// Re-anchoring a stored selector { exact, prefix, suffix, start, end } against a new text tries,
// in order, and stops at the first step that finds something:
//
//  1. position  the quote is still at [start, end) with the same prefix and suffix → ANCHORED.
//  2. quote     every exact occurrence of the quote is scored (below); the best wins. If it is the
//               old position, the span is ANCHORED (method 'position'), else REANCHORED ('quote').
//               An exact quote is always accepted, however poor its context (as Hypothesis does).
//  3. whitespace  the same on texts whose whitespace runs are collapsed to one space, mapped back to
//               the new text: the quote survived but its spaces or line breaks changed → REANCHORED.
//  4. fuzzy     approx-string-match (Myers' bit-parallel edit distance, as the Hypothesis client
//               uses) on the whitespace-collapsed texts, allowing at most MAX_ERROR_RATIO (1/4) of
//               the quote's length in edits (insertions, deletions, substitutions), capped at
//               MAX_FUZZY_ERRORS; the best-scored candidate is accepted when its score is at least
//               MIN_FUZZY_SCORE → REANCHORED with that score. A quote shorter than 4 code units
//               allows no error, so it is never matched fuzzily.
//  5. otherwise ORPHANED: start and end are null; the caller keeps the span (with its claims).
//
// Scoring follows the approach of the Hypothesis client's match-quote (a weighted sum normalised
// to 0–1): similarity of the matched text to the quote matters most (weight 50), then of the text
// before and after it to the stored prefix and suffix (20 each), then nearness to the old
// position (2, a tie-breaker). Similarities are 1 − edits / length; an absent prefix or suffix
// counts as a perfect match. Ties go to the candidate nearest the old position, then the first.
// Two departures from Hypothesis, both for the boundaries of a fuzzy match: context similarity is
// anchored at the match (contextSimilarity), and each fuzzy candidate's extent is re-read from an
// alignment of prefix + quote + suffix (refine), so its errors count the quote's real edits.
//
// Insertions inside a span: the fuzzy step extends the span over the inserted text when the
// insertion is at most 1/4 of the quote's length (a word added to a sentence); a bigger rewrite
// orphans the span, because the passage no longer says what was annotated.
//
// Known limit: step 2 prefers any exact occurrence to a whitespace-changed or edited one, so if a
// repeated quote had its own occurrence edited while an identical copy elsewhere survived, the span
// moves to the copy (its context score is then low, which the score reports).
import approxSearch from 'approx-string-match';
import { anchorAt, locateQuote, occurrences, type Anchor, type TextPosition, type TextQuote } from './anchoring.js';

export const QUOTE_WEIGHT = 50;
export const PREFIX_WEIGHT = 20;
export const SUFFIX_WEIGHT = 20;
export const POSITION_WEIGHT = 2;
const TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/** A fuzzy match may differ from the quote by at most this share of the quote's length. */
export const MAX_ERROR_RATIO = 0.25;
/** Cap on the errors searched for: Myers' search costs O(errors / 32 × text length). */
export const MAX_FUZZY_ERRORS = 256;
/**
 * A fuzzy candidate must also score at least this. With the weakest accepted quote (3/4 similar)
 * its prefix and suffix must then be about 40% similar on average, so a near-quote with unrelated
 * surroundings is refused; a near-perfect quote passes even when its whole context was rewritten.
 */
export const MIN_FUZZY_SCORE = 0.6;
/** The error ratio used only to suggest the closest match when a new quote is not found. */
export const HINT_ERROR_RATIO = 0.5;

export type AnchorStatus = 'ANCHORED' | 'REANCHORED' | 'ORPHANED';
export type AnchorMethod = 'position' | 'quote' | 'whitespace' | 'fuzzy' | 'none';

/** A span as stored: both W3C selectors. Prefix and suffix may be empty. */
export interface StoredSelector {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
}

export type Reanchored =
  | {
      status: 'ANCHORED' | 'REANCHORED';
      start: number;
      end: number;
      /** newText.slice(start, end): equal to the old quote except for whitespace and fuzzy matches. */
      exact: string;
      /** Context recaptured from the new text (CONTEXT_LENGTH code units each side). */
      prefix: string;
      suffix: string;
      /** 0–1, as described above; 1 for an unchanged span. */
      score: number;
      /** Edits between the quote and the matched text (whitespace-collapsed); 0 unless fuzzy. */
      errors: number;
      method: Exclude<AnchorMethod, 'none'>;
    }
  | {
      status: 'ORPHANED';
      start: null;
      end: null;
      /** The old selector's quote and context, kept so the span can still be shown. */
      exact: string;
      prefix: string;
      suffix: string;
      score?: undefined;
      errors?: undefined;
      method: 'none';
    };

interface Candidate {
  start: number;
  end: number;
  errors: number;
}

interface Scored extends Candidate {
  score: number;
}

interface Context {
  prefix?: string;
  suffix?: string;
  /** Where the quote is expected (its old start). */
  hint?: number;
}

/**
 * How well the text on one side of a candidate matches the stored context: 1 − edits / length,
 * where the edit distance is anchored at the candidate (the prefix must end where the match
 * starts, the suffix start where it ends) and free at the far end. Hypothesis lets the context
 * float anywhere in a window instead; anchoring it is what lets context tell a span that grew by
 * an inserted word ("30,000 mostly political prisoners") from the shorter match that edit
 * distance alone prefers ("mostly political prisoners", six substitutions). 1 when nothing is expected.
 */
function contextSimilarity(expected: string, actual: string, side: 'before' | 'after'): number {
  const m = expected.length;
  const n = actual.length;
  if (m === 0) return 1;
  if (n === 0) return 0;
  if (side === 'before' ? actual.endsWith(expected) : actual.startsWith(expected)) return 1;
  // Walk both strings away from the candidate: index 0 is the character next to it.
  const e = side === 'after' ? (i: number) => expected.charCodeAt(i) : (i: number) => expected.charCodeAt(m - 1 - i);
  const a = side === 'after' ? (j: number) => actual.charCodeAt(j) : (j: number) => actual.charCodeAt(n - 1 - j);
  let previous = new Uint32Array(n + 1).map((_, j) => j);
  let current = new Uint32Array(n + 1);
  for (let i = 1; i <= m; i++) {
    current[0] = i;
    const ei = e(i - 1);
    for (let j = 1; j <= n; j++) {
      current[j] = Math.min(previous[j - 1]! + (ei === a(j - 1) ? 0 : 1), previous[j]! + 1, current[j - 1]! + 1);
    }
    [previous, current] = [current, previous];
  }
  let distance = m;
  for (let j = 0; j <= n; j++) distance = Math.min(distance, previous[j]!);
  return 1 - distance / m;
}

/** Context windows are taken a little longer than the stored context, so insertions in it cost edits, not the whole match. */
const contextWindow = (length: number) => length + Math.ceil(length / 2);

function scoreCandidate(text: string, quoteLength: number, candidate: Candidate, context: Context): number {
  const quoteScore = Math.max(0, 1 - candidate.errors / quoteLength);
  const prefix = context.prefix ?? '';
  const suffix = context.suffix ?? '';
  const prefixScore = contextSimilarity(prefix, text.slice(Math.max(0, candidate.start - contextWindow(prefix.length)), candidate.start), 'before');
  const suffixScore = contextSimilarity(suffix, text.slice(candidate.end, candidate.end + contextWindow(suffix.length)), 'after');
  const positionScore = context.hint === undefined || text.length === 0 ? 1 : 1 - Math.min(1, Math.abs(candidate.start - context.hint) / text.length);
  return (QUOTE_WEIGHT * quoteScore + PREFIX_WEIGHT * prefixScore + SUFFIX_WEIGHT * suffixScore + POSITION_WEIGHT * positionScore) / TOTAL_WEIGHT;
}

function best(text: string, quoteLength: number, candidates: Candidate[], context: Context): Scored | undefined {
  const hint = context.hint ?? 0;
  let top: Scored | undefined;
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const key = `${candidate.start}:${candidate.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const scored = { ...candidate, score: scoreCandidate(text, quoteLength, candidate, context) };
    if (
      !top ||
      scored.score > top.score ||
      (scored.score === top.score &&
        (Math.abs(scored.start - hint) < Math.abs(top.start - hint) || (Math.abs(scored.start - hint) === Math.abs(top.start - hint) && scored.start < top.start)))
    ) {
      top = scored;
    }
  }
  return top;
}

function exactCandidates(text: string, quote: string): Candidate[] {
  return occurrences(text, quote).map((start) => ({ start, end: start + quote.length, errors: 0 }));
}

/**
 * The least-error approximate matches of `quote` in the whole text, plus those in a window
 * around the expected position: approx-string-match reports only the matches with the fewest
 * errors, so without the window a slightly better copy elsewhere would hide the span's own,
 * edited occurrence from the context scoring.
 */
function fuzzyCandidates(text: string, quote: string, maxErrors: number, hint: number | undefined): Candidate[] {
  const found: Candidate[] = approxSearch(text, quote, maxErrors);
  if (hint !== undefined) {
    const margin = 4 * quote.length + 256;
    const from = Math.max(0, hint - margin);
    const to = Math.min(text.length, hint + quote.length + margin);
    if (from > 0 || to < text.length) {
      for (const match of approxSearch(text.slice(from, to), quote, maxErrors)) found.push({ start: match.start + from, end: match.end + from, errors: match.errors });
    }
  }
  return found;
}

/** Quotes longer than this skip boundary refinement (its table is (quote + context)² cells). */
export const REFINE_LIMIT = 2000;

/**
 * approx-string-match reports where the fewest-error matches end and, for each, the start that
 * makes it longest with that many errors; it knows nothing of the context, so after an insertion
 * inside a quote its fewest-error match may drop the quote's head in favour of substitutions.
 * This aligns prefix + quote + suffix against a window around the match (edit distance, free
 * ends in the window) and reads the quote's boundaries and edits off that alignment. Text
 * inserted right at a boundary is left outside the quote.
 */
function refine(text: string, candidate: Candidate, quote: string, prefix: string, suffix: string, maxErrors: number): Candidate | undefined {
  if (quote.length > REFINE_LIMIT) return candidate;
  const slack = maxErrors + 16;
  const from = Math.max(0, candidate.start - prefix.length - slack);
  const to = Math.min(text.length, candidate.end + suffix.length + slack);
  const window = text.slice(from, to);
  const pattern = prefix + quote + suffix;
  const a = prefix.length;
  const b = a + quote.length;
  const m = pattern.length;
  const n = window.length;
  const width = n + 1;
  const table = new Uint16Array((m + 1) * width);
  for (let i = 1; i <= m; i++) {
    table[i * width] = i;
    const pi = pattern.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      table[i * width + j] = Math.min(
        table[(i - 1) * width + j - 1]! + (pi === window.charCodeAt(j - 1) ? 0 : 1),
        table[(i - 1) * width + j]! + 1,
        table[i * width + j - 1]! + 1,
      );
    }
  }
  let j = 0;
  for (let column = 1; column <= n; column++) if (table[m * width + column]! < table[m * width + j]!) j = column;
  let i = m;
  let start = -1;
  let end = -1;
  let errors = 0;
  for (;;) {
    if (i === b) end = j; // moving left along row b: ends at its leftmost cell
    if (i === a && start < 0) start = j; // first cell reached on row a: its rightmost
    if (i === 0) break;
    const here = table[i * width + j]!;
    const inQuote = i > a && i <= b;
    if (j > 0) {
      const mismatch = pattern.charCodeAt(i - 1) === window.charCodeAt(j - 1) ? 0 : 1;
      if (here === table[(i - 1) * width + j - 1]! + mismatch) {
        if (inQuote) errors += mismatch;
        i--;
        j--;
        continue;
      }
    }
    if (here === table[(i - 1) * width + j]! + 1) {
      if (inQuote) errors++;
      i--;
      continue;
    }
    if (i > a && i < b) errors++; // a window character inserted inside the quote
    j--;
  }
  if (end <= start || errors > maxErrors) return undefined;
  return { start: from + start, end: from + end, errors };
}

/** A text with every whitespace run collapsed to one space, and where each of its units came from. */
interface Collapsed {
  text: string;
  /** For each unit of `text`, the offset in the original where it starts and ends. */
  startOf: number[];
  endOf: number[];
}

function collapseWhitespace(original: string): Collapsed {
  const parts: string[] = [];
  const startOf: number[] = [];
  const endOf: number[] = [];
  const copy = (from: number, to: number) => {
    parts.push(original.slice(from, to));
    for (let i = from; i < to; i++) {
      startOf.push(i);
      endOf.push(i + 1);
    }
  };
  const runs = /\s+/g;
  let last = 0;
  for (let match = runs.exec(original); match; match = runs.exec(original)) {
    copy(last, match.index);
    parts.push(' ');
    startOf.push(match.index);
    endOf.push(match.index + match[0].length);
    last = match.index + match[0].length;
  }
  copy(last, original.length);
  return { text: parts.join(''), startOf, endOf };
}

const collapse = (text: string) => text.replace(/\s+/g, ' ');

/** The collapsed offset of an original offset: the unit that covers it (the end for the text's end). */
function collapsedOffset(collapsed: Collapsed, offset: number): number {
  // Binary search for the last unit that starts at or before the offset.
  let low = 0;
  let high = collapsed.startOf.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (collapsed.startOf[middle]! <= offset) low = middle + 1;
    else high = middle;
  }
  const unit = low - 1;
  if (unit < 0) return 0;
  return collapsed.endOf[unit]! <= offset ? unit + 1 : unit;
}

interface Found extends Scored {
  method: 'quote' | 'whitespace' | 'fuzzy';
}

/**
 * The best place for a quote in a text: exact occurrences first, then whitespace-insensitive
 * ones, then (when maxErrorRatio > 0) fuzzy ones. Offsets are in `text`. `minFuzzyScore` applies
 * to fuzzy candidates only.
 */
function findQuote(text: string, quote: TextQuote, hint: number | undefined, maxErrorRatio: number, minFuzzyScore: number): Found | undefined {
  const context: Context = { prefix: quote.prefix ?? '', suffix: quote.suffix ?? '', ...(hint === undefined ? {} : { hint }) };
  const exact = best(text, quote.exact.length, exactCandidates(text, quote.exact), context);
  if (exact) return { ...exact, method: 'quote' };

  const collapsed = collapseWhitespace(text);
  const collapsedQuote = collapse(quote.exact);
  if (collapsedQuote.trim().length === 0) return undefined;
  const collapsedContext: Context = {
    prefix: collapse(quote.prefix ?? ''),
    suffix: collapse(quote.suffix ?? ''),
    ...(hint === undefined ? {} : { hint: collapsedOffset(collapsed, hint) }),
  };
  const toOriginal = (found: Scored, method: Found['method']): Found => ({
    start: collapsed.startOf[found.start]!,
    end: collapsed.endOf[found.end - 1]!,
    errors: found.errors,
    score: found.score,
    method,
  });

  const spaced = best(collapsed.text, collapsedQuote.length, exactCandidates(collapsed.text, collapsedQuote), collapsedContext);
  if (spaced) return toOriginal(spaced, 'whitespace');

  const maxErrors = Math.min(MAX_FUZZY_ERRORS, Math.floor(collapsedQuote.length * maxErrorRatio));
  if (maxErrors < 1) return undefined;
  const refined: Candidate[] = [];
  const tried = new Set<string>();
  for (const candidate of fuzzyCandidates(collapsed.text, collapsedQuote, maxErrors, collapsedContext.hint)) {
    const key = `${candidate.start}:${candidate.end}`;
    if (tried.has(key)) continue;
    tried.add(key);
    const better = refine(collapsed.text, candidate, collapsedQuote, collapsedContext.prefix!, collapsedContext.suffix!, maxErrors);
    if (better) refined.push(better);
  }
  const fuzzy = best(collapsed.text, collapsedQuote.length, refined, collapsedContext);
  if (!fuzzy || fuzzy.end <= fuzzy.start || fuzzy.score < minFuzzyScore) return undefined;
  return toOriginal(fuzzy, 'fuzzy');
}

const round = (score: number) => Math.round(score * 10_000) / 10_000;

/** Re-anchors one stored span in a new text. Never throws for a well-formed selector. */
export function reanchor(selector: StoredSelector, newText: string): Reanchored {
  const { exact, prefix, suffix, start, end } = selector;
  const orphan: Reanchored = { status: 'ORPHANED', start: null, end: null, exact, prefix, suffix, method: 'none' };
  if (exact.length === 0) return orphan;

  // 1. Unchanged at the old position, context included: nothing can score better.
  if (
    start >= 0 &&
    newText.slice(start, end) === exact &&
    newText.slice(Math.max(0, start - prefix.length), start) === prefix &&
    newText.startsWith(suffix, end)
  ) {
    return { status: 'ANCHORED', ...anchorAt(newText, start, end), score: 1, errors: 0, method: 'position' };
  }

  // 2–4. Exact, whitespace-insensitive, then fuzzy.
  const found = findQuote(newText, { exact, prefix, suffix }, start, MAX_ERROR_RATIO, MIN_FUZZY_SCORE);
  if (!found) return orphan;
  const anchor = anchorAt(newText, found.start, found.end);
  const unmoved = found.method === 'quote' && found.start === start;
  return {
    status: unmoved ? 'ANCHORED' : 'REANCHORED',
    ...anchor,
    score: round(found.score),
    errors: found.errors,
    method: unmoved ? 'position' : found.method,
  };
}

/** Re-anchors many spans, keeping each input's other fields; with a tally by status. */
export function reanchorAll<T extends StoredSelector>(
  spans: readonly T[],
  newText: string,
): { results: Array<{ span: T; anchor: Reanchored }>; counts: Record<AnchorStatus, number> } {
  const counts: Record<AnchorStatus, number> = { ANCHORED: 0, REANCHORED: 0, ORPHANED: 0 };
  const results = spans.map((span) => {
    const anchor = reanchor(span, newText);
    counts[anchor.status]++;
    return { span, anchor };
  });
  return { results, counts };
}

// ---------------------------------------------------------------------------------------------
// Validating the selectors of a new span.

export interface SelectorInput {
  quote?: TextQuote;
  position?: TextPosition;
}

export type AnchorErrorReason = 'empty' | 'invalid-position' | 'out-of-range' | 'mismatch' | 'not-found' | 'ambiguous';

export interface AnchorFailure {
  ok: false;
  reason: AnchorErrorReason;
  /** One sentence, fit to show to the person who sent the selector. */
  message: string;
  /** The best near match of the quote, when there is one: a hint for a corrected selector. */
  closest?: { start: number; end: number; exact: string; score: number };
  /** Every occurrence, for an ambiguous quote. */
  candidates?: TextPosition[];
}

export type SelectorValidation = { ok: true; anchor: Anchor } | AnchorFailure;

const shown = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}…` : text);

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
/** True when an offset falls between the two halves of a character outside the BMP. */
const splitsPair = (text: string, offset: number) => offset > 0 && offset < text.length && isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset));

function closestMatch(text: string, quote: TextQuote, hint?: number): AnchorFailure['closest'] {
  const found = findQuote(text, quote, hint, HINT_ERROR_RATIO, 0);
  return found ? { start: found.start, end: found.end, exact: text.slice(found.start, found.end), score: round(found.score) } : undefined;
}

function checkPosition(text: string, { start, end }: TextPosition): AnchorFailure | undefined {
  if (!Number.isInteger(start) || !Number.isInteger(end)) return { ok: false, reason: 'invalid-position', message: `start and end must be whole numbers (got ${start} and ${end})` };
  if (start < 0 || end > text.length) {
    return { ok: false, reason: 'out-of-range', message: `the position ${start}–${end} lies outside the text, which has ${text.length} UTF-16 code units` };
  }
  if (start >= end) return { ok: false, reason: 'out-of-range', message: `the position ${start}–${end} is empty: start must be less than end` };
  for (const offset of [start, end]) {
    if (splitsPair(text, offset)) {
      return { ok: false, reason: 'invalid-position', message: `offset ${offset} falls inside a character outside the BMP (between its two UTF-16 code units)` };
    }
  }
  return undefined;
}

/**
 * Checks the selectors of a new span against a text and returns the anchor to store (both
 * selectors, context recaptured at CONTEXT_LENGTH), or why it cannot be anchored. A quote alone
 * must occur exactly once with its prefix/suffix; a position alone must lie inside the text;
 * both must agree (the quote, and its prefix/suffix when given, are the text at the position).
 */
export function validateSelector(text: string, input: SelectorInput): SelectorValidation {
  const { quote, position } = input;
  if (!quote && !position) {
    return { ok: false, reason: 'empty', message: 'a span needs a quote (exact, prefix, suffix), a position (start, end), or both' };
  }
  if (quote && quote.exact.length === 0) return { ok: false, reason: 'empty', message: 'the quote is empty' };

  if (position) {
    const invalid = checkPosition(text, position);
    if (invalid) return invalid;
  }

  if (quote && position) {
    const { start, end } = position;
    const atPosition = text.slice(start, end);
    const closest = () => {
      const hint = closestMatch(text, quote, start);
      return hint ? { closest: hint } : {};
    };
    if (atPosition !== quote.exact) {
      return { ok: false, reason: 'mismatch', message: `the text at ${start}–${end} is ${shown(atPosition)}, not the quote ${shown(quote.exact)}`, ...closest() };
    }
    if (quote.prefix && text.slice(Math.max(0, start - quote.prefix.length), start) !== quote.prefix) {
      return { ok: false, reason: 'mismatch', message: `the quote is at ${start}–${end} but the text before it is not the prefix ${shown(quote.prefix)}`, ...closest() };
    }
    if (quote.suffix && !text.startsWith(quote.suffix, end)) {
      return { ok: false, reason: 'mismatch', message: `the quote is at ${start}–${end} but the text after it is not the suffix ${shown(quote.suffix)}`, ...closest() };
    }
    return { ok: true, anchor: anchorAt(text, start, end) };
  }

  if (position) return { ok: true, anchor: anchorAt(text, position.start, position.end) };

  const located = locateQuote(text, quote!);
  if (located.ok) return { ok: true, anchor: located.anchors[0]! };
  if (located.reason === 'ambiguous') return { ok: false, reason: 'ambiguous', message: located.message, candidates: located.candidates };
  if (located.reason === 'empty') return { ok: false, reason: 'empty', message: located.message };
  const hint = closestMatch(text, quote!);
  return { ok: false, reason: 'not-found', message: located.message, ...(hint ? { closest: hint } : {}) };
}

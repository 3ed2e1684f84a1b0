// Where a query's terms occur in a text, as offsets into that text (UTF-16 code units, as span
// offsets are), so that text.slice(start, end) is exactly the matched word or phrase. FTS5's
// highlight()/snippet() and PostgreSQL's ts_headline return marked-up text, not offsets, so both
// databases share this: the text is split into words the way their tokenizers split it (runs of
// letters, digits and combining marks), each word folded (case, accents) and compared with the
// terms. Plain data in, plain data out.
import { fold, type Term } from './query-language.js';

export interface Match {
  start: number;
  end: number;
}

interface Word {
  start: number;
  end: number;
  folded: string;
}

function tokenize(text: string): Word[] {
  const result: Word[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const folded = fold(match[0]);
    if (folded) result.push({ start: match.index, end: match.index + match[0].length, folded });
  }
  return result;
}

/**
 * The places where any of the terms occurs, in text order, overlapping ones merged, at most `limit`.
 * `allPrefix` treats every word of every term as a prefix (entity type-ahead).
 */
export function findMatches(text: string, terms: Term[], { limit = 5, allPrefix = false }: { limit?: number; allPrefix?: boolean } = {}): Match[] {
  if (terms.length === 0 || !text) return [];
  const tokens = tokenize(text);
  const found: Match[] = [];
  for (const term of terms) {
    const n = term.words.length;
    for (let i = 0; i + n <= tokens.length; i++) {
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        const word = term.words[k]!;
        const token = tokens[i + k]!.folded;
        const prefix = allPrefix || (term.prefix && k === n - 1);
        ok = prefix ? token.startsWith(word) : token === word;
      }
      if (ok) found.push({ start: tokens[i]!.start, end: tokens[i + n - 1]!.end });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Match[] = [];
  for (const match of found) {
    const last = merged.at(-1);
    if (last && match.start <= last.end) last.end = Math.max(last.end, match.end);
    else merged.push({ ...match });
  }
  return merged.slice(0, limit);
}

/** Up to `radius` characters either side of a match, cut at word boundaries where possible. */
export function context(text: string, match: Match, radius = 60): { text: string; start: number } {
  let start = Math.max(0, match.start - radius);
  let end = Math.min(text.length, match.end + radius);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space !== -1 && space < match.start) start = space + 1;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space >= match.end) end = space;
  }
  return { text: text.slice(start, end), start };
}

// ---------------------------------------------------------------------------------------------
// The same matches in a text too large to hold or scan at once (a document body): the text
// arrives in consecutive pieces, each scanned in bounded work, the caller's checkpoint awaited
// between pieces (it yields to the event loop and stops the scan at the request deadline).
// Scanning ends once `limit` matches are certain, so a word near the start costs one piece. A
// piece none of whose folded text holds the first word of a term is not tokenized at all.

/** Code units scanned per step: a few milliseconds of tokenizing. */
export const SCAN_PIECE = 1 << 16;
/**
 * A highlight grows by merging overlapping matches only up to this many code units; matches
 * overlapping a highlight already that long are dropped ("very very very …" searched for "very very").
 */
export const MAX_HIGHLIGHT_LENGTH = 1000;
const CONTEXT_RADIUS = 60;

export interface FoundMatch extends Match {
  text: string;
  context: string;
  contextStart: number;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** Where the run of word characters that ends the text starts (text.length when it ends in a separator). */
function trailingWordStart(text: string): number {
  let i = text.length;
  while (i > 0) {
    const low = text.charCodeAt(i - 1);
    const pair = low >= 0xdc00 && low <= 0xdfff && i >= 2 ? text.charCodeAt(i - 2) : 0;
    const width = pair >= 0xd800 && pair <= 0xdbff ? 2 : 1;
    if (!WORD_CHAR.test(text.slice(i - width, i))) break;
    i -= width;
  }
  return i;
}

/** fold(), with both sigmas alike: lower-casing writes a final sigma by context, which a piece may cut. */
const foldForFilter = (text: string) => fold(text).replaceAll('ς', 'σ');
const NOT_ASCII = /[^\x00-\x7f]/;

/**
 * A quick test that can only err towards yes: may a match start in this text? Some term's first
 * word must occur in its folded text. ASCII text folds to its lower case, so there a
 * case-insensitive search does, without folding (or copying) anything.
 */
function startFilter(terms: Term[]): (text: string) => boolean {
  const firstWords = [...new Set(terms.map((term) => term.words[0]!.replaceAll('ς', 'σ')))];
  const ascii = firstWords.filter((word) => !NOT_ASCII.test(word));
  // Words hold only letters and digits: nothing to escape.
  const inAscii = ascii.length > 0 ? new RegExp(ascii.join('|'), 'i') : null;
  return (text) => {
    if (!NOT_ASCII.test(text)) return inAscii?.test(text) ?? false;
    const folded = foldForFilter(text);
    return firstWords.some((word) => folded.includes(word));
  };
}

/**
 * findMatches + context over `pieces`, the consecutive parts of one text (any sizes): the same
 * matches, offsets and contexts as on the whole text (but for MAX_HIGHLIGHT_LENGTH), while
 * holding only a bounded window of it.
 */
export async function scanMatches(
  pieces: AsyncIterable<string>,
  terms: Term[],
  { limit = 5, checkpoint }: { limit?: number; checkpoint?: () => Promise<void> } = {},
): Promise<FoundMatch[]> {
  if (terms.length === 0 || limit <= 0) return [];
  const radius = CONTEXT_RADIUS;
  const mayStart = startFilter(terms);
  const longest = Math.max(...terms.map((term) => term.words.length));
  // The highlights so far; each keeps the text around it (radius + 1 either side) for its context.
  const merged: Array<Match & { windowStart: number; window: string }> = [];
  let buffer = '';
  let bufferStart = 0; // where buffer[0] is in the whole text
  let minStart = 0; // matches starting before this were found already
  let complete = false;
  const iterator = pieces[Symbol.asyncIterator]();
  let pending = ''; // read but not yet scanned

  while (!complete && merged.length <= limit) {
    if (pending.length === 0) {
      const next = await iterator.next();
      if (next.done) complete = true;
      else pending = next.value;
    }
    // Take at most one piece, never splitting a surrogate pair.
    let take = Math.min(pending.length, SCAN_PIECE);
    const last = pending.charCodeAt(take - 1);
    if (take < pending.length && last >= 0xd800 && last <= 0xdbff) take -= 1;
    buffer += pending.slice(0, take);
    pending = pending.slice(take);

    const end = buffer.length;
    // A word touching the end may go on in the next piece; a phrase may too.
    let deferFrom = complete ? end : trailingWordStart(buffer);
    if (end - deferFrom > 4 * SCAN_PIECE) deferFrom = end; // an absurdly long "word" is cut
    const found: Match[] = [];
    if (mayStart(buffer)) {
      const tokens = tokenize(buffer.slice(0, deferFrom));
      // Phrases starting among the last tokens need the next piece.
      if (!complete && longest > 1 && tokens.length > 0) deferFrom = Math.min(deferFrom, tokens[Math.max(0, tokens.length - (longest - 1))]!.start);
      let uncovered = Infinity;
      for (const term of terms) {
        const n = term.words.length;
        for (let i = 0; i + n <= tokens.length; i++) {
          const at = tokens[i]!.start;
          if (at + bufferStart < minStart) continue;
          let ok = true;
          for (let k = 0; k < n && ok; k++) {
            const word = term.words[k]!;
            const token = tokens[i + k]!.folded;
            ok = term.prefix && k === n - 1 ? token.startsWith(word) : token === word;
          }
          if (!ok) continue;
          const match = { start: at, end: tokens[i + n - 1]!.end };
          // Its context must be in the buffer too.
          if (!complete && match.end + radius + 1 >= end) uncovered = Math.min(uncovered, match.start);
          found.push(match);
        }
      }
      deferFrom = Math.min(deferFrom, uncovered);
    }
    deferFrom = Math.max(deferFrom, minStart - bufferStart);

    found.sort((a, b) => a.start - b.start || b.end - a.end);
    for (const local of found) {
      if (local.start >= deferFrom) continue; // found again with the next piece
      const start = local.start + bufferStart;
      const matchEnd = local.end + bufferStart;
      const previous = merged.at(-1);
      if (previous && start <= previous.end) {
        if (matchEnd <= previous.end || previous.end - previous.start >= MAX_HIGHLIGHT_LENGTH) continue;
        previous.end = matchEnd;
        // Extend its window: what it holds up to this buffer, then this buffer up to the new end.
        const upTo = Math.min(end, local.end + radius + 1);
        previous.window =
          previous.windowStart >= bufferStart
            ? buffer.slice(previous.windowStart - bufferStart, upTo)
            : previous.window.slice(0, bufferStart - previous.windowStart) + buffer.slice(0, upTo);
        continue;
      }
      if (merged.length > limit) break;
      const from = Math.max(0, local.start - radius - 1);
      merged.push({ start, end: matchEnd, windowStart: from + bufferStart, window: buffer.slice(from, Math.min(end, local.end + radius + 1)) });
    }

    // Keep what the next piece still needs: from the first deferred word, with room for contexts.
    minStart = bufferStart + deferFrom;
    const keepFrom = Math.max(0, deferFrom - radius - 1);
    buffer = buffer.slice(keepFrom);
    bufferStart += keepFrom;
    if (!complete) await checkpoint?.();
  }

  return merged.slice(0, limit).map((match) => {
    const local = { start: match.start - match.windowStart, end: match.end - match.windowStart };
    const around = context(match.window, local, radius);
    return {
      start: match.start,
      end: match.end,
      text: match.window.slice(local.start, local.end),
      context: around.text,
      contextStart: around.start + match.windowStart,
    };
  });
}

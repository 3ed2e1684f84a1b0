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

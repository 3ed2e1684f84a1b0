// Locating W3C TextQuoteSelectors in a text. Offsets are UTF-16 code units, the unit
// JavaScript strings (and the API) use. Fuzzy re-anchoring across versions builds on this.

export interface TextQuote {
  exact: string;
  /** Text immediately before `exact` (may be shorter than the real context). */
  prefix?: string;
  /** Text immediately after `exact`. */
  suffix?: string;
}

export interface TextPosition {
  start: number;
  end: number;
}

export interface Anchor extends TextPosition {
  exact: string;
  /** Context captured around the span, so the selector stays unambiguous when stored. */
  prefix: string;
  suffix: string;
}

export type QuoteLookup =
  | { ok: true; anchors: Anchor[] }
  | { ok: false; reason: 'empty' | 'not-found' | 'ambiguous'; message: string; candidates: TextPosition[] };

/** How much context a stored selector keeps on each side, as Hypothesis does (32 characters). */
export const CONTEXT_LENGTH = 32;

export function occurrences(text: string, exact: string): number[] {
  const found: number[] = [];
  if (exact.length === 0) return found;
  for (let index = text.indexOf(exact); index !== -1; index = text.indexOf(exact, index + 1)) found.push(index);
  return found;
}

export function anchorAt(text: string, start: number, end: number): Anchor {
  return {
    start,
    end,
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT_LENGTH), start),
    suffix: text.slice(end, end + CONTEXT_LENGTH),
  };
}

/**
 * Finds the occurrences of `quote.exact` whose surroundings match `prefix` and `suffix`.
 * With `all`, every matching occurrence is returned; otherwise exactly one must match.
 */
export function locateQuote(text: string, quote: TextQuote, options: { all?: boolean } = {}): QuoteLookup {
  if (quote.exact.length === 0) return { ok: false, reason: 'empty', message: 'the quote is empty', candidates: [] };
  const matches = occurrences(text, quote.exact).filter(
    (start) =>
      (!quote.prefix || text.slice(Math.max(0, start - quote.prefix.length), start) === quote.prefix) &&
      (!quote.suffix || text.startsWith(quote.suffix, start + quote.exact.length)),
  );
  const positions = matches.map((start) => ({ start, end: start + quote.exact.length }));
  if (positions.length === 0) {
    const bare = occurrences(text, quote.exact).length;
    return {
      ok: false,
      reason: 'not-found',
      message: bare > 0 ? `the quote occurs ${bare} time(s) but never with the given prefix/suffix` : 'the quote does not occur in the text',
      candidates: [],
    };
  }
  if (positions.length > 1 && !options.all) {
    return {
      ok: false,
      reason: 'ambiguous',
      message: `the quote occurs ${positions.length} times (at ${positions.map((p) => p.start).join(', ')}); add a prefix or suffix to choose one`,
      candidates: positions,
    };
  }
  return { ok: true, anchors: positions.map(({ start, end }) => anchorAt(text, start, end)) };
}

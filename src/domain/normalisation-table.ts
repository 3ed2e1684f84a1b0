// The versioned table that turns vague wording into ranges. It is data: README documents it,
// tests pin it, and NORMALISATION_TABLE (a JSON file with the same shape) may override entries.
// Bump `version` whenever a range changes, so stored normalisations can be recomputed.

export interface RangeEntry {
  /** The wording, lower case; matched as whole words. */
  phrase: string;
  lower: number | null;
  upper: number | null;
}

export interface NormalisationTable {
  version: number;
  /** Vague counts: "thousands", "tens of thousands". */
  vagueQuantities: RangeEntry[];
  /**
   * Words for shares of a whole, in 0..1: "most", "the majority". A point ("half") takes the hedges and
   * bounds before it like a number; fractions in words ("a third", "two-thirds") need no entry.
   */
  vagueShares: RangeEntry[];
  /** Hedges that widen an exact number by ± this fraction: "about 30,000" → 27,000–33,000. */
  approximately: { phrases: string[]; tolerance: number };
  /** Hedges that put the number at the top of a range: "nearly 3,000" → 2,700–3,000. */
  nearly: { phrases: string[]; tolerance: number };
  /**
   * Phrases before a number that make it a lower bound ("at least"); after it ("or more"). Of all the
   * phrases (bounds, nearly, approximately) that end just before a number the longest wins, so "no more
   * than" is an upper bound although it ends in "more than".
   */
  lowerBoundBefore: string[];
  lowerBoundAfter: string[];
  /** Phrases that make it an upper bound ("up to", "fewer than"). */
  upperBoundBefore: string[];
  upperBoundAfter: string[];
  /** Seasons as month ranges (northern hemisphere). */
  seasons: Record<string, [number, number]>;
}

export const defaultTable: NormalisationTable = {
  version: 2,
  vagueQuantities: [
    { phrase: 'dozens', lower: 24, upper: 99 },
    { phrase: 'scores', lower: 40, upper: 99 },
    { phrase: 'a few hundred', lower: 200, upper: 499 },
    { phrase: 'several hundred', lower: 300, upper: 999 },
    { phrase: 'hundreds', lower: 200, upper: 999 },
    { phrase: 'a few thousand', lower: 2_000, upper: 4_999 },
    { phrase: 'several thousand', lower: 3_000, upper: 9_999 },
    { phrase: 'thousands', lower: 2_000, upper: 9_999 },
    { phrase: 'tens of thousands', lower: 20_000, upper: 99_999 },
    { phrase: 'hundreds of thousands', lower: 200_000, upper: 999_999 },
    { phrase: 'millions', lower: 2_000_000, upper: 9_999_999 },
  ],
  vagueShares: [
    { phrase: 'all', lower: 1, upper: 1 },
    { phrase: 'nearly all', lower: 0.9, upper: 1 },
    { phrase: 'almost all', lower: 0.9, upper: 1 },
    { phrase: 'the vast majority', lower: 0.75, upper: 1 },
    { phrase: 'the overwhelming majority', lower: 0.75, upper: 1 },
    { phrase: 'most', lower: 0.5, upper: 1 },
    { phrase: 'mostly', lower: 0.5, upper: 1 },
    { phrase: 'mainly', lower: 0.5, upper: 1 },
    { phrase: 'predominantly', lower: 0.5, upper: 1 },
    { phrase: 'the majority', lower: 0.5, upper: 1 },
    { phrase: 'majority', lower: 0.5, upper: 1 },
    { phrase: 'half', lower: 0.5, upper: 0.5 },
    { phrase: 'a minority', lower: 0, upper: 0.5 },
  ],
  approximately: { phrases: ['about', 'around', 'approximately', 'roughly', 'some', 'an estimated', 'estimated', 'circa', 'c.', 'approx.'], tolerance: 0.1 },
  nearly: { phrases: ['nearly', 'almost', 'close to', 'closer to', 'just under', 'just short of', 'just shy of'], tolerance: 0.1 },
  lowerBoundBefore: [
    'at least',
    'more than',
    'over',
    'upwards of',
    'in excess of',
    'no fewer than',
    'no less than',
    'not fewer than',
    'not less than',
    'a minimum of',
    // Verbs of excess: "the toll exceeded 2,000".
    'exceed',
    'exceeds',
    'exceeded',
    'exceeding',
    'surpass',
    'surpasses',
    'surpassed',
    'surpassing',
    'topped',
    'tops',
    'topping',
    'passed',
    'passes',
    'passing',
  ],
  lowerBoundAfter: ['or more', 'and more', 'or over', 'plus', '+'],
  upperBoundBefore: ['up to', 'at most', 'fewer than', 'less than', 'under', 'no more than', 'not more than', 'not exceeding', 'a maximum of', 'as many as', 'as much as', 'as high as'],
  upperBoundAfter: ['or fewer', 'or less', 'at most'],
  seasons: { spring: [3, 5], summer: [6, 9], autumn: [9, 11], fall: [9, 11], winter: [12, 2] },
};

/** The default table with the entries of an override merged in (same shape, any subset). */
export function mergeTable(base: NormalisationTable, override: Partial<NormalisationTable>): NormalisationTable {
  const byPhrase = (entries: RangeEntry[], extra: RangeEntry[] | undefined) => {
    if (!extra) return entries;
    const replaced = new Set(extra.map((entry) => entry.phrase));
    return [...extra, ...entries.filter((entry) => !replaced.has(entry.phrase))];
  };
  return {
    ...base,
    ...override,
    vagueQuantities: byPhrase(base.vagueQuantities, override.vagueQuantities),
    vagueShares: byPhrase(base.vagueShares, override.vagueShares),
    seasons: { ...base.seasons, ...override.seasons },
  };
}

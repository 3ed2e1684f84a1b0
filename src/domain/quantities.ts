// Normalising the value text of a claim ("about 30,000", "tens of thousands", "90 percent",
// "summer of 1988") into a range, so that values can be compared. The text always stays; what
// cannot be normalised is reported as text with the reason. Ranges are closed; null = unbounded.
import { createRequire } from 'node:module';
import type * as Numbers from '@microsoft/recognizers-text-number';
import type * as Chrono from 'chrono-node';
import { keyRange } from './partial-dates.js';
import { defaultTable, type NormalisationTable, type RangeEntry } from './normalisation-table.js';

// The number recognizer and chrono are slow to load: required (their
// CommonJS builds) on first use, so the server and commands that never normalise a value start
// without them.
const requireCjs = createRequire(import.meta.url);
let chronoModule: typeof Chrono | undefined;
const chrono = { parse: (...args: Parameters<typeof Chrono.parse>) => (chronoModule ??= requireCjs('chrono-node') as typeof Chrono).parse(...args) };

export type ValueHint = 'QUANTITY' | 'SHARE' | 'DATE';

export type NormalisedValue =
  | { kind: 'QUANTITY' | 'SHARE' | 'DATE'; lower: number | null; upper: number | null; approximate: boolean; round: boolean; rule: string }
  | { kind: 'TEXT'; reason: string };

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wordsPattern = (phrases: string[]) =>
  new RegExp(`(?:^|[^\\p{L}\\p{N}])(${[...phrases].sort((a, b) => b.length - a.length).map(escape).join('|')})(?=$|[^\\p{L}\\p{N}])`, 'iu');

function clean(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u00a0\u2009\u202f]/g, ' ')
    .replace(/[‐‑‒–—]/g, '-')
    .trim()
    .toLowerCase();
}

/** A European-style "30.000" means 30 000 to most of the world and 30 to an English reader. */
const AMBIGUOUS_SEPARATOR = /(^|[^\d.,])\d{1,3}(\.\d{3})+(?![\d,])/;

export interface FoundNumber {
  value: number;
  start: number;
  end: number; // exclusive
}

// recognizeNumber() builds a new recognizer, with all its models and patterns, on every call; one
// English number model, built on first use, answers the same.
let englishNumbers: ReturnType<Numbers.NumberRecognizer['getNumberModel']> | undefined;

/** Words the recognizer reads as numbers; without one, digits are found by a plain pattern. */
const NUMBER_WORD = /\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|halves|thirds?|quarters?|fifths?|tenths?|k|m|bn|mn|a)\b|\d\s*\/\s*\d|\d[kKmM]\b/i;
const DIGITS = /(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\d.,])\d+(?:\.\d+)?(?![\d])/g;

/** The numbers of a value: by the recognizer, or by a plain pattern when it only holds digits. */
export function numbersIn(text: string): FoundNumber[] {
  // The recognizer is costly per call: plain digits do not need it.
  // Digit groups split by spaces are left to the recognizer, whose reading of them tests pin.
  if (!NUMBER_WORD.test(text) && !/\d\s+\d/.test(text)) {
    return [...text.matchAll(DIGITS)].map((match) => ({ value: Number(match[0].replace(/,/g, '')), start: match.index, end: match.index + match[0].length })).filter((found) => Number.isFinite(found.value));
  }
  return recognizedNumbers(text);
}

/** The numbers the recognizer finds (exported so that tests hold the plain pattern to it). */
export function recognizedNumbers(text: string): FoundNumber[] {
  if (!englishNumbers) {
    const { Culture, NumberRecognizer } = requireCjs('@microsoft/recognizers-text-number') as typeof Numbers;
    englishNumbers = new NumberRecognizer(Culture.English).getNumberModel(Culture.English, false);
  }
  return englishNumbers
    .parse(text)
    .filter((result) => result.typeName === 'number' || result.typeName.startsWith('number'))
    .map((result) => ({ value: Number(result.resolution.value), start: result.start, end: result.end + 1 }))
    .filter((found) => Number.isFinite(found.value));
}

function findEntry(text: string, entries: RangeEntry[]): { entry: RangeEntry; start: number; end: number } | undefined {
  const sorted = [...entries].sort((a, b) => b.phrase.length - a.phrase.length);
  for (const entry of sorted) {
    const match = wordsPattern([entry.phrase]).exec(text);
    if (match) {
      const start = match.index + match[0].length - match[1]!.length;
      return { entry, start, end: start + match[1]!.length };
    }
  }
  return undefined;
}

const isRound = (value: number) => value >= 100 && (value % 1000 === 0 || value % 100 === 0);

type Hedge = 'lower' | 'upper' | 'nearly' | 'approximately';

// Per table: one pattern for the phrases before a number and one for those after it, and what each
// phrase does. All candidates before a number end where it starts, so the leftmost match is the longest.
const hedgePatterns = new WeakMap<NormalisationTable, { before: RegExp; after: RegExp; hedges: Map<string, Hedge> }>();

function patternsOf(table: NormalisationTable) {
  let patterns = hedgePatterns.get(table);
  if (!patterns) {
    const hedges = new Map<string, Hedge>();
    const add = (side: 'before' | 'after', phrases: string[], hedge: Hedge) => {
      for (const phrase of phrases) if (!hedges.has(`${side}:${phrase}`)) hedges.set(`${side}:${phrase}`, hedge);
    };
    add('before', table.lowerBoundBefore, 'lower');
    add('before', table.upperBoundBefore, 'upper');
    add('before', table.nearly.phrases, 'nearly');
    add('before', table.approximately.phrases, 'approximately');
    add('after', table.lowerBoundAfter, 'lower');
    add('after', table.upperBoundAfter, 'upper');
    const alternatives = (side: string) =>
      [...hedges.keys()]
        .filter((key) => key.startsWith(`${side}:`))
        .map((key) => key.slice(side.length + 1))
        .sort((a, b) => b.length - a.length)
        .map(escape)
        .join('|');
    patterns = {
      before: new RegExp(`(?:^|[^\\p{L}])(${alternatives('before')})\\s*$`, 'u'),
      after: new RegExp(`^\\s*(${alternatives('after')})(?=$|[^\\p{L}])`, 'u'),
      hedges,
    };
    hedgePatterns.set(table, patterns);
  }
  return patterns;
}

/** What the longest phrase of the table that ends `before` the number (or else starts `after` it) does. */
function hedgeOf(before: string, after: string, table: NormalisationTable): Hedge | undefined {
  const { before: beforePattern, after: afterPattern, hedges } = patternsOf(table);
  const preceding = beforePattern.exec(before)?.[1];
  if (preceding !== undefined) return hedges.get(`before:${preceding}`);
  const following = afterPattern.exec(after)?.[1];
  return following === undefined ? undefined : hedges.get(`after:${following}`);
}

/** `value` (divided by `divisor`: 100 for a percentage) as a range, by the hedge or bound around it. */
function bounded(before: string, after: string, value: number, table: NormalisationTable, kind: 'QUANTITY' | 'SHARE', divisor = 1): NormalisedValue {
  const n = value / divisor;
  const round = kind === 'QUANTITY' && isRound(value);
  switch (hedgeOf(before, after, table)) {
    case 'lower':
      return { kind, lower: n, upper: null, approximate: false, round, rule: 'lower bound' };
    case 'upper':
      return { kind, lower: null, upper: n, approximate: false, round, rule: 'upper bound' };
    case 'nearly':
      return { kind, lower: roundTo(n * (1 - table.nearly.tolerance), kind), upper: n, approximate: true, round, rule: `nearly: −${table.nearly.tolerance * 100}%` };
    case 'approximately':
      return {
        kind,
        lower: roundTo(n * (1 - table.approximately.tolerance), kind),
        upper: roundTo(n * (1 + table.approximately.tolerance), kind),
        approximate: true,
        round,
        rule: `approximately: ±${table.approximately.tolerance * 100}%`,
      };
    default:
      return { kind, lower: n, upper: n, approximate: false, round, rule: round ? 'exact (round number)' : 'exact' };
  }
}

const roundTo = (value: number, kind: 'QUANTITY' | 'SHARE') => (kind === 'SHARE' ? Math.round(value * 10_000) / 10_000 : Math.round(value));

// A dash between two numbers ("2,800–3,800", "47%-50%") is a range: spelled "to" so that the number
// recognizer does not read "-50" as a negative number.
const dashesAsTo = (value: string) => value.replace(/(\d\s*%?)\s*-\s*(?=\d)/g, '$1 to ');

/** What may stand between the two numbers of a range: "between 47 and 50", "47–50", "47% to 50%". */
const RANGE_GAP = /^\s*(?:%|per\s?cent|percent)?\s*(?:to|and)\s*$/;
const PERCENT_AFTER = /^\s*(?:%|per\s?cent\b|percent\b)/;

export function normaliseQuantity(text: string, table: NormalisationTable = defaultTable): NormalisedValue {
  const value = dashesAsTo(clean(text));
  if (AMBIGUOUS_SEPARATOR.test(value) && !/,/.test(value)) {
    return { kind: 'TEXT', reason: `ambiguous number "${text}": a dot between digit groups is a thousands separator in many languages and a decimal point in English` };
  }
  const numbers = numbersIn(value);
  if (numbers.length === 2) {
    const [a, b] = numbers as [FoundNumber, FoundNumber];
    if (!RANGE_GAP.test(value.slice(a.end, b.start))) return { kind: 'TEXT', reason: `several numbers in "${text}"` };
    const approximate = wordsPattern(table.approximately.phrases).test(value.slice(0, a.start));
    return { kind: 'QUANTITY', lower: Math.min(a.value, b.value), upper: Math.max(a.value, b.value), approximate, round: false, rule: 'range' };
  }
  if (numbers.length === 1) {
    const [found] = numbers as [FoundNumber];
    return bounded(value.slice(0, found.start), value.slice(found.end), found.value, table, 'QUANTITY');
  }
  if (numbers.length > 2) return { kind: 'TEXT', reason: `several numbers in "${text}"` };
  const vague = findEntry(value, table.vagueQuantities)?.entry;
  if (vague) return { kind: 'QUANTITY', lower: vague.lower, upper: vague.upper, approximate: true, round: false, rule: `vague: "${vague.phrase}" (table v${table.version})` };
  return { kind: 'TEXT', reason: `no number or known vague quantity in "${text}"` };
}

export function normaliseShare(text: string, table: NormalisationTable = defaultTable): NormalisedValue {
  const value = dashesAsTo(clean(text));
  const numbers = numbersIn(value);
  const percent = (found: FoundNumber) => PERCENT_AFTER.exec(value.slice(found.end));
  const marked = numbers.findIndex((found) => percent(found));
  if (marked >= 0) {
    const found = numbers[marked]!;
    const previous = numbers[marked - 1];
    const tooLarge = (n: number) => (n > 100 ? { kind: 'TEXT' as const, reason: `a share above 100 percent in "${text}"` } : undefined);
    // "between 47 and 50 per cent": the first number of a range has no percent sign of its own.
    if (previous && RANGE_GAP.test(value.slice(previous.end, found.start))) {
      const [lower, upper] = [Math.min(previous.value, found.value), Math.max(previous.value, found.value)];
      const approximate = wordsPattern(table.approximately.phrases).test(value.slice(0, previous.start));
      return tooLarge(upper) ?? { kind: 'SHARE', lower: lower / 100, upper: upper / 100, approximate, round: false, rule: 'range' };
    }
    const next = numbers[marked + 1];
    const gapAfter = value.slice(found.end + percent(found)![0].length);
    if (next && RANGE_GAP.test(value.slice(found.end, next.start)) && percent(next)) {
      const [lower, upper] = [Math.min(found.value, next.value), Math.max(found.value, next.value)];
      const approximate = wordsPattern(table.approximately.phrases).test(value.slice(0, found.start));
      return tooLarge(upper) ?? { kind: 'SHARE', lower: lower / 100, upper: upper / 100, approximate, round: false, rule: 'range' };
    }
    return tooLarge(found.value) ?? bounded(value.slice(0, found.start), gapAfter, found.value, table, 'SHARE', 100);
  }
  const vague = findEntry(value, table.vagueShares);
  if (vague) {
    const { entry } = vague;
    // A point ("half", "all") is hedged and bounded like a number: "more than half", "around half".
    if (entry.lower !== null && entry.lower === entry.upper) return bounded(value.slice(0, vague.start), value.slice(vague.end), entry.lower, table, 'SHARE');
    return { kind: 'SHARE', lower: entry.lower, upper: entry.upper, approximate: entry.lower !== entry.upper, round: false, rule: `vague: "${entry.phrase}" (table v${table.version})` };
  }
  // Fractions in words ("a third", "two-thirds", "one in five") or figures ("1/3").
  const fraction = numbers.length === 1 ? numbers[0]! : undefined;
  if (fraction && fraction.value > 0 && fraction.value <= 1 && /[\p{L}/]/u.test(value.slice(fraction.start, fraction.end))) {
    return bounded(value.slice(0, fraction.start), value.slice(fraction.end), fraction.value, table, 'SHARE');
  }
  return { kind: 'TEXT', reason: `no percentage, fraction or known share word in "${text}"` };
}

export function normaliseDate(text: string, table: NormalisationTable = defaultTable): NormalisedValue {
  const value = clean(text);
  const season = new RegExp(`\\b(${Object.keys(table.seasons).join('|')})\\s+(?:of\\s+)?(\\d{4})\\b`).exec(value);
  if (season) {
    const [from, to] = table.seasons[season[1]!]!;
    const year = Number(season[2]);
    const toYear = to < from ? year + 1 : year;
    return { kind: 'DATE', lower: year * 10_000 + from * 100, upper: toYear * 10_000 + to * 100 + 99, approximate: true, round: false, rule: `season: ${season[1]}` };
  }
  const parsed = chrono.parse(text, new Date(2000, 0, 1))[0];
  if (parsed && parsed.start.isCertain('year')) {
    const year = parsed.start.get('year')!;
    const month = parsed.start.isCertain('month') ? parsed.start.get('month')! : undefined;
    const day = month !== undefined && parsed.start.isCertain('day') ? parsed.start.get('day')! : undefined;
    const iso = [String(year).padStart(4, '0'), month && String(month).padStart(2, '0'), day && String(day).padStart(2, '0')].filter(Boolean).join('-');
    const range = keyRange(iso)!;
    return { kind: 'DATE', lower: range.from, upper: range.to, approximate: false, round: false, rule: day ? 'day' : 'month' };
  }
  const year = /(?:^|\D)(\d{4})(?:\D|$)/.exec(value);
  if (year && numbersIn(value).length === 1) {
    const range = keyRange(year[1]!)!;
    return { kind: 'DATE', lower: range.from, upper: range.to, approximate: false, round: false, rule: 'year' };
  }
  return { kind: 'TEXT', reason: `no date with a year in "${text}"` };
}

/**
 * Recent results per table: the same wording ("at least 5,000") recurs across a corpus, and ingest
 * normalises each suggested value twice (to suggest it, then to store it), and the number recognizer
 * is costly per call. Cleared when full rather than kept in order: a simple bound.
 */
const recent = new WeakMap<NormalisationTable, Map<string, NormalisedValue>>();
const RECENT_LIMIT = 4096;

export function normaliseValue(text: string, hint?: ValueHint, table: NormalisationTable = defaultTable): NormalisedValue {
  let cache = recent.get(table);
  if (!cache) {
    cache = new Map();
    recent.set(table, cache);
  }
  const key = `${hint ?? ''}\u0000${text}`;
  const known = cache.get(key);
  if (known) return { ...known };
  const value = normaliseUncached(text, hint, table);
  if (cache.size >= RECENT_LIMIT) cache.clear();
  cache.set(key, value);
  return { ...value };
}

function normaliseUncached(text: string, hint: ValueHint | undefined, table: NormalisationTable): NormalisedValue {
  if (hint === 'SHARE') return normaliseShare(text, table);
  if (hint === 'DATE') return normaliseDate(text, table);
  if (hint === 'QUANTITY') return normaliseQuantity(text, table);
  const share = normaliseShare(text, table);
  if (share.kind !== 'TEXT' && /%|percent|per cent/.test(clean(text))) return share;
  return normaliseQuantity(text, table);
}

// Normalising the value text of a claim ("about 30,000", "tens of thousands", "90 percent",
// "summer of 1988") into a range, so that values can be compared. The text always stays; what
// cannot be normalised is reported as text with the reason. Ranges are closed; null = unbounded.
import { createRequire } from 'node:module';
import type * as Numbers from '@microsoft/recognizers-text-number';
import type * as Chrono from 'chrono-node';
import { keyRange } from './partial-dates.js';
import { defaultTable, type NormalisationTable, type RangeEntry } from './normalisation-table.js';

// The number recognizer and chrono take a few hundred milliseconds to load: required (their
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

interface FoundNumber {
  value: number;
  start: number;
  end: number; // exclusive
}

// recognizeNumber() builds a new recognizer, with all its models and patterns, on every call; one
// English number model, built on first use, answers the same.
let englishNumbers: ReturnType<Numbers.NumberRecognizer['getNumberModel']> | undefined;

function numbersIn(text: string): FoundNumber[] {
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

function findEntry(text: string, entries: RangeEntry[]): RangeEntry | undefined {
  const sorted = [...entries].sort((a, b) => b.phrase.length - a.phrase.length);
  return sorted.find((entry) => wordsPattern([entry.phrase]).test(text));
}

const isRound = (value: number) => value >= 100 && (value % 1000 === 0 || value % 100 === 0);

function bounded(before: string, after: string, value: number, table: NormalisationTable, kind: 'QUANTITY' | 'SHARE', scale = 1): NormalisedValue {
  const n = value * scale;
  const round = kind === 'QUANTITY' && isRound(value);
  const endsWith = (phrases: string[]) => new RegExp(`(?:^|[^\\p{L}])(?:${phrases.map(escape).join('|')})\\s*$`, 'u').test(before);
  const startsWith = (phrases: string[]) => new RegExp(`^\\s*(?:${phrases.map(escape).join('|')})(?=$|[^\\p{L}])`, 'u').test(after);
  if (endsWith(table.lowerBoundBefore) || startsWith(table.lowerBoundAfter)) return { kind, lower: n, upper: null, approximate: false, round, rule: 'lower bound' };
  if (endsWith(table.upperBoundBefore) || startsWith(table.upperBoundAfter)) return { kind, lower: null, upper: n, approximate: false, round, rule: 'upper bound' };
  if (endsWith(table.nearly.phrases))
    return { kind, lower: roundTo(n * (1 - table.nearly.tolerance), kind), upper: n, approximate: true, round, rule: `nearly: −${table.nearly.tolerance * 100}%` };
  if (endsWith(table.approximately.phrases))
    return {
      kind,
      lower: roundTo(n * (1 - table.approximately.tolerance), kind),
      upper: roundTo(n * (1 + table.approximately.tolerance), kind),
      approximate: true,
      round,
      rule: `approximately: ±${table.approximately.tolerance * 100}%`,
    };
  return { kind, lower: n, upper: n, approximate: false, round, rule: round ? 'exact (round number)' : 'exact' };
}

const roundTo = (value: number, kind: 'QUANTITY' | 'SHARE') => (kind === 'SHARE' ? Math.round(value * 10_000) / 10_000 : Math.round(value));

export function normaliseQuantity(text: string, table: NormalisationTable = defaultTable): NormalisedValue {
  const value = clean(text);
  if (AMBIGUOUS_SEPARATOR.test(value) && !/,/.test(value)) {
    return { kind: 'TEXT', reason: `ambiguous number "${text}": a dot between digit groups is a thousands separator in many languages and a decimal point in English` };
  }
  const numbers = numbersIn(value);
  const range = /(?:between\s+)?(.+?)\s*(?:-|\bto\b|\band\b)\s*(.+)/.exec(value);
  if (numbers.length === 2 && range) {
    const [a, b] = numbers as [FoundNumber, FoundNumber];
    const approximate = wordsPattern(table.approximately.phrases).test(value.slice(0, a.start));
    return { kind: 'QUANTITY', lower: Math.min(a.value, b.value), upper: Math.max(a.value, b.value), approximate, round: false, rule: 'range' };
  }
  if (numbers.length === 1) {
    const [found] = numbers as [FoundNumber];
    return bounded(value.slice(0, found.start), value.slice(found.end), found.value, table, 'QUANTITY');
  }
  if (numbers.length > 2) return { kind: 'TEXT', reason: `several numbers in "${text}"` };
  const vague = findEntry(value, table.vagueQuantities);
  if (vague) return { kind: 'QUANTITY', lower: vague.lower, upper: vague.upper, approximate: true, round: false, rule: `vague: "${vague.phrase}" (table v${table.version})` };
  return { kind: 'TEXT', reason: `no number or known vague quantity in "${text}"` };
}

export function normaliseShare(text: string, table: NormalisationTable = defaultTable): NormalisedValue {
  const value = clean(text);
  const percent = /(\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)/.exec(value);
  if (percent) {
    const number = Number(percent[1]);
    if (number > 100) return { kind: 'TEXT', reason: `a share above 100 percent in "${text}"` };
    return bounded(value.slice(0, percent.index), value.slice(percent.index + percent[0].length), number, table, 'SHARE', 0.01);
  }
  const vague = findEntry(value, table.vagueShares);
  if (vague) return { kind: 'SHARE', lower: vague.lower, upper: vague.upper, approximate: vague.lower !== vague.upper, round: false, rule: `vague: "${vague.phrase}" (table v${table.version})` };
  return { kind: 'TEXT', reason: `no percentage or known share word in "${text}"` };
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

export function normaliseValue(text: string, hint?: ValueHint, table: NormalisationTable = defaultTable): NormalisedValue {
  if (hint === 'SHARE') return normaliseShare(text, table);
  if (hint === 'DATE') return normaliseDate(text, table);
  if (hint === 'QUANTITY') return normaliseQuantity(text, table);
  const share = normaliseShare(text, table);
  if (share.kind !== 'TEXT' && /%|percent|per cent/.test(clean(text))) return share;
  return normaliseQuantity(text, table);
}

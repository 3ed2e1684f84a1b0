// What the head of a text says about the document itself: its publication date (a date line
// under the headline, "Published: …", a credit line "Publisher · 12 March 2024", a dateline
// "PARIS, 12 March 2024 (Reuters) –"), its authors (bylines "By NAME and NAME", "NAME, Staff
// Reporter") and names that may be its publisher (the agency of a dateline, "From X, the free
// encyclopedia", "Prepared by X", a copyright holder, the segments of a credit line). Only the
// first lines are read (a bounded number, each bounded in length): the cost does not grow with
// the length of the body. Plain data and regular expressions; no database.

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const WEEKDAY = '(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\\s+';
const DAY = '\\d{1,2}(?:st|nd|rd|th)?';
/** A full or month-and-year date, as headers write them. */
const DATE_SOURCE = `(?:${WEEKDAY})?(?:${DAY}\\s+${MONTH},?\\s+\\d{4}|${MONTH}\\s+${DAY},?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2})?(?:Z|[+-]\\d{2}:?\\d{2})?)?|${MONTH}\\s+\\d{4})`;
const DATE = new RegExp(`(?<![\\p{L}\\p{N}])${DATE_SOURCE}(?![\\p{L}\\p{N}])`, 'giu');
/** A day and month without a year: only in a dateline. */
const SHORT_DATE = `(?:${WEEKDAY})?(?:${DAY}\\s+${MONTH}|${MONTH}\\s+${DAY})`;
/** "PORT SAID, 12 March 2024 (Reuters) –", "London, 7 September –", "TOVIA, Quessa, Aug 3 –". */
const DATELINE = new RegExp(
  `^((?:[\\p{Lu}][\\p{L}.'’ -]{1,30},\\s*){1,2})?(${DATE_SOURCE}|${SHORT_DATE})\\s*(?:\\(([^()\\n]{2,50})\\)\\s*)?[–—-]\\s`,
  'u',
);
const LABEL = /^(?:published|posted|updated|last updated|first published|dated|date|issued)\b/i;
/** Words before a date that make it the date of something else ("the election of 19 May"). */
const EVENT_PREPOSITION = /\b(?:of|on|in|since|from|until|till|by|before|after|to|between|and|during|at|for)\s*$/i;

const NAME_WORD = "\\p{Lu}[\\p{L}'’.-]*";
const PARTICLE = '(?:van|von|de|da|del|della|der|den|di|du|al|el|bin|ibn|le|la|ter|dos|das)';
const NAME = `${NAME_WORD}(?:\\s+(?:${PARTICLE}\\s+){0,2}${NAME_WORD}){1,3}`;
const BYLINE = new RegExp(`^(?:by|BY|By)\\s+(${NAME}(?:\\s*(?:,|\\band\\b|&)\\s*${NAME})*)`, 'u');
const ROLE = '(?:Reporter|Correspondent|Writer|Editor|Journalist|Contributor|Columnist)s?';
const STAFF = new RegExp(`^(${NAME}),\\s+(?:[\\p{L}-]+\\s+){0,3}${ROLE}\\b`, 'u');
const REPORTING_BY = new RegExp(`^\\(?(?:Reporting|Writing|Additional reporting)\\s+by\\s+(${NAME}(?:\\s*(?:,|\\band\\b|&)\\s*${NAME})*)`, 'u');

export interface HeadLine {
  start: number;
  end: number;
  text: string;
  /** A blank line (or the start of the text) separates it from the previous line. */
  blankBefore: boolean;
}

/** Up to this many non-blank lines are the head of a text. */
const HEAD_LINES = 8;
const HEAD_CHARS = 4000;

/** A line that reads as body text: a long line, or a sentence of many words. */
export const isParagraph = (text: string) => text.length > 160 || (text.split(/\s+/).length >= 20 && /[.!?:;"”]$/.test(text));
/** A sentence of the body rather than a header line. */
const isSentence = (text: string) => isParagraph(text) || (text.split(/\s+/).length >= 12 && /[.!?"”]$/.test(text));

/**
 * The head of a text: its first non-blank lines up to the first paragraph (which is included,
 * last, so that its dateline can be read), at most HEAD_LINES. Offsets into the text.
 */
export function headLines(text: string): HeadLine[] {
  // Several readers ask for the head of the same text in a row (ingest: boilerplate, date,
  // authors, publisher): the last answer is kept.
  if (text === lastHead.text) return lastHead.lines;
  const lines = readHead(text);
  lastHead = { text, lines };
  return lines;
}

let lastHead: { text: string | null; lines: HeadLine[] } = { text: null, lines: [] };

function readHead(text: string): HeadLine[] {
  const lines: HeadLine[] = [];
  let offset = 0;
  let blank = true;
  const limit = Math.min(text.length, HEAD_CHARS);
  while (offset <= limit && lines.length < HEAD_LINES) {
    let newline = text.indexOf('\n', offset);
    if (newline < 0) newline = text.length;
    const piece = text.slice(offset, newline);
    const trimmed = piece.trim();
    if (trimmed.length === 0) blank = true;
    else {
      const start = offset + piece.length - piece.trimStart().length;
      lines.push({ start, end: start + trimmed.length, text: trimmed, blankBefore: blank });
      blank = false;
      if (isParagraph(trimmed)) break;
    }
    if (newline >= text.length) break;
    offset = newline + 1;
  }
  return lines;
}

export interface FoundDate {
  /** The date as written. */
  text: string;
  /** The date is written without a year (a dateline "Nov 9 –"). */
  partial: boolean;
}

/** The dateline opening a paragraph: its date and the agency in brackets, if any. */
export function dateline(paragraph: string): { date: string; agency: string | null } | null {
  const match = DATELINE.exec(paragraph.replace(/\u00a0/g, ' '));
  if (!match) return null;
  // Without a place, the date alone opening a sentence is a dateline only when a dash follows at once.
  return { date: match[2]!.trim(), agency: match[3]?.trim() ?? null };
}

/** "21–", "2 to ", "3 and ": the date ends a period ("UA 07/24 – 3 May" is not one). */
const RANGE_BEFORE = /(?<![\d/.])\d{1,2}(?:st|nd|rd|th)?(?:\s+\p{L}+)?\s*(?:[–—-]|to|and|until)\s*$/u;

/** The dates a line states, with whether each reads as the date of something else. */
function datesIn(text: string): Array<{ text: string; index: number; other: boolean }> {
  const found: Array<{ text: string; index: number; other: boolean }> = [];
  for (const match of text.matchAll(DATE)) {
    const before = text.slice(Math.max(0, match.index - 40), match.index);
    // A period "21–27 August 2023" or "from 2 to 9 May 2024" is not a date of publication.
    const range = RANGE_BEFORE.test(before);
    const other = range || (EVENT_PREPOSITION.test(before) && !/\b(?:published|posted|updated|dated|issued)\s+(?:on\s+)?$/i.test(before));
    found.push({ text: match[0].trim(), index: match.index, other: other || range });
    if (range) found[found.length - 1]!.other = true;
  }
  return found;
}

/**
 * The publication date a text gives in its head: first a date line or a credit line's date that
 * is not the date of something else, then the dateline opening the first paragraph, then any
 * date of a head line. Null when the head states none (a period alone is not one).
 */
export function headDate(text: string): FoundDate | null {
  const lines = headLines(text);
  const header = lines.filter((line) => !isParagraph(line.text) || LABEL.test(line.text));
  for (const line of header) {
    const date = datesIn(line.text).find((d) => !d.other);
    if (date) return { text: date.text, partial: false };
  }
  for (const line of lines) {
    const found = dateline(line.text);
    if (found) return { text: found.date, partial: !/\d{4}/.test(found.date) };
  }
  for (const line of header) {
    if (isSentence(line.text)) continue;
    const date = datesIn(line.text).find((d) => !RANGE_BEFORE.test(line.text.slice(0, d.index)));
    if (date) return { text: date.text, partial: false };
  }
  return null;
}

const DATE_AT_START = new RegExp(`^${DATE_SOURCE}`, 'iu');
const NAME_LINE = new RegExp(`^${NAME}$`, 'u');

/** A line that states a date of the document and little else: "12 March 2024", "Updated: 3 May 2024, 10:15". */
export function isDateLine(text: string): boolean {
  if (text.length > 80) return false;
  const rest = text.replace(LABEL, '').replace(/^\s*(?:on)?\s*:?\s*/i, '');
  const match = DATE_AT_START.exec(rest);
  if (!match) return false;
  return /^[\s,.]*(?:(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|GMT|UTC|[A-Z]{2,4}))?)?[\s.]*$/i.test(rest.slice(match[0].length));
}

/** Authors a byline line names: "By A and B", "By A | Publisher | date", "A, Staff Reporter". */
export function bylineAuthors(text: string): string[] | null {
  const match = BYLINE.exec(text) ?? STAFF.exec(text) ?? REPORTING_BY.exec(text);
  if (!match) return null;
  return splitNames(match[1]!);
}

const splitNames = (names: string) =>
  names
    .split(/\s*(?:,|\band\b|&)\s*/)
    .map((name) => name.trim())
    .filter((name) => name.length > 0);

/** A line that is a byline (and nothing else of the body). */
export const isBylineLine = (text: string) => text.length <= 160 && bylineAuthors(text) !== null;

/** A credit line of the head: a byline, a date line, or short segments one of which is a date. */
export function isCreditLine(text: string): boolean {
  if (isBylineLine(text)) return true;
  if (text.length > 140 || !/\d/.test(text)) return false; // every date has digits
  if (isDateLine(text)) return true;
  const segments = text.split(/\s+[|·•–—]\s+|\s*\|\s*/);
  if (segments.length >= 2 && segments.some((segment) => isDateLine(segment.replace(/[.,]$/, '')))) return true;
  // "Place, 12 March 2024", "Press release, 10 August 2023", "Prepared by X, November 2025".
  const last = datesIn(text).at(-1);
  return last !== undefined && !last.other && /^[\s.)]*(?:\([^()]{0,40}\))?[\s.]*$/.test(text.slice(last.index + last.text.length)) && /[,(|·•–—]\s*$/.test(text.slice(0, last.index));
}

/** Names that the head and foot of a text give as its publisher, most telling first. */
export function publisherNames(text: string): string[] {
  const names: string[] = [];
  const segments: string[] = [];
  const lines = headLines(text);
  for (const line of lines) {
    const found = dateline(line.text);
    if (found?.agency) names.push(found.agency);
    const from = /^From\s+(.{2,60}?),\s+the free encyclopedia\b/i.exec(line.text);
    if (from) names.push(from[1]!);
    const by = /^(?:Prepared|Published|Issued|Produced)\s+by\s+(?:the\s+)?(.{2,80}?)(?:\s+(?:with|and|in)\s+|,|\.|$)/.exec(line.text);
    if (by) names.push(by[1]!.trim());
    const reprinted = /^(?:Reprinted|Republished)\b.*?\bfrom\s+(.{2,60}?)(?:\s*\(|,|\.|$)/i.exec(line.text);
    if (reprinted) continue; // the original's publisher, not this document's
    if (!isParagraph(line.text)) for (const segment of line.text.split(/\s+[|·•–—]\s+|\s*\|\s*|,\s+/)) segments.push(segment.replace(/^(?:by\s+)/i, '').trim());
  }
  names.push(...segments);
  // The copyright holder of the last lines.
  const tail = text.slice(Math.max(0, text.length - 1500));
  for (const match of tail.matchAll(/(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[–-]\s*\d{4})?\s+)?([\p{Lu}][\p{L}&'’. -]{1,60}?)(?:\.|,|\n|$|\s+all rights)/giu)) names.push(match[1]!.trim());
  return names.filter((name) => name.length > 1);
}

/** Authors the text's head names in bylines, then its last lines' "Reporting by" credit. */
export function textAuthors(text: string): string[] {
  const lines = headLines(text);
  for (const [index, line] of lines.entries()) {
    if (isParagraph(line.text)) break;
    const authors = line.text.length <= 160 ? bylineAuthors(line.text) : null;
    if (authors) return authors;
    // A name alone on the line above the date line: a byline without "By".
    const next = lines[index + 1];
    if (index > 0 && next && !next.blankBefore && NAME_LINE.test(line.text) && isDateLine(next.text)) return [line.text];
    // A reprint's author is the original's ("Reprinted with permission from X (date)").
    const reprint = /^(?:Reprinted|Republished)\b[^.]*?\bfrom\s+(?:the\s+)?([\p{Lu}][^()\n,.]{1,60}?)\s*(?:\(|,|\.|$)/u.exec(line.text);
    if (reprint) return [reprint[1]!.trim()];
  }
  const tail = text.slice(Math.max(0, text.length - 800)).split('\n');
  for (const line of tail) {
    const match = REPORTING_BY.exec(line.trim());
    if (match) return splitNames(match[1]!);
  }
  return [];
}

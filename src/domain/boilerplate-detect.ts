// Detecting the boilerplate regions of a raw text (the inverse of boilerplate.ts, which cuts
// regions someone named). Line rules learnt from the curated seed files: the headline (the first
// heading-like line, or the known title), navigation crumbs ending in "…", caption lines repeated
// around the lede, sub-heading captions glued to their paragraph, a lede repeated later
// (excerpt), "Latest news" / "Must read" / "You might also like" blocks up to the next block,
// site teasers "(NCRI) and (PMOI / MEK Iran): …", follow/share lines, "Tags:", copyright and
// "powered by" credits. Offsets are UTF-16 code units into the raw text; regions never overlap.
export type BoilerplateKind = 'HEADLINE' | 'NAVIGATION' | 'CAPTION' | 'EXCERPT' | 'SHARE_LINKS' | 'RELATED_LINKS' | 'TAGS' | 'COPYRIGHT' | 'CREDITS';

export interface DetectedRegion {
  kind: BoilerplateKind;
  start: number;
  end: number;
}

interface Line {
  start: number; // trimmed
  end: number;
  text: string;
  /** A blank line (or the start of the text) separates it from the previous line. */
  blankBefore: boolean;
}

const RELATED_HEADER =
  /^(latest news|latest posts|must read|related( articles| posts| stories| news| content)?|you might also like|you may also like|recommended( for you| to you)?|read more|more stories|more news|popular posts|most popular|trending( now)?|top stories)/i;
/** A links-block header: "Latest news", also glued to the next word ("You might also likeRELATED"). */
const isRelatedHeader = (text: string) => {
  const match = RELATED_HEADER.exec(text);
  return match !== null && text.length <= 60 && !/^[a-z0-9]/.test(text.slice(match[0].length));
};
const TEASER = /^\([^)\n]{1,40}\)(\s+and\s+\([^)\n]{1,40}\))?\s*:/;
const SOCIAL = /\b(twitter|facebook|youtube|telegram|instagram|whatsapp|linkedin|pinterest|reddit|tiktok|rss)\b/i;
const SHARE_WORDS = /\b(follow (us|them|me)|share (this|on|via)|subscribe|like us on)\b/i;
const TAGS = /^(tags?|tagged|keywords|filed under)\s*:/i;
const COPYRIGHT = /(copyright|©|\(c\) \d{4}|all rights reserved)/i;
const CREDITS = /\b(powered by|icons by|theme by|designed by|built with)\b/i;
const TERMINAL = /[.!?;:,"”’)]$/;

function linesOf(raw: string): Line[] {
  const lines: Line[] = [];
  let offset = 0;
  let blank = true;
  for (const piece of raw.split('\n')) {
    const leading = piece.length - piece.trimStart().length;
    const text = piece.trim();
    if (text.length === 0) {
      blank = true;
    } else {
      lines.push({ start: offset + leading, end: offset + leading + text.length, text, blankBefore: blank });
      blank = false;
    }
    offset += piece.length + 1;
  }
  return lines;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const isHeading = (text: string, max = 200) => text.length <= max && !/[.!?;,]$/.test(text) && words(text) <= 30;
const isCaptionLike = (text: string) => text.length <= 80 && words(text) <= 10 && !TERMINAL.test(text);
const key = (text: string) => text.replace(/\s+/g, ' ').toLowerCase();

export interface DetectOptions {
  /** The title, when the source gave one: the line equal to it is the headline. */
  title?: string | null;
}

export function detectBoilerplate(raw: string, options: DetectOptions = {}): DetectedRegion[] {
  const lines = linesOf(raw);
  const kinds: Array<BoilerplateKind | undefined> = new Array(lines.length);
  const groupWithNext: boolean[] = new Array(lines.length).fill(false);
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(key(line.text), (counts.get(key(line.text)) ?? 0) + 1);
  const repeated = (line: Line) => (counts.get(key(line.text)) ?? 0) > 1;

  // Blocks of links: from a "Latest news"-like header to the next such header or the footer.
  for (let i = 0; i < lines.length; i++) {
    if (!isRelatedHeader(lines[i]!.text)) continue;
    let j = i;
    while (j + 1 < lines.length && !isRelatedHeader(lines[j + 1]!.text) && !footerKind(lines[j + 1]!.text)) j++;
    for (let k = i; k <= j; k++) {
      kinds[k] = 'RELATED_LINKS';
      groupWithNext[k] = k < j;
    }
    i = j;
  }

  for (let i = 0; i < lines.length; i++) {
    if (kinds[i]) continue;
    const line = lines[i]!;
    const footer = footerKind(line.text);
    if (footer) {
      kinds[i] = footer;
      continue;
    }
    if (TEASER.test(line.text)) {
      kinds[i] = 'RELATED_LINKS';
      // The teaser's own title sits on the line just above it.
      const previous = lines[i - 1];
      if (previous && !line.blankBefore && !kinds[i - 1] && isCaptionLike(previous.text)) {
        kinds[i - 1] = 'RELATED_LINKS';
        groupWithNext[i - 1] = true;
      }
    }
  }

  // The head of the text: navigation crumbs, the headline, captions repeated around the lede.
  const head = Math.min(lines.length, 6);
  const titleKey = options.title ? key(options.title.trim()) : undefined;
  let headline = titleKey === undefined ? -1 : lines.slice(0, head).findIndex((line) => key(line.text) === titleKey);
  for (let i = 0; i < Math.min(head, 3); i++) {
    if (!kinds[i] && /(\.\.\.|…)$/.test(lines[i]!.text) && isHeading(lines[i]!.text.replace(/(\.\.\.|…)$/, ''), 250)) kinds[i] = 'NAVIGATION';
  }
  if (headline < 0) {
    for (let i = 0; i < head; i++) {
      if (kinds[i]) continue;
      const line = lines[i]!;
      if (repeated(line)) continue;
      if (isHeading(line.text)) headline = i;
      break;
    }
  }
  if (headline >= 0 && !kinds[headline]) kinds[headline] = 'HEADLINE';

  for (let i = 0; i < lines.length; i++) {
    if (kinds[i]) continue;
    const line = lines[i]!;
    if (isCaptionLike(line.text) && repeated(line) && i < 12) {
      kinds[i] = 'CAPTION';
      continue;
    }
    // A sub-heading glued to the paragraph below it (no blank line between).
    const next = lines[i + 1];
    if (isCaptionLike(line.text) && next && !next.blankBefore && next.text.length > line.text.length) {
      kinds[i] = 'CAPTION';
      continue;
    }
    // A lede paragraph that the article repeats later: the first copy is an excerpt.
    if (i < 8 && line.text.length >= 40 && raw.indexOf(line.text, line.end) >= 0) kinds[i] = 'EXCERPT';
  }

  // Adjacent share lines are one region; so are the lines of one links block.
  const regions: DetectedRegion[] = [];
  for (let i = 0; i < lines.length; i++) {
    const kind = kinds[i];
    if (!kind) continue;
    let j = i;
    while (j + 1 < lines.length && kinds[j + 1] === kind && (groupWithNext[j] || kind === 'SHARE_LINKS' || kind === 'CREDITS')) j++;
    regions.push({ kind, start: lines[i]!.start, end: lines[j]!.end });
    i = j;
  }
  return regions;
}

function footerKind(text: string): BoilerplateKind | undefined {
  if (TAGS.test(text)) return 'TAGS';
  if (text.length <= 200 && COPYRIGHT.test(text)) return 'COPYRIGHT';
  if (text.length <= 150 && CREDITS.test(text)) return 'CREDITS';
  if (text.length <= 150 && SOCIAL.test(text) && (SHARE_WORDS.test(text) || new RegExp(`${SOCIAL.source}\\W*$`, 'i').test(text))) return 'SHARE_LINKS';
  return undefined;
}

/** Per-character agreement of two region sets over a text of `length` characters (1 = identical split). */
export function boilerplateAgreement(length: number, expected: Array<{ start: number; end: number }>, actual: Array<{ start: number; end: number }>): number {
  if (length === 0) return 1;
  const mask = (regions: Array<{ start: number; end: number }>) => {
    const bits = new Uint8Array(length);
    for (const region of regions) bits.fill(1, region.start, region.end);
    return bits;
  };
  const a = mask(expected);
  const b = mask(actual);
  let same = 0;
  for (let i = 0; i < length; i++) if (a[i] === b[i]) same++;
  return same / length;
}

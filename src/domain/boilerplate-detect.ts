// Detecting the boilerplate regions of a raw text (the inverse of boilerplate.ts, which cuts
// regions someone named). Line rules learnt from the curated seed files: the headline (the first
// heading-like line, or the known title), navigation crumbs ending in "…", caption lines repeated
// around the lede, sub-heading captions glued to their paragraph, a lede repeated later
// (excerpt), "Latest news" / "Must read" / "You might also like" blocks up to the next block,
// site teasers "(NCRI) and (PMOI / MEK Iran): …", follow/share lines, "Tags:", copyright and
// "powered by" credits. Also rules for the furniture of other genres: byline and date lines of
// the head (kept as metadata by metadata.ts, cut as CREDITS, never the headline), a headline's
// deck on the lines glued under it, inline related links ("Related: …", "Read more on …: …", any
// length) and blocks under "See also" / "More from …:", reference footers ("References",
// "Notes", "External links" … to the end), "Categories:" lines, "Follow X on …" lines, cookie
// and newsletter notices, reprint and contact credits. Offsets are UTF-16 code units into the raw text; regions never overlap.
import { headLines, isCreditLine, isParagraph, textAuthors } from './metadata.js';

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
  /^(latest news|latest posts|must read|related( articles| posts| stories| news| content| coverage| reading| links)?|you might also like|you may also like|recommended( for you| to you| reading)?|read more|read next|more stories|more news|more on this( story)?|more from [^:\n]{1,40}:|popular posts|most popular|most read|trending( now)?|top stories|see also|further reading|what to read next)/i;
/** A links-block header: "Latest news", also glued to the next word ("You might also likeRELATED"). */
const isRelatedHeader = (text: string) => {
  const match = RELATED_HEADER.exec(text) ?? CALL_TO_ACTION.exec(text);
  return match !== null && ((text.length <= 60 && !/^[a-z0-9]/.test(text.slice(match[0].length))) || (CALL_TO_ACTION.test(text) && /^\s*:/.test(text.slice(match[0].length))));
};
/** The call to action of a campaign page or press release: what the reader can do, not the text. */
const CALL_TO_ACTION = /^(take action|what you can do|how you can help|how to help|ways to help|get involved|act now)\b/i;
/** One line of related links, whatever its length: "Related: …", "Read more on site.org: … | …", "See also: …". */
const INLINE_RELATED = /^(related(\s+\w+)?|read more(\s+on\s+[^:\s]{2,60})?|see also|also read|read also|more from\s+[^:\n]{1,60}|more on this( story)?|further reading|related (articles|stories|reports|coverage|links))\s*:\s*\S/i;
/** The start of a reference footer: everything from it to the end is apparatus, not text. */
const REFERENCES = /^(references|notes|notes and references|external links|bibliography|sources|footnotes|citations|works cited|further reading)\s*:?$/i;
const FOLLOW = /^(follow|find|like|join|connect with|watch)\b[^.!?\n]{0,80}\bon\s+(x|twitter|facebook|youtube|telegram|instagram|whatsapp|linkedin|threads|bluesky|mastodon|tiktok|social media)\b/i;
const COOKIES = /\b(we use cookies|(site|website|page) uses cookies|use of cookies|cookie (policy|settings|preferences)|accept (all )?cookies)\b/i;
const NEWSLETTER = /\b(newsletter|unsubscribe|mailing list|email updates)\b/i;
const SIGN_UP = /\b(sign up|subscribe|subscribed|receiving this|straight to your inbox|in your inbox|update your preferences|register)\b/i;
const CREDIT_LINE =
  /^((printed and )?published by\b|(transcribed|translated|prepared for publication) by\b|\[?end of (transcript|statement|release)\b|ends\s*$|check against delivery|continued (in|on)\b|for (further|more) information,? (contact|see|visit|please)\b|next issue\b|(this (newsletter|bulletin|digest)|.{2,40}) is (published|issued|sent) (every|each|weekly|daily|monthly)\b|forward (it|this) to a friend|the views expressed (here |in this article )?are (his|her|their|the author'?s?|my) own|(tables?|figures?|charts?|maps?|annex(es)?)\b.{0,60}\bnot (reproduced|shown|included)\b|question put and agreed to|\(?(the )?(house|sitting|session|meeting|assembly|chamber|debate) ((was|is|stands) )?(adjourned|suspended|resumed|rose|closed)\b|\(?(reporting|writing|additional reporting|editing|edited|compiled|translated) by\b|this (article|story|piece|report) (first |was first |was originally |originally )?(appeared|published|ran)\b|originally published\b|first published\b|(reprinted|republished) (with permission )?from\b|(media|press) (contact|enquiries|inquiries)\b|contact\s*:|comments are (closed|disabled)\b|from .{2,60}, the free encyclopedia$)/i;
const LAST_EDITED = /^this page was last (edited|modified|updated)\b/i;
const TEASER = /^\([^)\n]{1,40}\)(\s+and\s+\([^)\n]{1,40}\))?\s*:/;
const SOCIAL = /\b(twitter|facebook|youtube|telegram|instagram|whatsapp|linkedin|pinterest|reddit|tiktok|rss)\b/i;
const SHARE_WORDS = /\b(follow (us|them|me)|share (this|on|via)|subscribe|like us on)\b/i;
const TAGS = /^(tags?|tagged|keywords|filed under|categories|category|topics)\s*:/i;
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
  /** Authors the source names outside the text (meta tags): their "about" line ends the text. */
  authors?: string[];
}

const ABOUT_START = /^\p{Lu}[\p{L}'’.-]*(\s+\p{Lu}[\p{L}'’.-]*){0,5}\s+(is|was|writes|has been|reports|covers)\b/u;

/** A note about the author or publisher on the last lines: "NAME is a researcher …", "NAME writes about …". */
function isAboutLine(text: string, names: string[]): boolean {
  if (text.length > 300) return false;
  return names.some((name) => text.startsWith(name) && /^\s+(is|was|writes|has been|reports|covers)\b/.test(text.slice(name.length)));
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
    while (j + 1 < lines.length && !isRelatedHeader(lines[j + 1]!.text) && !footerKind(lines[j + 1]!.text) && !REFERENCES.test(lines[j + 1]!.text) && !(isParagraph(lines[j + 1]!.text) && words(lines[j + 1]!.text) > 30)) j++;
    for (let k = i; k <= j; k++) {
      kinds[k] = 'RELATED_LINKS';
      groupWithNext[k] = k < j;
    }
    i = j;
  }

  // Names whose "about" line may end the text: the byline's authors, and short name lines of the head.
  // (Read only when a last line looks like one: "Capitalised Name is/writes …".)
  let aboutNames: string[] | undefined;
  const namesForAbout = () =>
    (aboutNames ??= [...(options.authors ?? []), ...textAuthors(raw), ...headLines(raw).filter((line) => line.text.length <= 60 && /^\p{Lu}[\p{L}'’.-]*(\s+\p{Lu}[\p{L}'’.-]*){1,5}$/u.test(line.text)).map((line) => line.text)]);

  // A reference footer in the second half of the text: up to the next footer line or the end.
  for (let i = Math.floor(lines.length / 2); i < lines.length; i++) {
    if (kinds[i] || !REFERENCES.test(lines[i]!.text)) continue;
    let j = i;
    while (j + 1 < lines.length && !kinds[j + 1] && !footerKind(lines[j + 1]!.text) && !isRelatedHeader(lines[j + 1]!.text)) j++;
    for (let k = i; k <= j; k++) {
      kinds[k] = 'CREDITS';
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
    if (i >= lines.length - 4 && ABOUT_START.test(line.text) && isAboutLine(line.text, namesForAbout())) {
      kinds[i] = 'CREDITS';
      continue;
    }
    // A stage direction or procedural note of a record or transcript, wholly in brackets.
    if (i > 0 && line.text.length <= 80 && /^[([][^()[\]]{2,78}[)\]]$/.test(line.text) && !/\d{3,}/.test(line.text)) {
      kinds[i] = 'CREDITS';
      continue;
    }
    if (INLINE_RELATED.test(line.text)) {
      kinds[i] = 'RELATED_LINKS';
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

  // A notice's short heading ("Stay informed") or separator line ("-----") just above it.
  for (let i = 1; i < lines.length; i++) {
    const previous = lines[i - 1]!;
    if (kinds[i] === 'CREDITS' && isNotice(lines[i]!.text) && !kinds[i - 1] && (/^[\p{P}\p{S}\s]+$/u.test(previous.text) || (isCaptionLike(previous.text) && words(previous.text) <= 5 && previous.text.length <= 40))) {
      kinds[i - 1] = 'CREDITS';
      groupWithNext[i - 1] = true;
    }
  }

  // Byline, date and credit lines of the head (before the first paragraph): metadata, not text.
  // A credit line's short neighbours on the same lines ("Publisher name" above "UA 7/24 – 3 May
  // 2024") go with it, except in the first group, where the headline is.
  const head = Math.min(lines.length, 6);
  const top = headLines(raw);
  const credited = new Set<number>();
  let lineIndex = 0;
  for (const headLine of top) {
    while (lineIndex < lines.length && lines[lineIndex]!.start < headLine.start) lineIndex++;
    if (lineIndex >= lines.length) break;
    if (isParagraph(headLine.text)) break;
    if (!kinds[lineIndex] && isCreditLine(headLine.text)) {
      kinds[lineIndex] = 'CREDITS';
      credited.add(lineIndex);
    }
  }
  for (const i of credited) {
    if (lines[i]!.blankBefore && i === 0) continue;
    const firstGroup = !lines.slice(0, i + 1).some((line, k) => k > 0 && line.blankBefore);
    if (firstGroup) continue;
    for (let k = i - 1; k >= 0 && !lines[k + 1]!.blankBefore && !kinds[k] && lines[k]!.text.length <= 100 && !isParagraph(lines[k]!.text); k--) kinds[k] = 'CREDITS';
    for (let k = i + 1; k < lines.length && !lines[k]!.blankBefore && !kinds[k] && lines[k]!.text.length <= 100 && !isParagraph(lines[k]!.text); k++) kinds[k] = 'CREDITS';
  }
  for (let i = 0; i + 1 < lines.length; i++) if (kinds[i] === 'CREDITS' && kinds[i + 1] === 'CREDITS' && !lines[i + 1]!.blankBefore && i < 10) groupWithNext[i] = true;

  // The head of the text: navigation crumbs, the headline, captions repeated around the lede.
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
  if (headline >= 0 && !kinds[headline]) {
    kinds[headline] = 'HEADLINE';
    // Its deck or kicker: heading-like lines glued under it ("Sitting of 3 May 2024", "Section 3").
    for (let k = headline + 1; k < Math.min(lines.length, headline + 4) && !lines[k]!.blankBefore && (kinds[k] === 'CREDITS' || (!kinds[k] && isHeading(lines[k]!.text, 120) && !isParagraph(lines[k]!.text))); k++) {
      if (kinds[k]) continue;
      kinds[k] = 'HEADLINE';
      if (kinds[k - 1] === 'HEADLINE') groupWithNext[k - 1] = true;
    }
  }

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

const isNotice = (text: string) => text.length <= 400 && (COOKIES.test(text) || (text.length <= 300 && NEWSLETTER.test(text) && SIGN_UP.test(text)) || (text.length <= 200 && /^(subscribe|sign up)\b/i.test(text)));

function footerKind(text: string): BoilerplateKind | undefined {
  if (TAGS.test(text)) return 'TAGS';
  if (LAST_EDITED.test(text) && text.length <= 200) return 'COPYRIGHT';
  if (text.length <= 200 && FOLLOW.test(text)) return 'SHARE_LINKS';
  if (isNotice(text)) return 'CREDITS';
  if (text.length <= 200 && CREDIT_LINE.test(text)) return 'CREDITS';
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

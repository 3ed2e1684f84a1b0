// Suggestions, never facts: what an ingested body probably mentions, quotes and counts.
// - Mentions: every name and alias of every known entity in one Aho-Corasick pass
//   (modern-ahocorasick) over a folded copy of the body (case, diacritics and apostrophes
//   ignored, punctuation runs as one space: the same folding as normalizeName), kept only at word
//   boundaries, longest match first, offsets mapped back to the body. Acronyms must be upper case
//   in the text ("UN", not "un").
// - Citations: a quotation (“…” or "…") with a speaker mention or a cue word ("said", "told",
//   "according to") next to it.
// - Claims from figures, with their asserter, modality, qualifiers and a paraphrase citation
//   for attributed ones: claim-suggestions.ts.
// - Candidates: capitalised multi-word names that no known name covers, counted, never created.
import AhoCorasick from 'modern-ahocorasick';
import { suggestFigureClaims, type ClaimContext } from './claim-suggestions.js';

export interface GazetteerName {
  entityId: number;
  type: 'PERSON' | 'ORGANISATION' | 'EVENT';
  name: string;
  kind: 'PRIMARY' | 'ALIAS' | 'ACRONYM' | 'FORMER' | 'TRANSLITERATION';
  normalized: string;
}

interface Pattern {
  normalized: string;
  names: GazetteerName[];
  /** Must match case-sensitively in the body (acronyms, all-capital short names). */
  exact: string[] | null;
}

export interface Gazetteer {
  matcher: AhoCorasick<number> | null;
  patterns: Pattern[];
  types: Map<number, GazetteerName['type']>;
  /** Every normalised name, to tell known names from candidates. */
  known: Set<string>;
}

export function buildGazetteer(names: GazetteerName[]): Gazetteer {
  const byNormalized = new Map<string, Pattern>();
  for (const name of names) {
    if (!name.normalized) continue;
    let pattern = byNormalized.get(name.normalized);
    if (!pattern) {
      pattern = { normalized: name.normalized, names: [], exact: [] };
      byNormalized.set(name.normalized, pattern);
    }
    if (!pattern.names.some((existing) => existing.entityId === name.entityId)) pattern.names.push(name);
    const caseSensitive = name.kind === 'ACRONYM' || (name.name.length <= 5 && name.name === name.name.toUpperCase() && /\p{Lu}/u.test(name.name));
    if (caseSensitive) pattern.exact?.push(name.name);
    else pattern.exact = null; // one ordinary name of the same form lifts the restriction
  }
  const patterns = [...byNormalized.values()];
  const types = new Map(names.map((name) => [name.entityId, name.type]));
  return {
    matcher: patterns.length ? new AhoCorasick(patterns.map((pattern, index) => ({ pattern: pattern.normalized, data: index }))) : null,
    patterns,
    types,
    known: new Set(byNormalized.keys()),
  };
}

export interface Folded {
  text: string;
  /** For each folded character, the body offset it came from. */
  from: Int32Array;
  /** For each folded character, the body offset just after the character it came from. */
  to: Int32Array;
}

const APOSTROPHES = new Set(["'", '’', '‘', '`', '´']);

/**
 * The body folded like normalizeName, with a map back to body offsets. Built in typed arrays
 * (grown when folding lengthens the text) and text pieces joined a few thousand at a time: an
 * array entry per character would take about 30 bytes per character of a long body.
 */
export function fold(body: string): Folded {
  let from = new Int32Array(body.length + 16);
  let to = new Int32Array(body.length + 16);
  let length = 0;
  const pieces: string[] = [];
  let piece: string[] = [];
  const push = (char: string, start: number, end: number) => {
    if (length === from.length) {
      const grownFrom = new Int32Array(from.length * 2);
      grownFrom.set(from);
      from = grownFrom;
      const grownTo = new Int32Array(to.length * 2);
      grownTo.set(to);
      to = grownTo;
    }
    from[length] = start;
    to[length] = end;
    length++;
    piece.push(char);
    if (piece.length === 4096) {
      pieces.push(piece.join(''));
      piece = [];
    }
  };
  let lastSpace = true;
  for (let i = 0; i < body.length; ) {
    const code = body.codePointAt(i)!;
    const char = String.fromCodePoint(code);
    const width = char.length;
    if (APOSTROPHES.has(char)) {
      i += width;
      continue;
    }
    let folded: string;
    if (code < 128) folded = /[A-Za-z0-9]/.test(char) ? char.toLowerCase() : ' ';
    else folded = char.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ');
    for (const f of folded) {
      if (f === ' ') {
        if (lastSpace) continue;
        lastSpace = true;
      } else {
        lastSpace = false;
      }
      push(f, i, i + width);
    }
    i += width;
  }
  pieces.push(piece.join(''));
  return { text: pieces.join(''), from: from.slice(0, length), to: to.slice(0, length) };
}

/** "Khomeini’s": the folded "khomeinis" still ends the name "khomeini". */
function possessive(body: string, folded: Folded, end: number): boolean {
  const text = folded.text;
  if (text[end] !== 's' || (end + 1 < text.length && text[end + 1] !== ' ')) return false;
  return APOSTROPHES.has(body[folded.from[end]! - 1] ?? '');
}

export interface SuggestedMention {
  entityId: number;
  start: number;
  end: number;
  confidence: number;
}

const nameConfidence: Record<GazetteerName['kind'], number> = { PRIMARY: 0.9, TRANSLITERATION: 0.85, FORMER: 0.8, ALIAS: 0.8, ACRONYM: 0.7 };

export function suggestMentions(body: string, gazetteer: Gazetteer, folded: Folded = fold(body)): SuggestedMention[] {
  if (!gazetteer.matcher) return [];
  const text = folded.text;
  const hits = gazetteer.matcher
    .search(text)
    .filter((hit) => (hit.start === 0 || text[hit.start - 1] === ' ') && (hit.end === text.length || text[hit.end] === ' ' || possessive(body, folded, hit.end)))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const mentions: SuggestedMention[] = [];
  let cursor = 0;
  for (const hit of hits) {
    if (hit.start < cursor) continue; // inside a longer name already taken
    const pattern = gazetteer.patterns[hit.data as number]!;
    const start = folded.from[hit.start]!;
    const end = folded.to[hit.end - 1]!;
    if (pattern.exact && !pattern.exact.includes(body.slice(start, end))) continue;
    cursor = hit.end;
    // Several entities share this name: suggest each, less confidently.
    const share = pattern.names.length;
    for (const name of pattern.names) {
      mentions.push({ entityId: name.entityId, start, end, confidence: Math.round((nameConfidence[name.kind] / share) * 100) / 100 });
    }
  }
  return mentions;
}

export interface SuggestedCitation {
  start: number;
  end: number;
  kind: 'QUOTE' | 'PARAPHRASE';
  sourceEntityId: number | null;
  /** An unnamed source in the document's words ("officials", "a spokesman for the ministry"). */
  sourceDescription: string | null;
  confidence: number;
  cue: string | null;
}

const CUE = /\b(said|says|told|stated|states|explained|added|wrote|declared|insisted|noted|according to|in the words of)\b/i;
const QUOTE = /“([^”]{12,2000})”|"([^"\n]{12,2000})"/g;

/**
 * Index of the first mention starting at or after position in mentions sorted by start
 * (suggestMentions returns them so): lookups near a match cost a binary search, not a scan of
 * every mention of a long text.
 */
function firstFrom(mentions: SuggestedMention[], position: number): number {
  let low = 0;
  let high = mentions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (mentions[middle]!.start < position) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The mentions lying within [from, to), in order. */
function mentionsWithin(mentions: SuggestedMention[], from: number, to: number): SuggestedMention[] {
  const found: SuggestedMention[] = [];
  for (let i = firstFrom(mentions, from); i < mentions.length && mentions[i]!.start < to; i++) if (mentions[i]!.end <= to) found.push(mentions[i]!);
  return found;
}

export function suggestCitations(body: string, mentions: SuggestedMention[], types: Map<number, GazetteerName['type']>): SuggestedCitation[] {
  const speakers = mentions.filter((mention) => types.get(mention.entityId) === 'PERSON' || types.get(mention.entityId) === 'ORGANISATION');
  const citations: SuggestedCitation[] = [];
  for (const match of body.matchAll(QUOTE)) {
    const start = match.index + 1;
    const end = match.index + match[0].length - 1;
    const windowStart = Math.max(0, match.index - 200);
    const windowEnd = Math.min(body.length, end + 1 + 120);
    const before = body.slice(windowStart, match.index);
    const after = body.slice(end + 1, windowEnd);
    // Stay within the paragraph.
    const paragraphStart = windowStart + Math.max(0, before.lastIndexOf('\n') + 1);
    const nextBreak = after.indexOf('\n');
    const paragraphEnd = nextBreak < 0 ? windowEnd : end + 1 + nextBreak;
    const cue = CUE.exec(body.slice(paragraphStart, match.index))?.[1] ?? CUE.exec(body.slice(end + 1, paragraphEnd))?.[1] ?? null;
    // The nearest speaker before the quote, else just after it.
    const near = mentionsWithin(speakers, paragraphStart, paragraphEnd).filter((mention) => mention.end <= match.index || mention.start > end);
    const speaker =
      near.filter((mention) => mention.end <= match.index).sort((a, b) => b.start - a.start)[0] ?? near.filter((mention) => mention.start > end).sort((a, b) => a.start - b.start)[0];
    if (!speaker && !cue) continue;
    const confidence = speaker && cue ? 0.75 : speaker ? 0.55 : 0.35;
    citations.push({ start, end, kind: 'QUOTE', sourceEntityId: speaker?.entityId ?? null, sourceDescription: null, confidence, cue });
  }
  return citations;
}

export type SuggestedModality = 'ASSERTS' | 'REPORTS' | 'ESTIMATES' | 'SPECULATES' | 'DENIES';

export interface SuggestedQualifier {
  property: string;
  valueText: string;
  entityId: number | null;
}

export interface SuggestedClaim {
  subjectId: number;
  property: string;
  valueText: string;
  /** The claim's span: the clause that states the value (valueText occurs inside it). */
  start: number;
  end: number;
  confidence: number;
  modality: SuggestedModality;
  /** Who the sentence attributes the value to: a known entity, an unnamed source, or neither (the document's own voice). */
  asserterId: number | null;
  asserterDescription: string | null;
  /** Index in Suggestions.citations of the citation carrying the claim, if any. */
  citation: number | null;
  qualifiers: SuggestedQualifier[];
}

const CANDIDATE = /\b(\p{Lu}[\p{L}’'-]+(?:\s+(?:of|the|for|de|al|bin|van|von|and)){0,2}(?:\s+\p{Lu}[\p{L}’'-]+)+)/gu;
const STOP_START = new Set(['The', 'A', 'An', 'In', 'On', 'At', 'But', 'And', 'It', 'This', 'That', 'During', 'Since', 'When', 'After', 'Before', 'Last', 'Many', 'Most', 'Some']);

/** Capitalised names that no known name covers, with how often they occur. */
export function candidateNames(body: string, gazetteer: Gazetteer, mentions: SuggestedMention[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of body.matchAll(CANDIDATE)) {
    let name = match[1]!;
    let start = match.index;
    const first = name.split(/\s+/)[0]!;
    if (STOP_START.has(first)) {
      name = name.slice(first.length).trim();
      start += match[1]!.length - name.length;
      if (!/\s/.test(name)) continue;
    }
    const end = start + name.length;
    // Mentions do not overlap one another: only the last one starting before end can overlap.
    const before = firstFrom(mentions, end) - 1;
    if (before >= 0 && mentions[before]!.end > start) continue;
    const normalized = name
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/['’‘`´]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    if (gazetteer.known.has(normalized)) continue;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

export interface Suggestions {
  mentions: SuggestedMention[];
  citations: SuggestedCitation[];
  claims: SuggestedClaim[];
  candidates: Map<string, number>;
}

export function suggest(body: string, gazetteer: Gazetteer, context: ClaimContext = {}): Suggestions {
  const folded = fold(body);
  const mentions = suggestMentions(body, gazetteer, folded);
  const quotations = suggestCitations(body, mentions, gazetteer.types);
  const figures = suggestFigureClaims(body, mentions, gazetteer, { ...context, foldedBody: folded.text });
  // Claims point at their citations by index: the paraphrases follow the quotations.
  const offset = quotations.length;
  return {
    mentions,
    citations: [...quotations, ...figures.citations],
    claims: figures.claims.map((claim) => (claim.citation === null ? claim : { ...claim, citation: claim.citation + offset })),
    candidates: candidateNames(body, gazetteer, mentions),
  };
}

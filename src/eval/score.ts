// Scoring ingest suggestions against the labels of the development corpus: plain functions over
// plain data, no database. Every range is a UTF-16 offset into the document's raw text (the text
// extraction gives, which ingest stores unchanged), so labels and suggestions compare whatever
// boilerplate either side cut.
//
// Matching is one to one: each labelled item is matched to at most one suggestion and the other
// way round, the pairs with the largest overlap first.
//   claims        same property and overlapping spans (a suggestion on the labelled value first)
//   attributions  labelled claims with an asserter (named or unnamed) found by a matched
//                 suggestion with the same asserter; precision over suggested claims with an asserter
//   citations     overlapping spans
//   mentions      same entity and overlapping spans
//   boilerplate   per non-whitespace character of the raw text: labelled boilerplate or not,
//                 detected or not
//   dates         documents whose labels state a publication date: one found, and the right one
//                 (same year, month and day, unknown parts included)
//   authors, publishers  entity keys per document
// ownVoiceAttributed counts suggested claims in the document's own voice (no asserter) whose
// span overlaps a labelled claim that has an asserter, or lies inside a labelled citation, and
// that do not match a labelled own-voice claim: the one error a source-criticism tool must not make.
import type { LabelledClaim, LabelledCitation, LabelledDocument, Modality, Range, Source } from './corpus.js';

export type { Range, Source };

export interface PartialDate {
  year?: number | null;
  month?: number | null;
  day?: number | null;
}

/** What a careful curator records for one document, in raw-text offsets. */
export interface Labels {
  id: string;
  text: string;
  boilerplate: Range[];
  mentions: Array<Range & { entity: string }>;
  citations: Array<Range & { source: Source }>;
  claims: Array<Range & Pick<LabelledClaim, 'subject' | 'property' | 'value' | 'valueStart' | 'valueEnd' | 'modality' | 'asserter' | 'qualifiers'>>;
  published: PartialDate | null;
  publisher: string | null;
  authors: string[];
}

export interface SuggestedClaim extends Range {
  subject: string | null;
  property: string;
  value: string;
  modality: string;
  asserter: Source;
  qualifiers: Array<{ property: string; value: string | null; entity: string | null }>;
}

/** What ingest suggested for one document, in raw-text offsets; entities by key (null when the entity has none). */
export interface Suggested {
  text: string;
  boilerplate: Range[];
  mentions: Array<Range & { entity: string | null }>;
  citations: Array<Range & { source: Source }>;
  claims: SuggestedClaim[];
  published: PartialDate | null;
  publisher: string | null;
  authors: string[];
}

export function labelsOf(document: LabelledDocument): Labels {
  const { label } = document;
  return {
    id: document.id,
    text: document.text,
    boilerplate: document.boilerplate,
    mentions: document.mentions,
    citations: document.citations.map(({ start, end, source }: LabelledCitation) => ({ start, end, source })),
    claims: document.claims,
    published: label.published ? { year: label.published.year ?? null, month: label.published.month ?? null, day: label.published.day ?? null } : null,
    publisher: label.publisher,
    authors: label.authors,
  };
}

export interface Counts {
  labelled: number;
  suggested: number;
  /** Matched pairs (one to one, so the same on both sides). */
  matched: number;
}

export interface Ratio {
  right: number;
  of: number;
}

export interface CharacterCounts {
  /** Non-whitespace characters of the raw text. */
  characters: number;
  agree: number;
  labelled: number;
  detected: number;
  both: number;
}

export interface DateCounts {
  /** Documents whose labels state a publication date. */
  stated: number;
  /** … of which ingest found one. */
  found: number;
  /** … of which ingest found the right one. */
  right: number;
  /** Documents ingest gave a date, and of those the right one (a date for a document that states none is wrong). */
  suggested: number;
  suggestedRight: number;
}

export interface DocumentScore {
  id: string;
  claims: Counts;
  claimAsserter: Ratio;
  claimModality: Ratio;
  claimSubject: Ratio;
  claimQualifiers: Ratio;
  attributions: Counts;
  citations: Counts;
  citationSource: Ratio;
  mentions: Counts;
  boilerplate: CharacterCounts;
  dates: DateCounts;
  authors: Counts;
  publishers: Counts;
  ownVoiceAttributed: number;
  /** For reading a run: what was missed, what was suggested wrongly. */
  details: string[];
}

export interface Scores extends Omit<DocumentScore, 'id' | 'details'> {
  documents: number;
  perDocument: DocumentScore[];
}

const overlap = (a: Range, b: Range) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/** One-to-one matching, the highest-weighted compatible pairs first; weight ≤ 0 means incompatible. */
export function matchPairs<L, S>(labelled: L[], suggested: S[], weight: (l: L, s: S) => number): Array<[number, number]> {
  const pairs: Array<{ l: number; s: number; w: number }> = [];
  labelled.forEach((l, li) =>
    suggested.forEach((s, si) => {
      const w = weight(l, s);
      if (w > 0) pairs.push({ l: li, s: si, w });
    }),
  );
  pairs.sort((a, b) => b.w - a.w || a.l - b.l || a.s - b.s);
  const usedL = new Set<number>();
  const usedS = new Set<number>();
  const matched: Array<[number, number]> = [];
  for (const { l, s } of pairs) {
    if (usedL.has(l) || usedS.has(s)) continue;
    usedL.add(l);
    usedS.add(s);
    matched.push([l, s]);
  }
  return matched;
}

export function sameSource(a: Source, b: Source): boolean {
  if (a.kind === 'ENTITY') return b.kind === 'ENTITY' && a.key === b.key;
  return a.kind === b.kind; // unnamed sources agree whatever their words; own voice agrees with own voice
}

const sourceText = (source: Source) => (source.kind === 'ENTITY' ? source.key : source.kind === 'UNNAMED' ? `unnamed "${source.description}"` : 'own voice');

/** Suggested modality names the corpus's: anything the corpus does not know is simply wrong. */
const sameModality = (labelled: Modality, suggested: string) => labelled === suggested;

const qualifierKey = (q: { property: string; value: string | null; entity: string | null }) => `${q.property}=${q.entity ?? (q.value ?? '').trim().toLowerCase()}`;
const sameQualifiers = (a: Labels['claims'][number]['qualifiers'], b: SuggestedClaim['qualifiers']) =>
  JSON.stringify(a.map(qualifierKey).sort()) === JSON.stringify(b.map(qualifierKey).sort());

function characterCounts(text: string, labelled: Range[], detected: Range[]): CharacterCounts {
  const mark = (ranges: Range[]) => {
    const mask = new Uint8Array(text.length);
    for (const { start, end } of ranges) mask.fill(1, Math.max(0, start), Math.min(text.length, end));
    return mask;
  };
  const l = mark(labelled);
  const d = mark(detected);
  const counts: CharacterCounts = { characters: 0, agree: 0, labelled: 0, detected: 0, both: 0 };
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i]!)) continue;
    counts.characters++;
    if (l[i] === d[i]) counts.agree++;
    if (l[i]) counts.labelled++;
    if (d[i]) counts.detected++;
    if (l[i] && d[i]) counts.both++;
  }
  return counts;
}

const hasDate = (date: PartialDate | null) => Boolean(date && (date.year || date.month || date.day));
const sameDate = (a: PartialDate, b: PartialDate) => (a.year ?? null) === (b.year ?? null) && (a.month ?? null) === (b.month ?? null) && (a.day ?? null) === (b.day ?? null);

function keyCounts(labelled: string[], suggested: string[]): Counts {
  const wanted = new Set(labelled);
  const given = new Set(suggested);
  return { labelled: wanted.size, suggested: given.size, matched: [...given].filter((key) => wanted.has(key)).length };
}

export function scoreDocument(labels: Labels, suggested: Suggested): DocumentScore {
  if (labels.text !== suggested.text) throw new Error(`${labels.id}: the ingested text is not the text the labels are quoted against`);
  const details: string[] = [];
  const quote = (range: Range) => JSON.stringify(labels.text.slice(range.start, range.end).slice(0, 90));

  // Claims: the same property on overlapping spans, a suggestion on the labelled value first.
  const claimPairs = matchPairs(labels.claims, suggested.claims, (l, s) => {
    if (l.property !== s.property) return 0;
    const onQuote = overlap(l, s);
    if (onQuote === 0) return 0;
    return overlap({ start: l.valueStart, end: l.valueEnd }, s) * 100_000 + onQuote;
  });
  const claimOf = new Map(claimPairs.map(([l, s]) => [s, l]));
  const labelledMatched = new Set(claimPairs.map(([l]) => l));
  const claimAsserter: Ratio = { right: 0, of: claimPairs.length };
  const claimModality: Ratio = { right: 0, of: claimPairs.length };
  const claimSubject: Ratio = { right: 0, of: claimPairs.length };
  const claimQualifiers: Ratio = { right: 0, of: claimPairs.length };
  let attributionsFound = 0;
  for (const [li, si] of claimPairs) {
    const l = labels.claims[li]!;
    const s = suggested.claims[si]!;
    const asserterRight = sameSource(l.asserter, s.asserter);
    if (asserterRight) claimAsserter.right++;
    else details.push(`claim ${l.property} ${JSON.stringify(l.value)}: asserter ${sourceText(s.asserter)}, labelled ${sourceText(l.asserter)}`);
    if (sameModality(l.modality, s.modality)) claimModality.right++;
    else details.push(`claim ${l.property} ${JSON.stringify(l.value)}: modality ${s.modality}, labelled ${l.modality}`);
    if (s.subject === l.subject) claimSubject.right++;
    if (sameQualifiers(l.qualifiers, s.qualifiers)) claimQualifiers.right++;
    if (l.asserter.kind !== 'OWN' && asserterRight) attributionsFound++;
  }
  labels.claims.forEach((l, i) => {
    if (!labelledMatched.has(i)) details.push(`missed claim ${l.property} ${JSON.stringify(l.value)} (${l.modality}${l.asserter.kind === 'OWN' ? '' : `, ${sourceText(l.asserter)}`}) in ${quote(l)}`);
  });
  suggested.claims.forEach((s, i) => {
    if (!claimOf.has(i)) details.push(`unlabelled claim ${s.property} ${JSON.stringify(s.value)} at ${quote(s)}`);
  });
  // Attributions: precision over suggested claims that name an asserter.
  const suggestedAttributed = suggested.claims.filter((s) => s.asserter.kind !== 'OWN').length;
  const attributions: Counts = { labelled: labels.claims.filter((l) => l.asserter.kind !== 'OWN').length, suggested: suggestedAttributed, matched: attributionsFound };

  // Own voice where the sentence attributes the value.
  let ownVoiceAttributed = 0;
  suggested.claims.forEach((s, i) => {
    if (s.asserter.kind !== 'OWN') return;
    const matchedTo = claimOf.get(i);
    if (matchedTo !== undefined && labels.claims[matchedTo]!.asserter.kind === 'OWN') return;
    const attributed = labels.claims.some((l) => l.asserter.kind !== 'OWN' && overlap(l, s) > 0) || labels.citations.some((c) => c.start <= s.start && s.end <= c.end);
    if (attributed) {
      ownVoiceAttributed++;
      details.push(`OWN VOICE where the text attributes: ${s.property} ${JSON.stringify(s.value)} at ${quote(s)}`);
    }
  });

  // Citations.
  const citationPairs = matchPairs(labels.citations, suggested.citations, (l, s) => overlap(l, s));
  const citationSource: Ratio = { right: citationPairs.filter(([l, s]) => sameSource(labels.citations[l]!.source, suggested.citations[s]!.source)).length, of: citationPairs.length };
  const citedLabelled = new Set(citationPairs.map(([l]) => l));
  labels.citations.forEach((c, i) => {
    if (!citedLabelled.has(i)) details.push(`missed citation (${sourceText(c.source)}) ${quote(c)}`);
  });

  // Mentions.
  const mentionPairs = matchPairs(labels.mentions, suggested.mentions, (l, s) => (l.entity === s.entity ? overlap(l, s) : 0));
  const mentionedLabelled = new Set(mentionPairs.map(([l]) => l));
  const mentionedSuggested = new Set(mentionPairs.map(([, s]) => s));
  labels.mentions.forEach((m, i) => {
    if (!mentionedLabelled.has(i)) details.push(`missed mention ${m.entity} ${quote(m)}`);
  });
  suggested.mentions.forEach((m, i) => {
    if (!mentionedSuggested.has(i)) details.push(`unlabelled mention ${m.entity ?? '(entity without key)'} ${quote(m)}`);
  });

  // Boilerplate.
  const boilerplate = characterCounts(labels.text, labels.boilerplate, suggested.boilerplate);

  // Publication date.
  const stated = hasDate(labels.published);
  const found = hasDate(suggested.published);
  const right = stated && found && sameDate(labels.published!, suggested.published!);
  const dates: DateCounts = { stated: stated ? 1 : 0, found: stated && found ? 1 : 0, right: right ? 1 : 0, suggested: found ? 1 : 0, suggestedRight: right ? 1 : 0 };
  if (stated && !right) details.push(`publication date ${JSON.stringify(labels.published)}: ${found ? `found ${JSON.stringify(suggested.published)}` : 'not found'}`);
  if (!stated && found) details.push(`publication date found where the text states none: ${JSON.stringify(suggested.published)}`);

  return {
    id: labels.id,
    claims: { labelled: labels.claims.length, suggested: suggested.claims.length, matched: claimPairs.length },
    claimAsserter,
    claimModality,
    claimSubject,
    claimQualifiers,
    attributions,
    citations: { labelled: labels.citations.length, suggested: suggested.citations.length, matched: citationPairs.length },
    citationSource,
    mentions: { labelled: labels.mentions.length, suggested: suggested.mentions.length, matched: mentionPairs.length },
    boilerplate,
    dates,
    authors: keyCounts(labels.authors, suggested.authors),
    publishers: keyCounts(labels.publisher ? [labels.publisher] : [], suggested.publisher ? [suggested.publisher] : []),
    ownVoiceAttributed,
    details,
  };
}

const addCounts = (a: Counts, b: Counts): Counts => ({ labelled: a.labelled + b.labelled, suggested: a.suggested + b.suggested, matched: a.matched + b.matched });
const addRatio = (a: Ratio, b: Ratio): Ratio => ({ right: a.right + b.right, of: a.of + b.of });
const addNumbers = <T extends object>(a: T, b: T): T => Object.fromEntries(Object.entries(a).map(([key, value]) => [key, (value as number) + ((b as Record<string, number>)[key] ?? 0)])) as T;

export function aggregate(scores: DocumentScore[]): Scores {
  const zero = (): Counts => ({ labelled: 0, suggested: 0, matched: 0 });
  const none = (): Ratio => ({ right: 0, of: 0 });
  const total: Scores = {
    documents: scores.length,
    claims: zero(),
    claimAsserter: none(),
    claimModality: none(),
    claimSubject: none(),
    claimQualifiers: none(),
    attributions: zero(),
    citations: zero(),
    citationSource: none(),
    mentions: zero(),
    boilerplate: { characters: 0, agree: 0, labelled: 0, detected: 0, both: 0 },
    dates: { stated: 0, found: 0, right: 0, suggested: 0, suggestedRight: 0 },
    authors: zero(),
    publishers: zero(),
    ownVoiceAttributed: 0,
    perDocument: scores,
  };
  for (const score of scores) {
    for (const kind of ['claims', 'attributions', 'citations', 'mentions', 'authors', 'publishers'] as const) total[kind] = addCounts(total[kind], score[kind]);
    for (const kind of ['claimAsserter', 'claimModality', 'claimSubject', 'claimQualifiers', 'citationSource'] as const) total[kind] = addRatio(total[kind], score[kind]);
    total.boilerplate = addNumbers(total.boilerplate, score.boilerplate);
    total.dates = addNumbers(total.dates, score.dates);
    total.ownVoiceAttributed += score.ownVoiceAttributed;
  }
  return total;
}

/** A share, or null when there is nothing to share (no suggestion: precision is undefined, not zero). */
export const share = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);
export const precision = (counts: Counts) => share(counts.matched, counts.suggested);
export const recall = (counts: Counts) => share(counts.matched, counts.labelled);
export const rate = (ratio: Ratio) => share(ratio.right, ratio.of);

/** The headline figures, each a share in [0, 1] or null when undefined: what the floors test pins. */
export function figures(scores: Scores) {
  return {
    claimPrecision: precision(scores.claims),
    claimRecall: recall(scores.claims),
    asserterRight: rate(scores.claimAsserter),
    modalityRight: rate(scores.claimModality),
    subjectRight: rate(scores.claimSubject),
    qualifiersRight: rate(scores.claimQualifiers),
    attributionPrecision: precision(scores.attributions),
    attributionRecall: recall(scores.attributions),
    citationPrecision: precision(scores.citations),
    citationRecall: recall(scores.citations),
    citationSourceRight: rate(scores.citationSource),
    mentionPrecision: precision(scores.mentions),
    mentionRecall: recall(scores.mentions),
    boilerplateAgreement: share(scores.boilerplate.agree, scores.boilerplate.characters),
    boilerplatePrecision: share(scores.boilerplate.both, scores.boilerplate.detected),
    boilerplateRecall: share(scores.boilerplate.both, scores.boilerplate.labelled),
    dateFound: share(scores.dates.found, scores.dates.stated),
    dateRight: share(scores.dates.right, scores.dates.stated),
    datePrecision: share(scores.dates.suggestedRight, scores.dates.suggested),
    authorPrecision: precision(scores.authors),
    authorRecall: recall(scores.authors),
    publisherPrecision: precision(scores.publishers),
    publisherRecall: recall(scores.publishers),
    ownVoiceAttributed: scores.ownVoiceAttributed,
  };
}

export type Figures = ReturnType<typeof figures>;

const percent = (value: number | null) => (value === null ? '   —  ' : `${(value * 100).toFixed(1).padStart(5)}%`);

/** The table `npm run eval` prints. */
export function formatScores(scores: Scores): string[] {
  const f = figures(scores);
  const row = (kind: string, counts: Counts | null, p: number | null, r: number | null, note = '') =>
    `${kind.padEnd(26)}${counts ? `${String(counts.labelled).padStart(9)}${String(counts.suggested).padStart(11)}${String(counts.matched).padStart(9)}` : ' '.repeat(29)}  ${percent(p)}  ${percent(r)}${note ? `  ${note}` : ''}`;
  const ratio = (kind: string, value: Ratio) => `${kind.padEnd(26)}${' '.repeat(29)}  ${percent(rate(value))}  (${value.right} of ${value.of} matched claims)`;
  const b = scores.boilerplate;
  return [
    `${scores.documents} documents`,
    `${'kind'.padEnd(26)}${'labelled'.padStart(9)}${'suggested'.padStart(11)}${'matched'.padStart(9)}  precision  recall`,
    row('claims', scores.claims, f.claimPrecision, f.claimRecall),
    ratio('  asserter right', scores.claimAsserter),
    ratio('  modality right', scores.claimModality),
    ratio('  subject right', scores.claimSubject),
    ratio('  qualifiers right', scores.claimQualifiers),
    row('attributions', scores.attributions, f.attributionPrecision, f.attributionRecall, '(labelled claims with an asserter, found with the right one)'),
    row('citations', scores.citations, f.citationPrecision, f.citationRecall, `(source right for ${percent(f.citationSourceRight).trim()} of matched)`),
    row('mentions', scores.mentions, f.mentionPrecision, f.mentionRecall),
    `${'boilerplate characters'.padEnd(26)}${String(b.labelled).padStart(9)}${String(b.detected).padStart(11)}${String(b.both).padStart(9)}  ${percent(f.boilerplatePrecision)}  ${percent(f.boilerplateRecall)}  agreement ${percent(f.boilerplateAgreement).trim()} of ${b.characters} non-space characters`,
    `${'publication dates'.padEnd(26)}${String(scores.dates.stated).padStart(9)}${String(scores.dates.suggested).padStart(11)}${String(scores.dates.right).padStart(9)}  ${percent(f.datePrecision)}  ${percent(f.dateRight)}  found for ${percent(f.dateFound).trim()} of documents that state one`,
    row('authors', scores.authors, f.authorPrecision, f.authorRecall),
    row('publishers', scores.publishers, f.publisherPrecision, f.publisherRecall),
    `suggested claims in the document's own voice where the text attributes the value: ${scores.ownVoiceAttributed} (must be 0)`,
  ];
}

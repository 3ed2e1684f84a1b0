// Claims suggested from figures: which figure, about what, as what property, in whose voice, how
// firmly, and under which conditions. Suggestions only (SUGGESTED, with a confidence); a curator
// decides. General rules over tagged sentences (nlp.ts) rather than the wording of any corpus:
// - a figure is a number, a number in words or a vague quantity with its bound or hedge words;
//   dates, years, ages, times, money and units of measure are not counts;
// - its property comes from the count words of its clause (lemmas: "killed", "deaths", "were
//   injured", "remain displaced", "turnout", "per cent of the vote"), or from a toll phrase ("put
//   the number of dead at …"); a bare figure ("Families say 21.") takes the property of an earlier
//   figure with the same value, else of the figure just before it;
// - its subject is the event its sentence names (name, alias or the distinctive words of its
//   name; of several, the one named in the figure's own part between commas and conjunctions),
//   else the event the document is about (the one its text names most);
// - its asserter is the source of the attribution frame governing it (attribution.ts), else the
//   speaker of the quotation or transcript turn it is in, else the person or body whose account
//   its paragraph opens on, else the document's own voice; a source that is the document's
//   publisher or author is its own voice; a source no entity names is kept by its description;
// - its modality: denial verbs → DENIES; hedges → SPECULATES; estimate words and approximations →
//   ESTIMATES; else REPORTS when attributed, ASSERTS in the document's own voice;
// - its qualifiers: a point in time, a place, a sub-group, a vote share's candidate;
// - and a full date beside words of a named event happening is that event's date claim.
import { frameFor, framesOf, type Frame } from './attribution.js';
import { sentencesOf, type Sentence, type Token } from './nlp.js';
import { normalizeName } from './names.js';
import { defaultTable } from './normalisation-table.js';
import { normaliseValue } from './quantities.js';
import type { Gazetteer, GazetteerName, SuggestedCitation, SuggestedClaim, SuggestedMention, SuggestedModality, SuggestedQualifier } from './suggestions.js';

export interface ClaimContext {
  /** The document's publisher and authors: a frame naming them is the document's own voice. */
  ownVoices?: number[];
  /** The document's title: it says what the document is about even when cut from the body. */
  title?: string | null;
  /** The body folded as names are (suggestions.ts fold), when the caller has it already. */
  foldedBody?: string;
}

// ---------------------------------------------------------------------------------------------
// Figures

const UNITS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES = ['hundred', 'thousand', 'million', 'billion'];
const NUMBER_WORDS = new Set([...UNITS, ...TENS, ...SCALES, 'dozen']);
const VAGUE_WORDS = new Set(['dozens', 'scores', 'tens', 'hundreds', 'thousands', 'millions']);
const FRACTIONS = new Set(['third', 'thirds', 'quarter', 'quarters', 'half', 'fifth', 'fifths']);

/**
 * Words before a figure that belong to it, longest first: every bound and hedge phrase the
 * normalisation table reads (so a phrase the table learns is kept with its figure), and the words
 * that open ranges, vague quantities and bounds the table reads by their last word ("just over").
 */
const BEFORE = [
  ...new Set([
    ...defaultTable.approximately.phrases,
    ...defaultTable.nearly.phrases,
    ...defaultTable.lowerBoundBefore,
    ...defaultTable.upperBoundBefore,
    ...['between', 'from', 'several', 'a few', 'as few as', 'as low as', 'just over', 'well over', 'top'],
  ]),
]
  .map((phrase) => phrase.split(' '))
  .sort((a, b) => b.length - a.length);

const MONTHS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);
const NOT_COUNTS = new Set([
  'year', 'years', 'month', 'months', 'week', 'weeks', 'day', 'days', 'hour', 'hours', 'minute', 'minutes', 'second', 'seconds', 'decade', 'decades', 'century', 'centuries',
  'km', 'kilometre', 'kilometres', 'kilometer', 'kilometers', 'mile', 'miles', 'metre', 'metres', 'meter', 'meters', 'cm', 'mm', 'kg', 'tonnes', 'tons', 'litres', 'liters',
  'floor', 'floors', 'storey', 'storeys', 'a.m.', 'p.m.', 'am', 'pm', "o'clock", 'gmt', 'utc', 'degrees', 'dollars', 'euros', 'pounds', 'times', 'round', 'rounds', 'point', 'points',
]);
const CURRENCY = /^[$€£¥]|^(usd|eur|gbp)$/i;

export interface Figure {
  /** Token index range of the figure with its bound words (end exclusive). */
  from: number;
  to: number;
  /** Token index range of the number itself. */
  coreFrom: number;
  coreTo: number;
  share: boolean;
}

const isDigits = (token: Token) => /^\d[\d,.\u00a0]*$/.test(token.text);
const isNumberWord = (token: Token) => NUMBER_WORDS.has(token.lower);
const isNumeric = (token: Token | undefined) => token !== undefined && (isDigits(token) || isNumberWord(token) || VAGUE_WORDS.has(token.lower));

function matchesBefore(tokens: Token[], end: number, words: string[]): boolean {
  if (end - words.length < 0) return false;
  for (let k = 0; k < words.length; k++) if (tokens[end - words.length + k]!.lower !== words[k]) return false;
  return true;
}

/** The figures of a sentence, left to right. */
export function figuresOf(sentence: Sentence): Figure[] {
  const tokens = sentence.tokens;
  const figures: Figure[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const fraction = (token.lower === 'a' || token.lower === 'one' || token.lower === 'two') && FRACTIONS.has(tokens[i + 1]?.lower ?? '');
    if (!isNumeric(token) && !fraction) continue;
    // "a dozen" is a number; "one of the" is not a figure.
    if (isNumberWord(token) && !isDigits(token) && token.lower === 'one' && !isNumeric(tokens[i + 1]) && tokens[i + 1]?.text !== '-') continue;
    let j = i + 1;
    if (fraction) j = i + 2;
    else {
      // Forty-one, two hundred and fifty, 3.2 million, tens of thousands
      for (;;) {
        const next = tokens[j];
        if (!next) break;
        if ((next.text === '-' || next.text === '‑') && tokens[j + 1] && isNumberWord(tokens[j + 1]!) && isNumberWord(tokens[j - 1]!)) j += 2;
        else if (isNumberWord(next) && (isNumberWord(tokens[j - 1]!) || isDigits(tokens[j - 1]!)) && !/^(one)$/.test(next.lower)) j++;
        else if (next.lower === 'and' && isNumberWord(tokens[j + 1] ?? next) && SCALES.includes(tokens[j - 1]!.lower) && tokens[j + 1]) j += 2;
        else if (next.lower === 'of' && VAGUE_WORDS.has(tokens[j - 1]!.lower) && VAGUE_WORDS.has(tokens[j + 1]?.lower ?? '')) j += 2;
        else break;
      }
    }
    // "a dozen", "a hundred": the article is the number one.
    const coreFrom = tokens[i - 1]?.lower === 'a' && (token.lower === 'dozen' || SCALES.includes(token.lower)) ? i - 1 : i;
    let coreTo = j;
    // Ranges: "between 300 and 400", "130 to 180", "47–50", "from 250 to 300".
    const joiner = tokens[j];
    if (joiner && ['and', 'to', '–', '-', '—'].includes(joiner.lower) && isNumeric(tokens[j + 1])) {
      const between = tokens[i - 1]?.lower === 'between' || tokens[i - 1]?.lower === 'from';
      if (joiner.lower !== 'and' || between) {
        j += 2;
        while (tokens[j] && (isNumberWord(tokens[j]!) || tokens[j]!.text === '-') && isNumeric(tokens[j - 1])) j++;
        coreTo = j;
      }
    }
    // per cent, percent, %
    let share = false;
    if (tokens[j]?.text === '%' || tokens[j]?.lower === 'percent') {
      share = true;
      j++;
    } else if (tokens[j]?.lower === 'per' && /^cent\.?$/.test(tokens[j + 1]?.lower ?? '')) {
      share = true;
      j += 2;
    } else if (fraction) share = true;
    if (tokens[j]?.lower === 'or' && ['more', 'over', 'so'].includes(tokens[j + 1]?.lower ?? '')) j += 2;
    else if (tokens[j]?.lower === 'more' && !['than'].includes(tokens[j + 1]?.lower ?? '')) j++;
    // Bound and hedge words before it, longest first.
    let from = coreFrom;
    for (const words of BEFORE) {
      if (matchesBefore(tokens, from, words)) {
        from -= words.length;
        break;
      }
    }
    if (tokens[from - 1]?.lower === 'some' && from < coreFrom) from--; // "some more than"
    if (isExcluded(tokens, coreFrom, coreTo, j)) {
      i = j - 1;
      continue;
    }
    figures.push({ from, to: j, coreFrom, coreTo, share });
    i = j - 1;
  }
  return figures;
}

/** Dates, years, ages, times, money and measures are not counts. */
function isExcluded(tokens: Token[], coreFrom: number, coreTo: number, to: number): boolean {
  const first = tokens[coreFrom]!;
  const next = tokens[to];
  const previous = tokens[coreFrom - 1];
  if (coreTo - coreFrom === 1 && /^(1[5-9]\d\d|20\d\d)s?$/.test(first.text)) return true; // a year
  // "3.2 At the upper end": a section number opening a paragraph.
  if (coreFrom === 0 && /^\d+(\.\d+)*\.?$/.test(first.text) && /^\p{Lu}/u.test(next?.text ?? '') && next?.pos !== 'NOUN') return true;
  if (MONTHS.has(next?.lower ?? '') || MONTHS.has(previous?.lower ?? '')) return true; // 4 September, September 4
  if (next && NOT_COUNTS.has(next.lower)) return true;
  // "children under five", "women between 18 and 30": ages of the people just named.
  const beforeFigure = tokens[coreFrom - 1]?.lower === 'between' || tokens[coreFrom - 1]?.lower === 'under' || tokens[coreFrom - 1]?.lower === 'over' || tokens[coreFrom - 1]?.lower === 'aged' ? tokens[coreFrom - 2] : undefined;
  if (beforeFigure && (PEOPLE.has(beforeFigure.lemma) || PEOPLE.has(beforeFigure.lower))) return true;
  if (next && ['-', '‑'].includes(next.text) && tokens[to + 1] && NOT_COUNTS.has(tokens[to + 1]!.lower)) return true; // a 12-hour shift
  if (previous && (CURRENCY.test(previous.text) || ['aged', 'age', 'ages', 'no.', 'number', 'article', 'section', 'chapter', 'page', 'resolution', 'room', 'gate', 'road', 'street', 'flight', 'route'].includes(previous.lower))) return true;
  if (/^\d+(st|nd|rd|th)$/.test(first.text) || ['first', 'second', 'third'].includes(first.lower) && coreTo - coreFrom === 1) return true;
  if (/^\d{1,2}\.\d{2}$/.test(first.text) && ['a.m.', 'p.m.', 'am', 'pm'].includes(next?.lower ?? '')) return true;
  // "at 12 Canal Road": a house number before a capitalised street name.
  if (next?.pos === 'PROPN' && /^\d+$/.test(first.text) && tokens[to + 1]?.pos === 'PROPN' && /^(road|street|avenue|square|lane|way)$/i.test(tokens[to + 1]!.text)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Properties

/** Lemmas that say what a count counts. */
const PROPERTY_OF: Record<string, string> = {
  die: 'deathToll', dead: 'deathToll', death: 'deathToll', kill: 'deathToll', fatality: 'deathToll', body: 'deathToll', execute: 'deathToll', execution: 'deathToll',
  hang: 'deathToll', perish: 'deathToll', murder: 'deathToll', life: 'deathToll', massacre: 'deathToll', drown: 'deathToll',
  injure: 'injuredCount', injured: 'injuredCount', wound: 'injuredCount', wounded: 'injuredCount', hurt: 'injuredCount', injury: 'injuredCount', hospitalise: 'injuredCount', hospitalize: 'injuredCount',
  missing: 'missingCount', unaccounted: 'missingCount', disappear: 'missingCount',
  displace: 'displacedCount', displaced: 'displacedCount', evacuate: 'displacedCount', evacuation: 'displacedCount', homeless: 'displacedCount', shelter: 'displacedCount',
  arrest: 'arrestCount', detain: 'arrestCount', detention: 'detainedCount',
  case: 'caseCount', infect: 'caseCount', infected: 'caseCount', infection: 'caseCount', sicken: 'caseCount',
  release: 'releasedCount', charge: 'chargedCount', indict: 'chargedCount',
  employ: 'workforce', employee: 'workforce',
  turnout: 'turnout',
};
/** Treating and operating count the injured, or the sick when the event is an illness. */
const CARE = new Set(['treat', 'operate', 'admit']);
const ILLNESS = /outbreak|epidemic|pandemic|cholera|disease|virus|fever|measles|ebola|influenza|flu\b|covid|infection/i;
/** Nouns for people counted by a figure: their clause's predicate says what is counted. */
const PEOPLE = new Set([
  'people', 'person', 'children', 'men', 'women', 'worker', 'protester', 'protestor', 'demonstrator', 'prisoner', 'civilian', 'child', 'woman', 'man', 'patient', 'officer', 'resident', 'inhabitant', 'member',
  'supporter', 'detainee', 'inmate', 'victim', 'student', 'villager', 'passenger', 'migrant', 'refugee', 'soldier', 'individual', 'family', 'journalist', 'employee', 'miner',
  'casualty', 'farmer', 'pupil', 'adult', 'voter', 'activist', 'labourer', 'laborer', 'fisherman', 'pilgrim', 'tourist', 'guard', 'firefighter', 'policeman', 'opponent', 'dissident',
]);
/** Phrases naming a total: "the death toll", "the number of dead", "the figure". */
const TOTAL_NOUNS = new Set(['toll', 'number', 'figure', 'total', 'count', 'tally', 'estimate', 'estimates']);
const VOTE = new Set(['vote', 'ballot', 'poll', 'share', 'win', 'receive', 'get', 'give', 'gain', 'secure', 'take', 'obtain']);

interface PropertyFound {
  property: string;
  /** A part of the figure just before it in the sentence ("17 of them"): its property is that figure's. */
  partOf?: boolean;
  /** The count words, token index range, to include in the span. */
  at: number;
}

function lexical(token: Token, illness: boolean): string | undefined {
  if (CARE.has(token.lemma) && token.pos === 'VERB') return illness ? 'caseCount' : 'injuredCount';
  if (token.lemma === 'patient' && illness) return 'caseCount';
  const property = PROPERTY_OF[token.lemma] ?? PROPERTY_OF[token.lower];
  if (!property) return undefined;
  // "life" only as lives lost; "body" only as bodies; "charge" only as a verb; "case" not "in any case".
  if (token.lemma === 'life' && token.lower !== 'lives') return undefined;
  if (token.lemma === 'charge' && token.pos !== 'VERB') return undefined;
  if (token.lemma === 'release' && token.pos !== 'VERB') return undefined;
  if (token.lemma === 'shelter' && token.pos !== 'NOUN') return undefined;
  return property;
}

/** Where the clause around the figure ends (exclusive) and starts. */
function clauseBounds(tokens: Token[], figure: Figure, frames: Frame[]): [number, number] {
  let from = figure.from;
  while (from > 0 && !CLAUSE_BREAK.has(tokens[from - 1]!.text) && !(tokens[from - 1]!.text === ',' && isNumericish(tokens, from - 2)) && !opensClause(tokens, from - 1)) from--;
  let to = figure.to;
  while (to < tokens.length && !CLAUSE_BREAK.has(tokens[to]!.text)) {
    // ", and 17 of them …", ", but our teams …", ", the X said": the next clause or a trailing frame starts.
    if (tokens[to]!.text === ',' && (tokens.slice(to + 1, to + 4).some((t) => isFigureStart(t)) || CONTRAST.has(tokens[to + 1]?.lower ?? '') || frames.some((f) => f.kind === 'TRAILING' && f.cueFrom === to))) break;
    if (opensClause(tokens, to) && to > figure.to) break;
    to++;
  }
  return [from, to];
}
const CLAUSE_BREAK = new Set([';', ':', '.', '?', '!', '(', ')']);
const CONTRAST = new Set(['but', 'while', 'whereas', 'although', 'though', 'yet', 'and']);
/** "… that turnout was 71.4 per cent and that …": a complementiser starts a clause. */
const opensClause = (tokens: Token[], at: number) => tokens[at]!.lower === 'that' && tokens[at]!.pos === 'SCONJ';
const isFigureStart = (token: Token) => isDigits(token) || VAGUE_WORDS.has(token.lower);
const isNumericish = (tokens: Token[], at: number) => at >= 0 && isDigits(tokens[at]!);

/** The property a figure counts, from its clause; null when nothing says. */
function propertyOf(tokens: Token[], figure: Figure, clause: [number, number], illness: boolean): PropertyFound | null {
  const [clauseFrom, clauseTo] = clause;
  if (figure.share) {
    for (let k = clauseFrom; k < clauseTo; k++) if (tokens[k]!.lemma === 'turnout') return { property: 'turnout', at: k };
    const sentenceWide = tokens.some((t) => t.lemma === 'turnout');
    for (let k = clauseFrom; k < clauseTo; k++) if (VOTE.has(tokens[k]!.lemma)) return { property: 'voteShare', at: k };
    // "Turnout … exceeded 100 per cent", "… gives him 46.8 per cent": the sentence decides.
    if (sentenceWide) return { property: 'turnout', at: tokens.findIndex((t) => t.lemma === 'turnout') };
    if (tokens.some((t) => VOTE.has(t.lemma) && t.lemma !== 'give' && t.lemma !== 'take' && t.lemma !== 'get')) return { property: 'voteShare', at: figure.from };
    return null;
  }
  // The words just after the figure: "1,450 bodies", "98 deaths", "5,212 suspected cholera cases".
  let k = figure.to;
  let head: Token | undefined;
  while (k < clauseTo && k < figure.to + 4) {
    const token = tokens[k]!;
    const attributive = token.pos === 'VERB' && (/ed$/.test(token.lower) || tokens[k - 1]?.text === '-') && ['NOUN', 'ADJ', 'VERB'].includes(tokens[k + 1]?.pos ?? '');
    // "worst-hit provinces": a hyphen inside a compound modifier.
    if (token.text === '-' && k > figure.to && tokens[k + 1]) {
      k++;
      continue;
    }
    if (!['ADJ', 'NOUN', 'PROPN'].includes(token.pos) && !(token.pos === 'VERB' && (k === figure.to || attributive))) break;
    const direct = lexical(token, illness);
    // "Forty-three died", "1,450 bodies", "98 deaths", "3,000 dead"; not "suspected" before its noun.
    if (direct && !attributive) return { property: direct, at: k };
    if (token.pos === 'NOUN' || token.pos === 'PROPN') head = token;
    if (token.pos === 'VERB' && !attributive) break;
    k++;
  }
  const partitive = tokens[figure.to]?.lower === 'of' && ['them', 'those', 'these', 'whom', 'the'].includes(tokens[figure.to + 1]?.lower ?? '');
  const afterWhom = tokens[figure.from - 1]?.lower === 'whom' || tokens[figure.from - 1]?.lower === 'which';
  // "17 of them", "of whom 402 were children": part of the figure just before.
  if ((partitive && ['them', 'whom'].includes(tokens[figure.to + 1]!.lower)) || afterWhom) return { property: '', at: figure.from, partOf: true };
  // Counting something other than people ("600 polling stations", "two treatment centres").
  if (head && !PEOPLE.has(head.lemma) && !PEOPLE.has(head.lower) && !TOTAL_NOUNS.has(head.lemma)) return null;
  // "documented the deaths of 21 protesters", "the bodies of 12 miners".
  if (tokens[figure.from - 1]?.lower === 'of' && figure.from - 2 >= clauseFrom) {
    const noun = tokens[figure.from - 2]!;
    const found = noun.pos === 'NOUN' ? lexical(noun, illness) : undefined;
    if (found) return { property: found, at: figure.from - 2 };
  }
  // The verb just before it ("killed 37 workers", "infected more than 3,000 people").
  for (let m = figure.from - 1; m >= clauseFrom && m >= figure.from - 3; m--) {
    const token = tokens[m]!;
    const found = lexical(token, illness);
    if (found && (token.pos === 'VERB' || (token.pos === 'ADJ' && /ed$/.test(token.lower)))) return { property: found, at: m };
    if (token.pos !== 'ADV' && token.pos !== 'AUX' && token.pos !== 'PART') break;
  }
  // The predicate after the figure ("… people had been killed", "264 of those arrested have been released").
  let m = figure.to;
  if (partitive) {
    m += 2;
    while (m < clauseTo && tokens[m]!.pos !== 'VERB') m++;
    m++;
  }
  for (; m < clauseTo; m++) {
    const found = lexical(tokens[m]!, illness);
    if (found) return { property: found, at: m };
    if (tokens[m]!.lemma === 'home' && tokens.slice(Math.max(figure.to, m - 3), m).some((t) => ['from', 'flee', 'fled', 'lose', 'lost', 'leave', 'left'].includes(t.lower))) return { property: 'displacedCount', at: m };
  }
  // The verb before it, further back ("had treated more than 140 people"); past another figure only
  // when the two are coordinated ("killed 3.2 million chickens and 14 people"), not from a
  // prepositional phrase ("killed 85 people in the three worst-hit provinces").
  const coordinated = ['CCONJ'].includes(tokens[figure.from - 1]?.pos ?? '') || tokens[figure.from - 1]?.text === ',';
  for (let m = figure.from - 1; m >= clauseFrom && m >= figure.from - 6; m--) {
    const token = tokens[m]!;
    if (isFigureStart(token) && !coordinated) break;
    const found = lexical(token, illness);
    if (found && token.pos === 'VERB') return { property: found, at: m };
    if (token.pos === 'VERB' && !REPORTISH.has(token.lemma)) break;
  }
  // A total: "put the number of dead at 1,503", "a death toll of 1,450", "the toll stands at 44".
  for (let m = figure.from - 1; m >= clauseFrom && m >= figure.from - 12; m--) {
    const token = tokens[m]!;
    if (!TOTAL_NOUNS.has(token.lemma) && !TOTAL_NOUNS.has(token.lower)) continue;
    for (let q = m - 2; q < Math.min(m + 4, figure.from); q++) {
      if (q < 0 || q === m) continue;
      const found = lexical(tokens[q]!, illness);
      if (found) return { property: found, at: q };
    }
    if (token.lemma === 'toll') return { property: 'deathToll', at: m };
    // "the number of wounded is far higher than the official figure of 58": the count named before it.
    for (let q = m - 1; q >= 0; q--) {
      const found = lexical(tokens[q]!, illness);
      if (found) return { property: found, at: q };
    }
    return { property: '', at: m }; // a total of something said before: the caller inherits
  }
  return null;
}
const REPORTISH = new Set(['say', 'put', 'give', 'record', 'report', 'estimate', 'reach', 'rise', 'climb', 'stand', 'be', 'have', 'raise', 'document', 'confirm', 'count']);

// ---------------------------------------------------------------------------------------------
// Events: the subject of a figure

interface EventWords {
  entityId: number;
  /** Folded words of its names, each with the weight of how few events share it. */
  words: Map<string, number>;
  illness: boolean;
}

interface EventIndex {
  events: EventWords[];
  /** Stemmed word → the events whose names hold it, with its weight. */
  byWord: Map<string, Array<[number, number]>>;
}

const STOP = new Set(['the', 'of', 'in', 'on', 'and', 'a', 'an', 'at', 'to', 'for', 'by', 'from', 'with']);
const stem = (word: string) => (word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);

function eventWords(gazetteer: Gazetteer): EventWords[] {
  const byEvent = new Map<number, Set<string>>();
  const names = new Map<number, string[]>();
  for (const pattern of gazetteer.patterns) {
    for (const name of pattern.names) {
      if (name.type !== 'EVENT') continue;
      const words = byEvent.get(name.entityId) ?? new Set<string>();
      for (const word of pattern.normalized.split(' ')) if (word && !STOP.has(word)) words.add(stem(word));
      byEvent.set(name.entityId, words);
      names.set(name.entityId, [...(names.get(name.entityId) ?? []), pattern.normalized]);
    }
  }
  const share = new Map<string, number>();
  for (const words of byEvent.values()) for (const word of words) share.set(word, (share.get(word) ?? 0) + 1);
  return [...byEvent].map(([entityId, words]) => ({
    entityId,
    words: new Map([...words].map((word) => [word, 1 / share.get(word)!])),
    illness: ILLNESS.test(names.get(entityId)!.join(' ')),
  }));
}

const cache = new WeakMap<Gazetteer, EventIndex>();

function indexEvents(gazetteer: Gazetteer): EventIndex {
  const events = eventWords(gazetteer);
  const byWord = new Map<string, Array<[number, number]>>();
  for (const event of events) for (const [word, weight] of event.words) byWord.set(word, [...(byWord.get(word) ?? []), [event.entityId, weight]]);
  return { events, byWord };
}

/** How strongly a stretch of folded words refers to each event: named mentions count most. */
function eventScores(index: EventIndex, words: string[], mentionCounts: Map<number, number>): Map<number, number> {
  const scores = new Map<number, number>();
  for (const [id, count] of mentionCounts) scores.set(id, 3 * count);
  for (const word of words) {
    const hits = index.byWord.get(stem(word));
    if (hits) for (const [id, weight] of hits) scores.set(id, (scores.get(id) ?? 0) + weight);
  }
  return scores;
}

function best(scores: Map<number, number>, minimum: number): number | null {
  let winner: number | null = null;
  let top = minimum;
  for (const [id, score] of scores) {
    if (score > top || (score === top && winner === null && score > minimum)) {
      winner = id;
      top = score;
    }
  }
  return winner;
}

/** The words of a text folded as names are (names.ts), as the event words were. */
const foldWords = (text: string) => normalizeName(text).split(' ').filter(Boolean);

// ---------------------------------------------------------------------------------------------
// Sources

const PERSON_PRONOUNS = new Set(['he', 'she', 'him', 'her']);
const GROUP_PRONOUNS = new Set(['it', 'they', 'them', 'its', 'their']);
const FIRST_PERSON = new Set(['i', 'we', 'me', 'us', 'my', 'our']);
const ORG_NOUNS = new Set(['organisation', 'organization', 'group', 'charity', 'agency', 'company', 'firm', 'party', 'union', 'society', 'ministry', 'commission', 'authority', 'service', 'government', 'department', 'office', 'council', 'committee', 'board', 'police', 'force', 'army', 'body', 'institute', 'network', 'coalition', 'movement', 'monitor', 'observatory']);

export interface Source {
  entityId: number | null;
  description: string | null;
}

interface Speaker {
  /** Body offsets where the speaker's words start and end. */
  start: number;
  end: number;
  source: Source;
}

const OWN: Source = { entityId: null, description: null };

// ---------------------------------------------------------------------------------------------

// Every number word figuresOf reads (a paragraph failing this test is never parsed).
const QUANTITY_HINT = new RegExp(`\\d|\\b(?:${[...UNITS, ...TENS, ...SCALES.map((scale) => `${scale}s?`), 'dozens?', 'scores', 'thirds?', 'quarters?', 'half', 'fifths?'].join('|')})\\b`, 'i');

export function suggestFigureClaims(
  body: string,
  mentions: SuggestedMention[],
  gazetteer: Gazetteer,
  context: ClaimContext = {},
): { claims: SuggestedClaim[]; citations: SuggestedCitation[] } {
  const claims: SuggestedClaim[] = [];
  const citations: SuggestedCitation[] = [];
  let index = cache.get(gazetteer);
  if (!index) {
    index = indexEvents(gazetteer);
    cache.set(gazetteer, index);
  }
  const events = index.events;
  if (events.length === 0) return { claims, citations };
  const types = gazetteer.types;
  const own = new Set(context.ownVoices ?? []);
  const eventMentions = new Map<number, number>();
  for (const mention of mentions) if (types.get(mention.entityId) === 'EVENT') eventMentions.set(mention.entityId, (eventMentions.get(mention.entityId) ?? 0) + 1);
  // The event the document is about: named most, or whose distinctive words it uses most.
  // The body's words as the mention pass folded them, when it did; the title counts twice.
  const titleWords = foldWords(context.title ?? '');
  const bodyWords = context.foldedBody !== undefined ? context.foldedBody.split(' ').filter(Boolean) : foldWords(body);
  const documentEvent = best(eventScores(index, [...bodyWords, ...titleWords, ...titleWords], eventMentions), 1.5);
  const illnessOf = new Map(events.map((event) => [event.entityId, event.illness]));
  const speakers = speakersOf(body, mentions, types);
  const history: Array<{ property: string; paragraph: number; sentence: number; lower: number | null; upper: number | null }> = [];
  let sentenceIndex = 0;
  // Paragraphs (lines) holding a figure are tagged; the rest of the text is never parsed.
  let lineStart = 0;
  let paragraph = 0;
  while (lineStart <= body.length) {
    let lineEnd = body.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = body.length;
    const line = body.slice(lineStart, lineEnd);
    paragraph++;
    // "The government's account of what happened … Then there were nine deaths": a paragraph that
    // opens on someone's account goes on in their voice until a sentence names another source.
    let narrator: Source | null = null;
    if (QUANTITY_HINT.test(line)) {
      for (const sentence of sentencesOf(body, lineStart, lineEnd)) {
        narrator = narratorOf(sentence, body, mentions, types, own) ?? narrator;
        sentenceIndex++;
        const figures = figuresOf(sentence);
        const tokens = sentence.tokens;
        const sentenceMentions = mentionsIn(mentions, sentence.start, sentence.end);
        // A known name is a proper noun whatever the tagger made of its words ("Civic Rights Monitor").
        for (const mention of sentenceMentions) for (const token of tokens) if (token.start >= mention.start && token.end <= mention.end && token.pos !== 'PUNCT') token.pos = 'PROPN';
        const dates = datesOf(sentence);
        if (figures.length === 0 && dates.length === 0) continue;
        const frames = framesOf(sentence);
        const namedEvent = best(
          eventScores(
            index,
            tokens.map((t) => t.lower),
            countBy(sentenceMentions.filter((m) => types.get(m.entityId) === 'EVENT')),
          ),
          0.99,
        );
        const sentenceEvent = namedEvent ?? documentEvent;
        if (sentenceEvent === null) continue;
        // When the event took place: a dated occurrence of the event the sentence names.
        if (namedEvent !== null) {
          for (const date of dates) {
            const valueText = body.slice(tokens[date.from]!.start, tokens[date.to - 1]!.end);
            if (normaliseValue(valueText, 'DATE').kind === 'TEXT' || claims.some((c) => c.subjectId === namedEvent && c.property === 'date' && c.valueText === valueText)) continue;
            const frame = frameFor(frames, date.from);
            const speaker = speakerAt(speakers, tokens[date.from]!.start, own);
            const source = frame ? sourceOf(frame, sentence, body, mentions, types, own, speaker) : speaker;
            const clause: [number, number] = [date.clauseFrom, date.spanTo];
            const attributed = source.entityId !== null || source.description !== null;
            const hedged = tokens.slice(date.clauseFrom, date.spanTo).some((t, k) => HEDGE_WORDS.has(t.lower) && (date.clauseFrom + k < date.from || date.clauseFrom + k >= date.to) && t.text !== 'May');
            claims.push({
              subjectId: namedEvent,
              property: 'date',
              valueText,
              start: tokens[clause[0]]!.start,
              end: tokens[clause[1] - 1]!.end,
              confidence: 0.4,
              modality: hedged ? 'SPECULATES' : attributed ? 'REPORTS' : 'ASSERTS',
              asserterId: source.entityId,
              asserterDescription: source.description,
              citation: null,
              qualifiers: [],
            });
          }
        }
        const namedEvents = sentenceMentions.filter((m) => types.get(m.entityId) === 'EVENT');
        let previousInSentence: string | null = null;
        for (const figure of figures) {
          // A sentence naming several events: the one named in the figure's own coordinated part.
          const figureEvent = new Set(namedEvents.map((m) => m.entityId)).size > 1 ? (eventOfSegment(tokens, figure, namedEvents) ?? sentenceEvent) : sentenceEvent;
          const illness = illnessOf.get(figureEvent) ?? false;
          const clause = clauseBounds(tokens, figure, frames);
          let found = propertyOf(tokens, figure, clause, illness);
          const bare = !found && !figure.share && isBare(tokens, figure, clause) && (frameFor(frames, figure.coreFrom) !== null || clause[1] - clause[0] <= figure.to - figure.from + 2);
          const valueText = body.slice(tokens[figure.from]!.start, tokens[figure.to - 1]!.end);
          const normalised = normaliseValue(valueText, figure.share ? 'SHARE' : 'QUANTITY');
          if (normalised.kind === 'TEXT') continue;
          if (found?.partOf) {
            // "nine of them" counts part of the figure just before in this sentence, if that one is a claim.
            if (previousInSentence === null) continue;
            found = { property: previousInSentence, at: found.at };
          } else if (found?.property === '' || bare) {
            // "the interior ministry put the number at 42", "The Minister says nine.": the figure
            // before with the same value, else the figure just before.
            const recent = history.filter((h) => paragraph - h.paragraph <= 2 && sentenceIndex - h.sentence <= 6);
            const same = recent.filter((h) => h.lower === normalised.lower && h.upper === normalised.upper).pop();
            const last = recent.filter((h) => paragraph - h.paragraph <= 1 && sentenceIndex - h.sentence <= 2).pop();
            const inherited = same ?? last;
            if (!inherited) continue;
            found = { property: inherited.property, at: found?.at ?? figure.from };
          }
          if (!found) {
            previousInSentence = null;
            continue;
          }
          previousInSentence = found.property;
          history.push({ property: found.property, paragraph, sentence: sentenceIndex, lower: normalised.lower, upper: normalised.upper });
          const frame = frameFor(frames, figure.coreFrom);
          const speaker = speakerAt(speakers, tokens[figure.from]!.start, own);
          let source = frame ? sourceOf(frame, sentence, body, mentions, types, own, speaker) : speaker;
          if (!frame && source === OWN && narrator) source = narrator;
          // "the official toll stands at 44", "Official turnout was 71.4%": officials, unnamed.
          if (!frame && source === OWN && tokens.slice(clause[0], figure.from).some((t) => t.lower === 'official' || t.lower === 'officially')) source = { entityId: null, description: 'official figures' };
          const modality = modalityOf(tokens, figure, clause, frame, source, valueText);
          const spanFrom = Math.min(clause[0], frame ? Math.min(frame.cueFrom, frame.sourceFrom) : clause[0], found.at);
          const spanTo = Math.max(clause[1], frame ? frame.cueTo : clause[1], found.at + 1);
          const start = tokens[Math.max(0, spanFrom)]!.start;
          const end = tokens[Math.min(tokens.length, spanTo) - 1]!.end;
          let citation: number | null = null;
          if (source.entityId !== null || source.description !== null) {
            // The attributed words: the frame's scope within this clause, else the clause.
            const scopeFrom = frame ? Math.max(frame.scopeFrom, clause[0]) : clause[0];
            const scopeTo = frame ? Math.min(frame.scopeTo, clause[1]) : clause[1];
            const citeStart = tokens[Math.min(scopeFrom, figure.from)]!.start;
            const citeEnd = tokens[Math.max(scopeTo, figure.to) - 1]!.end;
            citation = citations.findIndex((c) => c.start === citeStart && c.end === citeEnd);
            if (citation < 0) {
              citations.push({ start: citeStart, end: citeEnd, kind: 'PARAPHRASE', sourceEntityId: source.entityId, sourceDescription: source.description, confidence: 0.5, cue: frame?.verb ?? null });
              citation = citations.length - 1;
            }
          }
          claims.push({
            subjectId: figureEvent,
            property: found.property,
            valueText,
            start,
            end,
            confidence: normalised.approximate ? 0.45 : 0.5,
            modality,
            asserterId: source.entityId,
            asserterDescription: source.description,
            citation,
            qualifiers: qualifiersOf(tokens, figure, clause, found.property, sentenceMentions, types, source, body),
          });
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  return { claims, citations };
}

const SEGMENT_BREAK = new Set([',', ';', ':', '—', '–', 'and', 'but', 'while', 'whereas']);

/** The only event named in the stretch around a figure between commas and conjunctions, if one is. */
function eventOfSegment(tokens: Token[], figure: Figure, events: SuggestedMention[]): number | null {
  const breaks = (token: Token) => SEGMENT_BREAK.has(token.lower) && token.pos !== 'PROPN';
  let from = figure.from;
  while (from > 0 && !breaks(tokens[from - 1]!)) from--;
  let to = figure.to;
  while (to < tokens.length && !breaks(tokens[to]!)) to++;
  const start = tokens[from]!.start;
  const end = tokens[Math.max(from, to - 1)]!.end;
  const named = new Set(events.filter((m) => m.start >= start && m.end <= end).map((m) => m.entityId));
  return named.size === 1 ? [...named][0]! : null;
}

function countBy(mentions: SuggestedMention[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const mention of mentions) counts.set(mention.entityId, (counts.get(mention.entityId) ?? 0) + 1);
  return counts;
}

function mentionsIn(mentions: SuggestedMention[], start: number, end: number): SuggestedMention[] {
  return mentions.filter((mention) => mention.start >= start && mention.end <= end);
}

/** A figure standing alone in a short clause of saying: "Families say 21.", "Roughly 40,000 so far." */
function isBare(tokens: Token[], figure: Figure, clause: [number, number]): boolean {
  const after = tokens.slice(figure.to, clause[1]).filter((t) => t.pos !== 'PUNCT');
  return after.length <= 2 && after.every((t) => t.pos === 'ADV' || t.pos === 'ADP' || t.lower === 'far');
}

/** Transcript turns ("DR ILSE MARNOW (District Health Officer): …") and quotations with their speakers. */
function speakersOf(body: string, mentions: SuggestedMention[], types: Map<number, GazetteerName['type']>): Speaker[] {
  const speakers: Speaker[] = [];
  const agents = mentions.filter((m) => types.get(m.entityId) === 'PERSON' || types.get(m.entityId) === 'ORGANISATION');
  const TURN = /^([\p{Lu}][^\n:]{1,80}?):[ \t]+(?=\S)/gmu;
  for (const match of body.includes(':') ? body.matchAll(TURN) : []) {
    const label = match[1]!;
    // A label is a name or a role, not a sentence: few words, mostly capitalised, no verb-like endings.
    const words = label.replace(/\(.*?\)/g, ' ').trim().split(/\s+/);
    if (words.length > 7 || words.length === 0) continue;
    if (words.filter((word) => /^\p{Lu}/u.test(word)).length < Math.ceil(words.length / 2)) continue;
    const lineEnd = body.indexOf('\n', match.index);
    const end = lineEnd < 0 ? body.length : lineEnd;
    const labelMentions = mentionsIn(agents, match.index, match.index + label.length);
    const outside = label.replace(/\(.*?\)/g, '').trim();
    const inside = mentionsIn(labelMentions, match.index, match.index + outside.length);
    const entity = inside[0]?.entityId ?? null;
    if (/^(question|q|journalist|reporter|audience|interviewer|moderator)\b/i.test(outside)) continue;
    speakers.push({ start: match.index + match[0].length, end, source: { entityId: entity, description: entity === null ? outside : null } });
  }
  // Quotations: the nearest speaker mention with a verb of saying next to the quotation.
  const QUOTE = /“([^”]{2,2000})”|"([^"\n]{2,2000})"/g;
  if (!body.includes('"') && !body.includes('“')) return speakers;
  // The quotation before, when it had a speaker: one that goes on after its attribution
  // ("…," said X. "…") is still X's.
  let previous: { after: number; source: Source } | null = null;
  for (const match of body.matchAll(QUOTE)) {
    const start = match.index + 1;
    const end = match.index + match[0].length - 1;
    const after = body.slice(end + 1, Math.min(body.length, end + 120)).split('\n')[0]!;
    const before = body.slice(Math.max(0, match.index - 160), match.index).split('\n').pop()!;
    const sayAfter = /^\s*[,.]?\s*(?:said|says|told|added|wrote|stated|explained)\b/i.test(after) || /^[^.]{0,60}\b(?:said|says|told|added)\b/i.test(after);
    const sayBefore = /\b(?:said|says|told|added|wrote|stated|declared)\b[^.]{0,60}$/i.test(before) || /:\s*$/.test(before);
    let source: Source | null = null;
    if (sayAfter || sayBefore) {
      const near = agents.filter((m) => (sayAfter && m.start > end && m.start < end + 1 + after.length) || (sayBefore && m.end <= match.index && m.start >= match.index - before.length));
      const speaker = sayAfter ? near.find((m) => m.start > end) : near[near.length - 1];
      if (speaker) source = { entityId: speaker.entityId, description: null };
    }
    if (!source && previous) {
      const gap = body.slice(previous.after, match.index);
      if (gap.length < 200 && !gap.includes('\n')) source = previous.source;
    }
    if (source) speakers.push({ start, end, source });
    previous = source ? { after: end + 1, source } : null;
  }
  return speakers;
}

function speakerAt(speakers: Speaker[], at: number, own: Set<number>): Source {
  let found: Source = OWN;
  let width = Infinity;
  for (const speaker of speakers) {
    if (at >= speaker.start && at < speaker.end && speaker.end - speaker.start < width) {
      found = speaker.source;
      width = speaker.end - speaker.start;
    }
  }
  return found.entityId !== null && own.has(found.entityId) ? OWN : found;
}

/** The source a frame names: a known entity, a pronoun's antecedent, or a description. */
function sourceOf(frame: Frame, sentence: Sentence, body: string, mentions: SuggestedMention[], types: Map<number, GazetteerName['type']>, own: Set<number>, speaker: Source): Source {
  const tokens = sentence.tokens;
  if (frame.kind === 'HEARSAY') return { entityId: null, description: 'unnamed reports' };
  const words = tokens.slice(frame.sourceFrom, frame.sourceTo);
  if (words.length === 0) return OWN;
  const start = words[0]!.start;
  const end = words[words.length - 1]!.end;
  const text = body.slice(start, end);
  const within = mentionsIn(mentions, start, end).filter((m) => types.get(m.entityId) === 'PERSON' || types.get(m.entityId) === 'ORGANISATION');
  const known = (id: number): Source => (own.has(id) ? OWN : { entityId: id, description: null });
  // "The election gave Bercovici 48 per cent": a phrase that only names an event is no one's voice.
  const named = mentionsIn(mentions, start, end);
  if (named.length > 0 && named.every((m) => types.get(m.entityId) === 'EVENT') && words.every((w) => w.pos === 'DET' || named.some((m) => w.start >= m.start && w.end <= m.end))) return speaker;
  const firstWord = words[0]!.lower;
  // "we", "I": whoever speaks (a transcript turn, a quotation), else the document itself;
  // "our lawyers" in a speaker's words are others than the speaker, in a release the publisher's own.
  if (words.length === 1 && FIRST_PERSON.has(firstWord)) return speaker;
  if (['our', 'my'].includes(firstWord) && speaker === OWN && words.length <= 3) return OWN;
  if (within.length > 0) {
    // The head of "A spokesman for the ministry" is the spokesman, not the ministry: a mention
    // only inside a modifier ("for X", "at X", "of X") leaves the source unnamed.
    const head = within.find((m) => {
      const before = body.slice(start, m.start).trim().toLowerCase();
      const modifier = /\b(for|at|of|with|in|representing)(\s+the)?$/.test(before) || (/\bfrom(\s+the)?$/.test(before) && !/\b(received|obtained|heard|got)\b/.test(before));
      return !modifier || /'s$|’s$/.test(body.slice(m.end, m.end + 2));
    });
    if (head) return known(head.entityId);
  }
  if (words.length <= 2 && (PERSON_PRONOUNS.has(firstWord) || GROUP_PRONOUNS.has(firstWord))) {
    const want = PERSON_PRONOUNS.has(firstWord) ? ['PERSON'] : ['ORGANISATION', 'PERSON'];
    const antecedent = lastBefore(mentions, start, (m) => want.includes(types.get(m.entityId) ?? '') && !own.has(m.entityId));
    return antecedent ? known(antecedent.entityId) : { entityId: null, description: text };
  }
  // "the ministry", "the commission", "the charity": the last organisation mentioned that the word names.
  if ((firstWord === 'the' || firstWord === 'this') && words.length <= 3 && words.every((w) => w.pos !== 'PROPN')) {
    const noun = words[words.length - 1]!.lemma;
    const named = lastBefore(mentions, start, (m) => types.get(m.entityId) === 'ORGANISATION' && !own.has(m.entityId) && body.slice(m.start, m.end).toLowerCase().includes(noun));
    if (named) return known(named.entityId);
    if (ORG_NOUNS.has(noun) && words.length === 2) {
      const organisation = lastBefore(mentions, start, (m) => types.get(m.entityId) === 'ORGANISATION' && !own.has(m.entityId));
      if (organisation && start - organisation.end < 1500) return known(organisation.entityId);
    }
  }
  if (words.every((w) => FIRST_PERSON.has(w.lower) || w.pos === 'DET')) return speaker;
  return { entityId: null, description: text.replace(/^[,\s]+|[,\s]+$/g, '') };
}

const ACCOUNTS = new Set(['account', 'version', 'story', 'narrative', 'figures', 'tally', 'count', 'claims', 'explanation', 'line']);

/** The source of "X's account (of …)" in a sentence, if it has one. */
function narratorOf(sentence: Sentence, body: string, mentions: SuggestedMention[], types: Map<number, GazetteerName['type']>, own: Set<number>): Source | null {
  const tokens = sentence.tokens;
  for (let k = 1; k + 1 < tokens.length; k++) {
    // "X's account", "X's latest figures"
    let noun = k + 1;
    while (noun + 1 < tokens.length && tokens[noun]!.pos === 'ADJ') noun++;
    if (!["'s", '’s'].includes(tokens[k]!.lower) || !ACCOUNTS.has(tokens[noun]!.lower)) continue;
    const end = tokens[k - 1]!.end;
    // A known name ending just before the possessive, whatever words it is made of ("Ministry of Mines").
    const owner = mentions.find((m) => m.end === end && (types.get(m.entityId) === 'PERSON' || types.get(m.entityId) === 'ORGANISATION'));
    if (owner) return own.has(owner.entityId) ? null : { entityId: owner.entityId, description: null };
    let from = k;
    while (from > 0 && ['DET', 'ADJ', 'NOUN', 'PROPN'].includes(tokens[from - 1]!.pos)) from--;
    if (from === k) continue;
    const start = tokens[from]!.start;
    const named = mentionsIn(mentions, start, end).find((m) => types.get(m.entityId) === 'PERSON' || types.get(m.entityId) === 'ORGANISATION');
    if (named) return own.has(named.entityId) ? null : { entityId: named.entityId, description: null };
    return { entityId: null, description: body.slice(start, end) };
  }
  return null;
}

function lastBefore(mentions: SuggestedMention[], at: number, keep: (m: SuggestedMention) => boolean): SuggestedMention | null {
  let found: SuggestedMention | null = null;
  for (const mention of mentions) {
    if (mention.end > at) break;
    if (keep(mention)) found = mention;
  }
  return found;
}

const HEDGE_WORDS = new Set(['may', 'might', 'could', 'possibly', 'perhaps', 'reportedly', 'allegedly', 'purportedly', 'supposedly', 'probably', 'likely', 'unconfirmed']);
const HEDGE_VERBS = new Set(['believe', 'suggest', 'suspect', 'fear', 'think', 'speculate']);
const DENIAL_VERBS = new Set(['deny', 'reject', 'dispute', 'refute', 'dismiss', 'contest']);
const APPROXIMATE = /^(about|around|approximately|roughly|some|close to|closer to|nearly|almost|an estimated|estimated|circa|just over|just under)\b/i;

function modalityOf(tokens: Token[], figure: Figure, clause: [number, number], frame: Frame | null, source: Source, valueText: string): SuggestedModality {
  const attributed = source.entityId !== null || source.description !== null;
  const verb = frame?.verb ?? '';
  if (DENIAL_VERBS.has(verb) || (frame?.negated && frame.kind !== 'HEARSAY')) return 'DENIES';
  const from = Math.min(clause[0], frame && frame.kind === 'SUBJECT_VERB' ? frame.cueFrom : clause[0]);
  const words = tokens.slice(Math.max(0, from), clause[1]);
  const hedged =
    frame?.kind === 'HEARSAY' && /ly$/.test(verb)
      ? true
      : HEDGE_VERBS.has(verb) ||
        words.some((t, k) => HEDGE_WORDS.has(t.lower) && !(t.lower === 'may' && !['VERB', 'AUX', 'ADV', 'PART'].includes(words[k + 1]?.pos ?? '')) && !(t.text === 'May' && /^\d/.test(words[k - 1]?.text ?? ''))) ||
        words.some((t, k) => (t.lower === 'believed' || t.lower === 'thought' || t.lower === 'feared') && words[k + 1]?.lower === 'to');
  // "It is feared that …", "It was estimated that …": an impersonal passive just before the clause.
  const impersonal = tokens[clause[0] - 1]?.lower === 'that' && tokens[clause[0] - 3]?.lemma === 'be' ? tokens[clause[0] - 2]!.lemma : '';
  if (hedged || HEDGE_VERBS.has(impersonal)) return 'SPECULATES';
  if (impersonal === 'estimate') return 'ESTIMATES';
  if (verb === 'estimate' || verb === 'consider' || APPROXIMATE.test(valueText) || words.some((t) => t.lemma === 'estimate' || t.lower === 'estimates')) return 'ESTIMATES';
  return attributed ? 'REPORTS' : 'ASSERTS';
}

/** Areas too vague to scope a figure: usually the event's own ("in the district", "in the country"). */
const VAGUE_PLACES = new Set(['district', 'area', 'region', 'country', 'city', 'town', 'world', 'state', 'province', 'territory', 'place', 'scene', 'case', 'way', 'hospital', 'building', 'fire', 'flood', 'outbreak', 'election', 'vote', 'count', 'process', 'name', 'end', 'meantime', 'past', 'future', 'event', 'incident', 'attack', 'crackdown', 'protest', 'aftermath', 'wake', 'course', 'face', 'light']);

/** Words of an event taking place: a date beside one is when the event happened. */
const OCCURRED = new Set(['kill', 'break', 'begin', 'start', 'strike', 'hit', 'fail', 'failure', 'hold', 'occur', 'happen', 'erupt', 'destroy', 'carry', 'collapse', 'burst', 'sweep', 'ignite', 'onset', 'outbreak', 'open', 'breach', 'storm', 'raid']);
const SEASON_WORDS = new Set(['spring', 'summer', 'autumn', 'fall', 'winter']);

interface DatePhrase {
  from: number;
  to: number;
  /** The claim's span: the date with the words of the event taking place. */
  clauseFrom: number;
  spanTo: number;
}

/** Full dates in a sentence ("14 March 2024", "March 2024", "the summer of 1988") next to words of an event taking place. */
function datesOf(sentence: Sentence): DatePhrase[] {
  const tokens = sentence.tokens;
  const found: DatePhrase[] = [];
  const year = (t: Token | undefined) => t !== undefined && /^(1[5-9]|20)\d\d$/.test(t.text);
  const day = (t: Token | undefined) => t !== undefined && /^([1-9]|[12]\d|3[01])$/.test(t.text);
  for (let i = 0; i < tokens.length; i++) {
    let from = -1;
    let to = -1;
    if (day(tokens[i]) && MONTHS.has(tokens[i + 1]?.lower ?? '') && year(tokens[i + 2])) [from, to] = [i, i + 3];
    else if (MONTHS.has(tokens[i]!.lower) && tokens[i]!.pos === 'PROPN' && day(tokens[i + 1]) && tokens[i + 2]?.text === ',' && year(tokens[i + 3])) [from, to] = [i, i + 4];
    else if (MONTHS.has(tokens[i]!.lower) && tokens[i]!.pos === 'PROPN' && year(tokens[i + 1]) && !day(tokens[i - 1])) [from, to] = [i, i + 2];
    else if (tokens[i]!.lower === 'the' && SEASON_WORDS.has(tokens[i + 1]?.lower ?? '') && tokens[i + 2]?.lower === 'of' && year(tokens[i + 3])) [from, to] = [i, i + 4];
    if (from < 0) continue;
    // On or in the date, not since, by or until it (those bound a figure instead).
    const preposition = tokens[from - 1]?.lower;
    if (preposition !== undefined && !['on', 'in', 'during'].includes(preposition)) continue;
    const dateTo = to;
    let spanTo = to;
    let clauseFrom = from;
    let occurred = false;
    for (let k = from - 1; k >= 0 && k >= from - 12; k--) {
      const token = tokens[k]!;
      if (token.text === ';' || token.text === '.') break;
      // A word of a known name ("the Kessel mine collapse") says which event, not that it happened.
      if (OCCURRED.has(token.lemma) && token.pos !== 'PROPN' && !(token.lemma === 'hold' && token.pos !== 'VERB')) {
        occurred = true;
        clauseFrom = k;
      }
    }
    // "On 14 March 2024, a fire broke out …": the occurrence follows a date that opens the sentence.
    if (!occurred && from <= 1) {
      for (let k = to; k < tokens.length && k < to + 8; k++) {
        if (tokens[k]!.text === ';' || tokens[k]!.text === '.') break;
        if (OCCURRED.has(tokens[k]!.lemma) && tokens[k]!.pos !== 'PROPN') {
          occurred = true;
          spanTo = Math.max(spanTo, k + 1);
        }
      }
      if (occurred) clauseFrom = from - (preposition === 'on' || preposition === 'in' ? 1 : 0);
    }
    if (occurred) found.push({ from, to: dateTo, clauseFrom, spanTo });
    i = dateTo - 1;
  }
  return found;
}

const ORDINALS = new Set(['first', 'second', 'third', 'fourth', 'fifth', 'last', 'final', 'next', 'previous', 'same', 'other']);

const TIME_PREPOSITIONS = new Set(['by', 'since', 'on', 'as', 'until', 'till', 'in', 'during']);
const TIME_WORDS = /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|morning|evening|night|week|month|year|mid|late|early|end|start|weekend)$/i;
/** "March", "Sunday", "2025", "mid-March" (one token). */
const isTimeWord = (t: Token) => /^(1[89]|20)\d\d$/.test(t.text) || t.lower.split('-').some((part) => MONTHS.has(part) || TIME_WORDS.test(part));

/** Conditions stated with the figure: a point in time, a place, a group, a candidate. */
function qualifiersOf(tokens: Token[], figure: Figure, clause: [number, number], property: string, sentenceMentions: SuggestedMention[], types: Map<number, GazetteerName['type']>, source: Source, body: string): SuggestedQualifier[] {
  const qualifiers: SuggestedQualifier[] = [];
  const [from, to] = clause;
  // "by Sunday evening", "as of 8 August", "since Monday", "on 31 October"
  for (let k = from; k < to; k++) {
    const word = tokens[k]!;
    if (k >= figure.from && k < figure.to) continue;
    if (!TIME_PREPOSITIONS.has(word.lower)) continue;
    let m = k + 1;
    if (word.lower === 'as' && tokens[m]?.lower === 'of') m++;
    const phraseStart = m;
    // "on 4 September the Dorland earthquake …": once the phrase names a time, only a day, year,
    // time word or hyphen goes on; an article only opens it ("by the end").
    let dated = false;
    while (m < to && m < phraseStart + 4 && (tokens[m]!.pos === 'NUM' || tokens[m]!.pos === 'PROPN' || tokens[m]!.pos === 'NOUN' || tokens[m]!.pos === 'DET' || tokens[m]!.text === '-')) {
      const next = tokens[m]!;
      if ((next.pos === 'DET' && m > phraseStart) || m === figure.from) break;
      if (dated && !isTimeWord(next) && next.pos !== 'NUM' && next.text !== '-') break;
      dated ||= isTimeWord(next);
      m++;
    }
    const phrase = tokens.slice(phraseStart, m);
    const timely = phrase.some(isTimeWord);
    if (!timely || phrase.length === 0) continue;
    if (word.lower === 'in' && !phrase.some((t) => TIME_WORDS.test(t.lower))) continue;
    qualifiers.push({ property: 'pointInTime', valueText: body.slice(word.start, tokens[m - 1]!.end), entityId: null });
    break;
  }
  // "in the lower valley", "in the capital", "in the Northern Province": a place named after "in the"
  // within the clause; not an area as vague as the event's own ("in the district") nor a count of
  // places ("in the three worst-hit provinces"), nor a time ("in the first week").
  for (let k = from; k + 2 < to; k++) {
    if (tokens[k]!.lower !== 'in' || tokens[k + 1]!.lower !== 'the' || (k >= figure.from && k < figure.to)) continue;
    let m = k + 2;
    while (m < to && (tokens[m]!.pos === 'ADJ' || tokens[m]!.pos === 'NOUN' || tokens[m]!.pos === 'PROPN' || tokens[m]!.text === '-')) m++;
    const phrase = tokens.slice(k + 2, m);
    const head = phrase[phrase.length - 1];
    if (!head || (head.pos !== 'NOUN' && head.pos !== 'PROPN') || tokens[m]?.lower === 'of' || ["'s", '’s'].includes(tokens[m]?.lower ?? '')) continue;
    // After the figure, or opening its clause ("In the Northern Province alone, …").
    if (k < figure.from && k !== from && !(k === from + 1 && tokens[from]!.pos === 'CCONJ')) continue;
    if (phrase.some((t) => isTimeWord(t) || t.pos === 'NUM' || ORDINALS.has(t.lower)) || (phrase.length === 1 && VAGUE_PLACES.has(head.lemma)) || PEOPLE.has(head.lemma)) continue;
    qualifiers.push({ property: 'place', valueText: body.slice(tokens[k + 1]!.start, head.end), entityId: null });
    break;
  }
  // "…, of whom 402 were children", "among detainees": the sub-group the figure counts.
  const whom = tokens[figure.from - 1]?.lower === 'whom' && tokens[figure.from - 2]?.lower === 'of';
  if (whom && ['were', 'was', 'are', 'is'].includes(tokens[figure.to]?.lower ?? '')) {
    let m = figure.to + 1;
    while (m < to && ['ADJ', 'NOUN', 'PROPN'].includes(tokens[m]!.pos)) m++;
    if (m > figure.to + 1) qualifiers.push({ property: 'group', valueText: body.slice(tokens[figure.to + 1]!.start, tokens[m - 1]!.end), entityId: null });
  } else {
    for (let k = figure.to; k + 1 < to; k++) {
      if (tokens[k]!.lower !== 'among') continue;
      let m = k + 1;
      while (m < to && ['DET', 'ADJ', 'NOUN', 'PROPN'].includes(tokens[m]!.pos) && tokens[m]!.lower !== 'and') m++;
      if (m > k + 1 && tokens[m - 1]!.pos !== 'DET') qualifiers.push({ property: 'group', valueText: body.slice(tokens[k + 1]!.start, tokens[m - 1]!.end), entityId: null });
      break;
    }
  }
  if (property === 'voteShare') {
    const figureStart = tokens[figure.from]!.start;
    const candidates = sentenceMentions.filter((m) => types.get(m.entityId) === 'PERSON' && m.entityId !== source.entityId && m.end <= figureStart);
    const candidate = candidates[candidates.length - 1];
    if (candidate) qualifiers.push({ property: 'candidate', valueText: body.slice(candidate.start, candidate.end), entityId: candidate.entityId });
  }
  return qualifiers;
}

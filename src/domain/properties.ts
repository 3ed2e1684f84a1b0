// What kind of value each claim property carries, so that value text is normalised the right way.
import { defaultTable, type NormalisationTable } from './normalisation-table.js';
import { normaliseValue, type ValueHint } from './quantities.js';

/** A property the library knows: the kind of value it takes and what it means. */
export interface KnownProperty {
  /** How its values are normalised; TEXT keeps them as written. */
  kind: ValueHint | 'TEXT';
  description: string;
}

/** The known properties. Others are accepted when they follow a naming convention (conventions below) or are already in use. */
export const knownProperties: Record<string, KnownProperty> = {
  deathToll: { kind: 'QUANTITY', description: 'How many people died.' },
  injuredCount: { kind: 'QUANTITY', description: 'How many people were injured.' },
  missingCount: { kind: 'QUANTITY', description: 'How many people are missing.' },
  displacedCount: { kind: 'QUANTITY', description: 'How many people were displaced from their homes.' },
  arrestCount: { kind: 'QUANTITY', description: 'How many people were arrested.' },
  detainedCount: { kind: 'QUANTITY', description: 'How many people were held in detention.' },
  caseCount: { kind: 'QUANTITY', description: 'How many cases (of an illness, of a charge) there were.' },
  perpetratorsIdentified: { kind: 'QUANTITY', description: 'How many perpetrators have been identified by name.' },
  executionsDuringTenure: { kind: 'QUANTITY', description: 'How many executions took place while the subject held office.' },
  politicalExecutions: { kind: 'QUANTITY', description: 'How many people were executed for political reasons.' },
  unCondemnations: { kind: 'QUANTITY', description: 'How many times United Nations bodies condemned the subject.' },
  turnout: { kind: 'SHARE', description: 'The share of eligible voters who voted.' },
  voteShare: { kind: 'SHARE', description: 'The share of the votes cast that went to the subject.' },
  victimAffiliationShare: { kind: 'SHARE', description: 'The share of the victims who belonged to a group (the group in a qualifier).' },
  date: { kind: 'DATE', description: 'When the subject (an event) happened.' },
  role: { kind: 'TEXT', description: 'The part the subject played, e.g. a member of the death commission.' },
  affiliation: { kind: 'TEXT', description: 'The group or organisation the subject belonged to.' },
  place: { kind: 'TEXT', description: 'Where the subject (an event) happened.' },
};

/** Naming conventions: a property named so takes this kind of value without being in the table. */
export const propertyConventions: ReadonlyArray<{ pattern: RegExp; kind: ValueHint; description: string }> = [
  { pattern: /Share$/, kind: 'SHARE', description: 'A share (a name ending in Share).' },
  { pattern: /(Date|^date)$/, kind: 'DATE', description: 'A date (a name ending in Date).' },
  { pattern: /(Count|Toll|Number)$/, kind: 'QUANTITY', description: 'A number of people or things (a name ending in Count, Toll or Number).' },
];

/** The properties whose values are normalised, by kind (the table's TEXT properties keep text). */
export const propertyKinds: Record<string, ValueHint> = Object.fromEntries(
  Object.entries(knownProperties).flatMap(([name, known]) => (known.kind === 'TEXT' ? [] : [[name, known.kind]])),
);

/** The convention a property's name follows, if any. */
export function conventionFor(property: string) {
  return propertyConventions.find((convention) => convention.pattern.test(property));
}

/** The hint for a property: the table above, then naming conventions (…Share, …Date, …Count). */
export function hintFor(property: string): ValueHint | undefined {
  if (Object.hasOwn(propertyKinds, property)) return propertyKinds[property];
  return conventionFor(property)?.kind;
}

/** Whether a property is known without looking at the claims: in the table or named by a convention. */
export function isKnownProperty(property: string): boolean {
  return Object.hasOwn(knownProperties, property) || conventionFor(property) !== undefined;
}

/** Levenshtein distance (insertions, deletions, substitutions), two rows of memory. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate closest to a property name, ignoring case (deathtol → deathToll), when it is close
 * enough to be a likely typo: at most a third of the longer name's letters differ (at least 2).
 * Ties go to the earlier candidate.
 */
export function closestProperty(property: string, candidates: Iterable<string>): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const name of candidates) {
    const distance = editDistance(property.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  if (!best) return null;
  return best.distance <= Math.max(2, Math.floor(Math.max(property.length, best.name.length) / 3)) ? best.name : null;
}

export interface StoredValue {
  valueKind: 'QUANTITY' | 'SHARE' | 'DATE' | 'ENTITY' | 'TEXT';
  lower: number | null;
  upper: number | null;
  approximate: boolean;
  valueNote: string;
  normalisedBy: number;
}

/** The columns a claim stores for its value: normalised by its property's kind, or kept as text. */
export function storedValue(property: string, valueText: string, valueEntity: boolean, table: NormalisationTable = defaultTable): StoredValue {
  const base = { lower: null, upper: null, approximate: false, normalisedBy: table.version };
  if (valueEntity) return { ...base, valueKind: 'ENTITY', valueNote: 'an entity' };
  const hint = hintFor(property);
  if (!hint) return { ...base, valueKind: 'TEXT', valueNote: `property "${property}" takes text values` };
  const value = normaliseValue(valueText, hint, table);
  if (value.kind === 'TEXT') return { ...base, valueKind: 'TEXT', valueNote: value.reason };
  return { valueKind: value.kind, lower: value.lower, upper: value.upper, approximate: value.approximate, valueNote: value.rule, normalisedBy: table.version };
}

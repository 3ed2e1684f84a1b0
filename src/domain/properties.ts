// What kind of value each claim property carries, so that value text is normalised the right way.
import { defaultTable, type NormalisationTable } from './normalisation-table.js';
import { normaliseValue, type ValueHint } from './quantities.js';

export const propertyKinds: Record<string, ValueHint> = {
  deathToll: 'QUANTITY',
  perpetratorsIdentified: 'QUANTITY',
  executionsDuringTenure: 'QUANTITY',
  politicalExecutions: 'QUANTITY',
  unCondemnations: 'QUANTITY',
  victimAffiliationShare: 'SHARE',
  date: 'DATE',
};

/** The hint for a property: the table above, then naming conventions (…Share, …Date, …Count). */
export function hintFor(property: string): ValueHint | undefined {
  if (propertyKinds[property]) return propertyKinds[property];
  if (/Share$/.test(property)) return 'SHARE';
  if (/(Date|^date)$/.test(property)) return 'DATE';
  if (/(Count|Toll|Number)$/.test(property)) return 'QUANTITY';
  return undefined;
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

// Comparing what documents say about one subject and property: pairwise relations between
// values, clusters of mutually consistent values, and the independent origins behind each.
// It reports; it never marks a value true.
import type { NormalisedValue } from './quantities.js';

export type Relation = 'SAME' | 'NARROWER' | 'BROADER' | 'OVERLAPS' | 'CONFLICTS' | 'INCOMPARABLE';

/** What the comparison needs of a claim's value: a range, an entity, or text. */
export type ComparableValue =
  | { kind: 'QUANTITY' | 'SHARE' | 'DATE'; lower: number | null; upper: number | null }
  | { kind: 'ENTITY'; entityId: number; label: string }
  | { kind: 'TEXT'; text: string };

export interface ComparableClaim {
  id: number;
  valueText: string;
  value: ComparableValue;
  /** DENIES turns agreement into conflict. */
  denies: boolean;
  /** Scope qualifiers (point in time, place, sub-group) as a canonical key; claims of different scopes are not rivals. */
  scope: string;
  /** The scope as a reader sees it (entities by name, see domain/comparison.ts scopeText); the key when absent. */
  scopeText?: string;
}

export interface PairRelation {
  a: number;
  b: number;
  relation: Relation;
  reason: string;
}

const formatNumber = (value: number, kind: string) =>
  kind === 'SHARE' ? `${Math.round(value * 1000) / 10}%` : kind === 'DATE' ? formatDateKey(value) : value.toLocaleString('en-GB');

function formatDateKey(key: number): string {
  const year = Math.floor(key / 10_000);
  const month = Math.floor(key / 100) % 100;
  const day = key % 100;
  if (month === 0 || month > 12) return String(year);
  return day === 0 || day > 31 ? `${year}-${String(month).padStart(2, '0')}` : `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function formatRange(value: { kind: string; lower: number | null; upper: number | null }): string {
  const { lower, upper, kind } = value;
  if (lower !== null && upper !== null) return lower === upper ? formatNumber(lower, kind) : `${formatNumber(lower, kind)}–${formatNumber(upper, kind)}`;
  if (lower !== null) return `${formatNumber(lower, kind)} or more`;
  if (upper !== null) return `up to ${formatNumber(upper, kind)}`;
  return 'any value';
}

const lo = (value: number | null) => value ?? Number.NEGATIVE_INFINITY;
const hi = (value: number | null) => value ?? Number.POSITIVE_INFINITY;

/** The relation of range a to range b (same kind). */
export function compareRanges(
  a: { kind: string; lower: number | null; upper: number | null },
  b: { kind: string; lower: number | null; upper: number | null },
): { relation: Relation; reason: string } {
  const [aLo, aHi, bLo, bHi] = [lo(a.lower), hi(a.upper), lo(b.lower), hi(b.upper)];
  const fa = formatRange(a);
  const fb = formatRange(b);
  if (aLo === bLo && aHi === bHi) return { relation: 'SAME', reason: `both are ${fa}` };
  if (aHi < bLo || bHi < aLo) return { relation: 'CONFLICTS', reason: `${fa} and ${fb} do not overlap` };
  if (aLo >= bLo && aHi <= bHi) return { relation: 'NARROWER', reason: `${fa} lies within ${fb}` };
  if (bLo >= aLo && bHi <= aHi) return { relation: 'BROADER', reason: `${fb} lies within ${fa}` };
  return { relation: 'OVERLAPS', reason: `${fa} and ${fb} overlap without either containing the other` };
}

const normalText = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

export function relate(a: ComparableClaim, b: ComparableClaim): PairRelation {
  const result = (relation: Relation, reason: string): PairRelation => ({ a: a.id, b: b.id, relation, reason });
  if (a.scope !== b.scope) {
    const [sa, sb] = [a.scopeText ?? a.scope, b.scopeText ?? b.scope];
    // Two entities of one name (or an entity and a text) read alike but are different scopes.
    if (sa === sb) return result('INCOMPARABLE', `different scopes that read alike (${sa}: different entities of that name, or an entity and a text): not rival values`);
    return result('INCOMPARABLE', `different scopes (${sa || 'none'} / ${sb || 'none'}): not rival values`);
  }
  const va = a.value;
  const vb = b.value;
  let base: { relation: Relation; reason: string };
  if (va.kind === 'ENTITY' && vb.kind === 'ENTITY') {
    base = va.entityId === vb.entityId ? { relation: 'SAME', reason: `both name ${va.label}` } : { relation: 'INCOMPARABLE', reason: `${va.label} and ${vb.label} are different facts, not rival values` };
  } else if ((va.kind === 'TEXT' || va.kind === 'ENTITY') && (vb.kind === 'TEXT' || vb.kind === 'ENTITY')) {
    const ta = va.kind === 'TEXT' ? va.text : va.label;
    const tb = vb.kind === 'TEXT' ? vb.text : vb.label;
    base = normalText(ta) === normalText(tb) ? { relation: 'SAME', reason: `both say "${ta}"` } : { relation: 'INCOMPARABLE', reason: `"${ta}" and "${tb}" are different statements that cannot be compared as values` };
  } else if (va.kind === 'TEXT' || vb.kind === 'TEXT' || va.kind === 'ENTITY' || vb.kind === 'ENTITY') {
    const text = va.kind === 'TEXT' ? a.valueText : b.valueText;
    base = { relation: 'INCOMPARABLE', reason: `"${text}" could not be normalised to a range` };
  } else if (va.kind !== vb.kind) {
    base = { relation: 'INCOMPARABLE', reason: `a ${va.kind.toLowerCase()} and a ${vb.kind.toLowerCase()} cannot be compared` };
  } else {
    base = compareRanges(va, vb);
  }
  if (a.denies !== b.denies) {
    // One side denies what the other asserts: agreement on the value is a conflict of claims.
    if (base.relation === 'SAME' || base.relation === 'NARROWER' || base.relation === 'BROADER' || base.relation === 'OVERLAPS') {
      return result('CONFLICTS', `one denies what the other asserts (${base.reason})`);
    }
    return result('INCOMPARABLE', `one denies, the other asserts, and ${base.reason}`);
  }
  return result(base.relation, base.reason);
}

export const consistent = (relation: Relation) => relation === 'SAME' || relation === 'NARROWER' || relation === 'BROADER' || relation === 'OVERLAPS';

export interface Cluster {
  claimIds: number[];
  /** The union of the member ranges (null bounds: unbounded); undefined for entity or text values. */
  lower: number | null;
  upper: number | null;
  kind: ComparableValue['kind'];
  scope: string;
  denies: boolean;
}

/** What clustering needs of a value: a single claim, or a distinct value standing for every claim that states it. */
export interface ClusterValue {
  value: ComparableValue;
  scope: string;
  denies: boolean;
}

export interface ValueClique<T extends ClusterValue> {
  members: T[];
  lower: number | null;
  upper: number | null;
  kind: ComparableValue['kind'];
  scope: string;
  denies: boolean;
}

/**
 * Maximal sets of mutually consistent values. Ranges of one scope form an interval graph, whose
 * maximal cliques are the sets of ranges sharing a point (Helly), found by a sweep in O(n log n).
 * Entity and text values cluster by equal value. A value may belong to several cliques.
 *
 * Equal ranges always land in the same cliques (a clique is every range containing the point where
 * it closes), so clustering the distinct values of many claims gives the cliques of the claims.
 * Cliques come in order of the first value of their (scope, denies, kind) group, then along the
 * range; members of a range clique in no particular order.
 */
export function valueCliques<T extends ClusterValue>(values: readonly T[]): Array<ValueClique<T>> {
  const groups = new Map<string, T[]>();
  for (const item of values) {
    const value = item.value;
    const valueKey =
      value.kind === 'ENTITY' ? `entity:${value.entityId}` : value.kind === 'TEXT' ? `text:${normalText(value.text)}` : `range:${value.kind}`;
    const key = `${item.scope}\u0000${item.denies}\u0000${valueKey}`;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const cliques: Array<ValueClique<T>> = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    if (first.value.kind === 'ENTITY' || first.value.kind === 'TEXT') {
      cliques.push({ members: group, lower: null, upper: null, kind: first.value.kind, scope: first.scope, denies: first.denies });
      continue;
    }
    for (const members of intervalCliques(group)) cliques.push({ members, ...unionOf(members), kind: first.value.kind, scope: first.scope, denies: first.denies });
  }
  return cliques;
}

/**
 * Maximal sets of mutually consistent claims (see valueCliques), largest first: claim ids by id for
 * ranges, in the given order for entity and text values.
 */
export function clusterClaims(claims: ComparableClaim[]): Cluster[] {
  return valueCliques(claims)
    .map(({ members, ...clique }): Cluster => {
      const claimIds = members.map((member) => member.id);
      if (clique.kind !== 'ENTITY' && clique.kind !== 'TEXT') claimIds.sort((a, b) => a - b);
      return { claimIds, ...clique };
    })
    .sort((a, b) => b.claimIds.length - a.claimIds.length || lo(a.lower) - lo(b.lower));
}

/** Lowest and highest bound of some ranges; null when any is unbounded on that side. */
function unionOf(members: readonly ClusterValue[]): { lower: number | null; upper: number | null } {
  let lower: number | null = Number.POSITIVE_INFINITY;
  let upper: number | null = Number.NEGATIVE_INFINITY;
  for (const member of members) {
    const range = member.value as { lower: number | null; upper: number | null };
    lower = range.lower === null || lower === null ? null : Math.min(lower, range.lower);
    upper = range.upper === null || upper === null ? null : Math.max(upper, range.upper);
  }
  return { lower, upper };
}

function intervalCliques<T extends ClusterValue>(group: T[]): T[][] {
  type Event = { at: number; start: boolean; item: T };
  const events: Event[] = [];
  for (const item of group) {
    const value = item.value as { lower: number | null; upper: number | null };
    events.push({ at: lo(value.lower), start: true, item }, { at: hi(value.upper), start: false, item });
  }
  // Closed ranges: at equal positions, starts come before ends so touching ranges share a point.
  events.sort((a, b) => a.at - b.at || (a.start === b.start ? 0 : a.start ? -1 : 1));
  const active = new Set<T>();
  const cliques: T[][] = [];
  let lastWasStart = false;
  for (const event of events) {
    if (event.start) {
      active.add(event.item);
      lastWasStart = true;
    } else {
      if (lastWasStart) cliques.push([...active]);
      active.delete(event.item);
      lastWasStart = false;
    }
  }
  return cliques;
}

/** The comparable form of a normalised value. */
export function comparable(valueText: string, normalised: NormalisedValue, entity?: { id: number; label: string }): ComparableValue {
  if (entity) return { kind: 'ENTITY', entityId: entity.id, label: entity.label };
  if (normalised.kind === 'TEXT') return { kind: 'TEXT', text: valueText };
  return { kind: normalised.kind, lower: normalised.lower, upper: normalised.upper };
}

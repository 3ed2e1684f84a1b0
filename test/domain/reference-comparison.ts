// The row-by-row comparison as it was before claims were grouped into claim sets (commit ce5f40b):
// kept verbatim as an oracle, so tests can check that the grouped computation in
// src/domain/comparison.ts gives exactly the same relations, clusters, origins and summary.
// Since then, one addition: the scope in words (entities by name) on each claim and cluster, which
// relation reasons and the summary use (scopeText below, written out claim by claim).
import { formatRange, relate, type ComparableClaim, type ComparableValue, type PairRelation } from '../../src/domain/compare.js';
import { independentOrigins, traceOrigin, type IndependenceOptions, type Origin } from '../../src/domain/independence.js';
import type { ComparisonClaim } from '../../src/domain/comparison.js';

export interface ReferenceCluster {
  claimIds: number[];
  documentIds: number[];
  lower: number | null;
  upper: number | null;
  kind: ComparableValue['kind'];
  scope: string;
  scopeText: string;
  denies: boolean;
  valueTexts: string[];
  origins: Origin[];
  independentOriginCount: number;
}

export interface ReferenceComparison {
  claims: ComparisonClaim[];
  origins: Origin[];
  relations: Array<PairRelation & { aClaims: number[]; bClaims: number[] }>;
  clusters: ReferenceCluster[];
  summary: string;
}

const normalText = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

function scopeKey(qualifiers: ComparisonClaim['qualifiers']): string {
  return qualifiers
    .map((qualifier) => `${qualifier.property}=${qualifier.entityId !== null ? `#${qualifier.entityId}` : normalText(qualifier.valueText ?? '')}`)
    .sort()
    .join('; ');
}

/** Each qualifier in words (an entity by name), in the order of its key part. */
function scopeText(qualifiers: ComparisonClaim['qualifiers']): string {
  const parts = qualifiers.map((qualifier) => ({
    key: `${qualifier.property}=${qualifier.entityId !== null ? `#${qualifier.entityId}` : normalText(qualifier.valueText ?? '')}`,
    text: `${qualifier.property}=${qualifier.entityId !== null ? (qualifier.entityName ?? `#${qualifier.entityId}`) : normalText(qualifier.valueText ?? '')}`,
  }));
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return parts.map((part) => part.text).join(', ');
}

function valueKey(claim: ComparableClaim): string {
  const value = claim.value;
  const key =
    value.kind === 'ENTITY' ? `e${value.entityId}` : value.kind === 'TEXT' ? `t${normalText(value.text)}` : `${value.kind}:${value.lower}:${value.upper}`;
  return `${claim.scope}\u0000${claim.denies}\u0000${key}`;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function describeValues(cluster: ReferenceCluster): string {
  const texts = cluster.valueTexts.map((text) => `“${text}”`);
  const listed = texts.length <= 3 ? texts.join(', ') : `${texts.slice(0, 3).join(', ')} and ${texts.length - 3} more`;
  const range = cluster.kind === 'QUANTITY' || cluster.kind === 'SHARE' || cluster.kind === 'DATE' ? ` (${formatRange(cluster)})` : '';
  return `${cluster.denies ? 'deny ' : ''}${listed}${range}${cluster.scopeText ? ` for ${cluster.scopeText}` : ''}`;
}

function summarise(clusters: ReferenceCluster[], claims: ComparisonClaim[]): string {
  if (claims.length === 0) return 'No document makes a claim about this.';
  const parts = clusters.map((cluster) => {
    const documents = cluster.documentIds.length;
    const [only] = cluster.origins;
    if (cluster.origins.length === 1 && only?.kind === 'CITED_SOURCE') {
      return `${only.name}, cited in ${plural(documents, 'document')}, ${documents === 1 ? 'states' : 'is cited as stating'} ${describeValues(cluster)}`;
    }
    if (cluster.origins.length === 1 && only?.kind === 'UNNAMED') return `${plural(documents, 'document')} ${documents === 1 ? 'states' : 'state'} ${describeValues(cluster)}, reported by ${only.name}`;
    const unnamed = cluster.origins.filter((origin) => origin.kind === 'UNNAMED').length;
    const ofThem = unnamed === 0 ? '' : ` (${unnamed === 1 ? 'one of them an unnamed source' : `${unnamed} of them unnamed sources`})`;
    return `${plural(documents, 'document')} from ${plural(cluster.independentOriginCount, 'independent origin')}${ofThem} ${documents === 1 ? 'states' : 'state'} ${describeValues(cluster)}`;
  });
  return `${parts.join('; ')}.`;
}

const lo = (value: number | null) => value ?? Number.NEGATIVE_INFINITY;
const hi = (value: number | null) => value ?? Number.POSITIVE_INFINITY;

interface Cluster {
  claimIds: number[];
  lower: number | null;
  upper: number | null;
  kind: ComparableValue['kind'];
  scope: string;
  scopeText: string;
  denies: boolean;
}

export function referenceClusterClaims(claims: ComparableClaim[]): Cluster[] {
  const groups = new Map<string, ComparableClaim[]>();
  for (const claim of claims) {
    const value = claim.value;
    const valueKey =
      value.kind === 'ENTITY' ? `entity:${value.entityId}` : value.kind === 'TEXT' ? `text:${normalText(value.text)}` : `range:${value.kind}`;
    const key = `${claim.scope}\u0000${claim.denies}\u0000${valueKey}`;
    const group = groups.get(key);
    if (group) group.push(claim);
    else groups.set(key, [claim]);
  }
  const clusters: Cluster[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    if (first.value.kind === 'ENTITY' || first.value.kind === 'TEXT') {
      clusters.push({ claimIds: group.map((claim) => claim.id), lower: null, upper: null, kind: first.value.kind, scope: first.scope, scopeText: first.scopeText!, denies: first.denies });
      continue;
    }
    clusters.push(...intervalCliques(group).map((members) => rangeCluster(members)));
  }
  return clusters.sort((a, b) => b.claimIds.length - a.claimIds.length || lo(a.lower) - lo(b.lower));
}

function rangeCluster(members: ComparableClaim[]): Cluster {
  const ranges = members.map((member) => member.value as { lower: number | null; upper: number | null });
  const lower = ranges.some((range) => range.lower === null) ? null : Math.min(...ranges.map((range) => range.lower!));
  const upper = ranges.some((range) => range.upper === null) ? null : Math.max(...ranges.map((range) => range.upper!));
  const first = members[0]!;
  return { claimIds: members.map((member) => member.id).sort((a, b) => a - b), lower, upper, kind: first.value.kind, scope: first.scope, scopeText: first.scopeText!, denies: first.denies };
}

function intervalCliques(group: ComparableClaim[]): ComparableClaim[][] {
  type Event = { at: number; start: boolean; claim: ComparableClaim };
  const events: Event[] = [];
  for (const claim of group) {
    const value = claim.value as { lower: number | null; upper: number | null };
    events.push({ at: lo(value.lower), start: true, claim }, { at: hi(value.upper), start: false, claim });
  }
  events.sort((a, b) => a.at - b.at || (a.start === b.start ? 0 : a.start ? -1 : 1));
  const active = new Map<number, ComparableClaim>();
  const cliques: ComparableClaim[][] = [];
  let lastWasStart = false;
  for (const event of events) {
    if (event.start) {
      active.set(event.claim.id, event.claim);
      lastWasStart = true;
    } else {
      if (lastWasStart) cliques.push([...active.values()]);
      active.delete(event.claim.id);
      lastWasStart = false;
    }
  }
  return cliques;
}

export function referenceComparison(input: ComparisonClaim[], options: IndependenceOptions = {}): ReferenceComparison {
  const claims = input;
  const origins = claims.map((claim) => traceOrigin(claim, options).origin);
  const comparables: ComparableClaim[] = claims.map((claim) => ({
    id: claim.claimId,
    valueText: claim.valueText,
    value: claim.value,
    denies: claim.modality === 'DENIES',
    scope: scopeKey(claim.qualifiers),
    scopeText: scopeText(claim.qualifiers),
  }));
  const indexOf = new Map(claims.map((claim, index) => [claim.claimId, index]));
  const valueGroups = new Map<string, ComparableClaim[]>();
  for (const claim of comparables) {
    const key = valueKey(claim);
    const group = valueGroups.get(key);
    if (group) group.push(claim);
    else valueGroups.set(key, [claim]);
  }
  const distinct = [...valueGroups.values()];
  const groupIds = distinct.map((group) => group.map((claim) => claim.id));
  const relations: ReferenceComparison['relations'] = [];
  for (let i = 0; i < distinct.length; i++) {
    for (let j = i + 1; j < distinct.length; j++) {
      relations.push({ ...relate(distinct[i]![0]!, distinct[j]![0]!), aClaims: groupIds[i]!, bClaims: groupIds[j]! });
    }
  }
  const clusters: ReferenceCluster[] = referenceClusterClaims(comparables).map((cluster) => {
    const members = cluster.claimIds.map((id) => indexOf.get(id)!);
    const clusterOrigins = independentOrigins(members.map((index) => ({ claimId: claims[index]!.claimId, origin: origins[index]! })));
    return {
      ...cluster,
      documentIds: [...new Set(members.map((index) => claims[index]!.document.id))].sort((a, b) => a - b),
      valueTexts: [...new Set(members.map((index) => claims[index]!.valueText))],
      origins: clusterOrigins,
      independentOriginCount: clusterOrigins.length,
    };
  });
  return { claims, origins, relations, clusters, summary: summarise(clusters, claims) };
}

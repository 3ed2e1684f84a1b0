// A comparison of what documents say about one subject and property: every claim with its
// normalised value and origin, relations between distinct values, clusters of consistent values
// with their independent origins, and a neutral summary. Plain data in, plain data out.
import {
  clusterClaims,
  formatRange,
  relate,
  type ComparableClaim,
  type ComparableValue,
  type PairRelation,
} from './compare.js';
import { independentOrigins, traceOrigin, type ClaimProvenance, type IndependenceOptions, type Origin } from './independence.js';

export interface ComparisonClaim extends ClaimProvenance {
  valueText: string;
  value: ComparableValue;
  modality: 'ASSERTS' | 'REPORTS' | 'DENIES' | 'ESTIMATES';
  qualifiers: Array<{ property: string; valueText: string | null; entityId: number | null }>;
}

export interface ComparisonCluster {
  claimIds: number[];
  documentIds: number[];
  lower: number | null;
  upper: number | null;
  kind: ComparableValue['kind'];
  scope: string;
  denies: boolean;
  valueTexts: string[];
  origins: Origin[];
  independentOriginCount: number;
}

/** A relation between two distinct values, with every claim that states each. */
export interface ValueRelation extends PairRelation {
  aClaims: number[];
  bClaims: number[];
}

export interface Comparison {
  claims: ComparisonClaim[];
  /** origins[i] is where claims[i] comes from (parallel arrays: no copy of 10,000 claims). */
  origins: Origin[];
  relations: ValueRelation[];
  clusters: ComparisonCluster[];
  summary: string;
}

const normalText = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

export function scopeKey(qualifiers: ComparisonClaim['qualifiers']): string {
  return qualifiers
    .map((qualifier) => `${qualifier.property}=${qualifier.entityId !== null ? `#${qualifier.entityId}` : normalText(qualifier.valueText ?? '')}`)
    .sort()
    .join('; ');
}

function valueKey(claim: ComparableClaim): string {
  const value = claim.value;
  const key =
    value.kind === 'ENTITY' ? `e${value.entityId}` : value.kind === 'TEXT' ? `t${normalText(value.text)}` : `${value.kind}:${value.lower}:${value.upper}`;
  return `${claim.scope}\u0000${claim.denies}\u0000${key}`;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function describeValues(cluster: ComparisonCluster): string {
  const texts = cluster.valueTexts.map((text) => `“${text}”`);
  const listed = texts.length <= 3 ? texts.join(', ') : `${texts.slice(0, 3).join(', ')} and ${texts.length - 3} more`;
  const range = cluster.kind === 'QUANTITY' || cluster.kind === 'SHARE' || cluster.kind === 'DATE' ? ` (${formatRange(cluster)})` : '';
  return `${cluster.denies ? 'deny ' : ''}${listed}${range}`;
}

function summarise(clusters: ComparisonCluster[], claims: ComparisonClaim[]): string {
  if (claims.length === 0) return 'No document makes a claim about this.';
  const parts = clusters.map((cluster) => {
    const documents = cluster.documentIds.length;
    const [only] = cluster.origins;
    if (cluster.origins.length === 1 && only?.kind === 'CITED_SOURCE') {
      return `${only.name}, cited in ${plural(documents, 'document')}, ${documents === 1 ? 'states' : 'is cited as stating'} ${describeValues(cluster)}`;
    }
    return `${plural(documents, 'document')} from ${plural(cluster.independentOriginCount, 'independent origin')} ${documents === 1 ? 'states' : 'state'} ${describeValues(cluster)}`;
  });
  return `${parts.join('; ')}.`;
}

export function buildComparison(input: ComparisonClaim[], options: IndependenceOptions = {}): Comparison {
  const claims = input;
  const origins = claims.map((claim) => traceOrigin(claim, options).origin);
  const comparables: ComparableClaim[] = claims.map((claim) => ({
    id: claim.claimId,
    valueText: claim.valueText,
    value: claim.value,
    denies: claim.modality === 'DENIES',
    scope: scopeKey(claim.qualifiers),
  }));
  const indexOf = new Map(claims.map((claim, index) => [claim.claimId, index]));

  // Relations between distinct values: claims with equal values (and scope) are SAME by definition,
  // so n claims cost one comparison per pair of distinct values, not per pair of claims.
  const valueGroups = new Map<string, ComparableClaim[]>();
  for (const claim of comparables) {
    const key = valueKey(claim);
    const group = valueGroups.get(key);
    if (group) group.push(claim);
    else valueGroups.set(key, [claim]);
  }
  const distinct = [...valueGroups.values()];
  // One id list per value, shared by every relation that names it.
  const groupIds = distinct.map((group) => group.map((claim) => claim.id));
  const relations: ValueRelation[] = [];
  for (let i = 0; i < distinct.length; i++) {
    for (let j = i + 1; j < distinct.length; j++) {
      relations.push({ ...relate(distinct[i]![0]!, distinct[j]![0]!), aClaims: groupIds[i]!, bClaims: groupIds[j]! });
    }
  }

  const clusters: ComparisonCluster[] = clusterClaims(comparables).map((cluster) => {
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

// A comparison of what documents say about one subject and property: every claim with its
// normalised value and origin, relations between distinct values, clusters of consistent values
// with their independent origins, and a neutral summary. Plain data in, plain data out.
//
// Most claims of a comparison repeat one another: 10,000 claims state a dozen values from a few
// dozen origins. The computation therefore works on claim sets, claims that agree in everything it
// looks at (value text, value, denial, scope, origin), with their count and documents: relations are
// computed per distinct value, clusters per distinct range, origins and texts per set.
// buildComparison groups claims into sets itself; compareClaimSets takes sets grouped elsewhere
// (by the database) and gives the same relations, clusters and summary, without claim ids.
import { formatRange, relate, valueCliques, type ComparableClaim, type ComparableValue, type PairRelation } from './compare.js';
import { traceOrigin, type ClaimProvenance, type IndependenceOptions, type Origin } from './independence.js';

export interface ComparisonClaim extends ClaimProvenance {
  valueText: string;
  value: ComparableValue;
  /** SPECULATES (a hedged statement) is compared as an estimate is: by its value; the modality is shown, not weighed. */
  modality: 'ASSERTS' | 'REPORTS' | 'DENIES' | 'ESTIMATES' | 'SPECULATES';
  /** entityName: the primary name of entityId, for what a reader sees (scopeText). */
  qualifiers: Array<{ property: string; valueText: string | null; entityId: number | null; entityName?: string | null }>;
}

/**
 * Claims that agree in everything the comparison looks at: the same value text and value, both
 * denying or both not, the same scope and the same origin.
 */
export interface ClaimSet {
  valueText: string;
  value: ComparableValue;
  denies: boolean;
  /** The scope key (scopeKey): what grouping compares. */
  scope: string;
  /** The same scope in words (scopeText): equal for equal keys. */
  scopeText: string;
  origin: Origin;
  claimCount: number;
  /** The documents of its claims (repeats allowed). */
  documentIds: readonly number[];
  /**
   * Where its first claim stands in the order the comparison lists claims (by document, then id):
   * [documentId, claimId], or [index, 0] for claims given as a list. Compared element by element.
   */
  position: readonly [number, number];
  /** Its first claim in that order, and its lowest claim id. */
  firstClaimId: number;
  lowestClaimId: number;
}

/** A maximal set of consistent values, with the documents and origins behind it. */
export interface ClusterSummary {
  claimCount: number;
  documentIds: number[];
  lower: number | null;
  upper: number | null;
  kind: ComparableValue['kind'];
  scope: string;
  /** The scope in words, entities by name: what the API shows and the summary says. */
  scopeText: string;
  denies: boolean;
  valueTexts: string[];
  origins: Origin[];
  independentOriginCount: number;
}

export interface ComparisonCluster extends ClusterSummary {
  /** By id for ranges; in the order of the claims for entity and text values. */
  claimIds: number[];
}

/** A relation between two distinct values, with every claim that states each. */
export interface ValueRelation extends PairRelation {
  aClaims: number[];
  bClaims: number[];
}

/** Relations, clusters and summary: what compareClaimSets gives. a and b are the first claim of each value. */
export interface ComparisonSummary {
  claimCount: number;
  relations: PairRelation[];
  clusters: ClusterSummary[];
  summary: string;
}

/** The same with every claim: what buildComparison gives. */
export interface Comparison extends ComparisonSummary {
  claims: ComparisonClaim[];
  /** origins[i] is where claims[i] comes from (parallel arrays: no copy of 10,000 claims). */
  origins: Origin[];
  relations: ValueRelation[];
  clusters: ComparisonCluster[];
}

const normalText = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

type Qualifier = ComparisonClaim['qualifiers'][number];
const keyPart = (qualifier: Qualifier) => `${qualifier.property}=${qualifier.entityId !== null ? `#${qualifier.entityId}` : normalText(qualifier.valueText ?? '')}`;

/** The canonical scope of some qualifiers: an entity by id, so two entities of one name stay apart. */
export function scopeKey(qualifiers: ComparisonClaim['qualifiers']): string {
  return qualifiers.map(keyPart).sort().join('; ');
}

/**
 * The scope as a reader sees it: an entity by its name (its id only when the caller gave no name),
 * a text normalised as the key has it, in the key's order. A function of the key and the entities'
 * names, so claims of one scope read the same whichever comes first; different keys may read alike.
 */
export function scopeText(qualifiers: ComparisonClaim['qualifiers']): string {
  if (qualifiers.length === 0) return '';
  return qualifiers
    .map((qualifier) => {
      const text = qualifier.entityId !== null ? (qualifier.entityName ?? `#${qualifier.entityId}`) : normalText(qualifier.valueText ?? '');
      return [keyPart(qualifier), `${qualifier.property}=${text}`] as const;
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, text]) => text)
    .join(', ');
}

/** Claims with equal keys have equal values for relations (SAME by definition). */
function valueKey(claim: { value: ComparableValue; scope: string; denies: boolean }): string {
  const value = claim.value;
  const key =
    value.kind === 'ENTITY' ? `e${value.entityId}` : value.kind === 'TEXT' ? `t${normalText(value.text)}` : `${value.kind}:${value.lower}:${value.upper}`;
  return `${claim.scope}\u0000${claim.denies}\u0000${key}`;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function describeValues(cluster: ClusterSummary): string {
  const texts = cluster.valueTexts.map((text) => `“${text}”`);
  const listed = texts.length <= 3 ? texts.join(', ') : `${texts.slice(0, 3).join(', ')} and ${texts.length - 3} more`;
  const range = cluster.kind === 'QUANTITY' || cluster.kind === 'SHARE' || cluster.kind === 'DATE' ? ` (${formatRange(cluster)})` : '';
  return `${cluster.denies ? 'deny ' : ''}${listed}${range}${cluster.scopeText ? ` for ${cluster.scopeText}` : ''}`;
}

function summarise(clusters: ClusterSummary[], claimCount: number): string {
  if (claimCount === 0) return 'No document makes a claim about this.';
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

const byPosition = (a: ClaimSet, b: ClaimSet) => a.position[0] - b.position[0] || a.position[1] - b.position[1];
const byLowestClaimId = (a: ClaimSet, b: ClaimSet) => a.lowestClaimId - b.lowestClaimId;
const lo = (value: number | null) => value ?? Number.NEGATIVE_INFINITY;

/** One distinct value (and scope, denial): its sets in order; the first set holds its first claim. */
interface DistinctValue<S extends ClaimSet> {
  value: ComparableValue;
  scope: string;
  scopeText: string;
  denies: boolean;
  sets: S[];
}

interface SetComparison<S extends ClaimSet> {
  claimCount: number;
  relations: Array<PairRelation & { aValue: DistinctValue<S>; bValue: DistinctValue<S> }>;
  clusters: Array<ClusterSummary & { members: S[] }>;
  summary: string;
}

function compareSets<S extends ClaimSet>(sets: readonly S[]): SetComparison<S> {
  const ordered = [...sets].sort(byPosition);
  let claimCount = 0;
  // Relations between distinct values: claims with equal values (and scope) are SAME by definition,
  // so n claims cost one comparison per pair of distinct values, not per pair of claims. Each value
  // is represented by its first claim.
  const values = new Map<string, DistinctValue<S>>();
  for (const set of ordered) {
    claimCount += set.claimCount;
    const key = valueKey(set);
    const found = values.get(key);
    if (found) found.sets.push(set);
    else values.set(key, { value: set.value, scope: set.scope, scopeText: set.scopeText, denies: set.denies, sets: [set] });
  }
  const distinct = [...values.values()];
  const representatives: ComparableClaim[] = distinct.map(({ sets: [first] }) => ({
    id: first!.firstClaimId,
    valueText: first!.valueText,
    value: first!.value,
    denies: first!.denies,
    scope: first!.scope,
    scopeText: first!.scopeText,
  }));
  const relations: SetComparison<S>['relations'] = [];
  for (let i = 0; i < distinct.length; i++) {
    for (let j = i + 1; j < distinct.length; j++) {
      relations.push({ ...relate(representatives[i]!, representatives[j]!), aValue: distinct[i]!, bValue: distinct[j]! });
    }
  }

  // Clusters of distinct values, largest (in claims) first.
  const cliques = valueCliques(distinct).map((clique) => {
    const members = clique.members.flatMap((value) => value.sets);
    // Every value of a clique has its scope key, hence its scope text.
    return { ...clique, members, scopeText: clique.members[0]!.scopeText, claimCount: members.reduce((sum, set) => sum + set.claimCount, 0) };
  });
  cliques.sort((a, b) => b.claimCount - a.claimCount || lo(a.lower) - lo(b.lower));
  const clusters = cliques.map(({ members, claimCount: count, lower, upper, kind, scope, scopeText, denies }) => {
    // The order of a cluster's claims: by id for ranges, as listed for entity and text values; texts
    // and origins are listed in order of their first claim.
    members.sort(kind === 'ENTITY' || kind === 'TEXT' ? byPosition : byLowestClaimId);
    const documentIds = new Set<number>();
    const valueTexts = new Set<string>();
    const origins = new Map<string, Origin>();
    for (const set of members) {
      for (const id of set.documentIds) documentIds.add(id);
      valueTexts.add(set.valueText);
      if (!origins.has(set.origin.key)) origins.set(set.origin.key, set.origin);
    }
    return {
      members,
      claimCount: count,
      documentIds: [...documentIds].sort((a, b) => a - b),
      lower,
      upper,
      kind,
      scope,
      scopeText,
      denies,
      valueTexts: [...valueTexts],
      origins: [...origins.values()],
      independentOriginCount: origins.size,
    };
  });
  return { claimCount, relations, clusters, summary: summarise(clusters, claimCount) };
}

/** Relations, clusters and summary of claims grouped into sets (in any order; sets may be split further). */
export function compareClaimSets(sets: readonly ClaimSet[]): ComparisonSummary {
  const { claimCount, relations, clusters, summary } = compareSets(sets);
  return {
    claimCount,
    relations: relations.map(({ aValue: _a, bValue: _b, ...relation }) => relation),
    clusters: clusters.map(({ members: _members, ...cluster }) => cluster),
    summary,
  };
}

/** The comparison of some claims, listed in the given order. */
export function buildComparison(input: ComparisonClaim[], options: IndependenceOptions = {}): Comparison {
  const claims = input;
  const origins = claims.map((claim) => traceOrigin(claim, options).origin);
  // Group the claims into sets; each set remembers its claims (indices into claims, in order).
  type IndexedSet = ClaimSet & { documentIds: number[]; indices: number[] };
  const sets = new Map<string, IndexedSet>();
  const originIds = new Map<Origin, number>();
  claims.forEach((claim, index) => {
    const origin = origins[index]!;
    let originId = originIds.get(origin);
    if (originId === undefined) originIds.set(origin, (originId = originIds.size));
    const denies = claim.modality === 'DENIES';
    const scope = scopeKey(claim.qualifiers);
    const value = claim.value;
    const exactValue =
      value.kind === 'ENTITY' ? `e${value.entityId}\u0000${value.label}` : value.kind === 'TEXT' ? `t${value.text}` : `${value.kind}:${value.lower}:${value.upper}`;
    const key = `${scope}\u0000${denies}\u0000${exactValue}\u0000${originId}\u0000${claim.valueText}`;
    const set = sets.get(key);
    if (set) {
      set.claimCount += 1;
      set.documentIds.push(claim.document.id);
      set.indices.push(index);
      set.lowestClaimId = Math.min(set.lowestClaimId, claim.claimId);
    } else {
      sets.set(key, {
        valueText: claim.valueText,
        value,
        denies,
        scope,
        scopeText: scopeText(claim.qualifiers),
        origin,
        claimCount: 1,
        documentIds: [claim.document.id],
        position: [index, 0],
        firstClaimId: claim.claimId,
        lowestClaimId: claim.claimId,
        indices: [index],
      });
    }
  });
  const compared = compareSets([...sets.values()]);

  const idsOf = (members: readonly IndexedSet[]) =>
    members
      .flatMap((set) => set.indices)
      .sort((a, b) => a - b)
      .map((index) => claims[index]!.claimId);
  // One id list per value, shared by every relation that names it.
  const valueIds = new Map<DistinctValue<IndexedSet>, number[]>();
  const claimsOf = (value: DistinctValue<IndexedSet>) => {
    let ids = valueIds.get(value);
    if (!ids) valueIds.set(value, (ids = idsOf(value.sets)));
    return ids;
  };
  const relations: ValueRelation[] = compared.relations.map(({ aValue, bValue, ...relation }) => ({ ...relation, aClaims: claimsOf(aValue), bClaims: claimsOf(bValue) }));
  const clusters: ComparisonCluster[] = compared.clusters.map(({ members, ...cluster }) => {
    const claimIds = idsOf(members);
    if (cluster.kind !== 'ENTITY' && cluster.kind !== 'TEXT') claimIds.sort((a, b) => a - b);
    return { claimIds, ...cluster };
  });
  return { claims, origins, claimCount: compared.claimCount, relations, clusters, summary: compared.summary };
}

// Where a claim comes from. A claim in the document's own voice originates from its publisher
// (or, with no publisher, the document itself); a claim attributed to a cited source originates
// from that source, following nested quotes to the innermost one. Documents of one publisher are
// one origin; optionally, an organisation and its sub-bodies are one origin too. A source the
// document does not name ("officials", "a spokesman for the ministry") is an origin of its own,
// one per document and description: nothing tells whether two documents' "officials" are the
// same people, and folding it into the publisher would count hearsay as the publisher's word.

export interface OrganisationRef {
  id: number;
  name: string;
  /** Parent first, root last: UN General Assembly → [United Nations]. */
  ancestors?: Array<{ id: number; name: string }>;
}

export type CitedSource =
  | { type: 'ENTITY'; entity: OrganisationRef }
  | { type: 'DOCUMENT'; documentId: number; title: string; publisher: OrganisationRef | null }
  /** A source described, not named, by the citing document. */
  | { type: 'UNNAMED'; description: string; document: { id: number; title: string } };

export interface ChainLink {
  citationId: number;
  kind: 'QUOTE' | 'PARAPHRASE' | 'REFERENCE';
  source: CitedSource | null;
}

export interface ClaimProvenance {
  claimId: number;
  document: { id: number; title: string; publisher: OrganisationRef | null };
  asserter: OrganisationRef | null;
  /** The asserter in the document's words when it names none ("officials"); null or absent otherwise. */
  asserterDescription?: string | null;
  /** Outermost first: the claim's own citation is the last link. */
  chain: ChainLink[];
}

export interface Origin {
  key: string;
  kind: 'PUBLISHER' | 'CITED_SOURCE' | 'DOCUMENT' | 'UNNAMED';
  entityId: number | null;
  documentId: number | null;
  name: string;
}

export interface OriginTrace {
  claimId: number;
  origin: Origin;
}

export interface IndependenceOptions {
  /** Count an organisation and its sub-bodies (UN General Assembly, UN experts) as one origin. */
  mergeSubOrganisations?: boolean;
}

// Origins are values: one object per organisation (and kind) or document serves every claim that
// traces to it, so a comparison of 10,000 claims allocates a few dozen origins, not 10,000.
const entityOrigins = new WeakMap<OrganisationRef, Map<string, Origin>>();
const documentOrigins = new Map<number, Origin>();

function entityOrigin(entity: OrganisationRef, kind: Origin['kind'], options: IndependenceOptions): Origin {
  const memoKey = `${kind}|${options.mergeSubOrganisations ? 1 : 0}`;
  let memo = entityOrigins.get(entity);
  const found = memo?.get(memoKey);
  if (found) return found;
  const root = options.mergeSubOrganisations ? entity.ancestors?.at(-1) : undefined;
  const chosen = root ?? entity;
  const origin: Origin = { key: `entity:${chosen.id}`, kind, entityId: chosen.id, documentId: null, name: chosen.name };
  if (!memo) entityOrigins.set(entity, (memo = new Map()));
  memo.set(memoKey, origin);
  return origin;
}

function documentOrigin(document: { id: number; title: string; publisher: OrganisationRef | null }, options: IndependenceOptions): Origin {
  if (document.publisher) return entityOrigin(document.publisher, 'PUBLISHER', options);
  const found = documentOrigins.get(document.id);
  if (found?.name === `“${document.title}”`) return found;
  if (documentOrigins.size > 100_000) documentOrigins.clear();
  const origin: Origin = { key: `document:${document.id}`, kind: 'DOCUMENT', entityId: null, documentId: document.id, name: `“${document.title}”` };
  documentOrigins.set(document.id, origin);
  return origin;
}

const unnamedOrigins = new Map<string, Origin>();
const normalDescription = (description: string) => description.trim().replace(/\s+/g, ' ');

/** The origin of an unnamed source: one per citing document and description (spacing aside). */
function unnamedOrigin(source: Extract<CitedSource, { type: 'UNNAMED' }>): Origin {
  const description = normalDescription(source.description);
  const key = `unnamed:${source.document.id}:${description}`;
  const name = `an unnamed source (“${description}”) in “${source.document.title}”`;
  const found = unnamedOrigins.get(key);
  if (found?.name === name) return found;
  if (unnamedOrigins.size > 100_000) unnamedOrigins.clear();
  const origin: Origin = { key, kind: 'UNNAMED', entityId: null, documentId: source.document.id, name };
  unnamedOrigins.set(key, origin);
  return origin;
}

const verb = { QUOTE: 'quotes', PARAPHRASE: 'paraphrases', REFERENCE: 'refers to' } as const;

// "unnamed source" is said only of claims whose origin is one: a claim in the document's own voice
// whose chain passes through a described source words it otherwise.
function describeSource(source: CitedSource | null, ownVoice: boolean): string {
  if (!source) return 'a source it does not name';
  if (source.type === 'UNNAMED') return ownVoice ? `a source it calls “${normalDescription(source.description)}”` : `an unnamed source (“${normalDescription(source.description)}”)`;
  return source.type === 'ENTITY' ? source.entity.name : `the document “${source.title}”`;
}

/**
 * True when the claim counts for its document's own voice: no asserter, named or described, and
 * its own citation (in its document) is not to a described source.
 */
export function inOwnVoice(claim: ClaimProvenance): boolean {
  if (claim.asserter || claim.asserterDescription) return false;
  const source = claim.chain.at(-1)?.source;
  return !(source?.type === 'UNNAMED' && source.document.id === claim.document.id);
}

/** Human-readable steps from the document to the origin of its claim (built on demand: a comparison may hold 10,000 claims). */
export function evidenceOf(claim: ClaimProvenance): string[] {
  const { document } = claim;
  const ownVoice = inOwnVoice(claim);
  const evidence = [`“${document.title}”${document.publisher ? `, published by ${document.publisher.name},` : ''}`];
  claim.chain.forEach((link, index) => evidence.push(`${index === 0 ? '' : 'who '}${verb[link.kind]} ${describeSource(link.source, ownVoice)}`));
  if (ownVoice) evidence.push('and states it in its own voice');
  else if (claim.chain.length === 0) {
    evidence.push(`attributing it to ${claim.asserter ? claim.asserter.name : `an unnamed source (“${normalDescription(claim.asserterDescription ?? '')}”)`}`);
  }
  return evidence;
}

/**
 * Where claims come from once their chain of attribution is resolved: a document's own voice, or
 * the source they are attributed to (the innermost cited source, else the asserter).
 */
export function originOf(from: { ownVoice: ClaimProvenance['document'] } | { attributedTo: CitedSource }, options: IndependenceOptions = {}): Origin {
  if ('ownVoice' in from) return documentOrigin(from.ownVoice, options);
  const source = from.attributedTo;
  if (source.type === 'UNNAMED') return unnamedOrigin(source);
  return source.type === 'DOCUMENT'
    ? documentOrigin({ id: source.documentId, title: source.title, publisher: source.publisher }, options)
    : entityOrigin(source.entity, 'CITED_SOURCE', options);
}

/** The innermost cited source of a chain (outermost first), if any link names one. */
export function innermostSource(chain: readonly ChainLink[]): CitedSource | null {
  for (let index = chain.length - 1; index >= 0; index--) if (chain[index]!.source) return chain[index]!.source;
  return null;
}

/**
 * The source an attributed claim counts for: the innermost source its chain names or describes,
 * else its asserter, named or described.
 */
export function attributedSource(claim: ClaimProvenance): CitedSource {
  const source = innermostSource(claim.chain);
  if (source) return source;
  if (claim.asserter) return { type: 'ENTITY', entity: claim.asserter };
  return { type: 'UNNAMED', description: claim.asserterDescription ?? '', document: { id: claim.document.id, title: claim.document.title } };
}

export function traceOrigin(claim: ClaimProvenance, options: IndependenceOptions = {}): OriginTrace {
  if (inOwnVoice(claim)) return { claimId: claim.claimId, origin: originOf({ ownVoice: claim.document }, options) };
  return { claimId: claim.claimId, origin: originOf({ attributedTo: attributedSource(claim) }, options) };
}

/** Distinct origins among the traces of some claims. */
export function independentOrigins(traces: OriginTrace[]): Origin[] {
  const byKey = new Map<string, Origin>();
  for (const trace of traces) if (!byKey.has(trace.origin.key)) byKey.set(trace.origin.key, trace.origin);
  return [...byKey.values()];
}

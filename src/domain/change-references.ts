// Which values in a recorded change's before/after name rows of collection-scoped tables that may
// lie outside the change's own collection, and how to show a snapshot without the ones a caller
// may not read. Plain data in, plain data out: the lookups of what is readable happen elsewhere.
//
// A change of a collection-scoped node (a document, mention, claim, citation or collection) is
// shown only to callers who may read its collection, so the node's own columns need no check:
// everything else in its row (document, span, citation, parent) lies in the same document, except
// a citation's cited document. A change of a shared node (entities, their names, judgements) is
// shown to everyone, and a merge's snapshot lists the rows the merge moved, in any collection.

/** Tables whose rows belong to a collection (through their document). */
export type ScopedTable = 'Document' | 'Span' | 'Mention' | 'Claim' | 'ClaimQualifier' | 'Citation';

/** Per changed node type: columns of its snapshot that may name a row of another collection. */
const scalarReferences: Readonly<Record<string, Readonly<Record<string, ScopedTable>>>> = {
  Citation: { sourceDocumentId: 'Document' },
};

/** Per changed node type: lists of ids in its snapshots (a merge's: mergeEntities after, unmergeEntities before). */
const mergeLists: Readonly<Record<string, ScopedTable>> = {
  mentions: 'Mention',
  claimSubjects: 'Claim',
  claimAsserters: 'Claim',
  claimValues: 'Claim',
  qualifiers: 'ClaimQualifier',
  citations: 'Citation',
  published: 'Document',
  authored: 'Document',
};
const listReferences: Readonly<Record<string, Readonly<Record<string, ScopedTable>>>> = {
  Person: mergeLists,
  Organisation: mergeLists,
  Event: mergeLists,
};

export interface ChangeSnapshots {
  nodeType: string;
  before: unknown;
  after: unknown;
}

/** The ids a change's snapshots name, per scoped table. */
export type References = Map<ScopedTable, Set<number>>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

/** Adds the scoped ids the change names to `into` (one map for a whole page of changes). */
export function collectReferences(change: ChangeSnapshots, into: References = new Map()): References {
  const add = (table: ScopedTable, id: number) => {
    let ids = into.get(table);
    if (!ids) into.set(table, (ids = new Set()));
    ids.add(id);
  };
  for (const snapshot of [change.before, change.after]) {
    if (!isRecord(snapshot)) continue;
    for (const [key, table] of Object.entries(scalarReferences[change.nodeType] ?? {})) {
      if (isId(snapshot[key])) add(table, snapshot[key]);
    }
    for (const [key, table] of Object.entries(listReferences[change.nodeType] ?? {})) {
      const list = snapshot[key];
      if (Array.isArray(list)) for (const id of list) if (isId(id)) add(table, id);
    }
  }
  return into;
}

/**
 * The change's snapshots as a caller sees them: a column naming a row it may not read becomes
 * null, a list keeps only the ids it may read. Everything else is returned unchanged.
 */
export function redactSnapshots(change: ChangeSnapshots, readable: (table: ScopedTable, id: number) => boolean): { before: unknown; after: unknown } {
  const redact = (snapshot: unknown): unknown => {
    if (!isRecord(snapshot)) return snapshot;
    const scalars = scalarReferences[change.nodeType] ?? {};
    const lists = listReferences[change.nodeType] ?? {};
    let out: Record<string, unknown> | null = null;
    const set = (key: string, value: unknown) => {
      out ??= { ...snapshot };
      out[key] = value;
    };
    for (const [key, table] of Object.entries(scalars)) {
      const value = snapshot[key];
      if (isId(value) && !readable(table, value)) set(key, null);
    }
    for (const [key, table] of Object.entries(lists)) {
      const list = snapshot[key];
      if (!Array.isArray(list)) continue;
      const kept = list.filter((id) => isId(id) && readable(table, id));
      if (kept.length !== list.length) set(key, kept);
    }
    return out ?? snapshot;
  };
  return { before: redact(change.before), after: redact(change.after) };
}

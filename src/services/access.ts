// Who may read and write what: the one rule, and everything that applies it (Prisma filters,
// SQL conditions for the driver-level reads, role checks for writes) derives from it here.
// - A collection is readable when it is public or when the caller holds any role on it; a
//   document, and everything anchored in one, follows its collection.
// - A write on a collection's content needs a role of at least the rank asked for on it; a write
//   on shared nodes (entities, names) needs that role on some collection.
import type { Prisma } from '../db/client.js';
import { sql, sqlJoin, sqlRaw } from '../db/client.js';
import { ForbiddenError } from './errors.js';
import type { Identity, Role } from './tokens.js';

export type { Role } from './tokens.js';

const rank: Record<Role, number> = { READER: 1, EDITOR: 2, ADMIN: 3 };

/** The caller of a request or a command, built once per request (actorOf) and passed to every service. */
export interface Actor {
  tokenId: number | null;
  /** Who the change log records: "token:<id>", "anonymous", "cli:ingest". */
  actor: string;
  /** The caller's role per collection id. */
  roles: ReadonlyMap<number, Role>;
  /**
   * The collections the caller may read besides the public ones (those it holds a role on),
   * computed once with the actor: every filter below is derived from this list.
   */
  readonly readableCollectionIds: readonly number[];
}

export function actorOf(tokenId: number | null, actor: string, roles: ReadonlyMap<number, Role>): Actor {
  return { tokenId, actor, roles, readableCollectionIds: Object.freeze([...roles.keys()]) };
}

export const anonymous: Actor = actorOf(null, 'anonymous', new Map());

/** The actor of an authenticated token. */
export function actorOfIdentity(identity: Identity): Actor {
  return actorOf(identity.tokenId, `token:${identity.tokenId}`, new Map(identity.grants.map((grant) => [grant.collectionId, grant.role])));
}

// ---- Reads ----------------------------------------------------------------------------------

/** Whether the caller may read this collection (and its documents). */
export function canReadCollection(actor: Actor, collection: { id: number; visibility: 'PUBLIC' | 'PRIVATE' }): boolean {
  return collection.visibility === 'PUBLIC' || actor.readableCollectionIds.includes(collection.id);
}

/** Collections the caller may read, as a Prisma filter. */
export function readableCollectionsWhere(actor: Actor): Prisma.CollectionWhereInput {
  const ids = actor.readableCollectionIds;
  return ids.length === 0 ? { visibility: 'PUBLIC' } : { OR: [{ visibility: 'PUBLIC' }, { id: { in: [...ids] } }] };
}

/** Documents the caller may read: those in readable collections. */
export function readableDocumentsWhere(actor: Actor): Prisma.DocumentWhereInput {
  return { collection: readableCollectionsWhere(actor) };
}

/** Collections the caller may read, as an SQL condition on the Collection table aliased `alias` (same list, same rule). */
export function readableCollectionsSql(actor: Actor, alias: string): Prisma.Sql {
  const ids = actor.readableCollectionIds;
  const visibility = sqlRaw(`${alias}."visibility" = 'PUBLIC'`);
  return ids.length === 0 ? visibility : sql`(${visibility} OR ${sqlRaw(`${alias}."id"`)} IN (${sqlJoin([...ids])}))`;
}

// ---- Writes ---------------------------------------------------------------------------------

export function hasRole(actor: Actor, collectionId: number, role: Role): boolean {
  const held = actor.roles.get(collectionId);
  return held !== undefined && rank[held] >= rank[role];
}

/** Ids of the collections where the caller holds at least this role. */
export function collectionsWithRole(actor: Actor, role: Role): number[] {
  return [...actor.roles.entries()].filter(([, held]) => rank[held] >= rank[role]).map(([id]) => id);
}

const sendToken = (actor: Actor) => (actor.tokenId === null ? ': send a token' : '');

/** ForbiddenError unless the caller holds at least `role` on the collection; `what` names the write ("Editing a claim"). */
export function requireRole(actor: Actor, collectionId: number, role: Role, what: string): void {
  if (!hasRole(actor, collectionId, role)) throw new ForbiddenError(`${what} needs the ${role.toLowerCase()} role on this collection${sendToken(actor)}`);
}

/** ForbiddenError unless the caller holds at least `role` on some collection (writes on shared nodes). */
export function requireRoleSomewhere(actor: Actor, role: Role, what: string): void {
  if (collectionsWithRole(actor, role).length === 0) throw new ForbiddenError(`${what} needs the ${role.toLowerCase()} role on a collection${sendToken(actor)}`);
}

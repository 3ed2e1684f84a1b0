// What every resolver receives, built per request in yoga.ts, and the visibility rules that
// follow from the caller's token.
import type { Logger } from 'pino';
import type { Database, Prisma, PrismaClient } from './db/client.js';
import type { Identity } from './services/tokens.js';

export type Role = 'READER' | 'EDITOR' | 'ADMIN';

const rank: Record<Role, number> = { READER: 1, EDITOR: 2, ADMIN: 3 };

export interface Viewer {
  tokenId: number | null;
  /** Who the change log records: "token:<id>" or "anonymous". */
  actor: string;
  /** The caller's role per collection id. */
  roles: ReadonlyMap<number, Role>;
}

export const anonymous: Viewer = { tokenId: null, actor: 'anonymous', roles: new Map() };

/** The viewer of an authenticated token. */
export function viewerOfIdentity(identity: Identity): Viewer {
  return { tokenId: identity.tokenId, actor: `token:${identity.tokenId}`, roles: new Map(identity.grants.map((grant) => [grant.collectionId, grant.role])) };
}

export interface Context {
  prisma: PrismaClient;
  db: Database;
  requestId: string;
  logger: Logger;
  viewer: Viewer;
  /**
   * Fires when the execution's time limit passes or its client goes away (set by the timeout in
   * limits.ts). Long synchronous work checks it between bounded steps, yielding in between.
   */
  signal?: AbortSignal;
}

export function hasRole(viewer: Viewer, collectionId: number, role: Role): boolean {
  const held = viewer.roles.get(collectionId);
  return held !== undefined && rank[held] >= rank[role];
}

/** Ids of the collections where the caller holds at least this role. */
export function collectionsWithRole(viewer: Viewer, role: Role): number[] {
  return [...viewer.roles.entries()].filter(([, held]) => rank[held] >= rank[role]).map(([id]) => id);
}

/** Collections the caller may read: public ones, and those its token has a role on. */
export function visibleCollections(ctx: Pick<Context, 'viewer'>): Prisma.CollectionWhereInput {
  const readable = [...ctx.viewer.roles.keys()];
  return readable.length === 0 ? { visibility: 'PUBLIC' } : { OR: [{ visibility: 'PUBLIC' }, { id: { in: readable } }] };
}

/** Documents the caller may read: those in visible collections. Everything anchored in a document follows it. */
export function visibleDocuments(ctx: Pick<Context, 'viewer'>): Prisma.DocumentWhereInput {
  return { collection: visibleCollections(ctx) };
}

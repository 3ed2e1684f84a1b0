// What every resolver receives, built per request in yoga.ts. Who may read and write what is
// decided in src/services/access.ts alone; the helpers here only hand it the context's actor.
import type { Logger } from 'pino';
import type { Database, Prisma, PrismaClient } from './db/client.js';
import { readableCollectionsWhere, readableDocumentsWhere, type Actor } from './services/access.js';

export { anonymous, actorOfIdentity as viewerOfIdentity } from './services/access.js';

/** The caller of a request (src/services/access.ts). */
export type Viewer = Actor;

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

/** Collections the caller may read (readableCollectionsWhere). */
export function visibleCollections(ctx: Pick<Context, 'viewer'>): Prisma.CollectionWhereInput {
  return readableCollectionsWhere(ctx.viewer);
}

/** Documents the caller may read: those in visible collections. Everything anchored in a document follows it. */
export function visibleDocuments(ctx: Pick<Context, 'viewer'>): Prisma.DocumentWhereInput {
  return readableDocumentsWhere(ctx.viewer);
}

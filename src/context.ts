// What every resolver receives. Built per request in yoga.ts.
import type { Logger } from 'pino';
import type { Prisma, PrismaClient } from './db/client.js';

export interface Context {
  prisma: PrismaClient;
  requestId: string;
  logger: Logger;
}

/** Documents the caller may read: public collections only until tokens and roles exist. */
export function visibleDocuments(_ctx: Context): Prisma.DocumentWhereInput {
  return { collection: { visibility: 'PUBLIC' } };
}

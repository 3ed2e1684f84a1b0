// Per-request DataLoaders for reads the Pothos prisma plugin cannot fold into the parent query
// (walking citation chains). Kept on a WeakMap so the request context stays a plain object.
import DataLoader from 'dataloader';
import type { Context } from '../context.js';

function create(ctx: Context) {
  return {
    citations: new DataLoader(async (ids: readonly number[]) => {
      const rows = await ctx.prisma.citation.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id));
    }),
  };
}

const cache = new WeakMap<Context, ReturnType<typeof create>>();

export function loaders(ctx: Context) {
  let found = cache.get(ctx);
  if (!found) {
    found = create(ctx);
    cache.set(ctx, found);
  }
  return found;
}

export type LoadedCitation = { id: number; parentId: number | null; parent?: LoadedCitation | null };

/** A citation and every citation that carries it, outermost first. */
export async function citationChain(ctx: Context, citationId: number | null) {
  const chain: NonNullable<Awaited<ReturnType<ReturnType<typeof create>['citations']['load']>>>[] = [];
  const seen = new Set<number>();
  for (let id = citationId; id !== null && !seen.has(id); ) {
    seen.add(id);
    const citation = await loaders(ctx).citations.load(id);
    if (!citation) break;
    chain.unshift(citation);
    id = citation.parentId;
  }
  return chain;
}

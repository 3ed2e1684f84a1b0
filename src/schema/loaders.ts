// Per-request DataLoaders for reads the Pothos prisma plugin cannot fold into the parent query
// (walking citation chains). Kept on a WeakMap so the request context stays a plain object.
import DataLoader from 'dataloader';
import type { Context } from '../context.js';

type CitationLink = { id: number; parentId: number | null };

function create(ctx: Context) {
  return {
    citationLinks: new DataLoader<number, CitationLink | undefined>(async (ids) => {
      const rows = await ctx.prisma.citation.findMany({ where: { id: { in: [...ids] } }, select: { id: true, parentId: true } });
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

/** The ids of a citation and every citation that carries it, outermost first. */
export async function citationChainIds(ctx: Context, citationId: number | null): Promise<number[]> {
  const chain: number[] = [];
  const seen = new Set<number>();
  for (let id = citationId; id !== null && !seen.has(id); ) {
    seen.add(id);
    chain.unshift(id);
    id = (await loaders(ctx).citationLinks.load(id))?.parentId ?? null;
  }
  return chain;
}

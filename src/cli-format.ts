// What the CLI prints and takes as ids: the API's global ids (src/schema/ids.ts), so an id read in
// one place can be pasted in the other. Kept apart from cli.ts, which parses argv when imported.
import type { PrismaClient } from './db/client.js';
import { globalId, idFromGlobalId } from './schema/ids.js';
import type { TokenSummary } from './services/tokens.js';

export const TOKEN_LIST_HEADER = ['id', 'name', 'status', 'grants', 'created', 'last used', 'actor'].join('\t');

/**
 * `token list`: a header, then one tab-separated row per token, newest first. The id is the token's
 * global id (what `token grant` and `token revoke` take); `actor` is how the change log names it.
 */
export function tokenListLines(tokens: TokenSummary[]): string[] {
  return [
    TOKEN_LIST_HEADER,
    ...tokens.map((t) =>
      [
        globalId('ApiToken', t.id),
        t.name ?? '-',
        t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active',
        t.grants.map((grant) => `${grant.collectionSlug}:${grant.role}`).join(',') || '-',
        t.createdAt.toISOString(),
        t.lastUsedAt ? t.lastUsedAt.toISOString() : 'never',
        `token:${t.id}`,
      ].join('\t'),
    ),
  ];
}

/** A token as the CLI names it: its global id. */
export const tokenGlobalId = (id: number) => globalId('ApiToken', id);

/** A token argument: the token itself, its global id (from `token list`) or, as before, its numeric id. */
export function tokenArgument(raw: string): string | number {
  return idFromGlobalId(raw, 'ApiToken') ?? raw;
}

/** A --collection argument: a slug, or a collection's global id (as the API shows it), as the slug. */
export async function collectionSlugOf(prisma: Pick<PrismaClient, 'collection'>, raw: string): Promise<string> {
  const id = idFromGlobalId(raw, 'Collection');
  if (id === null) return raw;
  const collection = await prisma.collection.findUnique({ where: { id }, select: { slug: true } });
  if (!collection) throw new Error(`unknown collection "${raw}"`);
  return collection.slug;
}

// API tokens: bearer secrets with a role on one or more collections. Only the SHA-256 of a token
// is stored (ApiToken.tokenHash); the token itself is shown once, by createToken. A token has
// 256 random bits, so a fast unsalted hash is enough: there is nothing to brute-force, and the
// lookup by hash stays one indexed query per request.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../db/client.js';
import { isBusyError } from '../db/busy.js';

export const ROLES = ['READER', 'EDITOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const TOKEN_PREFIX = 'cc_';
/** 'cc_' then 32 random bytes in base64url (43 characters). */
export const TOKEN_PATTERN = /^cc_[A-Za-z0-9_-]{43}$/;
/** lastUsedAt is written at most once per this many milliseconds per token, not on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** An expected failure (unknown collection or token, bad role): its message is fit to show as is. */
export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

export interface Grant {
  collectionId: number;
  role: Role;
}

export interface Identity {
  tokenId: number;
  name: string | null;
  grants: Grant[];
}

export interface TokenSummary {
  id: number;
  name: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  grants: Array<Grant & { collectionSlug: string }>;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function parseRole(value: string): Role {
  const role = value.toUpperCase();
  if (!(ROLES as readonly string[]).includes(role)) throw new TokenError(`unknown role "${value}": use one of ${ROLES.join(', ')}`);
  return role as Role;
}

async function collectionBySlug(prisma: PrismaClient, slug: string) {
  const collection = await prisma.collection.findUnique({ where: { slug }, select: { id: true, slug: true } });
  if (!collection) throw new TokenError(`unknown collection "${slug}"`);
  return collection;
}

/** Finds a token by its plain value (cc_…) or by its numeric id. */
async function tokenByValueOrId(prisma: PrismaClient, tokenOrId: string | number) {
  const select = { id: true, revokedAt: true } as const;
  if (typeof tokenOrId === 'number' || /^\d+$/.test(tokenOrId)) {
    const id = Number(tokenOrId);
    const token = Number.isSafeInteger(id) ? await prisma.apiToken.findUnique({ where: { id }, select }) : null;
    if (!token) throw new TokenError(`unknown token id ${tokenOrId}`);
    return token;
  }
  const token = await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(tokenOrId) }, select });
  if (!token) throw new TokenError('unknown token');
  return token;
}

/** Creates a token with one grant. Returns the plain token: it is not stored and cannot be shown again. */
export async function createToken(
  prisma: PrismaClient,
  options: { collectionSlug: string; role: Role | string; name?: string | null },
): Promise<{ token: string; id: number; name: string | null; grant: Grant & { collectionSlug: string } }> {
  const role = parseRole(options.role);
  const collection = await collectionBySlug(prisma, options.collectionSlug);
  const token = generateToken();
  const created = await prisma.apiToken.create({
    data: { name: options.name ?? null, tokenHash: hashToken(token), grants: { create: { collectionId: collection.id, role } } },
    select: { id: true, name: true },
  });
  return { token, id: created.id, name: created.name, grant: { collectionId: collection.id, collectionSlug: collection.slug, role } };
}

/** Gives an existing, unrevoked token a role on another collection (or changes its role there). */
export async function grantToken(
  prisma: PrismaClient,
  tokenOrId: string | number,
  options: { collectionSlug: string; role: Role | string },
): Promise<Grant & { tokenId: number; collectionSlug: string }> {
  const role = parseRole(options.role);
  const token = await tokenByValueOrId(prisma, tokenOrId);
  if (token.revokedAt) throw new TokenError(`token ${token.id} is revoked`);
  const collection = await collectionBySlug(prisma, options.collectionSlug);
  await prisma.tokenGrant.upsert({
    where: { tokenId_collectionId: { tokenId: token.id, collectionId: collection.id } },
    create: { tokenId: token.id, collectionId: collection.id, role },
    update: { role },
  });
  return { tokenId: token.id, collectionId: collection.id, collectionSlug: collection.slug, role };
}

/** Revokes a token (by plain value or id). Revoking twice keeps the first revocation time. */
export async function revokeToken(prisma: PrismaClient, tokenOrId: string | number): Promise<{ id: number; revokedAt: Date; alreadyRevoked: boolean }> {
  const token = await tokenByValueOrId(prisma, tokenOrId);
  if (token.revokedAt) return { id: token.id, revokedAt: token.revokedAt, alreadyRevoked: true };
  const revokedAt = new Date();
  // Conditional, so a concurrent revocation keeps its own (earlier) time.
  const { count } = await prisma.apiToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt } });
  if (count === 0) {
    const current = await prisma.apiToken.findUniqueOrThrow({ where: { id: token.id }, select: { revokedAt: true } });
    return { id: token.id, revokedAt: current.revokedAt ?? revokedAt, alreadyRevoked: true };
  }
  return { id: token.id, revokedAt, alreadyRevoked: false };
}

/**
 * The identity behind a bearer token, or null for a malformed, unknown or revoked one. One
 * indexed read per call; lastUsedAt is written only when it is older than LAST_USED_RESOLUTION_MS.
 */
export async function authenticate(prisma: PrismaClient, bearerToken: string, options: { now?: Date } = {}): Promise<Identity | null> {
  if (typeof bearerToken !== 'string' || !TOKEN_PATTERN.test(bearerToken)) return null;
  const hash = hashToken(bearerToken);
  const token = await prisma.apiToken.findUnique({
    where: { tokenHash: hash },
    select: { id: true, name: true, tokenHash: true, revokedAt: true, lastUsedAt: true, grants: { select: { collectionId: true, role: true }, orderBy: { collectionId: 'asc' } } },
  });
  // The lookup is by hash, so timing reveals nothing about the token; the comparison is a guard.
  if (!token || !timingSafeEqual(Buffer.from(token.tokenHash), Buffer.from(hash)) || token.revokedAt) return null;
  const now = options.now ?? new Date();
  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!token.lastUsedAt || token.lastUsedAt < stale) {
    // Conditional, so concurrent requests with one token write once at most per period. Only
    // bookkeeping: when other writers hold the database (a CLI ingest), the request goes on without it.
    await prisma.apiToken
      .updateMany({ where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] }, data: { lastUsedAt: now } })
      .catch((error: unknown) => {
        if (!isBusyError(error)) throw error;
      });
  }
  return { tokenId: token.id, name: token.name, grants: token.grants.map((grant) => ({ collectionId: grant.collectionId, role: grant.role })) };
}

/**
 * The identity of a token by its id, as it stands now: null once it is revoked or gone. Read-only
 * (no lastUsedAt): for re-checking a caller already authenticated, such as a live subscription.
 */
export async function identityById(prisma: PrismaClient, tokenId: number): Promise<Identity | null> {
  const token = await prisma.apiToken.findUnique({
    where: { id: tokenId },
    select: { id: true, name: true, revokedAt: true, grants: { select: { collectionId: true, role: true }, orderBy: { collectionId: 'asc' } } },
  });
  if (!token || token.revokedAt) return null;
  return { tokenId: token.id, name: token.name, grants: token.grants.map((grant) => ({ collectionId: grant.collectionId, role: grant.role })) };
}

/** Every token, newest first, with its grants. Never includes a token or its hash. */
export async function listTokens(prisma: PrismaClient): Promise<TokenSummary[]> {
  const tokens = await prisma.apiToken.findMany({
    orderBy: { id: 'desc' },
    select: {
      id: true,
      name: true,
      createdAt: true,
      revokedAt: true,
      lastUsedAt: true,
      grants: { select: { collectionId: true, role: true, collection: { select: { slug: true } } }, orderBy: { collectionId: 'asc' } },
    },
  });
  return tokens.map(({ grants, ...token }) => ({
    ...token,
    grants: grants.map((grant) => ({ collectionId: grant.collectionId, collectionSlug: grant.collection.slug, role: grant.role })),
  }));
}

// Claim properties: which are known (src/domain/properties.ts), which are in use in the claims a
// caller may read, and the check that keeps a mistyped property ("deathtol") out of the library.
import type { Prisma, PrismaClient } from '../db/client.js';
import { closestProperty, conventionFor, hintFor, isKnownProperty, knownProperties } from '../domain/properties.js';
import { readableDocumentsWhere, type Actor } from './access.js';
import { ValidationError } from './errors.js';

type Reader = Pick<PrismaClient, 'claim'> | Pick<Prisma.TransactionClient, 'claim'>;

export interface PropertyInfo {
  name: string;
  kind: 'QUANTITY' | 'SHARE' | 'DATE' | 'TEXT';
  description: string | null;
  /** In the table or named by a convention; false: only in use. */
  known: boolean;
  claimCount: number;
}

/** Claims that make a property "in use": those the caller may read, rejected ones left out. */
const usedBy = (viewer: Actor): Prisma.ClaimWhereInput => ({ status: { not: 'REJECTED' }, document: readableDocumentsWhere(viewer) });

/** How many claims the caller may read use each property (rejected ones left out). */
export async function propertyCounts(db: Reader, viewer: Actor): Promise<Map<string, number>> {
  const groups = await (db.claim as PrismaClient['claim']).groupBy({ by: ['property'], where: usedBy(viewer), _count: { _all: true } });
  return new Map(groups.map((group) => [group.property, group._count._all]));
}

/** Every known property and every property in use in claims the caller may read, by name. */
export async function listProperties(db: Reader, viewer: Actor): Promise<PropertyInfo[]> {
  const counts = await propertyCounts(db, viewer);
  const names = new Set([...Object.keys(knownProperties), ...counts.keys()]);
  return [...names].sort().map((name) => {
    const known = Object.hasOwn(knownProperties, name) ? knownProperties[name] : undefined;
    return {
      name,
      kind: known?.kind ?? hintFor(name) ?? 'TEXT',
      description: known?.description ?? conventionFor(name)?.description ?? null,
      known: isKnownProperty(name),
      claimCount: counts.get(name) ?? 0,
    };
  });
}

/**
 * Refuses a property that is not known (table or naming convention) and not in use in a claim the
 * caller may read, unless `newProperty` says it is meant: a ValidationError naming the closest
 * known or used property, so "deathtol" is caught as a typo of "deathToll".
 */
export async function checkProperty(db: Reader, viewer: Actor, property: string, newProperty: boolean | null | undefined, path: string[]) {
  if (newProperty || isKnownProperty(property)) return;
  if (await db.claim.findFirst({ where: { property, ...usedBy(viewer) }, select: { id: true } })) return;
  const counts = await propertyCounts(db, viewer);
  const closest = closestProperty(property, [...Object.keys(knownProperties), ...counts.keys()]);
  const hint = closest ? `did you mean "${closest}"?` : 'the properties query lists the known ones;';
  throw ValidationError.at(path, `unknown property "${property}": ${hint} send newProperty: true to introduce it`);
}

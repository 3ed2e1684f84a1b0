// The `properties` query: what claim properties there are (src/services/properties.ts).
import type { PropertyInfo } from '../services/properties.js';
import { listProperties } from '../services/properties.js';
import { builder } from './builder.js';
import { ValueKind } from './claim.js';

const Property = builder.objectRef<PropertyInfo>('Property').implement({
  description: 'A claim property: its name, the kind of value it takes, and how many claims use it.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'As claims use it, e.g. "deathToll".' }),
    kind: t.field({ type: ValueKind, description: 'How its values are normalised (TEXT: kept as written; ENTITY values are claims that name an entity).', resolve: (property) => property.kind }),
    description: t.exposeString('description', { nullable: true, description: 'What it means; for a property named by a convention (…Count, …Share, …Date), the convention; null for a property only in use.' }),
    known: t.exposeBoolean('known', { description: 'In the library’s table or named by a convention; false: introduced by claims (with newProperty: true).' }),
    claimCount: t.exposeInt('claimCount', { description: 'Claims the caller may read that use it (rejected ones left out).' }),
  }),
});

builder.queryField('properties', (t) =>
  t.field({
    type: [Property],
    description:
      'Every known claim property (the table in src/domain/properties.ts) and every property used by a claim the caller may read, by name. ' +
      'createClaim and updateClaim refuse any other property (a ValidationError naming the closest one) unless the input has newProperty: true. ' +
      'Names ending in Count, Toll or Number (quantities), Share (shares) or Date (dates) are known by convention.',
    resolve: (_root, _args, ctx) => listProperties(ctx.prisma, ctx.viewer),
  }),
);

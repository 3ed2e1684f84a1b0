import { builder } from './builder.js';
import { EntityInterface } from './entity.js';
import { databaseId } from './ids.js';
import { visibleDocuments } from '../context.js';
import { Method, ReviewStatus } from './span.js';

export const Mention = builder.prismaNode('Mention', {
  id: { field: 'id' },
  description: 'A span that refers to an entity.',
  findUnique: (id, ctx) => ({ id: databaseId(id, 'Mention'), document: visibleDocuments(ctx) }),
  fields: (t) => ({
    span: t.relation('span'),
    entity: t.relation('entity', { type: EntityInterface }),
    document: t.relation('document'),
    status: t.expose('status', { type: ReviewStatus }),
    method: t.expose('method', { type: Method }),
    confidence: t.exposeFloat('confidence', { nullable: true }),
  }),
});

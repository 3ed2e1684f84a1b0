import { builder } from './builder.js';
import { EntityInterface } from './entity.js';
import { databaseId } from './ids.js';

export const Verdict = builder.enumType('Verdict', {
  description: 'A reviewer’s decision about two entity records: the same, not the same, or unsure.',
  values: ['SAME', 'NOT_SAME', 'UNSURE'] as const,
});

export const EntityJudgement = builder.prismaNode('EntityJudgement', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row the caller cannot see is null, not an error
  description: 'A reviewed decision that two entity records are (or are not) the same. Merges are reversible and keep this history.',
  findUnique: (id) => ({ id: databaseId(id, 'EntityJudgement') }),
  fields: (t) => ({
    verdict: t.expose('verdict', { type: Verdict }),
    actor: t.exposeString('actor'),
    reason: t.exposeString('reason', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    undoneAt: t.expose('undoneAt', { type: 'DateTime', nullable: true }),
    entityA: t.relation('entityA', { type: EntityInterface }),
    entityB: t.relation('entityB', { type: EntityInterface }),
  }),
});

builder.prismaInterfaceFields(EntityInterface, (t) => ({
  judgements: t.field({
    type: [EntityJudgement],
    description: 'Every judgement about this entity and another, oldest first.',
    select: (_args, _ctx, nested) => ({ judgementsA: nested({ orderBy: { id: 'asc' } }), judgementsB: nested({ orderBy: { id: 'asc' } }) }),
    resolve: (entity) => [...entity.judgementsA, ...entity.judgementsB].sort((a, b) => a.id - b.id),
  }),
  mergedInto: t.relation('mergedInto', { type: EntityInterface, nullable: true, description: 'The entity this record was merged into, if any.' }),
}));

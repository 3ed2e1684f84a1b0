import { builder } from './builder.js';
import { EntityInterface } from './entity.js';
import { databaseId } from './ids.js';

export const Verdict = builder.enumType('Verdict', {
  description: 'A reviewer’s decision about two entity records: the same, not the same, or unsure.',
  values: {
    SAME: { description: 'The two records are one entity: recorded by mergeEntities, undone by unmergeEntities.' },
    NOT_SAME: { description: 'The two records are different entities; a later merge of the pair is refused with a ConflictError.' },
    UNSURE: { description: 'The reviewer could not tell; recorded for the next reviewer, with no effect.' },
  } as const,
});

export const EntityJudgement = builder.prismaNode('EntityJudgement', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row the caller cannot see is null, not an error
  description: 'A reviewed decision that two entity records are (or are not) the same. Merges are reversible and keep this history.',
  findUnique: (id) => ({ id: databaseId(id, 'EntityJudgement') }),
  fields: (t) => ({
    verdict: t.expose('verdict', { type: Verdict, description: 'What the reviewer decided: SAME, NOT_SAME or UNSURE.' }),
    actor: t.exposeString('actor', { description: 'Who decided, as the change log names callers: "token:<id>" for an API token, "anonymous" or a CLI name such as "cli:ingest".' }),
    reason: t.exposeString('reason', { nullable: true, description: 'The reviewer’s explanation, e.g. the sources compared; null when none was given.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the judgement was made.' }),
    undoneAt: t.expose('undoneAt', { type: 'DateTime', nullable: true, description: 'When the merge this SAME judgement recorded was reversed by unmergeEntities; null while it stands.' }),
    entityA: t.relation('entityA', { type: EntityInterface, description: 'The first record judged; for a merge, the one kept.' }),
    entityB: t.relation('entityB', { type: EntityInterface, description: 'The second record judged; for a merge, the one merged into entityA.' }),
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

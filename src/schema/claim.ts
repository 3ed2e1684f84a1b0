import { visibleDocuments } from '../context.js';
import { builder } from './builder.js';
import { EntityInterface } from './entity.js';
import { databaseId } from './ids.js';
import { Method, ReviewStatus } from './span.js';

export const Modality = builder.enumType('Modality', {
  description: 'How the claim is put: asserted, reported (relayed from another), denied, or estimated.',
  values: ['ASSERTS', 'REPORTS', 'DENIES', 'ESTIMATES'] as const,
});
export const ValueKind = builder.enumType('ValueKind', { values: ['QUANTITY', 'SHARE', 'DATE', 'ENTITY', 'TEXT'] as const });

builder.prismaObject('ClaimQualifier', {
  description: 'Scopes a claim (point in time, place, sub-group): claims with different scopes are not rival values.',
  fields: (t) => ({
    property: t.exposeString('property'),
    valueText: t.exposeString('valueText', { nullable: true }),
    entity: t.relation('entity', { type: EntityInterface, nullable: true }),
  }),
});

export const Claim = builder.prismaNode('Claim', {
  id: { field: 'id' },
  description:
    'What one document says about a subject, in its own words, and whom it attributes that to. A claim records a statement, never that the statement is true.',
  findUnique: (id, ctx) => ({ id: databaseId(id, 'Claim'), document: visibleDocuments(ctx) }),
  fields: (t) => ({
    property: t.exposeString('property'),
    valueText: t.exposeString('valueText', { description: 'The value exactly as the document writes it.' }),
    valueKind: t.expose('valueKind', { type: ValueKind }),
    valueEntity: t.relation('valueEntity', { type: EntityInterface, nullable: true }),
    modality: t.expose('modality', { type: Modality }),
    subject: t.relation('subject', { type: EntityInterface }),
    asserter: t.relation('asserter', {
      type: EntityInterface,
      nullable: true,
      description: 'The person or organisation the document attributes the claim to; null when the document says it in its own voice.',
    }),
    citation: t.relation('citation', { nullable: true, description: 'The citation passage that carries the claim.' }),
    qualifiers: t.relation('qualifiers', { query: { orderBy: { id: 'asc' } } }),
    span: t.relation('span'),
    document: t.relation('document'),
    status: t.expose('status', { type: ReviewStatus }),
    method: t.expose('method', { type: Method }),
    confidence: t.exposeFloat('confidence', { nullable: true }),
  }),
});

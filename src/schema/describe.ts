// describe(subject): per visible document, every mention, claim and citation about one entity, in
// reading order, for rendering the documents side by side.
import { GraphQLError } from 'graphql';
import { visibleDocuments, type Context } from '../context.js';
import { builder } from './builder.js';
import { Citation } from './citation.js';
import { Claim } from './claim.js';
import { subjectOf } from './compare.js';
import { Document } from './document.js';
import { EntityInterface, Event, Organisation, Person } from './entity.js';
import { Mention } from './mention.js';

interface DescriptionShape {
  subjectId: number;
  documentIds: number[];
}

const DocumentDescription = builder.prismaObject('Document', {
  variant: 'DocumentDescription',
  description: 'Everything one document says about the subject: mentions, claims and citations, each in reading order.',
  fields: (t) => ({
    document: t.variant(Document, { description: 'The document itself, with every Document field.' }),
    mentions: t.relation('mentions', {
      type: Mention,
      description: 'Its mentions of the subject, whatever their review status, in reading order.',
      query: (_args, ctx) => ({ where: { entityId: subjectIdOf(ctx) }, orderBy: [{ span: { start: 'asc' } }, { id: 'asc' }] }),
    }),
    claims: t.relation('claims', {
      type: Claim,
      description: 'Its claims about the subject (rejected ones left out), in reading order.',
      query: (_args, ctx) => ({ where: { subjectId: subjectIdOf(ctx), status: { not: 'REJECTED' } }, orderBy: [{ span: { start: 'asc' } }, { id: 'asc' }] }),
    }),
    citations: t.relation('citations', {
      type: Citation,
      description: 'Citations of the subject, and citations that carry claims about it.',
      query: (_args, ctx) => ({
        where: { OR: [{ sourceEntityId: subjectIdOf(ctx) }, { claims: { some: { subjectId: subjectIdOf(ctx) } } }] },
        orderBy: [{ span: { start: 'asc' } }, { id: 'asc' }],
      }),
    }),
  }),
});

// The subject of the describe() being resolved, for the relation filters above (one per request).
const describedSubjects = new WeakMap<Context, number>();
const subjectIdOf = (ctx: Context) => describedSubjects.get(ctx)!;

const Description = builder.objectRef<DescriptionShape>('Description').implement({
  description: 'A per-document view of one entity, for rendering the documents side by side.',
  fields: (t) => ({
    subject: t.prismaField({
      type: EntityInterface,
      description: 'The entity described (the kept one, when the id given was merged into it).',
      resolve: (query, description, _args, ctx) => ctx.prisma.entity.findUniqueOrThrow({ ...query, where: { id: description.subjectId } }),
    }),
    documents: t.prismaField({
      type: [DocumentDescription],
      description: 'Every visible document that mentions the subject or makes claims about it (rejected ones aside), or cites it; in creation order.',
      resolve: async (query, description, _args, ctx) => {
        const rows = await ctx.prisma.document.findMany({ ...query, where: { id: { in: description.documentIds } } });
        return description.documentIds.map((id) => rows.find((row) => row.id === id)!).filter(Boolean);
      },
    }),
  }),
});

builder.queryField('describe', (t) =>
  t.field({
    type: Description,
    description: 'Per visible document, every mention, claim and citation about the subject, in reading order.',
    args: { subject: t.arg.globalID({ required: true, for: [Person, Organisation, Event], description: 'Global id of the person, organisation or event.' }) },
    resolve: async (_root, args, ctx) => {
      const subjectId = await subjectOf(ctx, args.subject);
      if (describedSubjects.has(ctx) && describedSubjects.get(ctx) !== subjectId) {
        throw new GraphQLError('One describe() per request: send a second operation for another subject.', { extensions: { code: 'BAD_USER_INPUT' } });
      }
      describedSubjects.set(ctx, subjectId);
      const documents = await ctx.prisma.document.findMany({
        where: {
          AND: [
            visibleDocuments(ctx),
            {
              OR: [
                { mentions: { some: { entityId: subjectId, status: { not: 'REJECTED' } } } },
                { claims: { some: { subjectId, status: { not: 'REJECTED' } } } },
                { citations: { some: { sourceEntityId: subjectId } } },
              ],
            },
          ],
        },
        select: { id: true },
        orderBy: { id: 'asc' },
      });
      return { subjectId, documentIds: documents.map((document) => document.id) };
    },
  }),
);

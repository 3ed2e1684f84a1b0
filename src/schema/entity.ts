// Persons, organisations and events: one Entity table, three GraphQL types sharing the Entity interface.
import { visibleDocuments } from '../context.js';
import { builder } from './builder.js';
import { databaseId } from './ids.js';
import { partialDate, PartialDate } from './partial-date.js';

export const NameKind = builder.enumType('NameKind', { values: ['PRIMARY', 'ALIAS', 'ACRONYM', 'FORMER', 'TRANSLITERATION'] as const });

builder.prismaObject('EntityName', {
  name: 'Name',
  description: 'One name of an entity. `normalized` is the form matching compares: lower case, no accents or punctuation.',
  fields: (t) => ({
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: NameKind }),
    language: t.exposeString('language', { nullable: true }),
    normalized: t.exposeString('normalized'),
  }),
});

builder.prismaObject('ExternalId', {
  description: 'The entity in another database, e.g. scheme "wikidata", value "Q…".',
  fields: (t) => ({
    scheme: t.exposeString('scheme'),
    value: t.exposeString('value'),
  }),
});

export const EntityInterface = builder.prismaInterface('Entity', {
  name: 'Entity',
  description: 'A person, organisation or event: a canonical record with names, and the mentions and claims about it.',
  interfaces: [builder.nodeInterfaceRef()],
  resolveType: (entity) => (entity.type === 'PERSON' ? 'Person' : entity.type === 'ORGANISATION' ? 'Organisation' : 'Event'),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The primary name.' }),
    aliases: t.stringList({
      description: 'Every other name: aliases, acronyms, former names, transliterations.',
      select: { names: { select: { name: true, kind: true }, orderBy: { id: 'asc' } } },
      resolve: (entity) => entity.names.filter((name) => name.kind !== 'PRIMARY').map((name) => name.name),
    }),
    description: t.exposeString('description', { nullable: true }),
    names: t.relation('names', { query: { orderBy: { id: 'asc' } } }),
    externalIds: t.relation('externalIds', { query: { orderBy: { id: 'asc' } } }),
    mentions: t.relatedConnection('mentions', {
      cursor: 'id',
      totalCount: true,
      description: 'Spans in visible documents that refer to this entity.',
      query: (_args, ctx) => ({ where: { document: visibleDocuments(ctx) }, orderBy: { id: 'asc' } }),
    }),
    claims: t.relatedConnection('claims', {
      cursor: 'id',
      totalCount: true,
      description: 'What visible documents say about this entity.',
      query: (_args, ctx) => ({ where: { document: visibleDocuments(ctx) }, orderBy: { id: 'asc' } }),
    }),
  }),
});

const entityNode = (variant: 'Person' | 'Organisation' | 'Event', type: 'PERSON' | 'ORGANISATION' | 'EVENT') => ({
  variant,
  interfaces: [EntityInterface],
  id: { field: 'id' as const },
  findUnique: (id: string) => ({ id: databaseId(id, variant), type }),
});

export const Person = builder.prismaNode('Entity', {
  ...entityNode('Person', 'PERSON'),
  description: 'A person named in the library.',
  fields: () => ({}),
});

export const Organisation = builder.prismaNode('Entity', {
  ...entityNode('Organisation', 'ORGANISATION'),
  description: 'An organisation; organisations nest (United Nations → UN General Assembly).',
  fields: () => ({}),
});

// Declared apart: a type cannot name itself in its own initialiser.
builder.prismaObjectFields(Organisation, (t) => ({
  parent: t.relation('parent', { type: Organisation, nullable: true }),
  children: t.relation('children', { type: Organisation, query: { orderBy: { id: 'asc' } } }),
}));

export const Event = builder.prismaNode('Entity', {
  ...entityNode('Event', 'EVENT'),
  description: 'An event, with partial start and end dates.',
  fields: (t) => ({
    start: t.field({ type: PartialDate, nullable: true, resolve: (event) => partialDate(event, 'start') }),
    end: t.field({ type: PartialDate, nullable: true, resolve: (event) => partialDate(event, 'end') }),
    place: t.exposeString('place', { nullable: true }),
  }),
});

const entityList = (field: 'persons' | 'organisations' | 'events', type: 'PERSON' | 'ORGANISATION' | 'EVENT', ref: typeof Person) =>
  builder.queryField(field, (t) =>
    t.prismaConnection({
      type: ref,
      cursor: 'id',
      description: `${field[0]!.toUpperCase()}${field.slice(1)} in the library, in creation order (merged records excluded).`,
      totalCount: (_parent, _args, ctx) => ctx.prisma.entity.count({ where: { type, mergedIntoId: null } }),
      resolve: (query, _parent, _args, ctx) => ctx.prisma.entity.findMany({ ...query, where: { type, mergedIntoId: null }, orderBy: { id: 'asc' } }),
    }),
  );

entityList('persons', 'PERSON', Person);
entityList('organisations', 'ORGANISATION', Organisation);
entityList('events', 'EVENT', Event);

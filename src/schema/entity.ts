// Persons, organisations and events: one Entity table, three GraphQL types sharing the Entity interface.
import type { Prisma } from '../db/client.js';
import { normalizeName } from '../domain/names.js';
import { builder } from './builder.js';
import { direction, OrderDirection, paging, totalCountField } from './connections.js';
import { databaseId } from './ids.js';
import { partialDate, PartialDate } from './partial-date.js';

export const NameKind = builder.enumType('NameKind', {
  description: 'What kind of name an entity name is.',
  values: {
    PRIMARY: { description: 'The name the library shows for the entity (Entity.name); exactly one per entity.' },
    ALIAS: { description: 'Another name the entity goes by (e.g. "MEK" for the People’s Mojahedin Organization of Iran).' },
    ACRONYM: { description: 'An abbreviation of a name (e.g. "PMOI"); matched case-sensitively when suggesting mentions.' },
    FORMER: { description: 'A name the entity used to have.' },
    TRANSLITERATION: { description: 'A spelling of the name taken from another script (e.g. "Mojāhedin" for مجاهدین).' },
  } as const,
});
export const EntityType = builder.enumType('EntityType', {
  description: 'The kind of an entity.',
  values: {
    PERSON: { description: 'A person (GraphQL type Person).' },
    ORGANISATION: { description: 'An organisation, government body or group (GraphQL type Organisation).' },
    EVENT: { description: 'Something that happened, with partial dates and a place (GraphQL type Event).' },
  } as const,
});

export const Name = builder.prismaNode('EntityName', {
  name: 'Name',
  id: { field: 'id' },
  nullable: true, // node(id) of a row the caller cannot see is null, not an error
  description: 'One name of an entity. `normalized` is the form matching compares: lower case, no accents or punctuation.',
  findUnique: (id) => ({ id: databaseId(id, 'Name') }),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The name as written, e.g. "Ebrahim Raisi".' }),
    kind: t.expose('kind', { type: NameKind, description: 'PRIMARY for the entity’s shown name, otherwise the kind of alias.' }),
    language: t.exposeString('language', { nullable: true, description: 'The language the name is in, as a code such as "en" or "fa"; null when not recorded.' }),
    normalized: t.exposeString('normalized', { description: 'The name in lower case without accents or punctuation ("ebrahim raisi"): the form name filters and mention suggestions match.' }),
  }),
});

builder.prismaObject('ExternalId', {
  description: 'The entity in another database, e.g. scheme "wikidata", value "Q…".',
  fields: (t) => ({
    scheme: t.exposeString('scheme', { description: 'The other database, e.g. "wikidata".' }),
    value: t.exposeString('value', { description: 'The entity’s identifier there, e.g. a Wikidata item id such as "Q…".' }),
  }),
});

export const EntityInterface = builder.prismaInterface('Entity', {
  name: 'Entity',
  description: 'A person, organisation or event: a canonical record with names, and the mentions and claims about it.',
  interfaces: [builder.nodeInterfaceRef()],
  resolveType: (entity) => (entity.type === 'PERSON' ? 'Person' : entity.type === 'ORGANISATION' ? 'Organisation' : 'Event'),
  fields: (t) => ({
    type: t.expose('type', { type: EntityType, description: 'PERSON, ORGANISATION or EVENT, matching the GraphQL type.' }),
    name: t.exposeString('name', { description: 'The primary name.' }),
    aliases: t.stringList({
      description: 'Every other name: aliases, acronyms, former names, transliterations.',
      select: { names: { select: { name: true, kind: true }, orderBy: { id: 'asc' } } },
      resolve: (entity) => entity.names.filter((name) => name.kind !== 'PRIMARY').map((name) => name.name),
    }),
    description: t.exposeString('description', { nullable: true, description: 'A short curator’s note on who or what this is, to tell namesakes apart; null when none.' }),
    names: t.relation('names', { description: 'Every name, the primary one included, in the order they were added.', query: { orderBy: { id: 'asc' } } }),
    externalIds: t.relation('externalIds', { description: 'Identifiers of this entity in other databases (e.g. Wikidata).', query: { orderBy: { id: 'asc' } } }),
  }),
});

const entityNode = (variant: 'Person' | 'Organisation' | 'Event', type: 'PERSON' | 'ORGANISATION' | 'EVENT') => ({
  variant,
  interfaces: [EntityInterface],
  id: { field: 'id' as const },
  nullable: true as const,
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
  parent: t.relation('parent', { type: Organisation, nullable: true, description: 'The organisation this one is part of (e.g. the United Nations for its General Assembly); null for a top-level one.' }),
  children: t.relation('children', { type: Organisation, description: 'Organisations that are part of this one, in creation order.', query: { orderBy: { id: 'asc' } } }),
}));

export const Event = builder.prismaNode('Entity', {
  ...entityNode('Event', 'EVENT'),
  description: 'An event, with partial start and end dates.',
  fields: (t) => ({
    start: t.field({ type: PartialDate, nullable: true, description: 'When the event began, as far as known; null when unknown.', resolve: (event) => partialDate(event, 'start') }),
    end: t.field({ type: PartialDate, nullable: true, description: 'When the event ended, as far as known; null when unknown.', resolve: (event) => partialDate(event, 'end') }),
    place: t.exposeString('place', { nullable: true, description: 'Where it happened, as free text (e.g. "Tehran"); null when not recorded.' }),
  }),
});

export const EntityFilter = builder.inputType('EntityFilter', {
  description: 'Narrows a list of entities; conditions combine with AND. Merged records are always left out.',
  fields: (t) => ({
    name: t.string({
      description: 'Matches any name or alias containing these words, ignoring case, accents and punctuation ("rais" finds Ebrahim Raisi, "mek" the PMOI).',
    }),
    types: t.field({ type: [EntityType], description: 'Only these kinds of entity (for `entities`).' }),
  }),
});

export const EntityOrderField = builder.enumType('EntityOrderField', {
  description: 'What to sort entities by.',
  values: {
    CREATED: { description: 'The order the records were created in.' },
    NAME: { description: 'The primary name, in the database’s string order (its collation).' },
  } as const,
});
export const EntityOrder = builder.inputType('EntityOrder', {
  description: 'How to sort a list of entities; ties are broken by creation order in the same direction.',
  fields: (t) => ({
    field: t.field({ type: EntityOrderField, required: true, description: 'The key to sort by.' }),
    direction: t.field({ type: OrderDirection, defaultValue: 'ASC', description: 'ASC (default) or DESC.' }),
  }),
});

type EntityFilterInput = { name?: string | null; types?: Array<'PERSON' | 'ORGANISATION' | 'EVENT'> | null } | null | undefined;

export function entityWhere(filter: EntityFilterInput, type?: 'PERSON' | 'ORGANISATION' | 'EVENT'): Prisma.EntityWhereInput {
  const where: Prisma.EntityWhereInput[] = [{ mergedIntoId: null }];
  if (type) where.push({ type });
  if (filter?.types?.length) where.push({ type: { in: filter.types } });
  const name = filter?.name ? normalizeName(filter.name) : undefined;
  if (filter?.name !== undefined && filter?.name !== null) where.push({ names: { some: { normalized: { contains: name ?? '' } } } });
  return { AND: where };
}

export function entityOrder(order: { field: 'CREATED' | 'NAME'; direction?: 'ASC' | 'DESC' | null } | null | undefined): Prisma.EntityOrderByWithRelationInput[] {
  const dir = direction(order?.direction);
  return order?.field === 'NAME' ? [{ name: dir }, { id: dir }] : [{ id: dir }];
}

const entityConnection = (ref: typeof Person, name: string) =>
  builder.connectionObject({ type: ref, name: `${name}Connection`, fields: totalCountField }, { name: `${name}Edge` });

export const PersonConnection = entityConnection(Person, 'Person');
export const OrganisationConnection = entityConnection(Organisation, 'Organisation');
export const EventConnection = entityConnection(Event, 'Event');
export const EntityConnection = builder.connectionObject({ type: EntityInterface, name: 'EntityConnection', fields: totalCountField }, { name: 'EntityEdge' });

const listArgs = (t: PothosSchemaTypes.QueryFieldBuilder<typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never, {}>) => ({
  filter: t.arg({ type: EntityFilter, description: 'Only entities matching these conditions; all when omitted.' }),
  orderBy: t.arg({ type: EntityOrder, description: 'Default: creation order. The id breaks ties, so pages are stable.' }),
});

const entityList = (field: 'persons' | 'organisations' | 'events', type: 'PERSON' | 'ORGANISATION' | 'EVENT', ref: typeof Person, connection: typeof PersonConnection) =>
  builder.queryField(field, (t) =>
    t.prismaConnection(
      {
        type: ref,
        cursor: 'id',
        ...paging,
        args: listArgs(t),
        description: `${field[0]!.toUpperCase()}${field.slice(1)} in the library (merged records excluded).`,
        totalCount: (_parent, args, ctx) => ctx.prisma.entity.count({ where: entityWhere(args.filter, type) }),
        resolve: (query, _parent, args, ctx) => ctx.prisma.entity.findMany({ ...query, where: entityWhere(args.filter, type), orderBy: entityOrder(args.orderBy) }),
      },
      connection,
    ),
  );

entityList('persons', 'PERSON', Person, PersonConnection);
entityList('organisations', 'ORGANISATION', Organisation, OrganisationConnection);
entityList('events', 'EVENT', Event, EventConnection);

builder.queryField('entities', (t) =>
  t.prismaConnection(
    {
      type: EntityInterface,
      cursor: 'id',
      ...paging,
      args: listArgs(t),
      description: 'Persons, organisations and events together, e.g. for type-ahead by name.',
      totalCount: (_parent, args, ctx) => ctx.prisma.entity.count({ where: entityWhere(args.filter) }),
      resolve: (query, _parent, args, ctx) => ctx.prisma.entity.findMany({ ...query, where: entityWhere(args.filter), orderBy: entityOrder(args.orderBy) }),
    },
    EntityConnection,
  ),
);

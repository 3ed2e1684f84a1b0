import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver, JSONResolver, URLResolver } from 'graphql-scalars';
import type PrismaTypes from '../generated/pothos-sqlite.js';
import { getDatamodel } from '../generated/pothos-sqlite.js';
import type { Context } from '../context.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    URL: { Input: URL; Output: string | URL };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [RelayPlugin, PrismaPlugin],
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
    maxConnectionSize: 100,
    defaultConnectionSize: 20,
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('URL', URLResolver);
builder.addScalarType('JSON', JSONResolver);

builder.queryType({});

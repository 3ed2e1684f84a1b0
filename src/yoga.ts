// Builds the GraphQL app: schema, context, error masking, GraphiQL. server.ts only listens.
import { randomUUID } from 'node:crypto';
import { createYoga, maskError as defaultMaskError } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { Context } from './context.js';
import type { Database } from './db/client.js';
import { schema } from './schema/index.js';
import { exampleQueries } from './graphiql-examples.js';

export interface AppOptions {
  db: Database;
  logger: Logger;
  introspection?: boolean;
}

export function createApp({ db, logger }: AppOptions) {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: {
      debug: (...args) => logger.debug(args),
      info: (...args) => logger.info(args),
      warn: (...args) => logger.warn(args),
      error: (...args) => logger.error(args),
    },
    graphiql: { title: 'crosscheck', defaultQuery: exampleQueries },
    context: ({ request }): Context => {
      const requestId = request.headers.get('x-request-id') ?? randomUUID();
      return { prisma: db.prisma, requestId, logger: logger.child({ requestId }) };
    },
    maskedErrors: {
      // Expected errors (GraphQLError raised on purpose) pass; anything else is logged and masked.
      maskError(error, message, isDev) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original && !(original instanceof GraphQLError)) {
          logger.error({ err: original }, 'unexpected error while executing a request');
        }
        return defaultMaskError(error, message, isDev);
      },
    },
  });
}

export type App = ReturnType<typeof createApp>;

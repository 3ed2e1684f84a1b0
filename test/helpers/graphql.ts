// Executes operations through yoga.fetch: the whole HTTP pipeline, without a socket.
import pino from 'pino';
import type { Database } from '../../src/db/client.js';
import { createApp } from '../../src/yoga.js';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export function createTestApp(db: Database) {
  const app = createApp({ db, logger: pino({ level: 'silent' }) });
  return {
    app,
    async execute<T = any>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
      const response = await app.fetch('http://crosscheck.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
      return { status: response.status, ...body };
    },
  };
}

// Counts the SQL statements one request of each scenario issues. Run by bench/run.ts as a child
// process (IPC): the database is opened with a statement listener (openDatabase(url, { onQuery }))
// and each request body goes through createApp(...).fetch, the whole GraphQL pipeline without a
// socket. Each body runs twice and the second run is counted, so one-time work is left out.
import pino from 'pino';
import { openDatabase } from '../src/db/client.js';
import { createApp } from '../src/yoga.js';

export interface CountRequest {
  url: string;
  bodies: Array<[key: string, body: string]>;
  headers: Record<string, string>;
}
export interface CountReply {
  counts?: Array<[key: string, statements: string[]]>;
  error?: string;
}

export async function countStatements({ url, bodies, headers }: CountRequest): Promise<Array<[string, string[]]>> {
  const statements: string[] = [];
  const db = await openDatabase(url, { onQuery: (event) => statements.push(event.query) });
  const app = createApp({ db, logger: pino({ level: 'silent' }) });
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  const counts: Array<[string, string[]]> = [];
  try {
    for (const [key, body] of bodies) {
      const run = async () => (await app.fetch('http://bench.local/graphql', { method: 'POST', headers, body })).text();
      await run();
      await tick();
      const before = statements.length;
      await run();
      await tick(); // Prisma emits query events asynchronously
      counts.push([key, statements.slice(before)]);
    }
  } finally {
    await db.close();
  }
  return counts;
}

if (process.send) {
  process.once('message', (request: CountRequest) => {
    countStatements(request).then(
      (counts) => process.send!({ counts } satisfies CountReply, () => process.exit(0)),
      (error: Error) => process.send!({ error: error.stack ?? String(error) } satisfies CountReply, () => process.exit(1)),
    );
  });
}

// kill -9 during acknowledged writes loses none: the server runs as its own process (npm start),
// takes concurrent createPerson mutations, and is killed with SIGKILL while they stream in. Every
// mutation it answered must be in the database when it is opened again.
import { randomBytes } from 'node:crypto';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { createToken } from '../src/services/tokens.js';
import { createEmptyDatabase, testProvider } from './helpers/database.js';
import { startServerProcess } from './helpers/server-process.js';

/** Writes attempted in all; the server is killed once this many have been acknowledged. */
const WRITES = 300;
const KILL_AFTER = 120;
const CONCURRENCY = 12;

describe(`durability (${testProvider})`, () => {
  it('keeps every acknowledged write when the server is killed with SIGKILL mid-stream', async () => {
    const database = await createEmptyDatabase();
    const server = await startServerProcess({ DATABASE_URL: database.url });
    try {
      // The server has migrated the database and loaded the sample collection: an editor token on it.
      const setup = await openDatabase(database.url);
      const { token } = await createToken(setup.prisma, { collectionSlug: 'sample', role: 'EDITOR' });
      await setup.close();

      const run = randomBytes(4).toString('hex');
      const acknowledged: Array<{ id: number; name: string }> = [];
      const failures: string[] = [];
      let next = 0;
      let killed = false;

      const write = async (index: number) => {
        const name = `Durability ${run} ${index}`;
        const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query: 'mutation Write($name: String!) { createPerson(input: { name: $name }) { ... on CreatePersonPayload { person { id name } } } }',
            variables: { name },
          }),
        });
        const body = (await response.json()) as { data?: { createPerson?: { person?: { id: string; name: string } } }; errors?: unknown };
        const person = body.data?.createPerson?.person;
        if (response.status !== 200 || !person) throw new Error(`write ${index} answered ${response.status}: ${JSON.stringify(body)}`);
        expect(person.name).toBe(name);
        acknowledged.push({ id: Number(decodeGlobalID(person.id).id), name });
      };

      const worker = async () => {
        while (!killed && next < WRITES) {
          const index = next++;
          try {
            await write(index);
          } catch (error) {
            // After the kill, writes in flight fail (refused or reset): they were never acknowledged.
            if (!killed) failures.push((error as Error).message);
          }
          if (!killed && acknowledged.length >= KILL_AFTER) {
            killed = true;
            server.signalGroup('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));

      expect(failures).toEqual([]);
      expect(killed).toBe(true);
      expect((await server.exited).signal).toBe('SIGKILL');
      expect(server.output()).not.toContain('shutting down');

      const reopened = await openDatabase(database.url);
      try {
        const rows = await reopened.prisma.entity.findMany({
          where: { id: { in: acknowledged.map((write) => write.id) } },
          select: { id: true, name: true, type: true },
        });
        const stored = new Map(rows.map((row) => [row.id, row]));
        const lost = acknowledged.filter((write) => stored.get(write.id)?.name !== write.name || stored.get(write.id)?.type !== 'PERSON');
        expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
        expect(lost).toEqual([]);
        // Writes the server took but had not answered may be there too; no others are.
        expect(await reopened.prisma.entity.count({ where: { name: { startsWith: `Durability ${run} ` } } })).toBeLessThanOrEqual(next);
      } finally {
        await reopened.close();
      }
    } finally {
      server.kill();
      await database.drop();
    }
    // A generous limit, not a speed assertion: npm, migrating and seeding a fresh database and a few
    // hundred writes on a possibly busy machine.
  }, 180_000);
});

// Which database a URL names, and where its files and migrations live.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export type Provider = 'sqlite' | 'postgresql';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function providerOf(url: string): Provider {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  throw new Error(`Unsupported DATABASE_URL "${url}": use file:PATH (SQLite) or postgresql://… (PostgreSQL)`);
}

export function migrationsDir(provider: Provider): string {
  return join(projectRoot, 'prisma', provider === 'sqlite' ? 'sqlite' : 'postgres', 'migrations');
}

/** The SQLite file a `file:` URL names, resolved against the working directory; its folder is created. */
export function sqlitePath(url: string): string {
  const path = url.replace(/^file:/, '').replace(/\?.*$/, '');
  if (path === ':memory:') return path;
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true });
  return absolute;
}

/** Undefined when a PostgreSQL server answers at this URL, else why not (for optional test and bench runs). */
export async function postgresProblem(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// npm run db:migration -- NAME [--custom]
// Writes prisma/{sqlite,postgres}/migrations/NNNN_NAME/migration.sql with `prisma migrate diff`
// from the schema as of the last migration (kept beside it as schema.prisma) to the current one.
// --custom: for hand-written SQL that Prisma cannot describe (full-text search tables, triggers).
// Only when the Prisma schema is unchanged since the last migration; writes NNNN_NAME for both
// providers with a migration.sql holding only a header to fill in, and the schema.prisma snapshot
// as every migration does. Objects such SQL creates are named with a `search_` (or other agreed)
// prefix so that the drift test, which compares against the Prisma schema, can leave them out.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { derivePostgresSchema } from './derive-postgres-schema.js';
import { prisma, projectRoot, type Provider } from './prisma.js';

const providers: Array<{ provider: Provider; schema: string; dir: string }> = [
  { provider: 'sqlite', schema: 'prisma/schema.prisma', dir: 'prisma/sqlite/migrations' },
  { provider: 'postgresql', schema: 'prisma/postgres/schema.prisma', dir: 'prisma/postgres/migrations' },
];

const custom = process.argv.includes('--custom');
const name = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- NAME [--custom]   (lower case, digits and _)');
  process.exit(1);
}

writeFileSync(join(projectRoot, 'prisma/postgres/schema.prisma'), derivePostgresSchema(readFileSync(join(projectRoot, 'prisma/schema.prisma'), 'utf8')));

for (const { provider, schema, dir } of providers) {
  const folder = join(projectRoot, dir);
  mkdirSync(folder, { recursive: true });
  const existing = readdirSync(folder).filter((entry) => /^\d{4}_/.test(entry)).sort();
  const last = existing.at(-1);
  const from = last ? ['--from-schema-datamodel', join(dir, last, 'schema.prisma')] : ['--from-empty'];
  const sql = prisma(['migrate', 'diff', ...from, '--to-schema-datamodel', schema, '--script'], provider);
  const changed = /^\s*(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|PRAGMA)/im.test(sql);
  if (custom && changed) {
    console.error(`${provider}: prisma/schema.prisma changed since ${last}: write that migration first (npm run db:migration -- NAME), then the custom one`);
    process.exit(1);
  }
  if (!custom && !changed) {
    console.log(`${provider}: schema unchanged, no migration written`);
    continue;
  }
  const number = String(existing.length + 1).padStart(4, '0');
  const target = join(folder, `${number}_${name}`);
  if (existsSync(target)) throw new Error(`${target} exists`);
  mkdirSync(target);
  writeFileSync(
    join(target, 'migration.sql'),
    custom ? `-- ${number}_${name} (${provider}): hand-written SQL, the Prisma schema is unchanged.\n-- Name every object it creates with an agreed prefix (search_…) so the drift test leaves it out.\n` : sql,
  );
  copyFileSync(join(projectRoot, schema), join(target, 'schema.prisma'));
  console.log(`${provider}: wrote ${join(dir, `${number}_${name}`, 'migration.sql')}`);
}

// npm run db:migration -- NAME
// Writes prisma/{sqlite,postgres}/migrations/NNNN_NAME/migration.sql with `prisma migrate diff`
// from the schema as of the last migration (kept beside it as schema.prisma) to the current one.
// Hand-written SQL (full-text search) goes into a migration as `-- crosscheck:extra` blocks.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { derivePostgresSchema } from './derive-postgres-schema.js';
import { prisma, projectRoot, type Provider } from './prisma.js';

const providers: Array<{ provider: Provider; schema: string; dir: string }> = [
  { provider: 'sqlite', schema: 'prisma/schema.prisma', dir: 'prisma/sqlite/migrations' },
  { provider: 'postgresql', schema: 'prisma/postgres/schema.prisma', dir: 'prisma/postgres/migrations' },
];

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- NAME   (lower case, digits and _)');
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
  if (!/^\s*(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|PRAGMA)/im.test(sql)) {
    console.log(`${provider}: schema unchanged, no migration written`);
    continue;
  }
  const number = String(existing.length + 1).padStart(4, '0');
  const target = join(folder, `${number}_${name}`);
  if (existsSync(target)) throw new Error(`${target} exists`);
  mkdirSync(target);
  writeFileSync(join(target, 'migration.sql'), sql);
  copyFileSync(join(projectRoot, schema), join(target, 'schema.prisma'));
  console.log(`${provider}: wrote ${join(dir, `${number}_${name}`, 'migration.sql')}`);
}

// Derives prisma/postgres/schema.prisma from the authored SQLite schema, as Keystone does:
// one source of truth, the provider-specific lines rewritten. `--check` fails when the
// committed copy is stale instead of writing it.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const source = `${root}/prisma/schema.prisma`;
const target = `${root}/prisma/postgres/schema.prisma`;

export function derivePostgresSchema(sqliteSchema: string): string {
  const replacements: Array<[RegExp, string]> = [
    [/provider\s*=\s*"sqlite"/, 'provider = "postgresql"'],
    [/url\s*=\s*"file:driver-adapter"/, 'url      = "postgresql://driver-adapter"'],
    [/output\s*=\s*"\.\.\/src\/generated\/sqlite"/, 'output     = "../../src/generated/postgres"'],
    [/output\s*=\s*"\.\.\/src\/generated\/pothos-sqlite\.ts"/, 'output       = "../../src/generated/pothos-postgres.ts"'],
    [/clientOutput\s*=\s*"\.\/sqlite\/client\.js"/, 'clientOutput = "./postgres/client.js"'],
  ];
  let derived = sqliteSchema;
  for (const [pattern, replacement] of replacements) {
    if (!pattern.test(derived)) throw new Error(`derive-postgres-schema: ${pattern} not found in prisma/schema.prisma`);
    derived = derived.replace(pattern, replacement);
  }
  return `// GENERATED from prisma/schema.prisma by scripts/derive-postgres-schema.ts: do not edit.\n${derived}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const derived = derivePostgresSchema(readFileSync(source, 'utf8'));
  if (process.argv.includes('--check')) {
    const current = (() => { try { return readFileSync(target, 'utf8'); } catch { return ''; } })();
    if (current !== derived) {
      console.error('prisma/postgres/schema.prisma is stale: run npm run db:derive');
      process.exit(1);
    }
  } else {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, derived);
  }
}

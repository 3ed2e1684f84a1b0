// Generates both Prisma clients and their Pothos types into src/generated (gitignored).
// Runs at postinstall, so a fresh clone works after `npm install`; scripts/build.mjs then compiles
// src/ (these clients included) into dist/.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { clientToolsInstalled, gqlTada } from './client-types.js';
import { derivePostgresSchema } from './derive-postgres-schema.js';
import { prisma, projectRoot } from './prisma.js';

const derived = derivePostgresSchema(readFileSync(join(projectRoot, 'prisma/schema.prisma'), 'utf8'));
mkdirSync(join(projectRoot, 'prisma/postgres'), { recursive: true });
writeFileSync(join(projectRoot, 'prisma/postgres/schema.prisma'), derived);
prisma(['generate'], 'sqlite');
prisma(['generate'], 'postgresql');
console.log('crosscheck: generated Prisma clients (SQLite, PostgreSQL) and Pothos types in src/generated');
// The example client's types from schema.graphql (a dev dependency: skipped by an install without them).
if (clientToolsInstalled() && gqlTada('generate-output', 'pipe') !== 0) process.exit(1);

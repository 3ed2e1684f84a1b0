// Prisma CLI configuration. We use only offline commands (generate, migrate diff) through the
// JS/wasm engines, so nothing is downloaded and no server is needed; migrations are applied by
// src/db/migrate.ts. The CLI insists on an adapter with engine 'js': an in-memory SQLite one
// serves both providers, since the datamodel file decides the SQL dialect.
// PRISMA_PROVIDER=postgresql selects the derived PostgreSQL schema.
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

const postgres = process.env.PRISMA_PROVIDER === 'postgresql';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: postgres ? 'prisma/postgres/schema.prisma' : 'prisma/schema.prisma',
  migrations: { path: postgres ? 'prisma/postgres/migrations' : 'prisma/sqlite/migrations' },
  adapter: async () => new PrismaBetterSQLite3({ url: ':memory:' }),
});

// Settings from the environment: every module reads them through this file (loadConfig for the server,
// the narrower loaders below for code that needs one setting). src/services/backup.ts alone touches
// process.env otherwise: it hands the environment on, unread, to pg_dump and pg_restore.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * The largest document, in UTF-8 bytes, accepted whichever way it arrives: createDocument and
 * addDocumentVersion (their text), ingestDocument (its text or HTML), `crosscheck ingest` (a file,
 * or one line of a JSON Lines file; --max-bytes may only lower it), the seed and import.
 */
export const DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const documentSettings = z.object({ MAX_DOCUMENT_BYTES: positiveInt(DEFAULT_MAX_DOCUMENT_BYTES) });

/**
 * The request body a maximal document needs: its text as a JSON string (two bytes for each byte
 * at most, except control characters other than tab and line breaks), plus 1 MB for the rest of the
 * request. The default of GRAPHQL_MAX_BODY_BYTES.
 */
export const bodyBytesFor = (documentBytes: number) => 2 * documentBytes + 1_000_000;

/** Limits every GraphQL request must respect (see src/limits.ts for what each one counts and why). */
export const limitSettings = z.object({
  GRAPHQL_MAX_DEPTH: positiveInt(12),
  GRAPHQL_MAX_ALIASES: positiveInt(15),
  GRAPHQL_MAX_TOKENS: positiveInt(1000),
  GRAPHQL_MAX_COST: positiveInt(25_000),
  /** Default: bodyBytesFor(MAX_DOCUMENT_BYTES), so that a mutation carrying a maximal document fits. */
  GRAPHQL_MAX_BODY_BYTES: z.coerce.number().int().positive().optional(),
  MAX_DOCUMENT_BYTES: positiveInt(DEFAULT_MAX_DOCUMENT_BYTES),
  GRAPHQL_TIMEOUT_MS: positiveInt(10_000),
});
export type LimitSettings = z.infer<typeof limitSettings>;

/**
 * CORS_ORIGINS: the browser origins allowed to call the API, comma-separated
 * (`https://app.example.org,http://localhost:5173`); `*` or unset allows any origin. Credentials
 * are never allowed (tokens travel in the Authorization header, not in cookies).
 */
export const corsSettings = z.object({
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((value, context): '*' | string[] => {
      const entries = (value ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
      if (entries.length === 0 || entries.includes('*')) return '*';
      const origins: string[] = [];
      for (const entry of entries) {
        const origin = originOf(entry);
        if (origin) origins.push(origin);
        else context.addIssue({ code: z.ZodIssueCode.custom, message: `"${entry}" is not an origin (scheme://host[:port], e.g. https://app.example.org) or *` });
      }
      return origins;
    }),
});
export type CorsOrigins = z.infer<typeof corsSettings>['CORS_ORIGINS'];

/**
 * PERSISTED_OPERATIONS: a JSON file `{ "<id>": "<GraphQL document>", … }`. Set, the API runs only
 * those operations (allowlist mode, src/persisted-operations.ts); unset, any operation runs and
 * clients may use Automatic Persisted Queries.
 */
export const persistedOperationSettings = z.object({ PERSISTED_OPERATIONS: z.string().optional() });

const persistedOperationsFile = z.record(z.string().min(1), z.string().min(1, 'an empty document'));

/** The allowlist PERSISTED_OPERATIONS names, or null when it is unset or empty. Throws on an unreadable or malformed file. */
export function loadPersistedOperations(env: NodeJS.ProcessEnv = process.env): Map<string, string> | null {
  const path = parse(persistedOperationSettings, env).PERSISTED_OPERATIONS?.trim();
  if (!path) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`PERSISTED_OPERATIONS ${path} cannot be read as JSON: ${(error as Error).message}`);
  }
  const parsed = persistedOperationsFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`PERSISTED_OPERATIONS ${path} must map ids to GraphQL documents (strings); at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return new Map(Object.entries(parsed.data));
}

/** An origin as browsers send it (lower-case host, no default port, no trailing slash), or null. */
function originOf(entry: string): string | null {
  try {
    const url = new URL(entry);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) return null;
    return url.origin;
  } catch {
    return null;
  }
}

const schema = z.object({
  DATABASE_URL: z
    .string()
    .default('file:./data/crosscheck.db')
    .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), 'DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
  /** A JSON file overriding entries of the value normalisation table (README: Comparison). */
  NORMALISATION_TABLE: z.string().optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
}).merge(limitSettings).merge(corsSettings).merge(persistedOperationSettings);

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parse(schema, env);
}

/** MAX_DOCUMENT_BYTES, read when a document arrives (the services have no other configuration). */
export function maxDocumentBytes(env: NodeJS.ProcessEnv = process.env): number {
  return parse(documentSettings, env).MAX_DOCUMENT_BYTES;
}

/** Only the GraphQL limits, for callers that need nothing else from the environment. */
export function loadLimitSettings(env: NodeJS.ProcessEnv = process.env): LimitSettings {
  return parse(limitSettings, env);
}

/** NORMALISATION_TABLE only, read by the services each time they normalise values. */
export function normalisationTablePath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.NORMALISATION_TABLE;
}

/** NODE_ENV=production: the schema builder then stays quiet about unused Prisma selections. */
export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production';
}

/** CORS_ORIGINS only, read by the app when its caller passes no origins. */
export function loadCorsOrigins(env: NodeJS.ProcessEnv = process.env): CorsOrigins {
  return parse(corsSettings, env).CORS_ORIGINS;
}

function parse<T extends z.ZodTypeAny>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

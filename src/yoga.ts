// Builds the GraphQL app: schema, context, limits, error masking, GraphiQL. server.ts only listens.
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, handleStreamOrSingleExecutionResult, maskError as defaultMaskError, type Plugin } from 'graphql-yoga';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Logger } from 'pino';
import { loadCorsOrigins, loadLimitSettings, loadPersistedOperations, type CorsOrigins } from './config.js';
import { anonymous, viewerOfIdentity, type Context, type Viewer } from './context.js';
import { authenticate } from './services/tokens.js';
import { DatabaseBusyError } from './services/errors.js';
import type { Database } from './db/client.js';
import { limitPlugins, limitsFromSettings, type Limits } from './limits.js';
import { useErrorCodes } from './error-codes.js';
import { useAllowlist, useAutomaticPersistedQueries, type PersistedOperations } from './persisted-operations.js';
import { schema } from './schema/index.js';
import { exampleQueries } from './graphiql-examples.js';

export interface AppOptions {
  db: Database;
  logger: Logger;
  /** Schema introspection (GraphiQL needs it). Default true; false also hides "Did you mean …" suggestions. */
  introspection?: boolean;
  /**
   * Request limits; any left out come from the GRAPHQL_* environment settings (src/config.ts),
   * whose defaults are documented in src/limits.ts.
   */
  limits?: Partial<Limits>;
  /**
   * Browser origins allowed to call the API: '*' (any origin) or a list of origins. Left out, it
   * comes from CORS_ORIGINS (src/config.ts). Never with credentials: tokens travel as headers.
   */
  corsOrigins?: CorsOrigins;
  /**
   * Allowlist mode: only these operations (id → document) run, and GraphiQL is off. null: any
   * operation runs, with Automatic Persisted Queries. Left out, it comes from PERSISTED_OPERATIONS
   * (src/config.ts).
   */
  persistedOperations?: PersistedOperations | null;
}

export const UNEXPECTED_ERROR_MESSAGE = 'Unexpected error.';

/** An incoming x-request-id is kept when it is short and plain (it ends up in logs and headers). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

export function createApp({
  db,
  logger,
  introspection = true,
  limits: overrides = {},
  corsOrigins = loadCorsOrigins(),
  persistedOperations = loadPersistedOperations(),
}: AppOptions) {
  // Limits not passed in come from the environment (GRAPHQL_*), so server.ts, which passes none
  // yet, honours them too.
  const limits: Limits = { ...limitsFromSettings(loadLimitSettings()), ...overrides };
  const requestIds = new WeakMap<Request, string>();
  const requestIdOf = (request: Request): string => {
    let id = requestIds.get(request);
    if (!id) {
      const incoming = request.headers.get('x-request-id');
      id = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
      requestIds.set(request, id);
    }
    return id;
  };

  /** Every response names its request, so a client can quote it and we can find the log lines. */
  const requestIdHeader: Plugin = {
    onRequest({ request }) {
      requestIdOf(request);
    },
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };

  /**
   * Errors raised on purpose (GraphQLError) pass as they are. Anything else (a database failure, a
   * bug) is logged with the request's logger and replaced by "Unexpected error." carrying the request
   * id. Registered before yoga's own masking, which only sees what is left (errors outside execution).
   */
  const maskUnexpectedErrors: Plugin<Context> = {
    onExecute({ args }) {
      const context = args.contextValue;
      return {
        onExecuteDone(payload) {
          return handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
            if (!result.errors?.some((error) => !isExpected(error))) return;
            setResult({
              ...result,
              errors: result.errors.map((error) => {
                if (isExpected(error)) return error;
                const original = error.originalError ?? error;
                // Other writers held the database for the whole wait: nothing changed, retry later.
                if (original instanceof DatabaseBusyError) {
                  context.logger.warn({ err: original, requestId: context.requestId, path: error.path }, 'database busy: write refused as retryable');
                  return new GraphQLError(original.message, {
                    nodes: error.nodes,
                    path: error.path,
                    extensions: { code: 'DATABASE_BUSY', retryable: true, requestId: context.requestId },
                  });
                }
                context.logger.error({ err: original, requestId: context.requestId, path: error.path }, 'unexpected error while executing a request');
                return new GraphQLError(UNEXPECTED_ERROR_MESSAGE, {
                  nodes: error.nodes,
                  path: error.path,
                  extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: context.requestId },
                });
              }),
            } as ExecutionResult);
          });
        },
      };
    },
  };

  /**
   * Resolves `Authorization: Bearer TOKEN` into the context's viewer when the operation is about to
   * execute: after parsing, validation (depth, aliases) and the cost check, so a refused operation
   * never looks a token up. Registered after the limit plugins, whose onExecute hooks run first.
   */
  const authenticateRequest = async ({ args, extendContext }: { args: { contextValue: unknown }; extendContext: (extension: Partial<Context>) => void }) => {
    const request = (args.contextValue as Context & { request?: Request }).request;
    if (request?.headers.has('authorization')) extendContext({ viewer: await viewerOf(db, request) });
  };
  const authentication: Plugin<Context> = {
    onExecute: authenticateRequest,
    // Subscriptions (SSE) go through subscribe, not execute. The execution timeout (onExecute)
    // does not apply to them: a stream lasts until its client leaves.
    onSubscribe: authenticateRequest,
  };

  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // useBodySizeLimit (src/limits.ts) enforces limits.maxBodyBytes at a lower cost.
    maxRequestBodySize: false,
    logging: {
      debug: (...args) => log(logger, 'debug', args),
      info: (...args) => log(logger, 'info', args),
      warn: (...args) => log(logger, 'warn', args),
      error: (...args) => log(logger, 'error', args),
    },
    // With an allowlist GraphiQL could run nothing (not even its introspection query): off.
    graphiql: persistedOperations ? false : { title: 'crosscheck', defaultQuery: exampleQueries },
    // GraphiQL inlined from the installed package: yoga's default page loads it from public CDNs,
    // which leaves the page blank without internet access.
    renderGraphiQL,
    cors: corsOptions(corsOrigins),
    // The caller is anonymous until `authentication` (below) reads the token: every refusal by a
    // limit comes first and issues no SQL.
    context: ({ request }): Context => {
      const requestId = requestIdOf(request);
      return { prisma: db.prisma, db, requestId, logger: logger.child({ requestId }), viewer: anonymous };
    },
    plugins: [
      requestIdHeader,
      varyByOrigin(corsOrigins),
      // Before the limits: the query an id stands for is the one they check.
      ...(persistedOperations ? useAllowlist(persistedOperations) : [useAutomaticPersistedQueries()]),
      ...limitPlugins(limits),
      authentication,
      ...(introspection ? [] : [useDisableIntrospection(), blockFieldSuggestionsPlugin({ mask: '' })]),
      maskUnexpectedErrors,
      // Last: every error answered carries extensions.code.
      useErrorCodes(),
    ],
    maskedErrors: {
      maskError(error, message, isDev) {
        // Unexpected errors outside execution (the execution ones are masked above); yoga logs them.
        return defaultMaskError(error, message, isDev);
      },
    },
  });
}

/** Headers a browser client may send beyond the CORS-safelisted ones. */
const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'x-request-id'];

/**
 * yoga's CORS answer for a request: for an allowed origin, that origin back (with Vary: Origin),
 * the methods and headers a GraphQL client needs, and never Access-Control-Allow-Credentials (yoga
 * would send `true` unless told otherwise; no cookie is read here). For a refused origin, no CORS
 * header at all, so the browser keeps the response from the page.
 */
function corsOptions(origins: CorsOrigins) {
  const allowed = origins === '*' ? null : new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (allowed && (!origin || !allowed.has(origin))) return false as const;
    return {
      // ['*'] makes yoga reflect the request's origin and add Vary: Origin.
      origin: ['*'],
      credentials: false,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: CORS_ALLOWED_HEADERS,
      exposedHeaders: ['x-request-id'],
      maxAge: 600,
    };
  };
}

/** With a list of origins, the answer depends on the Origin header even when it is refused: say so to caches. */
function varyByOrigin(origins: CorsOrigins): Plugin {
  return {
    onResponse({ response }) {
      if (origins === '*') return;
      const vary = response.headers.get('vary');
      if (!vary?.split(',').some((name) => name.trim().toLowerCase() === 'origin')) response.headers.append('vary', 'Origin');
    },
  };
}

/** The caller named by `Authorization: Bearer TOKEN`; anonymous without one; a bad token is refused (401). */
async function viewerOf(db: Database, request: Request): Promise<Viewer> {
  const header = request.headers.get('authorization');
  if (!header) return anonymous;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const identity = match ? await authenticate(db.prisma, match[1]!) : null;
  if (!identity) {
    throw new GraphQLError('Invalid or revoked token: send `Authorization: Bearer TOKEN` with a token from `crosscheck token create`, or no header.', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  return viewerOfIdentity(identity);
}

/**
 * instanceof covers subclasses (Pothos's PothosValidationError for a bad cursor or page size); the
 * name covers a GraphQLError from a second copy of graphql (ESM next to CJS).
 */
function isGraphQLError(value: unknown): value is GraphQLError {
  return value instanceof GraphQLError || (value instanceof Error && value.name === 'GraphQLError');
}

/** A GraphQLError raised on purpose, not one wrapping a thrown Error. */
function isExpected(error: GraphQLError): boolean {
  let current: unknown = error;
  while (isGraphQLError(current)) {
    if (!current.originalError) return true;
    current = current.originalError;
  }
  return false;
}

/** yoga logs (message…) or (error); pino wants ({ err }, message). */
function log(logger: Logger, level: 'debug' | 'info' | 'warn' | 'error', args: unknown[]) {
  const [first, ...rest] = args;
  if (first instanceof Error) logger[level]({ err: first }, rest.length > 0 ? rest.map(String).join(' ') : first.message);
  else logger[level](args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg))).join(' '));
}

export type App = ReturnType<typeof createApp>;

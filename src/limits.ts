// Limits every GraphQL request must respect, and the envelop/yoga plugins that enforce them.
// Every refusal happens before any resolver runs and before the caller's token is looked up
// (yoga.ts authenticates when the operation is about to execute), so before any SQL:
//   body size  useBodySizeLimit: from Content-Length, and by counting while reading a body whose
//              length Node's HTTP parser does not bound (413);
//   tokens     counted on the query string before it is parsed (onParams);
//   depth, aliases  graphql-armor validation rules;
//   page size  first/last of every connection, literal or variable, when the operation is about
//              to execute (onExecute), so an out-of-range page is a request error, not a field error;
//   cost       when the operation is about to execute, with its variables (onExecute).
// The timeout aborts an execution that runs too long (504).
// Refusals are request errors, GraphQLErrors with extensions { code, http: { status: 400, spec: true } }:
// as GraphQL over HTTP says, 400 for a client accepting application/graphql-response+json, 200 for
// one accepting only application/json (yoga skips statuses marked `spec` for application/json).
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isListType,
  Kind,
  Lexer,
  Source,
  TokenKind,
  TypeInfo,
  visit,
  type ArgumentNode,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { bodyBytesFor, type LimitSettings } from './config.js';

/**
 * Defaults (src/config.ts) and why. Every query in src/graphiql-examples.ts and the API tests fits
 * with room to spare: depth at most 8, 2 aliases, a few hundred tokens; the costliest, claims of
 * 10 events at 100 a page (test/api.test.ts), costs 11 071, the GraphiQL examples at most ~1 100.
 */
export interface Limits {
  /**
   * Deepest field nesting; fragments do not add a level. Default 12: a connection costs 3 levels
   * (field, edges, node), so 12 reaches three nested connections and a leaf object
   * (documents → mentions → entity → claims → asserter → name).
   */
  maxDepth: number;
  /** Aliased fields per operation (aliases of __typename are free). Default 15, graphql-armor's default. */
  maxAliases: number;
  /** Lexical tokens in the query document. Default 1000: GraphiQL's introspection query is 184. */
  maxTokens: number;
  /**
   * Most field values an operation may resolve, connections counted at their page size (see
   * operationCost). Default 25 000: two nested connections of 100 with a few fields each are
   * refused (documents(first: 100) × mentions(first: 100) × id costs 30 301), 10 × 100 pass.
   */
  maxCost: number;
  /**
   * Bytes in a request body. Default bodyBytesFor(MAX_DOCUMENT_BYTES) (src/config.ts), 21 971 520
   * for the default 10 MiB documents: queries are bounded by maxTokens; the rest is variables,
   * and createDocument, addDocumentVersion and ingestDocument carry a whole document, which must fit.
   */
  maxBodyBytes: number;
  /** Milliseconds an execution may run before it is aborted. Default 10 000. */
  timeoutMs: number;
}

export function limitsFromSettings(settings: LimitSettings): Limits {
  return {
    maxDepth: settings.GRAPHQL_MAX_DEPTH,
    maxAliases: settings.GRAPHQL_MAX_ALIASES,
    maxTokens: settings.GRAPHQL_MAX_TOKENS,
    maxCost: settings.GRAPHQL_MAX_COST,
    maxBodyBytes: settings.GRAPHQL_MAX_BODY_BYTES ?? bodyBytesFor(settings.MAX_DOCUMENT_BYTES),
    timeoutMs: settings.GRAPHQL_TIMEOUT_MS,
  };
}

/** Page sizes of connections, as the Pothos builder configures them (src/schema/builder.ts). */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export type LimitCode = 'DEPTH_LIMIT_EXCEEDED' | 'ALIAS_LIMIT_EXCEEDED' | 'TOKEN_LIMIT_EXCEEDED' | 'COST_LIMIT_EXCEEDED';

function refusal(message: string, code: LimitCode | 'BAD_USER_INPUT', options: { nodes?: ASTNode[]; argument?: string } = {}): GraphQLError {
  return new GraphQLError(message, {
    nodes: options.nodes,
    extensions: { code, ...(options.argument ? { argument: options.argument } : {}), http: { status: 400, spec: true } },
  });
}

/** The one message for a page size out of range, here and in src/schema/connections.ts. */
export function pageSizeMessage(argument: 'first' | 'last', value: unknown): string {
  return `Argument "${argument}" must be between 1 and ${MAX_PAGE_SIZE}, got ${value}.`;
}

/** graphql-armor prefixes every refusal with "Syntax Error: "; none of them is one. */
const armorMessage = (error: GraphQLError) => error.message.replace(/^Syntax Error: /, '');

const reportTo = (code: LimitCode) => (context: ValidationContext | null, error: GraphQLError) => {
  context?.reportError(refusal(armorMessage(error), code));
};

/** Body size, tokens, depth, aliases, page sizes, cost and timeout, in that order. */
export function limitPlugins(limits: Limits): Plugin[] {
  return [
    useBodySizeLimit(limits.maxBodyBytes),
    useTokenLimit(limits.maxTokens),
    maxDepthPlugin({ n: limits.maxDepth, flattenFragments: true, propagateOnRejection: false, onReject: [reportTo('DEPTH_LIMIT_EXCEEDED')] }),
    maxAliasesPlugin({ n: limits.maxAliases, propagateOnRejection: false, onReject: [reportTo('ALIAS_LIMIT_EXCEEDED')] }),
    usePageSizeLimit(),
    useCostLimit(limits.maxCost),
    useExecutionTimeout(limits.timeoutMs),
  ];
}

// ---------------------------------------------------------------------------------------------
// Body size. yoga's maxRequestBodySize pipes every body through a counting stream (a pipeline with
// its own abort controller, and a second Request around it), which was the largest fixed cost of a
// request. The same refusals, cheaper: a Content-Length over the limit (or not a plain number) is
// refused before the body is read, as yoga does. A body that came through Node's HTTP server with a
// Content-Length cannot be longer than it (the parser stops there), so it is read as it is; any
// other body (chunked, or handed to app.fetch, whose Content-Length proves nothing) is read here
// chunk by chunk, counting, and the reading stops at the first byte past the limit. yoga's own
// plugin is turned off (maxRequestBodySize: false in yoga.ts).

const CONTENT_LENGTH = /^\d+$/;

const bodyTooLarge = (maxBodyBytes: number) =>
  new GraphQLError(`Request body too large: the limit is ${maxBodyBytes} bytes.`, { extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' } });

export function useBodySizeLimit(maxBodyBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, serverContext, fetchAPI }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength !== null) {
        if (!CONTENT_LENGTH.test(contentLength)) {
          throw new GraphQLError('Content-Length header is invalid.', { extensions: { http: { status: 400 }, code: 'BAD_REQUEST' } });
        }
        if (Number(contentLength) > maxBodyBytes) throw bodyTooLarge(maxBodyBytes);
        if ((serverContext as { req?: unknown } | undefined)?.req instanceof IncomingMessage) return;
      }
      if (!requestParser || request.method === 'GET' || request.method === 'HEAD') return;
      const parse = requestParser;
      setRequestParser(async (incoming) => {
        const body = incoming.body;
        if (!body) return parse(incoming);
        const reader = body.getReader();
        const chunks: Uint8Array[] = [];
        let bytes = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          bytes += value.byteLength;
          if (bytes > maxBodyBytes) {
            void reader.cancel().catch(() => undefined);
            throw bodyTooLarge(maxBodyBytes);
          }
          chunks.push(value);
        }
        const whole = new Uint8Array(bytes);
        let offset = 0;
        for (const chunk of chunks) {
          whole.set(chunk, offset);
          offset += chunk.byteLength;
        }
        const headers = new fetchAPI.Headers(incoming.headers);
        headers.delete('content-length');
        return parse(new fetchAPI.Request(incoming.url, { method: incoming.method, headers, body: whole, signal: incoming.signal }));
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Tokens are counted on the raw query string before it is parsed, stopping at the first token past
// the limit. (graphql-armor's max-tokens does it inside the parser, where its refusal would be a
// parse error with graphql-armor's "Syntax Error: " prefix.)

/** Queries up to this many characters that passed are remembered, up to TOKEN_CACHE_SIZE of them. */
const TOKEN_CACHE_CHARS = 10_000;
const TOKEN_CACHE_SIZE = 1000;

export function useTokenLimit(maxTokens: number): Plugin {
  // Clients send the same few queries again and again: one that passed once passes again.
  const passed = new Set<string>();
  return {
    onParams({ params, setResult }) {
      if (typeof params.query !== 'string') return; // yoga refuses that itself
      if (passed.has(params.query)) return;
      const lexer = new Lexer(new Source(params.query));
      let tokens = 0;
      try {
        while (lexer.advance().kind !== TokenKind.EOF) {
          if (++tokens > maxTokens) {
            setResult({ errors: [refusal(`Token limit of ${maxTokens} exceeded.`, 'TOKEN_LIMIT_EXCEEDED')] });
            return;
          }
        }
      } catch {
        // A lexical error: the parser reports it with its position.
        return;
      }
      if (params.query.length <= TOKEN_CACHE_CHARS) {
        if (passed.size >= TOKEN_CACHE_SIZE) passed.clear();
        passed.add(params.query);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Page sizes. Every field with a `first` or `last` argument is a connection of 1 to MAX_PAGE_SIZE
// items. Checked before execution, against the literal or the variable (raw, as sent: one that is
// not an integer is refused by variable coercion instead), so `first: 5000` refuses the whole
// operation with 400 like the other limits, instead of nulling one field. The resolvers check
// again (checkedPageSize) for callers that execute the schema without this plugin.

/** The first/last arguments an operation passes to connections, in document order, with its variables' defaults. */
interface PageArguments {
  arguments: ArgumentNode[];
  defaults: Map<string, ValueNode | undefined>;
}

function pageArgumentsOf(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): PageArguments | undefined {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((candidate) => candidate.name?.value === operationName) : operations[0];
  if (!operation) return undefined;
  const defaults = new Map<string, ValueNode | undefined>(
    (operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, definition.defaultValue]),
  );
  // The fragments the operation uses, however deep: other operations and their fragments are not checked.
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const used = new Set<string>();
  const spreadsIn = (node: ASTNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (!fragment || used.has(spread.name.value)) return;
        used.add(spread.name.value);
        spreadsIn(fragment);
      },
    });
  spreadsIn(operation);
  const found: ArgumentNode[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: (node) => (node === operation ? undefined : false),
      FragmentDefinition: (node) => (used.has(node.name.value) ? undefined : false),
      Argument(node) {
        if (node.name.value !== 'first' && node.name.value !== 'last') return;
        if (!typeInfo.getArgument()) return; // not an argument of the field: validation refuses it
        found.push(node);
      },
    }),
  );
  return { arguments: found, defaults };
}

/**
 * The walk over the document depends only on the document (yoga parses each distinct query once and
 * hands the same DocumentNode back), so it is done once per document and operation; only the
 * values, which may be variables, are read per request.
 */
const pageArgumentsCache = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, PageArguments | undefined>>>();

export function pageSizeErrors(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null, variables?: Record<string, unknown> | null): GraphQLError[] {
  let bySchema = pageArgumentsCache.get(schema);
  if (!bySchema) pageArgumentsCache.set(schema, (bySchema = new WeakMap()));
  let byOperation = bySchema.get(document);
  if (!byOperation) bySchema.set(document, (byOperation = new Map()));
  const key = operationName ?? '';
  let page = byOperation.get(key);
  if (!byOperation.has(key)) byOperation.set(key, (page = pageArgumentsOf(schema, document, operationName)));
  if (!page || page.arguments.length === 0) return [];
  const { defaults } = page;
  const valueOf = (value: ValueNode): unknown => {
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind !== Kind.VARIABLE) return undefined;
    const name = value.name.value;
    if (variables && name in variables) return variables[name];
    const fallback = defaults.get(name);
    return fallback ? valueOf(fallback) : undefined;
  };
  const errors: GraphQLError[] = [];
  for (const node of page.arguments) {
    const value = valueOf(node.value);
    if (typeof value === 'number' && Number.isInteger(value) && (value < 1 || value > MAX_PAGE_SIZE)) {
      const name = node.name.value as 'first' | 'last';
      errors.push(refusal(pageSizeMessage(name, value), 'BAD_USER_INPUT', { nodes: [node], argument: name }));
    }
  }
  return errors;
}

export function usePageSizeLimit(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const errors = pageSizeErrors(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown> | undefined);
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Cost. graphql-armor's cost-limit is a validation rule: it sees neither variables (`first: $n`
// counts as 1) nor the default page size of a connection without `first`, and its validation
// result is cached per document whatever the variables. So the budget is checked here, when the
// operation is about to execute with its variables, before any resolver runs.
//
// cost = the most field values the response can hold: every selected field counts 1, times the
// page sizes of the connections around it. A field with a `first` or `last` argument is a
// connection; its page size is that argument (literal or variable), else DEFAULT_PAGE_SIZE,
// capped at MAX_PAGE_SIZE. A list fetched by keys (`nodes(ids: [...])`) counts once per key.
// `{ documents(first: 10) { edges { node { title } } } }` costs 1 + 10 × (1 + 1 + 1) = 31.

export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  variables?: Record<string, unknown> | null,
): number {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((candidate) => candidate.name?.value === operationName) : operations[0];
  if (!operation) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const defaults = new Map<string, ValueNode | undefined>(
    (operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, definition.defaultValue]),
  );

  const pageSize = (value: ValueNode | undefined): number | undefined => {
    if (!value) return undefined;
    let raw: unknown;
    if (value.kind === Kind.INT) raw = Number(value.value);
    else if (value.kind === Kind.VARIABLE) {
      const name = value.name.value;
      raw = variables && variables[name] !== undefined ? variables[name] : pageSize(defaults.get(name));
    }
    return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? Math.min(raw, MAX_PAGE_SIZE) : undefined;
  };

  const listLength = (value: ValueNode): number => {
    if (value.kind === Kind.LIST) return value.values.length;
    if (value.kind !== Kind.VARIABLE) return 0;
    const name = value.name.value;
    const raw = variables && variables[name] !== undefined ? variables[name] : undefined;
    if (Array.isArray(raw)) return raw.length;
    const fallback = defaults.get(name);
    return raw === undefined && fallback ? listLength(fallback) : 0;
  };

  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const visiting = new Set<string>();
  const costOf = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        cost += 1;
        if (!selection.selectionSet || !('getFields' in parent)) continue;
        const field = parent.getFields()[selection.name.value];
        if (!field) continue;
        const type = getNamedType(field.type);
        if (!isCompositeType(type)) continue;
        let multiplier = 1;
        if (field.args.some((arg) => arg.name === 'first' || arg.name === 'last')) {
          const argument = (name: string) => selection.arguments?.find((arg) => arg.name.value === name)?.value;
          multiplier = pageSize(argument('first')) ?? pageSize(argument('last')) ?? DEFAULT_PAGE_SIZE;
        } else if (isListType(getNullableType(field.type))) {
          // An unpaginated list fetched by a list of keys (`nodes(ids: [...])`) holds one item per key.
          multiplier = Math.max(1, ...(selection.arguments ?? []).map((arg) => listLength(arg.value)));
        }
        cost += multiplier * costOf(selection.selectionSet, type);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        cost += costOf(selection.selectionSet, condition && isCompositeType(condition) ? condition : parent);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue; // validation refuses unknown and cyclic fragments
        const condition = schema.getType(fragment.typeCondition.name.value);
        visiting.add(name);
        cost += costOf(fragment.selectionSet, condition && isCompositeType(condition) ? condition : parent);
        visiting.delete(name);
      }
    }
    return cost;
  };
  return costOf(operation.selectionSet, root);
}

export function useCostLimit(maxCost: number): Plugin {
  // The cost of an operation that declares no variables depends on its document alone: computed
  // once per document (yoga hands the same DocumentNode back for the same query).
  const constant = new WeakMap<DocumentNode, Map<string, number>>();
  const costOf = (schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined) => {
    const dependsOnVariables = document.definitions.some(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION && (definition.variableDefinitions?.length ?? 0) > 0,
    );
    if (dependsOnVariables) return operationCost(schema, document, operationName, variables);
    let byOperation = constant.get(document);
    if (!byOperation) constant.set(document, (byOperation = new Map()));
    let cost = byOperation.get(operationName ?? '');
    if (cost === undefined) byOperation.set(operationName ?? '', (cost = operationCost(schema, document, operationName)));
    return cost;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const cost = costOf(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown> | undefined);
      if (cost > maxCost) {
        setResultAndStopExecution({
          errors: [refusal(`Query cost limit of ${maxCost} exceeded, found ${cost}. Ask for smaller pages (first/last) or fewer nested connections.`, 'COST_LIMIT_EXCEEDED')],
        });
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Timeout. Each execution gets an AbortController whose signal the executor
// (@graphql-tools/executor) checks between fields, rejecting as soon as it fires, so the response
// does not wait for a slow SQL statement to finish (the statement itself runs to its end: Prisma
// cannot cancel). A client that disconnects aborts the execution too. The signal is also the
// context's `signal`: work that runs long without awaiting SQL (scanning a large body) is cut into
// bounded steps that yield to the event loop, so the timer can fire, and check it between steps.
// One timer serves every execution of the plugin: all have the same limit, so deadlines come in the
// order executions start; the timer is set for the oldest one still running, and an execution that
// ends just leaves the queue (no timer to set or clear per request).

export function timeoutError(timeoutMs: number): GraphQLError {
  return new GraphQLError(`The operation was aborted after ${timeoutMs} ms (the request time limit).`, {
    extensions: { code: 'TIMEOUT', http: { status: 504 } },
  });
}

interface Running {
  deadline: number;
  controller: AbortController;
}

export function useExecutionTimeout(timeoutMs: number): Plugin {
  /** Executions still running, oldest first (a Set keeps insertion order; deleting is O(1)). */
  const running = new Set<Running>();
  let timer: NodeJS.Timeout | undefined;
  const arm = (deadline: number) => {
    timer = setTimeout(expire, Math.max(1, Math.ceil(deadline - performance.now())));
    timer.unref();
  };
  function expire() {
    timer = undefined;
    const now = performance.now();
    for (const execution of running) {
      if (execution.deadline > now) return arm(execution.deadline);
      running.delete(execution);
      execution.controller.abort(timeoutError(timeoutMs));
    }
  }
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args) => {
        const controller = new AbortController();
        const execution: Running = { deadline: performance.now() + timeoutMs, controller };
        running.add(execution);
        if (!timer) arm(execution.deadline);
        // Not AbortSignal.any(): on Node 20 it keeps every combined signal alive (~2.5 kB a request).
        const requestSignal = (args.contextValue as { request?: Request } | undefined)?.request?.signal;
        const onClientGone = () => controller.abort(requestSignal?.reason);
        requestSignal?.addEventListener('abort', onClientGone, { once: true });
        const context = args.contextValue as { signal?: AbortSignal } | undefined;
        if (context && typeof context === 'object') context.signal = controller.signal;
        try {
          return await executeFn({ ...args, signal: controller.signal } as typeof args);
        } finally {
          running.delete(execution);
          requestSignal?.removeEventListener('abort', onClientGone);
        }
      });
    },
  };
}

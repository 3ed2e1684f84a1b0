// Limits every GraphQL request must respect, and the envelop/yoga plugins that enforce them.
// Every refusal happens before any resolver runs and before the caller's token is looked up
// (yoga.ts authenticates when the operation is about to execute), so before any SQL:
//   body size  yoga's maxRequestBodySize, from Content-Length and again while reading (413);
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

/** Tokens, depth, aliases, page sizes, cost and timeout, in that order. (Body size is yoga's maxRequestBodySize.) */
export function limitPlugins(limits: Limits): Plugin[] {
  return [
    useTokenLimit(limits.maxTokens),
    maxDepthPlugin({ n: limits.maxDepth, flattenFragments: true, propagateOnRejection: false, onReject: [reportTo('DEPTH_LIMIT_EXCEEDED')] }),
    maxAliasesPlugin({ n: limits.maxAliases, propagateOnRejection: false, onReject: [reportTo('ALIAS_LIMIT_EXCEEDED')] }),
    usePageSizeLimit(),
    useCostLimit(limits.maxCost),
    useExecutionTimeout(limits.timeoutMs),
  ];
}

// ---------------------------------------------------------------------------------------------
// Tokens are counted on the raw query string before it is parsed, stopping at the first token past
// the limit. (graphql-armor's max-tokens does it inside the parser, where its refusal would be a
// parse error with graphql-armor's "Syntax Error: " prefix.)

export function useTokenLimit(maxTokens: number): Plugin {
  return {
    onParams({ params, setResult }) {
      if (typeof params.query !== 'string') return; // yoga refuses that itself
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

export function pageSizeErrors(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null, variables?: Record<string, unknown> | null): GraphQLError[] {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((candidate) => candidate.name?.value === operationName) : operations[0];
  if (!operation) return [];
  const defaults = new Map<string, ValueNode | undefined>(
    (operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, definition.defaultValue]),
  );
  const valueOf = (value: ValueNode): unknown => {
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind !== Kind.VARIABLE) return undefined;
    const name = value.name.value;
    if (variables && name in variables) return variables[name];
    const fallback = defaults.get(name);
    return fallback ? valueOf(fallback) : undefined;
  };
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
  const errors: GraphQLError[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: (node) => (node === operation ? undefined : false),
      FragmentDefinition: (node) => (used.has(node.name.value) ? undefined : false),
      Argument(node) {
        if (node.name.value !== 'first' && node.name.value !== 'last') return;
        if (!typeInfo.getArgument()) return; // not an argument of the field: validation refuses it
        const value = valueOf(node.value);
        if (typeof value === 'number' && Number.isInteger(value) && (value < 1 || value > MAX_PAGE_SIZE)) {
          const name = node.name.value as 'first' | 'last';
          errors.push(refusal(pageSizeMessage(name, value), 'BAD_USER_INPUT', { nodes: [node], argument: name }));
        }
      },
    }),
  );
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
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const cost = operationCost(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown> | undefined);
      if (cost > maxCost) {
        setResultAndStopExecution({
          errors: [refusal(`Query cost limit of ${maxCost} exceeded, found ${cost}. Ask for smaller pages (first/last) or fewer nested connections.`, 'COST_LIMIT_EXCEEDED')],
        });
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Timeout: one timer per execution, cleared when it settles. The executor (@graphql-tools/executor)
// checks the signal between fields and rejects as soon as it fires, so the response does not wait
// for a slow SQL statement to finish (the statement itself runs to its end: Prisma cannot cancel).
// A client that disconnects aborts the execution too. The signal is also the context's `signal`:
// work that runs long without awaiting SQL (scanning a large body) is cut into bounded steps that
// yield to the event loop, so the timer can fire, and check it between steps, so it stops too.

export function timeoutError(timeoutMs: number): GraphQLError {
  return new GraphQLError(`The operation was aborted after ${timeoutMs} ms (the request time limit).`, {
    extensions: { code: 'TIMEOUT', http: { status: 504 } },
  });
}

export function useExecutionTimeout(timeoutMs: number): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args) => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(timeoutError(timeoutMs)), timeoutMs);
        // Not AbortSignal.any(): on Node 20 it keeps every combined signal alive (~2.5 kB a request).
        const requestSignal = (args.contextValue as { request?: Request } | undefined)?.request?.signal;
        const onClientGone = () => controller.abort(requestSignal?.reason);
        requestSignal?.addEventListener('abort', onClientGone, { once: true });
        const context = args.contextValue as { signal?: AbortSignal } | undefined;
        if (context && typeof context === 'object') context.signal = controller.signal;
        try {
          return await executeFn({ ...args, signal: controller.signal } as typeof args);
        } finally {
          clearTimeout(timer);
          requestSignal?.removeEventListener('abort', onClientGone);
        }
      });
    },
  };
}

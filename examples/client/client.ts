// A small fetch-based client: sends a typed operation to a crosscheck server and returns its data
// with the operation's result type. No framework, no cache.
import { print } from 'graphql';
import type { TadaDocumentNode } from 'gql.tada';

export interface ClientOptions {
  /** e.g. http://localhost:4000/graphql */
  url: string;
  /** A bearer token (`crosscheck token create …`), for mutations and private collections. */
  token?: string;
  /** Defaults to the global fetch; pass another (e.g. a server's in-process `fetch`) to route requests. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

export interface GraphQLErrorBody {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

/** The server answered with errors (validation, limits, an unexpected error…); `data` holds what was resolved. */
export class GraphQLRequestError extends Error {
  constructor(
    readonly status: number,
    readonly errors: GraphQLErrorBody[],
    readonly data: unknown,
  ) {
    super(errors.map((error) => error.message).join('; ') || `HTTP ${status}`);
    this.name = 'GraphQLRequestError';
  }
}

// Operations without variables accept none; those with variables require them.
type VariablesArgument<Variables> = Variables extends Record<string, never> ? [variables?: Variables] : [variables: Variables];

export function createClient(options: ClientOptions) {
  const send = options.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
  // Printed once per document, not per request.
  const printed = new WeakMap<object, string>();

  return {
    async request<Result, Variables>(document: TadaDocumentNode<Result, Variables>, ...[variables]: VariablesArgument<Variables>): Promise<Result> {
      let query = printed.get(document);
      if (query === undefined) printed.set(document, (query = print(document)));
      const operationName = document.definitions.find((definition) => definition.kind === 'OperationDefinition')?.name?.value;
      const response = await send(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify({ query, operationName, variables: variables ?? {} }),
      });
      const contentType = response.headers.get('content-type') ?? '';
      if (!contentType.includes('json')) throw new GraphQLRequestError(response.status, [{ message: `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}` }], null);
      const body = (await response.json()) as { data?: Result | null; errors?: GraphQLErrorBody[] };
      if (body.errors?.length || body.data == null) throw new GraphQLRequestError(response.status, body.errors ?? [], body.data ?? null);
      return body.data;
    },
  };
}

export type Client = ReturnType<typeof createClient>;

// What the benchmark asks the server. Each scenario is one GraphQL operation and a set of
// variable values (looked up once, before measuring, through the API itself) that the load
// generator cycles through, so the server does not answer one identical request all the time.
// When the schema changes, change the queries here: `npm run bench` checks one response of every
// variable set before it measures and fails loudly on any GraphQL error.

/** Sends one POST /graphql body, returns the HTTP status and the parsed JSON. */
export type Post = (body: string) => Promise<{ status: number; json: GraphQLResult }>;

export interface GraphQLResult {
  data?: any;
  errors?: Array<{ message: string; path?: unknown[] }>;
  extensions?: Record<string, unknown>;
}

export interface Target {
  /** Minimum req/s as a fraction of the baseline's req/s on the same database. */
  ratio: number;
  /** Maximum p99 latency, ms. */
  p99Ms?: number;
  text: string;
}

export interface Scenario {
  key: 'baseline' | 'documents' | 'claims' | 'node';
  title: string;
  query: string;
  operationName?: string;
  target?: Target;
  /** Variable sets to cycle through; found through the API before measuring. */
  variables(post: Post): Promise<Array<Record<string, unknown>>>;
  /** Why a response is not what the scenario means to measure (beyond GraphQL errors), if it is not. */
  problem(data: any): string | undefined;
}

/** The bytes POSTed to /graphql. */
export const requestBody = (scenario: Scenario, variables: Record<string, unknown>) =>
  JSON.stringify({ query: scenario.query, ...(scenario.operationName ? { operationName: scenario.operationName } : {}), ...(Object.keys(variables).length > 0 ? { variables } : {}) });

async function graphql(post: Post, query: string, variables: Record<string, unknown> = {}) {
  const { status, json } = await post(JSON.stringify({ query, variables }));
  if (status !== 200 || json.errors?.length) throw new Error(`lookup failed (HTTP ${status}): ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
  return json.data;
}

/** Documents in creation order (at most `limit`), with each edge's cursor. */
async function documentEdges(post: Post, limit: number) {
  const edges: Array<{ cursor: string; id: string }> = [];
  let after: string | null = null;
  let total = 0;
  while (edges.length < limit) {
    const data: any = await graphql(
      post,
      'query BenchDocumentIds($after: String) { documents(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }',
      { after },
    );
    total = data.documents.totalCount;
    for (const edge of data.documents.edges) edges.push({ cursor: edge.cursor, id: edge.node.id });
    if (!data.documents.pageInfo.hasNextPage) break;
    after = data.documents.pageInfo.endCursor;
  }
  return { edges: edges.slice(0, limit), total };
}

/** Spread `count` picks evenly over `items`. */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

const baseline: Scenario = {
  key: 'baseline',
  title: 'baseline { __typename }',
  query: '{ __typename }',
  variables: async () => [{}],
  problem: (data) => (data?.__typename === 'Query' ? undefined : 'expected { __typename: "Query" }'),
};

const documents: Scenario = {
  key: 'documents',
  title: '(a) documents page of 20',
  operationName: 'BenchDocuments',
  query:
    'query BenchDocuments($after: String) { documents(first: 20, after: $after) { edges { node { title publisher { name } mentions(first: 1) { totalCount } } } } }',
  target: { ratio: 0.15, p99Ms: 25, text: '≥ 0.15× and p99 ≤ 25 ms' },
  async variables(post) {
    // The first page, and pages starting at up to 49 other documents that still have 20 after them.
    const { edges, total } = await documentEdges(post, 1000);
    const starts = edges.filter((_, index) => index < Math.min(edges.length, total - 20));
    return [{ after: null }, ...spread(starts, 49).map((edge) => ({ after: edge.cursor }))];
  },
  problem: (data) => (data?.documents?.edges?.length > 0 ? undefined : 'the page is empty'),
};

const claims: Scenario = {
  key: 'claims',
  title: '(b) entity with 20 claims',
  operationName: 'BenchClaims',
  query:
    'query BenchClaims($id: ID!) { node(id: $id) { ... on Entity { name claims(first: 20) { edges { node { valueText document { title } span { exact } } } } } } }',
  target: { ratio: 0.1, text: '≥ 0.1×' },
  async variables(post) {
    // The ten persons and events with the most claims (in the sample corpus: the 1988 massacre, Raisi, …).
    const found: Array<{ id: string; name: string; claims: number }> = [];
    for (const field of ['persons', 'events']) {
      let after: string | null = null;
      for (let page = 0; page < 20; page++) {
        const data: any = await graphql(
          post,
          `query BenchEntities($after: String) { ${field}(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id name claims(first: 1) { totalCount } } } } }`,
          { after },
        );
        for (const { node } of data[field].edges) found.push({ id: node.id, name: node.name, claims: node.claims.totalCount });
        if (!data[field].pageInfo.hasNextPage) break;
        after = data[field].pageInfo.endCursor;
      }
    }
    const top = found.filter((entity) => entity.claims > 0).sort((a, b) => b.claims - a.claims).slice(0, 10);
    if (top.length === 0) throw new Error('no person or event has a claim');
    return top.map((entity) => ({ id: entity.id }));
  },
  problem: (data) => (data?.node?.claims?.edges?.length > 0 ? undefined : 'the entity has no claims'),
};

const node: Scenario = {
  key: 'node',
  title: '(c) node(id:) → Document',
  operationName: 'BenchNode',
  query: 'query BenchNode($id: ID!) { node(id: $id) { ... on Document { title } } }',
  target: { ratio: 0.1, text: '≥ 0.1×' },
  async variables(post) {
    const { edges } = await documentEdges(post, 1000);
    return spread(edges, 200).map((edge) => ({ id: edge.id }));
  },
  problem: (data) => (typeof data?.node?.title === 'string' ? undefined : 'node is not a Document with a title'),
};

export const scenarios: Scenario[] = [baseline, documents, claims, node];

// The operations README.md and docs/*.md show stay copyable and true: every ```graphql block and every
// curl body parses, names each operation (typed clients such as graphql-codegen refuse anonymous ones
// beside others), uses names once, and validates against the schema; on the sample corpus they run
// without errors, and the sample output README quotes is what the server answers.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/db/provider.js';
import { schema } from '../src/schema/index.js';
import { loadSeed } from '../src/services/seed.js';
import { createToken } from '../src/services/tokens.js';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/database.js';
import { createTestApp } from './helpers/graphql.js';

interface Example {
  file: string;
  line: number;
  source: string;
}

/** The ```lang fenced blocks of a Markdown text, with the line each starts on. */
function fencedBlocks(markdown: string, lang: string): Array<{ line: number; text: string }> {
  const blocks: Array<{ line: number; text: string }> = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```' + lang) continue;
    const end = lines.findIndex((line, j) => j > i && line.trim() === '```');
    if (end < 0) throw new Error(`unclosed \`\`\`${lang} block at line ${i + 1}`);
    blocks.push({ line: i + 1, text: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** Every operation a Markdown file shows: ```graphql blocks, and `-d '{"query": …}'` bodies of curl commands. */
function examplesOf(file: string): Example[] {
  const markdown = readFileSync(join(projectRoot, file), 'utf8');
  const examples = fencedBlocks(markdown, 'graphql').map(({ line, text }) => ({ file, line, source: text }));
  for (const [index, line] of markdown.split('\n').entries()) {
    for (const match of line.matchAll(/-d '(\{"query":.*?\})'/g)) {
      examples.push({ file, line: index + 1, source: (JSON.parse(match[1]!) as { query: string }).query });
    }
  }
  return examples;
}

const files = ['README.md', ...readdirSync(join(projectRoot, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const examples = files.flatMap(examplesOf);
const operationsOf = (document: DocumentNode) => document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);

describe('operations in README.md and docs/', () => {
  it('include the README examples', () => {
    // The three ```graphql blocks and the two curl bodies of README.md at least.
    expect(examples.filter((example) => example.file === 'README.md').length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples.map((example) => [`${example.file}:${example.line}`, example] as const))('%s parses, is named and validates', (_where, example) => {
    const document = parse(example.source);
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) expect(operation.name?.value, `an anonymous ${operation.operation}`).toMatch(/^\w+$/);
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
  });

  it('use each operation name once', () => {
    const names = examples.flatMap((example) => operationsOf(parse(example.source)).map((operation) => operation.name?.value));
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });
});

describe(`README operations on the sample corpus (${testProvider})`, () => {
  let t: TestDatabase;
  let api: ReturnType<typeof createTestApp>;
  let editor: Record<string, string>;
  const readme = examples.filter((example) => example.file === 'README.md');
  const readmeText = readFileSync(join(projectRoot, 'README.md'), 'utf8');

  beforeAll(async () => {
    t = await createTestDatabase();
    await loadSeed(t.db.prisma);
    api = createTestApp(t.db);
    editor = { authorization: `Bearer ${(await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'EDITOR' })).token}` };
  });
  afterAll(async () => {
    await t?.destroy();
  });

  async function massacreId(): Promise<string> {
    // As README says: events(filter: { name: "1988 massacre" }) finds the id.
    const response = await api.execute('query MassacreId { events(filter: { name: "1988 massacre" }) { edges { node { id } } } }');
    expect(response.data.events.edges).toHaveLength(1);
    return response.data.events.edges[0].node.id;
  }

  it('run without errors (the mutation with an editor token), each finding data', async () => {
    const massacre = await massacreId();
    for (const example of readme) {
      // Subscriptions answer a stream, not one result: validated above, run by their own tests.
      for (const operation of operationsOf(parse(example.source)).filter((operation) => operation.operation !== 'subscription')) {
        const variables = operation.variableDefinitions?.length ? { massacre } : undefined;
        const response = await api.execute(example.source, variables, operation.operation === 'mutation' ? editor : {});
        expect(response.errors, `${example.file}:${example.line}`).toBeUndefined();
        const root = Object.values(response.data ?? {})[0] as Record<string, unknown> | undefined;
        expect(root, `${example.file}:${example.line}`).toBeTruthy();
        if (operation.operation === 'mutation') expect(root!.__typename).toBe('CreatePersonPayload');
      }
    }
  });

  it('quotes the compare summary and relation reasons the server gives', async () => {
    const compareBlock = fencedBlocks(readmeText, 'graphql').find((block) => block.text.includes('compare('));
    expect(compareBlock).toBeDefined();
    // The ```text block right after the compare operation is its summary.
    const sample = fencedBlocks(readmeText, 'text').find((block) => block.line > compareBlock!.line);
    expect(sample).toBeDefined();
    const response = await api.execute(compareBlock!.text, { massacre: await massacreId() });
    expect(response.errors).toBeUndefined();
    expect(response.data.compare.summary).toBe(sample!.text.trim());
    const quotedReasons = [...(compareBlock!.text.match(/relations \{[^}]*\}\s*#(.*)/)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((match) => match[1]);
    expect(quotedReasons.length).toBeGreaterThan(0);
    const reasons = (response.data.compare.relations as Array<{ reason: string }>).map((relation) => relation.reason);
    for (const reason of quotedReasons) expect(reasons).toContain(reason);
  });

  it('finds in search what its comment says', async () => {
    const searchBlock = fencedBlocks(readmeText, 'graphql').find((block) => block.text.includes('search(query:'));
    const [, documents, claims] = searchBlock?.text.match(/# (\d+) documents and (\d+) claims in the sample corpus/) ?? [];
    expect(documents).toBeDefined();
    const response = await api.execute(searchBlock!.text);
    expect(response.errors).toBeUndefined();
    const counts = Object.fromEntries((response.data.search.facets.types as Array<{ type: string; count: number }>).map((facet) => [facet.type, facet.count]));
    expect({ documents: counts.DOCUMENT ?? 0, claims: counts.CLAIM ?? 0 }).toEqual({ documents: Number(documents), claims: Number(claims) });
  });
});

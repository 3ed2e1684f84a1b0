// `crosscheck ingest` against awkward inputs: a folder that links back to itself, a JSON Lines file
// larger than --max-bytes made of small documents, one document size limit on every way in, and
// no absolute local path stored anywhere.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bodyBytesFor, DEFAULT_MAX_DOCUMENT_BYTES, loadLimitSettings } from '../src/config.js';
import { limitsFromSettings } from '../src/limits.js';
import { importLibrary, ImportError } from '../src/services/export.js';
import { listFiles, runIngestCommand } from '../src/services/ingest.js';
import { loadSeed } from '../src/services/seed.js';
import { createToken } from '../src/services/tokens.js';
import { createEmptyDatabase, createTestDatabase, testProvider, type TestDatabase } from './helpers/database.js';
import { createTestApp } from './helpers/graphql.js';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/client.js';

let t: TestDatabase;
let dir: string;
let editor: string;
let api: ReturnType<typeof createTestApp>;
const gid = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64');

beforeAll(async () => {
  t = await createTestDatabase();
  await loadSeed(t.db.prisma);
  editor = (await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'EDITOR' })).token;
  api = createTestApp(t.db);
  dir = mkdtempSync(join(tmpdir(), 'crosscheck-robust-'));
});
afterAll(async () => {
  await t?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  delete process.env.MAX_DOCUMENT_BYTES;
});

async function ingest(paths: string[], options: { maxBytes?: number; collection: string }) {
  const out: string[] = [];
  const err: string[] = [];
  const ok = await runIngestCommand(t.db, paths, { collection: options.collection, suggestions: true, maxBytes: options.maxBytes, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { ok, out: out.join('\n'), err: err.join('\n') };
}

const asEditor = (query: string, variables: Record<string, unknown>) => api.execute(query, variables, { authorization: `Bearer ${editor}` });

describe(`crosscheck ingest robustness (${testProvider})`, () => {
  it('walks each real folder once: a link back up the tree and a second link to a folder add nothing', async () => {
    const root = join(dir, 'looped');
    mkdirSync(join(root, 'a'), { recursive: true });
    writeFileSync(join(root, 'a', 'one.txt'), 'Ebrahim Raisi was named in the first report about the 1988 massacre in Tehran.');
    writeFileSync(join(root, 'two.txt'), 'Amnesty International published a second report on the prisons.');
    symlinkSync(root, join(root, 'a', 'up')); // a loop: looped/a/up → looped
    symlinkSync(join(root, 'a'), join(root, 'b')); // a second way into a
    const listed = listFiles([root]);
    expect(listed.refused).toEqual([]);
    expect(listed.files.map((file) => file.label)).toEqual(['a/one.txt', 'two.txt']);

    const result = await ingest([root], { collection: 'looped' });
    expect(result.err).not.toMatch(/refused/);
    expect(result.ok).toBe(true);
    expect(result.out).toMatch(/2 new, 0 unchanged, 0 new versions, 0 failed/);
  });

  it('off a terminal, prints progress lines while it works, and counts in the singular when there is one', async () => {
    const folder = join(dir, 'progress');
    mkdirSync(folder);
    for (const i of [1, 2, 3]) writeFileSync(join(folder, `p${i}.txt`), `Progress note ${i}: Amnesty International wrote about the prisons, item ${i}.`);
    const err: string[] = [];
    const out: string[] = [];
    const ok = await runIngestCommand(t.db, [folder], { collection: 'progress', suggestions: false, out: (line) => out.push(line), err: (line) => err.push(line), progressEveryMs: 0 });
    expect(ok).toBe(true);
    const progress = err.filter((line) => line.startsWith('ingest: '));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)).toMatch(/^ingest: 3 documents so far, 3 of 3 files read \(\d+\/s\)$/);
    expect(progress.some((line) => /^ingest: \d+ documents? so far, 1 of 3 files read/.test(line))).toBe(true);

    writeFileSync(join(dir, 'single.txt'), 'A single note: Amnesty International wrote again about the prisons.');
    const single = await ingest([join(dir, 'single.txt')], { collection: 'progress' });
    expect(single.out).toMatch(/1 new, 0 unchanged, 0 new versions, 0 failed \(1 document in /);
    expect(single.out).not.toMatch(/\b1 (documents|mentions|citations|claims)\b/);
  });

  it('applies --max-bytes to each line of a JSON Lines file, streamed, not to the whole file', async () => {
    const file = join(dir, 'many.jsonl');
    const small = (i: number) => JSON.stringify({ title: `Note ${i}`, text: `Note ${i}: Ebrahim Raisi and Amnesty International, item ${i}.` });
    const lines = [small(1), small(2), JSON.stringify({ title: 'Too long', text: 'x'.repeat(3000) }), small(4)];
    for (let i = 5; i <= 60; i++) lines.push(small(i));
    // CRLF line ends and no final line break are taken too.
    writeFileSync(file, `${lines.slice(0, 10).join('\r\n')}\n${lines.slice(10).join('\n')}`);
    const maxBytes = 2000;
    expect(Buffer.byteLength(lines.join('\n'))).toBeGreaterThan(2 * maxBytes);
    const result = await ingest([file], { collection: 'lines', maxBytes });
    expect(result.ok).toBe(false);
    expect(result.err.split('\n').filter((line) => line.startsWith('refused'))).toEqual([expect.stringMatching(/^refused many\.jsonl:3: too large: 0\.0 MB, over the 0\.0 MB limit .*3\d{3} bytes > 2000$/)]);
    expect(result.out).toMatch(/59 new, 0 unchanged, 0 new versions, 1 failed/);
    const titles = (await t.db.prisma.document.findMany({ where: { collection: { slug: 'lines' } }, select: { title: true } })).map((d) => d.title);
    expect(titles).toContain('Note 60');
    expect(titles).toContain('Note 10');
    expect(titles).not.toContain('Too long');
  });

  it('stores no absolute local path: Change rows and documents name files relative to the path given', async () => {
    const root = join(dir, 'paths');
    mkdirSync(join(root, 'deep', 'er'), { recursive: true });
    writeFileSync(join(root, 'deep', 'er', 'memo.md'), '# Memo on Ebrahim Raisi\n\nEbrahim Raisi sat on the death commission in Tehran, according to Amnesty International.\n');
    writeFileSync(join(root, 'feed.jsonl'), JSON.stringify({ title: 'Feed item', url: 'https://example.org/feed/1', text: 'The United Nations discussed the 1988 massacre.' }));
    const single = join(dir, 'single.txt');
    writeFileSync(single, 'A text given as a file by itself, naming Mohammad Mohaddessin.');
    const result = await ingest([root, single], { collection: 'paths' });
    expect(result.ok).toBe(true);
    const documents = await t.db.prisma.document.findMany({ where: { collection: { slug: 'paths' } } });
    expect(documents).toHaveLength(3);
    const changes = await t.db.prisma.change.findMany({ where: { operation: 'ingestDocument', nodeId: { in: documents.map((d) => d.id) } } });
    expect(changes.map((change) => (change.after as { source: string }).source).sort()).toEqual(['deep/er/memo.md', 'feed.jsonl:1', 'single.txt']);
    const stored = JSON.stringify({ documents, changes });
    expect(stored).not.toContain(dir);
    expect(stored).not.toContain(tmpdir());
    for (const document of documents) expect(document.url === null || /^https?:\/\//.test(document.url)).toBe(true);
  });
});

describe(`one size limit for documents, whichever way they arrive (${testProvider})`, () => {
  const CREATE = `mutation ($c: ID!, $text: String!) { createDocument(input: { collection: $c, title: "Sized", text: $text }) { __typename ... on ValidationError { issues { path message } } } }`;
  const ADD_VERSION = `mutation ($d: ID!, $text: String!) { addDocumentVersion(input: { document: $d, text: $text }) { __typename ... on ValidationError { issues { path message } } } }`;
  const INGEST = `mutation ($c: ID!, $text: String!) { ingestDocument(input: { collection: $c, text: $text }) { __typename ... on ValidationError { issues { path message } } } }`;
  let sample: string;
  beforeAll(async () => {
    sample = gid('Collection', (await t.db.prisma.collection.findUniqueOrThrow({ where: { slug: 'sample' } })).id);
  });
  // Counted in UTF-8 bytes: "é" is two.
  const text = (bytes: number) => `Ebrahim Raisi ${'é'.repeat(Math.floor((bytes - 14) / 2))}${(bytes - 14) % 2 ? '.' : ''}`;

  it('createDocument, addDocumentVersion and ingestDocument refuse a text over MAX_DOCUMENT_BYTES with a ValidationError, and take one at it', async () => {
    process.env.MAX_DOCUMENT_BYTES = '4096';
    expect(Buffer.byteLength(text(4096))).toBe(4096);
    expect(text(4097).length).toBeLessThan(4096); // fewer characters than the limit: bytes are what count

    const over = await asEditor(CREATE, { c: sample, text: text(4097) });
    expect(over.data.createDocument).toEqual({ __typename: 'ValidationError', issues: [{ path: ['input', 'text'], message: expect.stringMatching(/too large: .*limit for a document \(MAX_DOCUMENT_BYTES\): 4097 bytes > 4096/) }] });
    const at = await asEditor(CREATE.replace('... on ValidationError', '... on DocumentPayload { document { id } } ... on ValidationError'), { c: sample, text: text(4096) });
    expect(at.data.createDocument.__typename).toBe('DocumentPayload');

    const version = await asEditor(ADD_VERSION, { d: at.data.createDocument.document.id, text: `${text(4097)}` });
    expect(version.data.addDocumentVersion).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'text'], message: expect.stringMatching(/MAX_DOCUMENT_BYTES/) }] });

    const ingested = await asEditor(INGEST, { c: sample, text: text(5000) });
    expect(ingested.data.ingestDocument).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'text'], message: expect.stringMatching(/MAX_DOCUMENT_BYTES/) }] });
  });

  it('the CLI refuses a file over it, and a --max-bytes above it', async () => {
    process.env.MAX_DOCUMENT_BYTES = '4096';
    const file = join(dir, 'sized.txt');
    writeFileSync(file, text(4097));
    const refused = await ingest([file], { collection: 'sized' });
    expect(refused.ok).toBe(false);
    expect(refused.err).toMatch(/refused sized\.txt: too large: .*4097 bytes > 4096/);
    const raised = await ingest([file], { collection: 'sized', maxBytes: 8192 });
    expect(raised.ok).toBe(false);
    expect(raised.err).toMatch(/--max-bytes must be .* from 1 to 4096 \(MAX_DOCUMENT_BYTES/);
    writeFileSync(file, text(4096));
    expect((await ingest([file], { collection: 'sized' })).ok).toBe(true);
  });

  it('the seed and import refuse a document over it', async () => {
    process.env.MAX_DOCUMENT_BYTES = '1000';
    await expect(loadSeed(t.db.prisma)).rejects.toThrow(/is too large: .*limit for a document \(MAX_DOCUMENT_BYTES\)/);

    const file = join(dir, 'export.jsonl');
    delete process.env.MAX_DOCUMENT_BYTES;
    const { exportLibrary } = await import('../src/services/export.js');
    const chunks: string[] = [];
    const sink = new (await import('node:stream')).Writable({ write: (chunk, _encoding, done) => void (chunks.push(chunk.toString()), done()) });
    await exportLibrary(t.db, sink, { collection: 'sample' });
    writeFileSync(file, chunks.join(''));
    const empty = await createEmptyDatabase();
    await migrate(empty.url);
    const target = await openDatabase(empty.url, { synchronous: 'NORMAL' });
    try {
      process.env.MAX_DOCUMENT_BYTES = '1000';
      const error = await importLibrary(target, file).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImportError);
      expect((error as Error).message).toMatch(/document version \d+ is too large: .*MAX_DOCUMENT_BYTES/);
    } finally {
      await target.close();
      await empty.drop();
    }
  });

  it('by default a mutation carrying a maximal document fits the request body limit', async () => {
    const limits = limitsFromSettings(loadLimitSettings({}));
    expect(limits.maxBodyBytes).toBe(bodyBytesFor(DEFAULT_MAX_DOCUMENT_BYTES));
    // The worst ordinary text for JSON: every other byte a line break or a quote, escaped as two.
    const worst = 'a\n"b'.repeat(DEFAULT_MAX_DOCUMENT_BYTES / 4);
    expect(Buffer.byteLength(worst)).toBe(DEFAULT_MAX_DOCUMENT_BYTES);
    const body = JSON.stringify({ query: CREATE, variables: { c: sample, text: worst } });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(limits.maxBodyBytes);
  });
});

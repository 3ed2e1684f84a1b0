// The `changes` subscription over a real HTTP connection (server-sent events): a subscriber gets the
// changes it may read, as the `changes` query shows them, and nothing of collections it may not
// read. A negative is proved by committing the invisible change first and a visible one after it:
// changes arrive in commit order, so a leak would be the first event.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { endSubscriptions, openSubscriptions } from '../src/services/change-feed.js';
import { createToken, grantToken, revokeToken } from '../src/services/tokens.js';
import { createApp } from '../src/yoga.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

let t: TestDatabase;
let server: Server;
let endpoint: string;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const open: Array<{ close(): void }> = [];

const gid = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64');
const auth = (who?: string): Record<string, string> => (who ? { authorization: `Bearer ${tokens[who]}` } : {});

async function gql(who: string | undefined, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...auth(who) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

/** Runs a mutation that must succeed and returns its payload. */
async function write(who: string, query: string, variables: Record<string, unknown>) {
  const payload = Object.values((await gql(who, query, variables)) as Record<string, any>)[0];
  expect(payload.__typename, JSON.stringify(payload)).not.toMatch(/Error$/);
  return payload;
}

interface SseEvent {
  event: string;
  data: any;
}

/**
 * Opens a subscription as curl does (POST, Accept: text/event-stream) and returns once the server
 * has answered: from then on, the subscription is following the change log.
 */
async function subscribe(who: string | undefined, query: string, variables: Record<string, unknown> = {}) {
  const controller = new AbortController();
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...auth(who) },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const stream = {
    status: response.status,
    contentType: response.headers.get('content-type'),
    /** The next event; comment lines (yoga's keep-alive pings, ":") are skipped. */
    async next(): Promise<SseEvent> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n').filter((line) => !line.startsWith(':'));
          if (lines.length === 0) continue;
          const event = lines.find((line) => line.startsWith('event:'))?.slice(6).trim() ?? 'message';
          const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
          return { event, data: data ? JSON.parse(data) : null };
        }
        const { value, done } = await reader.read();
        if (done) return { event: 'closed', data: null };
        buffer += decoder.decode(value, { stream: true });
      }
    },
    close() {
      controller.abort();
    },
  };
  open.push(stream);
  return stream;
}

const SUBSCRIBE = `subscription ($collection: ID, $nodeTypes: [ChangeNodeType!]) {
  changes(collection: $collection, nodeTypes: $nodeTypes) { id operation nodeType nodeId actor before after requestId createdAt }
}`;
const CREATE_DOCUMENT = `mutation ($input: CreateDocumentInput!) { createDocument(input: $input) { __typename ... on DocumentPayload { document { id } } ... on Error { message } } }`;
const CREATE_CLAIM = `mutation ($input: CreateClaimInput!) { createClaim(input: $input) { __typename ... on ClaimPayload { claim { id } } ... on Error { message } } }`;
const CREATE_MENTION = `mutation ($input: CreateMentionInput!) { createMention(input: $input) { __typename ... on CreateMentionPayload { mention { id } } ... on Error { message } } }`;
const CREATE_CITATION = `mutation ($input: CreateCitationInput!) { createCitation(input: $input) { __typename ... on CreateCitationPayload { citation { id } } ... on Error { message } } }`;
const CREATE_PERSON = `mutation ($name: String!) { createPerson(input: { name: $name }) { __typename ... on CreatePersonPayload { person { id } } ... on Error { message } } }`;
const quote = (exact: string) => ({ quote: { exact } });
const TEXT = 'The report says Jane Roe was arrested in 1988 and held at Evin, and refers to a memo.';

/** A claim in a document of one collection; returns its global id. `label` only says which claim it is. */
async function claimIn(document: 'openDoc' | 'vaultDoc', _label: string) {
  return (await write('curator', CREATE_CLAIM, { input: { document: ids[document], subject: ids.person, property: 'date', value: '1988', selector: quote('arrested in 1988') } })).claim.id as string;
}

beforeAll(async () => {
  t = await createTestDatabase();
  const app = createApp({ db: t.db, logger: pino({ level: 'silent' }) });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  const p = t.db.prisma;
  const openRow = await p.collection.create({ data: { slug: 'open', name: 'Open', visibility: 'PUBLIC' } });
  const vaultRow = await p.collection.create({ data: { slug: 'vault', name: 'Vault', visibility: 'PRIVATE' } });
  await p.collection.create({ data: { slug: 'other', name: 'Other', visibility: 'PRIVATE' } });
  ids.open = gid('Collection', openRow.id);
  ids.vault = gid('Collection', vaultRow.id);
  tokens.curator = (await createToken(p, { collectionSlug: 'open', role: 'EDITOR' })).token;
  await grantToken(p, tokens.curator, { collectionSlug: 'vault', role: 'EDITOR' });
  tokens.reader = (await createToken(p, { collectionSlug: 'vault', role: 'READER' })).token;
  tokens.outsider = (await createToken(p, { collectionSlug: 'other', role: 'EDITOR' })).token;

  ids.person = (await write('curator', CREATE_PERSON, { name: 'Jane Roe' })).person.id;
  ids.openDoc = (await write('curator', CREATE_DOCUMENT, { input: { collection: ids.open, title: 'Open report', text: TEXT } })).document.id;
  ids.vaultDoc = (await write('curator', CREATE_DOCUMENT, { input: { collection: ids.vault, title: 'Vault memo', text: TEXT } })).document.id;
}, 60_000);

afterAll(async () => {
  for (const stream of open) stream.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await t?.destroy();
});

describe('changes subscription over server-sent events', () => {
  it('sends an anonymous subscriber a claim created in a public collection, and nothing of a private one', async () => {
    const stream = await subscribe(undefined, SUBSCRIBE);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toContain('text/event-stream');
    await claimIn('vaultDoc', 'arrestYearHidden');
    const visible = await claimIn('openDoc', 'arrestYear');
    const event = await stream.next();
    expect(event.event).toBe('next');
    expect(event.data.errors).toBeUndefined();
    expect(event.data.data.changes).toMatchObject({ operation: 'createClaim', nodeType: 'Claim', nodeId: visible, actor: expect.stringMatching(/^token:/) });
    stream.close();
  });

  it('sends a token the changes of a private collection it can read, as the query shows them', async () => {
    const stream = await subscribe('reader', SUBSCRIBE);
    const claim = await claimIn('vaultDoc', 'heldIn');
    const event = await stream.next();
    const change = event.data.data.changes;
    expect(change).toMatchObject({ operation: 'createClaim', nodeType: 'Claim', nodeId: claim });
    const { node } = await gql('reader', `query ($id: ID!) { node(id: $id) { ... on Change { id operation nodeType nodeId actor before after requestId createdAt } } }`, { id: change.id });
    expect(change).toEqual(node);
    stream.close();
  });

  it('does not send a token the changes of a private collection it cannot read', async () => {
    const stream = await subscribe('outsider', SUBSCRIBE);
    await claimIn('vaultDoc', 'hiddenFromOutsider');
    const visible = await claimIn('openDoc', 'shownToOutsider');
    expect((await stream.next()).data.data.changes).toMatchObject({ nodeType: 'Claim', nodeId: visible });
    stream.close();
  });

  it('redacts snapshots as the query does: a public citation of a private document', async () => {
    const stream = await subscribe(undefined, SUBSCRIBE);
    const citation = (await write('curator', CREATE_CITATION, { input: { document: ids.openDoc, kind: 'REFERENCE', source: ids.vaultDoc, selector: quote('refers to a memo') } })).citation.id;
    const change = (await stream.next()).data.data.changes;
    expect(change).toMatchObject({ operation: 'createCitation', nodeId: citation });
    const { node } = await gql(undefined, `query ($id: ID!) { node(id: $id) { ... on Change { id operation nodeType nodeId actor before after requestId createdAt } } }`, { id: change.id });
    expect(change).toEqual(node);
    // The stored snapshot names the private document; the one sent does not.
    const stored = await t.db.prisma.change.findUniqueOrThrow({ where: { id: Number(Buffer.from(change.id, 'base64').toString().split(':')[1]) } });
    expect(JSON.stringify(change.after)).not.toEqual(JSON.stringify(stored.after));
    stream.close();
  });

  it('narrows by collection (its global id) and by kind of record', async () => {
    const stream = await subscribe('curator', SUBSCRIBE, { collection: ids.vault, nodeTypes: ['CLAIM'] });
    await write('curator', CREATE_PERSON, { name: 'John Doe' }); // shared: no collection
    await write('curator', CREATE_MENTION, { input: { document: ids.vaultDoc, entity: ids.person, selector: quote('Jane Roe') } }); // not a claim
    await claimIn('openDoc', 'elsewhere'); // another collection
    const claim = await claimIn('vaultDoc', 'wanted');
    expect((await stream.next()).data.data.changes).toMatchObject({ nodeType: 'Claim', nodeId: claim });
    stream.close();
  });

  it('takes a collection by its slug too, and refuses an unknown one or one the caller cannot read with NOT_FOUND', async () => {
    const stream = await subscribe('reader', SUBSCRIBE, { collection: 'vault', nodeTypes: ['CLAIM'] });
    await claimIn('openDoc', 'elsewhere');
    const claim = await claimIn('vaultDoc', 'bySlug');
    expect((await stream.next()).data.data.changes).toMatchObject({ nodeId: claim });
    stream.close();
    for (const collection of ['no-such-collection', 'vault']) {
      const refused = await subscribe(undefined, SUBSCRIBE, { collection });
      const event = await refused.next();
      expect(event.data.errors).toMatchObject([{ extensions: { code: 'NOT_FOUND' } }]);
      refused.close();
    }
  });

  it('evaluates changes with the token’s rights as they stand after each commit: a role granted later applies', async () => {
    tokens.latecomer = (await createToken(t.db.prisma, { collectionSlug: 'other', role: 'READER' })).token;
    const stream = await subscribe('latecomer', SUBSCRIBE, { nodeTypes: ['CLAIM'] });
    await claimIn('vaultDoc', 'beforeGrant');
    // Once the public claim committed after it has arrived, the private one has been passed over.
    const marker = await claimIn('openDoc', 'marker');
    expect((await stream.next()).data.data.changes).toMatchObject({ nodeId: marker });
    await grantToken(t.db.prisma, tokens.latecomer, { collectionSlug: 'vault', role: 'READER' });
    const claim = await claimIn('vaultDoc', 'afterGrant');
    expect((await stream.next()).data.data.changes).toMatchObject({ nodeId: claim });
    stream.close();
  });

  it('ends the stream of a revoked token with an UNAUTHENTICATED error', async () => {
    tokens.revoked = (await createToken(t.db.prisma, { collectionSlug: 'vault', role: 'READER' })).token;
    const stream = await subscribe('revoked', SUBSCRIBE);
    await revokeToken(t.db.prisma, tokens.revoked);
    await claimIn('vaultDoc', 'afterRevocation');
    const event = await stream.next();
    expect(event.data.data).toBeNull();
    expect(event.data.errors).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);
    expect((await stream.next()).event).toBe('complete');
  });

  it('refuses a bad token with 401 before streaming', async () => {
    tokens.bad = 'cc_' + 'x'.repeat(43);
    const stream = await subscribe('bad', SUBSCRIBE);
    expect(stream.status).toBe(401);
  });

  it('forgets a stream whose client has gone', async () => {
    await vi.waitFor(() => expect(openSubscriptions(t.db)).toBe(0), { timeout: 20_000, interval: 20 }); // the streams closed above
    const read = await subscribe(undefined, SUBSCRIBE);
    const visible = await claimIn('openDoc', 'beforeLeaving');
    expect((await read.next()).data.data.changes).toMatchObject({ nodeId: visible });
    await subscribe(undefined, SUBSCRIBE); // opened, never read by the client
    expect(openSubscriptions(t.db)).toBe(2);
    for (const stream of open) stream.close();
    await vi.waitFor(() => expect(openSubscriptions(t.db)).toBe(0), { timeout: 20_000, interval: 20 });
  });

  it('completes open streams when the server shuts down', async () => {
    const stream = await subscribe(undefined, SUBSCRIBE);
    endSubscriptions(t.db);
    expect((await stream.next()).event).toBe('complete');
  });
}, 60_000);

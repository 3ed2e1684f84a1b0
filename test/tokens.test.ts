import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '../src/services/seed.js';
import {
  authenticate,
  createToken,
  grantToken,
  LAST_USED_RESOLUTION_MS,
  listTokens,
  revokeToken,
  TOKEN_PATTERN,
  TokenError,
} from '../src/services/tokens.js';
import { collectionSlugOf, TOKEN_LIST_HEADER, tokenArgument, tokenListLines } from '../src/cli-format.js';
import { runCli } from './helpers/cli.js';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/database.js';

let t: TestDatabase;
let sampleId: number;
let otherId: number;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadSeed(t.db.prisma);
  sampleId = (await t.db.prisma.collection.findUniqueOrThrow({ where: { slug: 'sample' } })).id;
  otherId = (await t.db.prisma.collection.create({ data: { slug: 'private-notes', name: 'Private notes' } })).id;
});
afterAll(async () => {
  await t?.destroy();
});

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const updates = (statements: string[]) => statements.filter((sql) => /^\s*UPDATE/i.test(sql));

describe(`API tokens (${testProvider})`, () => {
  it('returns the token once and stores only its SHA-256', async () => {
    const created = await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'EDITOR', name: 'hash check' });
    expect(created.token).toMatch(TOKEN_PATTERN);
    expect(created.grant).toEqual({ collectionId: sampleId, collectionSlug: 'sample', role: 'EDITOR' });
    const row = await t.db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id }, include: { grants: true } });
    expect(row.tokenHash).toBe(sha256(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(JSON.stringify(row)).not.toContain(created.token.slice(3));
    expect(row.grants).toMatchObject([{ collectionId: sampleId, role: 'EDITOR' }]);
  });

  it('makes a different token every time', async () => {
    const a = await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'READER' });
    const b = await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'READER' });
    expect(a.token).not.toBe(b.token);
  });

  it('authenticates a token to its grants', async () => {
    const { token, id } = await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'EDITOR' });
    expect(await authenticate(t.db.prisma, token)).toEqual({ tokenId: id, name: null, grants: [{ collectionId: sampleId, role: 'EDITOR' }] });
  });

  it('writes lastUsedAt at most once per minute', async () => {
    const { token, id } = await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'READER' });
    const now = new Date('2030-01-01T00:00:00Z');
    const first = await t.countStatements(() => authenticate(t.db.prisma, token, { now }));
    expect(updates(first.statements)).toHaveLength(1);
    expect((await t.db.prisma.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(now);

    const soon = new Date(now.getTime() + LAST_USED_RESOLUTION_MS - 1);
    const second = await t.countStatements(() => authenticate(t.db.prisma, token, { now: soon }));
    expect(second.result).not.toBeNull();
    // Reads only (the token, then its grants).
    expect(second.statements.every((sql) => /^\s*SELECT/i.test(sql))).toBe(true);
    expect(updates(second.statements)).toHaveLength(0);

    const later = new Date(now.getTime() + LAST_USED_RESOLUTION_MS + 1);
    const third = await t.countStatements(() => authenticate(t.db.prisma, token, { now: later }));
    expect(updates(third.statements)).toHaveLength(1);
    expect((await t.db.prisma.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(later);
  });

  it('refuses a revoked token, revoked by value or by id', async () => {
    const byValue = await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'ADMIN' });
    const byId = await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'ADMIN' });
    const first = await revokeToken(t.db.prisma, byValue.token);
    expect(first).toMatchObject({ id: byValue.id, alreadyRevoked: false });
    expect(await revokeToken(t.db.prisma, String(byId.id))).toMatchObject({ id: byId.id, alreadyRevoked: false });
    expect(await authenticate(t.db.prisma, byValue.token)).toBeNull();
    expect(await authenticate(t.db.prisma, byId.token)).toBeNull();
    // Revoking again changes nothing and says so.
    const again = await revokeToken(t.db.prisma, byValue.id);
    expect(again).toEqual({ id: byValue.id, revokedAt: first.revokedAt, alreadyRevoked: true });
  });

  it('refuses unknown and malformed tokens, the malformed ones without a query', async () => {
    expect(await authenticate(t.db.prisma, `cc_${'A'.repeat(43)}`)).toBeNull();
    for (const bad of ['', 'cc_', 'not-a-token', `cc_${'A'.repeat(44)}`, `xx_${'A'.repeat(43)}`]) {
      const { result, statements } = await t.countStatements(() => authenticate(t.db.prisma, bad));
      expect(result).toBeNull();
      expect(statements).toEqual([]);
    }
    await expect(revokeToken(t.db.prisma, `cc_${'B'.repeat(43)}`)).rejects.toThrow('unknown token');
    await expect(revokeToken(t.db.prisma, 999_999)).rejects.toThrow('unknown token id 999999');
  });

  it('grants roles on more collections, and changes a role in place', async () => {
    const { token, id } = await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'READER' });
    expect(await grantToken(t.db.prisma, token, { collectionSlug: 'private-notes', role: 'admin' })).toEqual({
      tokenId: id,
      collectionId: otherId,
      collectionSlug: 'private-notes',
      role: 'ADMIN',
    });
    await grantToken(t.db.prisma, id, { collectionSlug: 'sample', role: 'EDITOR' });
    const identity = await authenticate(t.db.prisma, token);
    expect(identity?.grants).toEqual(
      [
        { collectionId: sampleId, role: 'EDITOR' },
        { collectionId: otherId, role: 'ADMIN' },
      ].sort((a, b) => a.collectionId - b.collectionId),
    );
    await revokeToken(t.db.prisma, id);
    await expect(grantToken(t.db.prisma, id, { collectionSlug: 'sample', role: 'ADMIN' })).rejects.toThrow(`token ${id} is revoked`);
  });

  it('refuses an unknown collection or role with a clear error, creating nothing', async () => {
    const before = await t.db.prisma.apiToken.count();
    const unknown = createToken(t.db.prisma, { collectionSlug: 'no-such-collection', role: 'EDITOR' });
    await expect(unknown).rejects.toThrow(TokenError);
    await expect(unknown).rejects.toThrow('unknown collection "no-such-collection"');
    await expect(createToken(t.db.prisma, { collectionSlug: 'sample', role: 'OWNER' })).rejects.toThrow('unknown role "OWNER": use one of READER, EDITOR, ADMIN');
    expect(await t.db.prisma.apiToken.count()).toBe(before);
  });

  it('lists tokens with their grants and state, never a token or a hash', async () => {
    const { token, id } = await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'EDITOR', name: 'listed' });
    const list = await listTokens(t.db.prisma);
    expect(list[0]).toMatchObject({ id, name: 'listed', revokedAt: null, grants: [{ collectionId: sampleId, collectionSlug: 'sample', role: 'EDITOR' }] });
    expect(list[0]).not.toHaveProperty('tokenHash');
    const all = JSON.stringify(list);
    expect(all).not.toContain(token);
    expect(all).not.toContain(sha256(token));
    expect(all).not.toContain('tokenHash');
  });
});

describe(`the token CLI (${testProvider})`, () => {
  const cli = (...args: string[]) => runCli(args, t.url);

  it('`token create` prints the new token and nothing else', async () => {
    const { code, stdout, stderr } = await cli('token', 'create', '--collection', 'sample', '--role', 'EDITOR', '--name', 'from the cli');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^cc_[A-Za-z0-9_-]{43}\n$/);
    const token = stdout.trim();
    expect(await authenticate(t.db.prisma, token)).toMatchObject({ name: 'from the cli', grants: [{ collectionId: sampleId, role: 'EDITOR' }] });

    const id = (await authenticate(t.db.prisma, token))!.tokenId;
    const globalId = Buffer.from(`ApiToken:${id}`).toString('base64');
    const listed = await cli('token', 'list');
    expect(listed.code).toBe(0);
    const [header, newest] = listed.stdout.split('\n');
    expect(header).toBe(TOKEN_LIST_HEADER);
    expect(newest!.split('\t')).toEqual([globalId, 'from the cli', 'active', 'sample:EDITOR', expect.stringMatching(/^\d{4}-\d\d-\d\dT/), expect.any(String), `token:${id}`]);
    expect(listed.stdout).not.toContain(token);
    expect(listed.stdout).not.toContain(sha256(token));

    // Revoked by the global id `token list` printed; the answer names it the same way.
    const revoked = await cli('token', 'revoke', globalId);
    expect(revoked).toMatchObject({ code: 0, stderr: '', stdout: `revoked token ${globalId}\n` });
    expect(await authenticate(t.db.prisma, token)).toBeNull();
  });

  it('an unknown collection exits 1 with one line on stderr and nothing on stdout', async () => {
    const before = await t.db.prisma.apiToken.count();
    const { code, stdout, stderr } = await cli('token', 'create', '--collection', 'no-such-collection', '--role', 'EDITOR');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('crosscheck: unknown collection "no-such-collection"\n');
    expect(await t.db.prisma.apiToken.count()).toBe(before);
  });
});

describe(`what the token CLI prints and takes, in process (${testProvider})`, () => {
  const globalId = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64');

  it('`token list` prints a header, then global ids in tab-separated rows, newest first', async () => {
    const older = await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'READER', name: 'older' });
    const newer = await createToken(t.db.prisma, { collectionSlug: 'private-notes', role: 'ADMIN' });
    await revokeToken(t.db.prisma, older.id);
    const lines = tokenListLines(await listTokens(t.db.prisma));
    expect(lines[0]).toBe('id\tname\tstatus\tgrants\tcreated\tlast used\tactor');
    const rows = lines.slice(1).map((line) => line.split('\t'));
    expect(rows.every((row) => row.length === 7)).toBe(true);
    const newerRow = rows.find((row) => row[0] === globalId('ApiToken', newer.id));
    const olderRow = rows.find((row) => row[0] === globalId('ApiToken', older.id));
    expect(newerRow).toEqual([globalId('ApiToken', newer.id), '-', 'active', 'private-notes:ADMIN', expect.any(String), 'never', `token:${newer.id}`]);
    expect(olderRow?.slice(1, 4)).toEqual(['older', expect.stringMatching(/^revoked \d{4}-/), 'sample:READER']);
    expect(rows.indexOf(newerRow!)).toBeLessThan(rows.indexOf(olderRow!));
    // With no tokens, the header alone.
    expect(tokenListLines([])).toEqual([TOKEN_LIST_HEADER]);
  });

  it('token arguments: the token, its global id, or its numeric id as before', async () => {
    const created = await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'READER' });
    expect(tokenArgument(globalId('ApiToken', created.id))).toBe(created.id);
    expect(tokenArgument(String(created.id))).toBe(String(created.id));
    expect(tokenArgument(created.token)).toBe(created.token);
    // Another type's global id is no token id.
    expect(tokenArgument(globalId('Collection', created.id))).toBe(globalId('Collection', created.id));
    const granted = await grantToken(t.db.prisma, tokenArgument(globalId('ApiToken', created.id)), { collectionSlug: await collectionSlugOf(t.db.prisma, globalId('Collection', otherId)), role: 'EDITOR' });
    expect(granted).toEqual({ tokenId: created.id, collectionId: otherId, collectionSlug: 'private-notes', role: 'EDITOR' });
    expect(await revokeToken(t.db.prisma, tokenArgument(globalId('ApiToken', created.id)))).toMatchObject({ id: created.id, alreadyRevoked: false });
  });

  it('--collection takes a slug or a global id; an unknown global id is refused', async () => {
    expect(await collectionSlugOf(t.db.prisma, 'sample')).toBe('sample');
    expect(await collectionSlugOf(t.db.prisma, globalId('Collection', sampleId))).toBe('sample');
    await expect(collectionSlugOf(t.db.prisma, globalId('Collection', 999_999))).rejects.toThrow(`unknown collection "${globalId('Collection', 999_999)}"`);
  });
});

// The one rule of who may read and write what (src/services/access.ts), without a database: the
// Prisma filter, the SQL condition and the in-memory check all follow the actor's one list.
import { describe, expect, it } from 'vitest';
import {
  actorOf,
  actorOfIdentity,
  anonymous,
  canReadCollection,
  collectionsWithRole,
  hasRole,
  readableCollectionsSql,
  readableCollectionsWhere,
  readableDocumentsWhere,
  requireRole,
  requireRoleSomewhere,
} from '../src/services/access.js';
import { AnchorError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../src/services/errors.js';

const editor = actorOfIdentity({ tokenId: 7, name: null, grants: [{ collectionId: 3, role: 'EDITOR' }, { collectionId: 5, role: 'READER' }] });

describe('access', () => {
  it('computes the readable collection ids once, with the actor', () => {
    expect(editor.readableCollectionIds).toEqual([3, 5]);
    expect(editor.actor).toBe('token:7');
    expect(Object.isFrozen(editor.readableCollectionIds)).toBe(true);
    expect(anonymous.readableCollectionIds).toEqual([]);
  });

  it('reads public collections and those with a role, by the same list in every form', () => {
    expect(canReadCollection(editor, { id: 5, visibility: 'PRIVATE' })).toBe(true);
    expect(canReadCollection(editor, { id: 9, visibility: 'PRIVATE' })).toBe(false);
    expect(canReadCollection(anonymous, { id: 9, visibility: 'PUBLIC' })).toBe(true);
    expect(readableCollectionsWhere(anonymous)).toEqual({ visibility: 'PUBLIC' });
    expect(readableCollectionsWhere(editor)).toEqual({ OR: [{ visibility: 'PUBLIC' }, { id: { in: [3, 5] } }] });
    expect(readableDocumentsWhere(editor)).toEqual({ collection: readableCollectionsWhere(editor) });
    const sql = readableCollectionsSql(editor, 'c');
    expect(sql.text).toMatch(/^\(c\."visibility" = 'PUBLIC' OR c\."id" IN \(.+\)\)$/);
    expect(sql.values).toEqual([3, 5]);
    expect(readableCollectionsSql(anonymous, 'c').text).toBe(`c."visibility" = 'PUBLIC'`);
  });

  it('checks write roles by rank', () => {
    expect(hasRole(editor, 3, 'READER')).toBe(true);
    expect(hasRole(editor, 3, 'EDITOR')).toBe(true);
    expect(hasRole(editor, 3, 'ADMIN')).toBe(false);
    expect(hasRole(editor, 5, 'EDITOR')).toBe(false);
    expect(collectionsWithRole(editor, 'EDITOR')).toEqual([3]);
    expect(() => requireRole(editor, 3, 'EDITOR', 'Adding a claim')).not.toThrow();
    expect(() => requireRole(editor, 5, 'EDITOR', 'Adding a claim')).toThrow(new ForbiddenError('Adding a claim needs the editor role on this collection'));
    expect(() => requireRole(anonymous, 5, 'EDITOR', 'Adding a claim')).toThrow(/: send a token$/);
    expect(() => requireRoleSomewhere(editor, 'EDITOR', 'Merging entities')).not.toThrow();
    expect(() => requireRoleSomewhere(actorOf(1, 'token:1', new Map([[5, 'READER']])), 'EDITOR', 'Merging entities')).toThrow(/editor role on a collection$/);
  });

  it('a record gone by database id names its table and id, for the API to show its own id', () => {
    const error = NotFoundError.gone(['collection'], 'Collection', 12).under(['input']);
    expect(error.record).toEqual({ typename: 'Collection', id: 12 });
    expect(error.path).toEqual(['input', 'collection']);
    expect(error.message).toBe('input.collection: this Collection no longer exists');
  });
});

describe('service errors', () => {
  it('name the fields of the service input; under() puts them under the argument, message included', () => {
    const invalid = new ValidationError([
      { path: ['selector', 'start'], message: 'must not be negative' },
      { path: [], message: 'nothing to write' },
    ]).under(['input']);
    expect(invalid.issues).toEqual([
      { path: ['input', 'selector', 'start'], message: 'must not be negative' },
      { path: ['input'], message: 'nothing to write' },
    ]);
    expect(invalid.message).toBe('input.selector.start: must not be negative; input: nothing to write');
    const missing = new NotFoundError(['subject'], 'RXZlbnQ6OQ==', 'Event').under(['input']);
    expect([missing.path, missing.id, missing.message]).toEqual([['input', 'subject'], 'RXZlbnQ6OQ==', 'input.subject: no Event with id RXZlbnQ6OQ==']);
    const anchor = new AnchorError(['selector'], 'ambiguous', 'the quote occurs twice', { start: 1, end: 4, exact: 'abc' }).under(['input']);
    expect([anchor.path, anchor.reason, anchor.message, anchor.closest]).toEqual([['input', 'selector'], 'ambiguous', 'input.selector: the quote occurs twice', { start: 1, end: 4, exact: 'abc' }]);
    const conflict = new ConflictError('stale', 3);
    expect(conflict.under(['input'])).toBe(conflict);
  });
});

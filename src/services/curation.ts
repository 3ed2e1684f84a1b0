// Curation writes: every one checks the caller's role, validates its input, runs in one
// transaction and records a Change row, or throws a UserError and changes nothing.
import { createHash } from 'node:crypto';
import type { Database, Prisma } from '../db/client.js';
import { splitBoilerplate } from '../domain/boilerplate.js';
import { normalizeName } from '../domain/names.js';
import { sortKey } from '../domain/partial-dates.js';
import { storedValue } from '../domain/properties.js';
import { reanchorAll, validateSelector, type SelectorInput } from '../domain/reanchor.js';
import { maxDocumentBytes } from '../config.js';
import * as access from './access.js';
import { canReadCollection, collectionsWithRole, type Actor, type Role } from './access.js';
import { recordDeletedCollectionAdmins } from './change-log.js';
import { AnchorError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors.js';
import { idOf, notFound, type IdRef } from './ids.js';
import { activeTable } from './normalisation.js';
import { checkProperty } from './properties.js';

export type Tx = Prisma.TransactionClient;

export interface Writer {
  db: Database;
  viewer: Actor;
  requestId: string;
}

const entityTypes = { Person: 'PERSON', Organisation: 'ORGANISATION', Event: 'EVENT' } as const;

export async function audit(
  tx: Tx,
  writer: Writer,
  change: { operation: string; nodeType: string; nodeId: number; collectionId: number | null; before?: unknown; after?: unknown },
) {
  return tx.change.create({
    data: {
      actor: writer.viewer.actor,
      requestId: writer.requestId,
      operation: change.operation,
      nodeType: change.nodeType,
      nodeId: change.nodeId,
      collectionId: change.collectionId,
      before: change.before === undefined ? undefined : (JSON.parse(JSON.stringify(change.before)) as Prisma.InputJsonValue),
      after: change.after === undefined ? undefined : (JSON.parse(JSON.stringify(change.after)) as Prisma.InputJsonValue),
    },
  });
}

/** Whether the caller can see a collection's content (access.ts). */
const canRead = (writer: Writer, collection: { id: number; visibility: 'PUBLIC' | 'PRIVATE' }) => canReadCollection(writer.viewer, collection);

const requireRole = (writer: Writer, collectionId: number, role: Role, what: string) => access.requireRole(writer.viewer, collectionId, role, what);

/** Entities are shared by every collection: editing them needs the editor role on at least one. */
export function requireEditorSomewhere(writer: Writer, what: string) {
  access.requireRoleSomewhere(writer.viewer, 'EDITOR', what);
}

const nonEmpty = (value: string | null | undefined, path: string[]): string => {
  if (value === null || value === undefined || value.trim().length === 0) throw ValidationError.at(path, 'must not be empty');
  return value.trim();
};

function checkVersion(found: { version: number }, expected: number, what: string) {
  if (found.version !== expected) throw new ConflictError(`${what} was changed by someone else: it is at version ${found.version}, not ${expected}; reload and retry`, found.version);
}

// ---- Entities and names -------------------------------------------------------------------

export interface NameInput {
  name: string;
  kind?: 'ALIAS' | 'ACRONYM' | 'FORMER' | 'TRANSLITERATION' | null;
  language?: string | null;
}

export interface PartialDateInput {
  year?: number | null;
  month?: number | null;
  day?: number | null;
  text?: string | null;
}

export interface EntityInput {
  name: string;
  aliases?: NameInput[] | null;
  description?: string | null;
  parent?: IdRef | null;
  start?: PartialDateInput | null;
  end?: PartialDateInput | null;
  place?: string | null;
}

function checkDate(date: PartialDateInput | null | undefined, path: string[]) {
  if (!date) return;
  if (date.month != null && (date.month < 1 || date.month > 12)) throw ValidationError.at([...path, 'month'], 'must be between 1 and 12');
  if (date.day != null && (date.day < 1 || date.day > 31)) throw ValidationError.at([...path, 'day'], 'must be between 1 and 31');
  if (date.day != null && date.month == null) throw ValidationError.at([...path, 'day'], 'a day needs a month');
}

const dateColumns = (prefix: 'start' | 'end', date: PartialDateInput | null | undefined) => ({
  [`${prefix}Year`]: date?.year ?? null,
  [`${prefix}Month`]: date?.month ?? null,
  [`${prefix}Day`]: date?.day ?? null,
  [`${prefix}Text`]: date?.text ?? null,
});

function namesOf(input: EntityInput, path: string[]) {
  const names: Array<{ name: string; kind: 'PRIMARY' | NonNullable<NameInput['kind']>; language: string | null; normalized: string }> = [];
  const all = [{ name: input.name, kind: 'PRIMARY' as const, language: null }, ...(input.aliases ?? []).map((alias) => ({ ...alias, kind: alias.kind ?? 'ALIAS' }))];
  all.forEach((entry, index) => {
    const name = nonEmpty(entry.name, index === 0 ? [...path, 'name'] : [...path, 'aliases', String(index - 1), 'name']);
    const normalized = normalizeName(name);
    if (!normalized) throw ValidationError.at([...path, 'aliases', String(index - 1)], 'a name needs letters or digits');
    const clash = names.find((existing) => existing.normalized === normalized);
    if (clash) throw ValidationError.at(index === 0 ? [...path, 'name'] : [...path, 'aliases', String(index - 1), 'name'], `duplicate name: "${name}" matches "${clash.name}"`);
    names.push({ name, kind: entry.kind, language: entry.language ?? null, normalized });
  });
  return names;
}

async function checkParent(tx: Tx, parentRaw: IdRef | null | undefined, selfId: number | null, path: string[]): Promise<number | null> {
  if (!parentRaw) return null;
  const { id } = idOf(parentRaw, path, ['Organisation']);
  const parent = await tx.entity.findFirst({ where: { id, type: 'ORGANISATION' }, select: { id: true } });
  if (!parent) throw notFound(parentRaw, path, 'Organisation');
  // Walking up from the parent must never reach the organisation itself.
  for (let cursor: number | null = id, steps = 0; cursor !== null && steps < 1000; steps++) {
    if (cursor === selfId) throw ValidationError.at(path, 'organisation parents would form a cycle');
    cursor = (await tx.entity.findUnique({ where: { id: cursor }, select: { parentId: true } }))?.parentId ?? null;
  }
  return id;
}

export async function createEntity(writer: Writer, typename: 'Person' | 'Organisation' | 'Event', input: EntityInput) {
  requireEditorSomewhere(writer, `Creating a ${typename.toLowerCase()}`);
  const names = namesOf(input, []);
  checkDate(input.start, ['start']);
  checkDate(input.end, ['end']);
  return writer.db.transaction(async (tx) => {
    const parentId = typename === 'Organisation' ? await checkParent(tx, input.parent, null, ['parent']) : null;
    const entity = await tx.entity.create({
      data: {
        type: entityTypes[typename],
        name: names[0]!.name,
        description: input.description ?? null,
        parentId,
        place: typename === 'Event' ? (input.place ?? null) : null,
        ...(typename === 'Event' ? { ...dateColumns('start', input.start), ...dateColumns('end', input.end) } : {}),
        names: { create: names },
      },
    });
    await audit(tx, writer, { operation: `create${typename}`, nodeType: typename, nodeId: entity.id, collectionId: null, after: { ...entity, names } });
    return entity;
  });
}

export interface UpdateEntityInput {
  id: IdRef;
  expectedVersion: number;
  name?: string | null;
  description?: string | null;
  parent?: IdRef | null;
  start?: PartialDateInput | null;
  end?: PartialDateInput | null;
  place?: string | null;
}

export async function updateEntity(writer: Writer, input: UpdateEntityInput) {
  requireEditorSomewhere(writer, 'Editing an entity');
  const { id, typename } = idOf(input.id, ['id'], ['Person', 'Organisation', 'Event']);
  checkDate(input.start, ['start']);
  checkDate(input.end, ['end']);
  return writer.db.transaction(async (tx) => {
    const before = await tx.entity.findFirst({ where: { id, type: entityTypes[typename as keyof typeof entityTypes] } });
    if (!before) throw notFound(input.id, ['id'], typename);
    checkVersion(before, input.expectedVersion, typename);
    const data: Prisma.EntityUncheckedUpdateInput = { version: { increment: 1 } };
    if (input.name !== undefined) {
      const name = nonEmpty(input.name, ['name']);
      const normalized = normalizeName(name);
      const clash = await tx.entityName.findFirst({ where: { entityId: id, normalized, kind: { not: 'PRIMARY' } } });
      if (clash) throw ValidationError.at(['name'], `duplicate name: "${name}" matches the alias "${clash.name}"`);
      data.name = name;
      await tx.entityName.updateMany({ where: { entityId: id, kind: 'PRIMARY' }, data: { name, normalized } });
    }
    if (input.description !== undefined) data.description = input.description;
    if (input.parent !== undefined) {
      if (typename !== 'Organisation') throw ValidationError.at(['parent'], 'only organisations have a parent');
      data.parentId = await checkParent(tx, input.parent, id, ['parent']);
    }
    if (typename === 'Event') {
      if (input.start !== undefined) Object.assign(data, dateColumns('start', input.start));
      if (input.end !== undefined) Object.assign(data, dateColumns('end', input.end));
      if (input.place !== undefined) data.place = input.place;
    }
    const after = await tx.entity.update({ where: { id }, data });
    await audit(tx, writer, { operation: 'updateEntity', nodeType: typename, nodeId: id, collectionId: null, before, after });
    return after;
  });
}

export async function deleteEntity(writer: Writer, input: { id: IdRef }) {
  requireEditorSomewhere(writer, 'Deleting an entity');
  const { id, typename } = idOf(input.id, ['id'], ['Person', 'Organisation', 'Event']);
  return writer.db.transaction(async (tx) => {
    const before = await tx.entity.findFirst({ where: { id, type: entityTypes[typename as keyof typeof entityTypes] }, include: { names: true } });
    if (!before) throw notFound(input.id, ['id'], typename);
    const [claims, mentions] = await Promise.all([tx.claim.count({ where: { subjectId: id } }), tx.mention.count({ where: { entityId: id } })]);
    if (claims + mentions > 0) {
      throw new ConflictError(`${typename} ${before.name} still has ${mentions} mentions and ${claims} claims: delete or move them (merge) first`, before.version);
    }
    await tx.entity.delete({ where: { id } });
    await audit(tx, writer, { operation: 'deleteEntity', nodeType: typename, nodeId: id, collectionId: null, before });
    return { id };
  });
}

export async function addName(writer: Writer, input: { entity: IdRef } & NameInput) {
  requireEditorSomewhere(writer, 'Adding a name');
  const { id, typename } = idOf(input.entity, ['entity'], ['Person', 'Organisation', 'Event']);
  const name = nonEmpty(input.name, ['name']);
  const normalized = normalizeName(name);
  if (!normalized) throw ValidationError.at(['name'], 'a name needs letters or digits');
  return writer.db.transaction(async (tx) => {
    const entity = await tx.entity.findUnique({ where: { id } });
    if (!entity || entity.type !== entityTypes[typename as keyof typeof entityTypes]) throw notFound(input.entity, ['entity'], typename);
    const clash = await tx.entityName.findFirst({ where: { entityId: id, normalized } });
    if (clash) throw new ConflictError(`duplicate name: "${name}" matches "${clash.name}" of ${entity.name}`);
    const created = await tx.entityName.create({ data: { entityId: id, name, kind: input.kind ?? 'ALIAS', language: input.language ?? null, normalized } });
    await audit(tx, writer, { operation: 'addName', nodeType: 'Name', nodeId: created.id, collectionId: null, after: created });
    return { entity, name: created };
  });
}

export const primaryNameRefused = () => ValidationError.at(['kind'], 'an entity has one primary name: rename it with updateEntity');

export async function removeName(writer: Writer, input: { name: IdRef }) {
  requireEditorSomewhere(writer, 'Removing a name');
  const { id } = idOf(input.name, ['name'], ['Name']);
  return writer.db.transaction(async (tx) => {
    const before = await tx.entityName.findUnique({ where: { id } });
    if (!before) throw notFound(input.name, ['name'], 'Name');
    if (before.kind === 'PRIMARY') throw ValidationError.at(['name'], 'the primary name cannot be removed: rename the entity instead');
    await tx.entityName.delete({ where: { id } });
    await audit(tx, writer, { operation: 'removeName', nodeType: 'Name', nodeId: id, collectionId: null, before });
    return tx.entity.findUniqueOrThrow({ where: { id: before.entityId } });
  });
}

// ---- Collections --------------------------------------------------------------------------

export async function createCollection(writer: Writer, input: { slug: string; name: string; description?: string | null; visibility?: 'PUBLIC' | 'PRIVATE' | null }) {
  if (collectionsWithRole(writer.viewer, 'ADMIN').length === 0 || writer.viewer.tokenId === null) {
    throw new ForbiddenError('Creating a collection needs the admin role on a collection');
  }
  const slug = nonEmpty(input.slug, ['slug']);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) throw ValidationError.at(['slug'], 'use lower case letters, digits and dashes');
  const name = nonEmpty(input.name, ['name']);
  const tokenId = writer.viewer.tokenId;
  return writer.db.transaction(async (tx) => {
    if (await tx.collection.findUnique({ where: { slug } })) throw new ConflictError(`a collection with slug "${slug}" exists`);
    const collection = await tx.collection.create({ data: { slug, name, description: input.description ?? null, visibility: input.visibility ?? 'PRIVATE' } });
    // Whoever creates a collection administers it.
    await tx.tokenGrant.create({ data: { tokenId, collectionId: collection.id, role: 'ADMIN' } });
    await audit(tx, writer, { operation: 'createCollection', nodeType: 'Collection', nodeId: collection.id, collectionId: collection.id, after: collection });
    return collection;
  });
}

/** `id`: the collection's database id (the API takes its slug or global id: src/schema/collection.ts). */
export async function updateCollection(writer: Writer, input: { id: number; expectedVersion: number; name?: string | null; description?: string | null; visibility?: 'PUBLIC' | 'PRIVATE' | null }) {
  const { id } = input;
  requireRole(writer, id, 'ADMIN', 'Editing a collection');
  return writer.db.transaction(async (tx) => {
    const before = await tx.collection.findUnique({ where: { id } });
    if (!before) throw NotFoundError.gone(['id'], 'Collection', id);
    checkVersion(before, input.expectedVersion, 'Collection');
    const after = await tx.collection.update({
      where: { id },
      data: {
        version: { increment: 1 },
        ...(input.name != null ? { name: nonEmpty(input.name, ['name']) } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.visibility ? { visibility: input.visibility } : {}),
      },
    });
    await audit(tx, writer, { operation: 'updateCollection', nodeType: 'Collection', nodeId: id, collectionId: id, before, after });
    return after;
  });
}

// ---- Documents and versions --------------------------------------------------------------

export interface BoilerplateInput {
  kind: 'HEADLINE' | 'NAVIGATION' | 'CAPTION' | 'EXCERPT' | 'SHARE_LINKS' | 'RELATED_LINKS' | 'TAGS' | 'COPYRIGHT' | 'CREDITS';
  start: number;
  end: number;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Why a document of this many bytes is refused (over MAX_DOCUMENT_BYTES), or null; one wording for every way in. */
export function documentTooLarge(bytes: number, limit = maxDocumentBytes()): string | null {
  return bytes > limit ? `too large: ${megabytes(bytes)}, over the ${megabytes(limit)} limit for a document (MAX_DOCUMENT_BYTES): ${bytes} bytes > ${limit}` : null;
}

/** ValidationError at path when a document's text, in UTF-8, is over MAX_DOCUMENT_BYTES. */
export function checkDocumentSize(text: string, path: string[]) {
  const problem = documentTooLarge(Buffer.byteLength(text, 'utf8'));
  if (problem) throw ValidationError.at(path, problem);
}

function splitText(text: string, boilerplate: BoilerplateInput[] | null | undefined, path: string[]) {
  if (text.trim().length === 0) throw ValidationError.at([...path, 'text'], 'must not be empty');
  checkDocumentSize(text, [...path, 'text']);
  const regions = (boilerplate ?? []).map((region, index) => {
    if (!Number.isInteger(region.start) || !Number.isInteger(region.end) || region.start < 0 || region.end > text.length || region.start >= region.end) {
      throw ValidationError.at([...path, 'boilerplate', String(index)], `start ${region.start} and end ${region.end} must lie inside the text (0–${text.length}) with start < end`);
    }
    return { ...region, text: text.slice(region.start, region.end) };
  });
  try {
    return { regions, body: splitBoilerplate(text, regions).body };
  } catch (error) {
    throw ValidationError.at([...path, 'boilerplate'], (error as Error).message);
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface DocumentInput {
  /** The collection's database id. */
  collection: number;
  title: string;
  text: string;
  kind?: 'ARTICLE' | 'REPORT' | 'LETTER' | 'RESOLUTION' | 'TRANSCRIPT' | 'STATEMENT' | 'OTHER' | null;
  language?: string | null;
  url?: string | null;
  publisher?: IdRef | null;
  published?: PartialDateInput | null;
  boilerplate?: BoilerplateInput[] | null;
}

async function checkPublisher(tx: Tx, raw: IdRef | null | undefined, path: string[]): Promise<number | null> {
  if (!raw) return null;
  const { id } = idOf(raw, path, ['Organisation']);
  if (!(await tx.entity.findFirst({ where: { id, type: 'ORGANISATION' }, select: { id: true } }))) throw notFound(raw, path, 'Organisation');
  return id;
}

function checkUrl(url: string | null | undefined, path: string[]) {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error();
  } catch {
    throw ValidationError.at(path, `"${url}" is not an http(s) URL`);
  }
  return url;
}

export async function createDocument(writer: Writer, input: DocumentInput) {
  const collectionId = input.collection;
  requireRole(writer, collectionId, 'EDITOR', 'Adding a document');
  const title = nonEmpty(input.title, ['title']);
  checkDate(input.published, ['published']);
  const url = checkUrl(input.url, ['url']);
  const { regions, body } = splitText(input.text, input.boilerplate, []);
  return writer.db.transaction(async (tx) => {
    if (!(await tx.collection.findUnique({ where: { id: collectionId } }))) throw NotFoundError.gone(['collection'], 'Collection', collectionId);
    if (url && (await tx.document.findFirst({ where: { collectionId, url } }))) {
      throw new ConflictError(`a document with this URL is already in the collection: add a version to it instead`);
    }
    const contentHash = sha256(input.text);
    const document = await tx.document.create({
      data: {
        collectionId,
        title,
        kind: input.kind ?? 'ARTICLE',
        language: input.language ?? null,
        url,
        publisherId: await checkPublisher(tx, input.publisher, ['publisher']),
        publishedYear: input.published?.year ?? null,
        publishedMonth: input.published?.month ?? null,
        publishedDay: input.published?.day ?? null,
        publishedText: input.published?.text ?? null,
        publishedSort: sortKey(input.published),
        contentHash,
        versions: { create: { number: 1, rawText: input.text, body, contentHash, boilerplate: { create: regions } } },
      },
    });
    await audit(tx, writer, { operation: 'createDocument', nodeType: 'Document', nodeId: document.id, collectionId, after: document });
    return document;
  });
}

const currentVersion = (tx: Tx, documentId: number) => tx.documentVersion.findFirstOrThrow({ where: { documentId }, orderBy: { number: 'desc' } });

/** A document the caller can see and may edit; NotFoundError when invisible, ForbiddenError without the role. */
async function editableDocument(tx: Tx, writer: Writer, ref: IdRef, path: string[], what: string) {
  const { id } = idOf(ref, path, ['Document']);
  const found = await tx.document.findUnique({ where: { id }, include: { collection: { select: { id: true, visibility: true } } } });
  if (!found || !canRead(writer, found.collection)) throw notFound(ref, path, 'Document');
  requireRole(writer, found.collectionId, 'EDITOR', what);
  const { collection: _collection, ...document } = found;
  return document;
}

export async function updateDocument(
  writer: Writer,
  input: { id: IdRef; expectedVersion: number; title?: string | null; kind?: DocumentInput['kind']; language?: string | null; url?: string | null; publisher?: IdRef | null; published?: PartialDateInput | null },
) {
  return writer.db.transaction(async (tx) => {
    const before = await editableDocument(tx, writer, input.id, ['id'], 'Editing a document');
    const id = before.id;
    checkVersion(before, input.expectedVersion, 'Document');
    checkDate(input.published, ['published']);
    const after = await tx.document.update({
      where: { id },
      data: {
        version: { increment: 1 },
        ...(input.title != null ? { title: nonEmpty(input.title, ['title']) } : {}),
        ...(input.kind ? { kind: input.kind } : {}),
        ...(input.language !== undefined ? { language: input.language } : {}),
        ...(input.url !== undefined ? { url: checkUrl(input.url, ['url']) } : {}),
        ...(input.publisher !== undefined ? { publisherId: await checkPublisher(tx, input.publisher, ['publisher']) } : {}),
        ...(input.published !== undefined
          ? {
              publishedYear: input.published?.year ?? null,
              publishedMonth: input.published?.month ?? null,
              publishedDay: input.published?.day ?? null,
              publishedText: input.published?.text ?? null,
              publishedSort: sortKey(input.published),
            }
          : {}),
      },
    });
    await audit(tx, writer, { operation: 'updateDocument', nodeType: 'Document', nodeId: id, collectionId: before.collectionId, before, after });
    return after;
  });
}

export async function deleteDocument(writer: Writer, input: { id: IdRef }) {
  return writer.db.transaction(async (tx) => {
    const before = await editableDocument(tx, writer, input.id, ['id'], 'Deleting a document');
    const id = before.id;
    await tx.document.delete({ where: { id } });
    await audit(tx, writer, { operation: 'deleteDocument', nodeType: 'Document', nodeId: id, collectionId: before.collectionId, before });
    return { id };
  });
}

/**
 * A new text of a document: every span is re-anchored in it; spans that cannot be are ORPHANED,
 * never deleted.
 */
export async function addDocumentVersion(writer: Writer, input: { document: IdRef; text: string; boilerplate?: BoilerplateInput[] | null }) {
  const { regions, body } = splitText(input.text, input.boilerplate, []);
  return writer.db.transaction(async (tx) => {
    const document = await editableDocument(tx, writer, input.document, ['document'], 'Adding a version');
    const id = document.id;
    const current = await currentVersion(tx, id);
    const contentHash = sha256(input.text);
    if (contentHash === current.contentHash) throw new ConflictError('this text is the current version already', document.version);
    const version = await tx.documentVersion.create({
      data: { documentId: id, number: current.number + 1, rawText: input.text, body, contentHash, boilerplate: { create: regions } },
    });
    const spans = await tx.span.findMany({ where: { documentId: id, versionId: current.id } });
    const { results, counts } = reanchorAll(spans, body);
    for (const { span, anchor } of results) {
      if (anchor.status === 'ORPHANED') {
        // Kept where it was last found; the new version records that it is not there.
        await tx.spanAnchor.create({ data: { spanId: span.id, versionId: version.id, start: null, end: null, status: 'ORPHANED' } });
        await tx.span.update({ where: { id: span.id }, data: { status: 'ORPHANED' } });
        continue;
      }
      await tx.spanAnchor.create({ data: { spanId: span.id, versionId: current.id, start: span.start, end: span.end, status: span.status } });
      await tx.span.update({
        where: { id: span.id },
        data: { versionId: version.id, start: anchor.start, end: anchor.end, exact: anchor.exact, prefix: anchor.prefix, suffix: anchor.suffix, status: anchor.status },
      });
    }
    const after = await tx.document.update({ where: { id }, data: { contentHash, version: { increment: 1 } } });
    await audit(tx, writer, {
      operation: 'addDocumentVersion',
      nodeType: 'Document',
      nodeId: id,
      collectionId: document.collectionId,
      before: { version: current.number, contentHash: current.contentHash },
      after: { version: version.number, contentHash, spans: counts },
    });
    return { document: after, version, counts };
  });
}

// ---- Spans, mentions, claims, citations ------------------------------------------------

export interface SelectorFields {
  quote?: { exact: string; prefix?: string | null; suffix?: string | null } | null;
  position?: { start: number; end: number } | null;
}

/** The document (visible, editable by the caller) and a span for the selector in its current version. */
async function spanFor(tx: Tx, writer: Writer, documentRaw: IdRef, selector: SelectorFields, what: string) {
  const document = await editableDocument(tx, writer, documentRaw, ['document'], what);
  const id = document.id;
  const version = await currentVersion(tx, id);
  const input: SelectorInput = {
    ...(selector.quote ? { quote: { exact: selector.quote.exact, prefix: selector.quote.prefix ?? undefined, suffix: selector.quote.suffix ?? undefined } } : {}),
    ...(selector.position ? { position: selector.position } : {}),
  };
  const result = validateSelector(version.body, input);
  if (!result.ok) {
    throw new AnchorError(['selector'], result.reason, result.message, result.closest ? { start: result.closest.start, end: result.closest.end, exact: result.closest.exact } : null);
  }
  const { anchor } = result;
  const existing = await tx.span.findFirst({ where: { versionId: version.id, start: anchor.start, end: anchor.end } });
  const span =
    existing ??
    (await tx.span.create({ data: { documentId: id, versionId: version.id, exact: anchor.exact, prefix: anchor.prefix, suffix: anchor.suffix, start: anchor.start, end: anchor.end } }));
  return { document, span };
}

async function entityOf(tx: Tx, raw: IdRef, path: string[], allowed: Array<'Person' | 'Organisation' | 'Event'>) {
  const { id, typename } = idOf(raw, path, allowed);
  const entity = await tx.entity.findFirst({ where: { id, type: entityTypes[typename as keyof typeof entityTypes] } });
  if (!entity) throw notFound(raw, path, allowed.join(' or '));
  return entity.mergedIntoId ? (await tx.entity.findUniqueOrThrow({ where: { id: entity.mergedIntoId } })) : entity;
}

type Review = { status?: 'SUGGESTED' | 'CONFIRMED' | 'REJECTED' | null; confidence?: number | null };
const reviewFields = (input: Review, method: 'MANUAL') => ({
  status: input.status ?? 'CONFIRMED',
  method,
  confidence: input.confidence ?? null,
});

function checkConfidence(value: number | null | undefined) {
  if (value != null && (value < 0 || value > 1)) throw ValidationError.at(['confidence'], 'must be between 0 and 1');
}

export async function createMention(writer: Writer, input: { document: IdRef; entity: IdRef; selector: SelectorFields } & Review) {
  checkConfidence(input.confidence);
  return writer.db.transaction(async (tx) => {
    const { document, span } = await spanFor(tx, writer, input.document, input.selector, 'Adding a mention');
    const entity = await entityOf(tx, input.entity, ['entity'], ['Person', 'Organisation', 'Event']);
    if (await tx.mention.findFirst({ where: { spanId: span.id, entityId: entity.id } })) throw new ConflictError(`this span already mentions ${entity.name}`);
    const mention = await tx.mention.create({ data: { documentId: document.id, spanId: span.id, entityId: entity.id, ...reviewFields(input, 'MANUAL') } });
    await audit(tx, writer, { operation: 'createMention', nodeType: 'Mention', nodeId: mention.id, collectionId: document.collectionId, after: mention });
    return mention;
  });
}

export interface ClaimInput extends Review {
  document: IdRef;
  subject: IdRef;
  property: string;
  value: string;
  selector: SelectorFields;
  modality?: 'ASSERTS' | 'REPORTS' | 'DENIES' | 'ESTIMATES' | 'SPECULATES' | null;
  asserter?: IdRef | null;
  /** The asserter in the document's words when it names none ("officials"); never with asserter. */
  asserterDescription?: string | null;
  citation?: IdRef | null;
  valueEntity?: IdRef | null;
  qualifiers?: Array<{ property: string; value?: string | null; entity?: IdRef | null }> | null;
  /** The property is meant to be new: skip the unknown-property check (src/services/properties.ts). */
  newProperty?: boolean | null;
}

export async function createClaim(writer: Writer, input: ClaimInput) {
  checkConfidence(input.confidence);
  const property = nonEmpty(input.property, ['property']);
  if (!/^[a-z][A-Za-z0-9]*$/.test(property)) throw ValidationError.at(['property'], 'use lowerCamelCase, e.g. deathToll');
  const value = nonEmpty(input.value, ['value']);
  return writer.db.transaction(async (tx) => {
    const { document, span } = await spanFor(tx, writer, input.document, input.selector, 'Adding a claim');
    await checkProperty(tx, writer.viewer, property, input.newProperty, ['property']);
    if (!span.exact.includes(value)) throw ValidationError.at(['value'], `"${value}" does not occur in the quoted span "${span.exact}"`);
    const subject = await entityOf(tx, input.subject, ['subject'], ['Person', 'Organisation', 'Event']);
    const asserter = input.asserter ? await entityOf(tx, input.asserter, ['asserter'], ['Person', 'Organisation']) : null;
    const asserterDescription = describedAsserter(input.asserterDescription, asserter !== null);
    const valueEntity = input.valueEntity ? await entityOf(tx, input.valueEntity, ['valueEntity'], ['Person', 'Organisation', 'Event']) : null;
    let citationId: number | null = null;
    if (input.citation) {
      const { id } = idOf(input.citation, ['citation'], ['Citation']);
      const citation = await tx.citation.findFirst({ where: { id, documentId: document.id } });
      if (!citation) throw notFound(input.citation, ['citation'], 'Citation in this document');
      if (asserter && citation.sourceEntityId !== null && citation.sourceEntityId !== asserter.id) {
        throw ValidationError.at(['asserter'], 'the asserter must be the source of the citation that carries the claim');
      }
      citationId = id;
    }
    const qualifiers = [];
    for (const [index, qualifier] of (input.qualifiers ?? []).entries()) {
      const path = ['qualifiers', String(index)];
      if (!qualifier.value && !qualifier.entity) throw ValidationError.at(path, 'a qualifier needs a value or an entity');
      const entity = qualifier.entity ? await entityOf(tx, qualifier.entity, [...path, 'entity'], ['Person', 'Organisation', 'Event']) : null;
      qualifiers.push({ property: nonEmpty(qualifier.property, [...path, 'property']), valueText: qualifier.value ?? null, entityId: entity?.id ?? null });
    }
    const claim = await tx.claim.create({
      data: {
        documentId: document.id,
        spanId: span.id,
        subjectId: subject.id,
        property,
        valueText: value,
        ...storedValue(property, value, valueEntity !== null, activeTable()),
        valueEntityId: valueEntity?.id ?? null,
        modality: input.modality ?? (asserter || asserterDescription ? 'REPORTS' : 'ASSERTS'),
        asserterId: asserter?.id ?? null,
        asserterDescription,
        citationId,
        ...reviewFields(input, 'MANUAL'),
        qualifiers: { create: qualifiers },
      },
    });
    await audit(tx, writer, { operation: 'createClaim', nodeType: 'Claim', nodeId: claim.id, collectionId: document.collectionId, after: claim });
    return claim;
  });
}

/**
 * A claim's unnamed asserter, trimmed; null when absent. A claim names its asserter or describes it,
 * not both: comparison counts a described asserter as an unnamed source of its own.
 */
function describedAsserter(description: string | null | undefined, named: boolean): string | null {
  if (description == null) return null;
  const text = nonEmpty(description, ['asserterDescription']);
  if (named) throw ValidationError.at(['asserterDescription'], 'a claim names either an asserter entity or an asserterDescription (an unnamed source), not both');
  return text;
}

export interface CitationInput extends Review {
  document: IdRef;
  selector: SelectorFields;
  kind: 'QUOTE' | 'PARAPHRASE' | 'REFERENCE';
  source?: IdRef | null;
  /** The source in the document's words when it does not name it ("officials"). */
  sourceDescription?: string | null;
  parent?: IdRef | null;
  work?: { kind?: DocumentInput['kind']; title?: string | null; date?: PartialDateInput | null } | null;
}

export async function createCitation(writer: Writer, input: CitationInput) {
  checkConfidence(input.confidence);
  if (!input.source && !input.work && !input.sourceDescription?.trim()) throw ValidationError.at(['source'], 'a citation needs a source, a sourceDescription or a work');
  const sourceDescription = input.sourceDescription == null ? null : nonEmpty(input.sourceDescription, ['sourceDescription']);
  checkDate(input.work?.date, ['work', 'date']);
  return writer.db.transaction(async (tx) => {
    const { document, span } = await spanFor(tx, writer, input.document, input.selector, 'Adding a citation');
    let sourceEntityId: number | null = null;
    let sourceDocumentId: number | null = null;
    if (input.source) {
      const { id, typename } = idOf(input.source, ['source'], ['Person', 'Organisation', 'Document']);
      if (typename === 'Document') {
        const source = await tx.document.findUnique({ where: { id }, include: { collection: { select: { id: true, visibility: true } } } });
        if (!source || !canRead(writer, source.collection)) throw notFound(input.source, ['source'], 'Document');
        if (source.id === document.id) throw ValidationError.at(['source'], 'a document cannot cite itself');
        sourceDocumentId = id;
      } else {
        sourceEntityId = (await entityOf(tx, input.source, ['source'], ['Person', 'Organisation'])).id;
      }
    }
    let parentId: number | null = null;
    if (input.parent) {
      const { id } = idOf(input.parent, ['parent'], ['Citation']);
      if (!(await tx.citation.findFirst({ where: { id, documentId: document.id } }))) throw notFound(input.parent, ['parent'], 'Citation in this document');
      parentId = id;
    }
    const citation = await tx.citation.create({
      data: {
        documentId: document.id,
        spanId: span.id,
        kind: input.kind,
        sourceEntityId,
        sourceDocumentId,
        sourceDescription,
        parentId,
        workKind: input.work?.kind ?? null,
        workTitle: input.work?.title ?? null,
        workYear: input.work?.date?.year ?? null,
        workMonth: input.work?.date?.month ?? null,
        workDay: input.work?.date?.day ?? null,
        workText: input.work?.date?.text ?? null,
        ...reviewFields(input, 'MANUAL'),
      },
    });
    await audit(tx, writer, { operation: 'createCitation', nodeType: 'Citation', nodeId: citation.id, collectionId: document.collectionId, after: citation });
    return citation;
  });
}

type Annotation = 'Mention' | 'Claim' | 'Citation';

async function annotationOf(tx: Tx, writer: Writer, typename: Annotation, raw: IdRef, what: string) {
  const { id } = idOf(raw, ['id'], [typename]);
  const include = { document: { select: { collectionId: true, collection: { select: { id: true, visibility: true } } } } } as const;
  const row =
    typename === 'Mention'
      ? await tx.mention.findUnique({ where: { id }, include })
      : typename === 'Claim'
        ? await tx.claim.findUnique({ where: { id }, include })
        : await tx.citation.findUnique({ where: { id }, include });
  if (!row || !canRead(writer, row.document.collection)) throw notFound(raw, ['id'], typename);
  requireRole(writer, row.document.collectionId, 'EDITOR', what);
  const { document, ...before } = row;
  return { id, before, collectionId: document.collectionId };
}

/** Confirm or reject a (suggested) mention, claim or citation. */
export async function review(writer: Writer, typename: Annotation, input: { id: IdRef; status: 'CONFIRMED' | 'REJECTED' | 'SUGGESTED'; expectedVersion?: number | null }) {
  return writer.db.transaction(async (tx) => {
    const { id, before, collectionId } = await annotationOf(tx, writer, typename, input.id, `Reviewing a ${typename.toLowerCase()}`);
    if (input.expectedVersion != null) checkVersion(before, input.expectedVersion, typename);
    const data = { status: input.status, version: { increment: 1 } };
    const after =
      typename === 'Mention'
        ? await tx.mention.update({ where: { id }, data })
        : typename === 'Claim'
          ? await tx.claim.update({ where: { id }, data })
          : await tx.citation.update({ where: { id }, data });
    await audit(tx, writer, { operation: `review${typename}`, nodeType: typename, nodeId: id, collectionId, before, after });
    return after;
  });
}

export async function updateClaim(
  writer: Writer,
  input: {
    id: IdRef;
    expectedVersion: number;
    property?: string | null;
    value?: string | null;
    modality?: ClaimInput['modality'];
    /** A string sets the unnamed asserter (refused when the claim names one); null clears it. */
    asserterDescription?: string | null;
    confidence?: number | null;
    newProperty?: boolean | null;
  },
) {
  checkConfidence(input.confidence);
  return writer.db.transaction(async (tx) => {
    const { id, before, collectionId } = await annotationOf(tx, writer, 'Claim', input.id, 'Editing a claim');
    const claim = before as Prisma.ClaimGetPayload<object>;
    checkVersion(claim, input.expectedVersion, 'Claim');
    const property = input.property != null ? nonEmpty(input.property, ['property']) : claim.property;
    if (property !== claim.property) await checkProperty(tx, writer.viewer, property, input.newProperty, ['property']);
    const valueText = input.value != null ? nonEmpty(input.value, ['value']) : claim.valueText;
    const span = await tx.span.findUniqueOrThrow({ where: { id: claim.spanId } });
    if (!span.exact.includes(valueText)) throw ValidationError.at(['value'], `"${valueText}" does not occur in the quoted span "${span.exact}"`);
    const after = await tx.claim.update({
      where: { id },
      data: {
        version: { increment: 1 },
        property,
        valueText,
        ...storedValue(property, valueText, claim.valueEntityId !== null, activeTable()),
        ...(input.modality ? { modality: input.modality } : {}),
        ...(input.asserterDescription !== undefined ? { asserterDescription: describedAsserter(input.asserterDescription, claim.asserterId !== null) } : {}),
        ...(input.confidence !== undefined ? { confidence: input.confidence } : {}),
      },
    });
    await audit(tx, writer, { operation: 'updateClaim', nodeType: 'Claim', nodeId: id, collectionId, before: claim, after });
    return after;
  });
}

export async function deleteAnnotation(writer: Writer, typename: Annotation, input: { id: IdRef }) {
  return writer.db.transaction(async (tx) => {
    const { id, before, collectionId } = await annotationOf(tx, writer, typename, input.id, `Deleting a ${typename.toLowerCase()}`);
    if (typename === 'Mention') await tx.mention.delete({ where: { id } });
    else if (typename === 'Claim') await tx.claim.delete({ where: { id } });
    else await tx.citation.delete({ where: { id } });
    await audit(tx, writer, { operation: `delete${typename}`, nodeType: typename, nodeId: id, collectionId, before });
    return { id };
  });
}

/** `id`: the collection's database id; answers it. */
export async function deleteCollection(writer: Writer, input: { id: number }) {
  const { id } = input;
  requireRole(writer, id, 'ADMIN', 'Deleting a collection');
  return writer.db.transaction(async (tx) => {
    const before = await tx.collection.findUnique({ where: { id }, include: { _count: { select: { documents: true } } } });
    if (!before) throw NotFoundError.gone(['id'], 'Collection', id);
    if (before._count.documents > 0) throw new ConflictError(`collection "${before.slug}" still holds ${before._count.documents} documents: delete or move them first`, before.version);
    const { _count, ...row } = before;
    // Its grants go with it: who was an admin is kept, as they alone may see its changes from now on.
    await recordDeletedCollectionAdmins(tx, id);
    await tx.collection.delete({ where: { id } });
    // Recorded with its collection like every change of a collection-scoped row: shown to its
    // former admins only (src/services/change-log.ts).
    await audit(tx, writer, { operation: 'deleteCollection', nodeType: 'Collection', nodeId: id, collectionId: id, before: row });
    return { id };
  });
}

export async function updateMention(writer: Writer, input: { id: IdRef; expectedVersion: number; entity?: IdRef | null; confidence?: number | null }) {
  checkConfidence(input.confidence);
  return writer.db.transaction(async (tx) => {
    const { id, before, collectionId } = await annotationOf(tx, writer, 'Mention', input.id, 'Editing a mention');
    const mention = before as Prisma.MentionGetPayload<object>;
    checkVersion(mention, input.expectedVersion, 'Mention');
    const entityId = input.entity ? (await entityOf(tx, input.entity, ['entity'], ['Person', 'Organisation', 'Event'])).id : mention.entityId;
    if (entityId !== mention.entityId && (await tx.mention.findFirst({ where: { spanId: mention.spanId, entityId } }))) {
      throw new ConflictError('this span already mentions that entity');
    }
    const after = await tx.mention.update({
      where: { id },
      data: { version: { increment: 1 }, entityId, ...(input.confidence !== undefined ? { confidence: input.confidence } : {}) },
    });
    await audit(tx, writer, { operation: 'updateMention', nodeType: 'Mention', nodeId: id, collectionId, before: mention, after });
    return after;
  });
}

export async function updateCitation(
  writer: Writer,
  input: {
    id: IdRef;
    expectedVersion: number;
    kind?: CitationInput['kind'] | null;
    source?: IdRef | null;
    /** A string sets the unnamed source's description; null clears it. */
    sourceDescription?: string | null;
    parent?: IdRef | null;
    work?: CitationInput['work'];
  },
) {
  checkDate(input.work?.date, ['work', 'date']);
  return writer.db.transaction(async (tx) => {
    const { id, before, collectionId } = await annotationOf(tx, writer, 'Citation', input.id, 'Editing a citation');
    const citation = before as Prisma.CitationGetPayload<object>;
    checkVersion(citation, input.expectedVersion, 'Citation');
    const data: Prisma.CitationUncheckedUpdateInput = { version: { increment: 1 } };
    if (input.kind) data.kind = input.kind;
    if (input.sourceDescription !== undefined) {
      data.sourceDescription = input.sourceDescription === null ? null : nonEmpty(input.sourceDescription, ['sourceDescription']);
    }
    if (input.source !== undefined) {
      if (input.source === null) {
        data.sourceEntityId = null;
        data.sourceDocumentId = null;
      } else {
        const { id: sourceId, typename } = idOf(input.source, ['source'], ['Person', 'Organisation', 'Document']);
        if (typename === 'Document') {
          if (sourceId === citation.documentId) throw ValidationError.at(['source'], 'a document cannot cite itself');
          const source = await tx.document.findUnique({ where: { id: sourceId }, include: { collection: { select: { id: true, visibility: true } } } });
          if (!source || !canRead(writer, source.collection)) throw notFound(input.source, ['source'], 'Document');
          Object.assign(data, { sourceDocumentId: sourceId, sourceEntityId: null });
        } else {
          Object.assign(data, { sourceEntityId: (await entityOf(tx, input.source, ['source'], ['Person', 'Organisation'])).id, sourceDocumentId: null });
        }
      }
    }
    if (input.parent !== undefined) {
      if (input.parent === null) data.parentId = null;
      else {
        const { id: parentId } = idOf(input.parent, ['parent'], ['Citation']);
        if (!(await tx.citation.findFirst({ where: { id: parentId, documentId: citation.documentId } }))) throw notFound(input.parent, ['parent'], 'Citation in this document');
        // The new parent must not be carried, however indirectly, by this citation.
        for (let cursor: number | null = parentId, steps = 0; cursor !== null && steps < 1000; steps++) {
          if (cursor === id) throw ValidationError.at(['parent'], 'citation parents would form a cycle');
          cursor = (await tx.citation.findUnique({ where: { id: cursor }, select: { parentId: true } }))?.parentId ?? null;
        }
        data.parentId = parentId;
      }
    }
    if (input.work !== undefined) {
      Object.assign(data, {
        workKind: input.work?.kind ?? null,
        workTitle: input.work?.title ?? null,
        workYear: input.work?.date?.year ?? null,
        workMonth: input.work?.date?.month ?? null,
        workDay: input.work?.date?.day ?? null,
        workText: input.work?.date?.text ?? null,
      });
    }
    if ((data.sourceEntityId === null || (data.sourceEntityId === undefined && citation.sourceEntityId === null)) &&
        (data.sourceDocumentId === null || (data.sourceDocumentId === undefined && citation.sourceDocumentId === null)) &&
        !(input.work?.kind || input.work?.title || (input.work === undefined && (citation.workKind || citation.workTitle))) &&
        !(data.sourceDescription ?? (input.sourceDescription === undefined ? citation.sourceDescription : null))) {
      throw ValidationError.at(['source'], 'a citation needs a source, a sourceDescription or a work');
    }
    const after = await tx.citation.update({ where: { id }, data });
    await audit(tx, writer, { operation: 'updateCitation', nodeType: 'Citation', nodeId: id, collectionId, before: citation, after });
    return after;
  });
}

export async function updateName(writer: Writer, input: { id: IdRef; name?: string | null; kind?: NameInput['kind']; language?: string | null }) {
  requireEditorSomewhere(writer, 'Editing a name');
  const { id } = idOf(input.id, ['id'], ['Name']);
  return writer.db.transaction(async (tx) => {
    const before = await tx.entityName.findUnique({ where: { id } });
    if (!before) throw notFound(input.id, ['id'], 'Name');
    if (before.kind === 'PRIMARY' && (input.name != null || input.kind)) throw ValidationError.at(['id'], 'the primary name changes with updateEntity');
    const data: Prisma.EntityNameUncheckedUpdateInput = {};
    if (input.name != null) {
      const name = nonEmpty(input.name, ['name']);
      const normalized = normalizeName(name);
      if (!normalized) throw ValidationError.at(['name'], 'a name needs letters or digits');
      const clash = await tx.entityName.findFirst({ where: { entityId: before.entityId, normalized, id: { not: id } } });
      if (clash) throw new ConflictError(`duplicate name: "${name}" matches "${clash.name}"`);
      Object.assign(data, { name, normalized });
    }
    if (input.kind) data.kind = input.kind;
    if (input.language !== undefined) data.language = input.language;
    const after = await tx.entityName.update({ where: { id }, data });
    await audit(tx, writer, { operation: 'updateName', nodeType: 'Name', nodeId: id, collectionId: null, before, after });
    return after;
  });
}

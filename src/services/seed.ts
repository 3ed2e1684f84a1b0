// Loads the curated corpus in seeds/: first a plan that resolves every quote to offsets and every
// key to an entity (failing with file, quote and reason), then one transaction that writes it.
// Reloading unchanged files changes nothing; a changed document file replaces that document.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { locateQuote, type Anchor, type TextQuote } from '../domain/anchoring.js';
import { splitBoilerplate } from '../domain/boilerplate.js';
import { normalizeName } from '../domain/names.js';
import { sortKey } from '../domain/partial-dates.js';
import type { NormalisationTable } from '../domain/normalisation-table.js';
import { storedValue } from '../domain/properties.js';
import { activeTable } from './normalisation.js';
import { documentTooLarge } from './curation.js';
import type { PrismaClient, Prisma } from '../db/client.js';
import { projectRoot } from '../db/provider.js';
import {
  documentFileSchema,
  entitiesFileSchema,
  type DocumentFile,
  type EntitiesFile,
  type PartialDate,
} from './seed-format.js';

export const defaultSeedDir = join(projectRoot, 'seeds');

export class SeedError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly quote?: string,
  ) {
    super(`${file}: ${reason}${quote === undefined ? '' : ` — quote "${quote.length > 120 ? `${quote.slice(0, 117)}…` : quote}"`}`);
    this.name = 'SeedError';
  }
}

type EntityType = 'PERSON' | 'ORGANISATION' | 'EVENT';

interface PlannedName {
  name: string;
  kind: 'PRIMARY' | 'ALIAS' | 'ACRONYM' | 'FORMER' | 'TRANSLITERATION';
  language: string | null;
  normalized: string;
}

export interface PlannedEntity {
  key: string;
  type: EntityType;
  name: string;
  description: string | null;
  parentKey: string | null;
  start: PartialDate | null;
  end: PartialDate | null;
  place: string | null;
  names: PlannedName[];
  externalIds: Array<{ scheme: string; value: string }>;
}

interface PlannedSpan extends Anchor {
  id: string; // start:end, unique within the document
}

export interface PlannedDocument {
  key: string;
  file: string;
  annotation: DocumentFile;
  rawText: string;
  body: string;
  contentHash: string;
  sourceChecksum: string;
  boilerplate: Array<{ kind: DocumentFile['boilerplate'][number]['kind']; start: number; end: number; text: string }>;
  spans: Map<string, PlannedSpan>;
  mentions: Array<{ entity: string; span: string }>;
  citations: Array<{ key: string; span: string; parent: string | null } & Omit<DocumentFile['citations'][number], 'quote' | 'prefix' | 'suffix' | 'parent'>>;
  claims: Array<{ span: string } & Omit<DocumentFile['claims'][number], 'quote' | 'prefix' | 'suffix'>>;
}

export interface SeedPlan {
  collection: EntitiesFile['collection'];
  entities: PlannedEntity[];
  documents: PlannedDocument[];
}

export interface SeedReport {
  collection: string;
  entities: { created: number; updated: number; unchanged: number };
  documents: { created: number; replaced: number; unchanged: number };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function readYaml<S extends z.ZodTypeAny>(file: string, path: string, schema: S): z.output<S> {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SeedError(file, `cannot read YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SeedError(file, `invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

function planEntities(file: string, data: EntitiesFile): PlannedEntity[] {
  const entities: PlannedEntity[] = [];
  const add = (type: EntityType, entry: EntitiesFile['persons'][number], extra: Partial<PlannedEntity>) => {
    if (entities.some((entity) => entity.key === entry.key)) throw new SeedError(file, `duplicate entity key "${entry.key}"`);
    const names: PlannedName[] = [];
    const aliases = entry.aliases.map((alias) => (typeof alias === 'string' ? { name: alias, kind: 'ALIAS' as const, language: undefined } : alias));
    for (const alias of [{ name: entry.name, kind: 'PRIMARY' as const, language: undefined }, ...aliases]) {
      const normalized = normalizeName(alias.name);
      if (!normalized) throw new SeedError(file, `entity "${entry.key}" has a name with no letters or digits`, alias.name);
      const clash = names.find((name) => name.normalized === normalized);
      if (clash) throw new SeedError(file, `entity "${entry.key}": duplicate name ("${alias.name}" matches "${clash.name}" ignoring case, accents and punctuation)`, alias.name);
      names.push({ name: alias.name, kind: alias.kind, language: alias.language ?? null, normalized });
    }
    entities.push({
      key: entry.key,
      type,
      name: entry.name,
      description: entry.description ?? null,
      parentKey: null,
      start: null,
      end: null,
      place: null,
      names,
      externalIds: entry.externalIds,
      ...extra,
    });
  };
  for (const person of data.persons) add('PERSON', person, {});
  for (const organisation of data.organisations) add('ORGANISATION', organisation, { parentKey: organisation.parent ?? null });
  for (const event of data.events) add('EVENT', event, { start: event.start ?? null, end: event.end ?? null, place: event.place ?? null });
  const byKey = new Map(entities.map((entity) => [entity.key, entity]));
  for (const entity of entities) {
    if (!entity.parentKey) continue;
    const parent = byKey.get(entity.parentKey);
    if (!parent || parent.type !== 'ORGANISATION') throw new SeedError(file, `organisation "${entity.key}" has parent "${entity.parentKey}", which is not an organisation here`);
    // Organisation parents must not form a cycle.
    const seen = new Set([entity.key]);
    for (let cursor: PlannedEntity | undefined = parent; cursor; cursor = cursor.parentKey ? byKey.get(cursor.parentKey) : undefined) {
      if (seen.has(cursor.key)) throw new SeedError(file, `organisation parents form a cycle through "${cursor.key}"`);
      seen.add(cursor.key);
    }
  }
  return entities;
}

function planDocument(dir: string, file: string, annotation: DocumentFile, entities: Map<string, PlannedEntity>): PlannedDocument {
  let rawText: string;
  let tooLarge: string | null;
  try {
    tooLarge = documentTooLarge(statSync(join(dir, annotation.text)).size);
    rawText = tooLarge ? '' : readFileSync(join(dir, annotation.text), 'utf8');
  } catch {
    throw new SeedError(file, `text file ${annotation.text} cannot be read`);
  }
  if (tooLarge) throw new SeedError(file, `text file ${annotation.text} is ${tooLarge}`);
  const entity = (entityKey: string, role: string, types?: EntityType[]) => {
    const found = entities.get(entityKey);
    if (!found) throw new SeedError(file, `${role} "${entityKey}" is not an entity in entities.yaml`);
    if (types && !types.includes(found.type)) throw new SeedError(file, `${role} "${entityKey}" is a ${found.type.toLowerCase()}, expected ${types.join(' or ').toLowerCase()}`);
    return found;
  };
  if (annotation.publisher) entity(annotation.publisher, 'publisher', ['ORGANISATION']);
  for (const author of annotation.authors) entity(author, 'author', ['PERSON', 'ORGANISATION']);

  const locate = (text: string, quote: TextQuote, all = false): Anchor[] => {
    const found = locateQuote(text, quote, { all });
    if (!found.ok) throw new SeedError(file, found.message, quote.exact);
    return found.anchors;
  };

  const boilerplate = annotation.boilerplate.map((region) => {
    const [anchor] = locate(rawText, { exact: region.quote, prefix: region.prefix, suffix: region.suffix });
    return { kind: region.kind, start: anchor!.start, end: anchor!.end, text: anchor!.exact };
  });
  let split;
  try {
    split = splitBoilerplate(rawText, boilerplate);
  } catch (error) {
    throw new SeedError(file, (error as Error).message);
  }
  const { body } = split;

  const spans = new Map<string, PlannedSpan>();
  const spanOf = (anchor: Anchor) => {
    const id = `${anchor.start}:${anchor.end}`;
    if (!spans.has(id)) spans.set(id, { ...anchor, id });
    return id;
  };
  const bodyQuote = (item: { quote: string; prefix?: string | undefined; suffix?: string | undefined }, all = false) =>
    locate(body, { exact: item.quote, prefix: item.prefix, suffix: item.suffix }, all);

  const mentions: PlannedDocument['mentions'] = [];
  for (const mention of annotation.mentions) {
    entity(mention.entity, 'mention entity');
    for (const anchor of bodyQuote(mention, mention.all)) {
      const span = spanOf(anchor);
      if (!mentions.some((existing) => existing.span === span && existing.entity === mention.entity)) mentions.push({ entity: mention.entity, span });
    }
  }

  const citationKeys = new Map(annotation.citations.map((citation) => [citation.key, citation]));
  if (citationKeys.size !== annotation.citations.length) throw new SeedError(file, 'citation keys must be unique within a document');
  const citations: PlannedDocument['citations'] = annotation.citations.map((citation) => {
    const { quote: _quote, prefix: _prefix, suffix: _suffix, parent, ...rest } = citation;
    if (citation.source) entity(citation.source, 'citation source', ['PERSON', 'ORGANISATION']);
    if (parent && !citationKeys.has(parent)) throw new SeedError(file, `citation "${citation.key}" has unknown parent "${parent}"`, citation.quote);
    const seen = new Set([citation.key]);
    for (let cursor = parent; cursor; cursor = citationKeys.get(cursor)?.parent) {
      if (seen.has(cursor)) throw new SeedError(file, `citation parents form a cycle through "${cursor}"`, citation.quote);
      seen.add(cursor);
    }
    return { ...rest, parent: parent ?? null, span: spanOf(bodyQuote(citation)[0]!) };
  });

  const claims: PlannedDocument['claims'] = annotation.claims.map((claim) => {
    const { quote, prefix: _prefix, suffix: _suffix, ...rest } = claim;
    entity(claim.subject, 'claim subject');
    if (claim.asserter) entity(claim.asserter, 'claim asserter', ['PERSON', 'ORGANISATION']);
    if (claim.valueEntity) entity(claim.valueEntity, 'claim value entity');
    for (const qualifier of claim.qualifiers) if (qualifier.entity) entity(qualifier.entity, 'qualifier entity');
    if (!quote.includes(claim.value)) throw new SeedError(file, `claim value "${claim.value}" does not occur inside its quote`, quote);
    if (claim.citation) {
      const citation = citationKeys.get(claim.citation);
      if (!citation) throw new SeedError(file, `claim cites unknown citation "${claim.citation}"`, quote);
      if (claim.asserter && citation.source && citation.source !== claim.asserter) {
        throw new SeedError(file, `claim asserter "${claim.asserter}" differs from the source "${citation.source}" of its citation "${claim.citation}"`, quote);
      }
    }
    return { ...rest, span: spanOf(bodyQuote(claim)[0]!) };
  });

  return {
    key: basename(annotation.text, '.txt'),
    file,
    annotation,
    rawText,
    body,
    contentHash: sha256(rawText),
    sourceChecksum: sha256(`${readFileSync(join(dir, file), 'utf8')}\u0000${rawText}`),
    boilerplate,
    spans,
    mentions,
    citations,
    claims,
  };
}

/** Reads and resolves the whole seed folder without touching a database. */
export function planSeed(dir: string = defaultSeedDir): SeedPlan {
  const entitiesFile = readYaml('entities.yaml', join(dir, 'entities.yaml'), entitiesFileSchema);
  const entities = planEntities('entities.yaml', entitiesFile);
  const byKey = new Map(entities.map((entity) => [entity.key, entity]));
  const files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name) && name !== 'entities.yaml').sort();
  const documents = files.map((file) => planDocument(dir, file, readYaml(file, join(dir, file), documentFileSchema), byKey));
  const keys = new Set<string>();
  for (const document of documents) {
    if (keys.has(document.key)) throw new SeedError(document.file, `a second annotation file for ${document.annotation.text}`);
    keys.add(document.key);
  }
  return { collection: entitiesFile.collection, entities, documents };
}

const dateColumns = (prefix: 'start' | 'end' | 'published' | 'work', date: PartialDate | null | undefined) => ({
  [`${prefix}Year`]: date?.year ?? null,
  [`${prefix}Month`]: date?.month ?? null,
  [`${prefix}Day`]: date?.day ?? null,
  [`${prefix}Text`]: date?.text ?? null,
});

function entityRow(entity: PlannedEntity) {
  return {
    type: entity.type,
    name: entity.name,
    description: entity.description,
    place: entity.place,
    ...dateColumns('start', entity.start),
    ...dateColumns('end', entity.end),
  } as const;
}

type Tx = Prisma.TransactionClient;

async function writeEntities(tx: Tx, entities: PlannedEntity[], report: SeedReport): Promise<Map<string, number>> {
  const existing = await tx.entity.findMany({
    where: { key: { in: entities.map((entity) => entity.key) } },
    include: { names: { orderBy: { id: 'asc' } }, externalIds: { orderBy: { id: 'asc' } }, parent: { select: { key: true } } },
  });
  const byKey = new Map(existing.map((entity) => [entity.key!, entity]));
  const ids = new Map<string, number>();
  for (const entity of entities) {
    const row = entityRow(entity);
    const names = entity.names.map(({ name, kind, language, normalized }) => ({ name, kind, language, normalized }));
    const current = byKey.get(entity.key);
    if (!current) {
      const created = await tx.entity.create({ data: { key: entity.key, ...row, names: { create: names }, externalIds: { create: entity.externalIds } } });
      ids.set(entity.key, created.id);
      report.entities.created++;
      continue;
    }
    ids.set(entity.key, current.id);
    const same =
      Object.entries(row).every(([column, value]) => (current as Record<string, unknown>)[column] === value) &&
      (current.parent?.key ?? null) === entity.parentKey &&
      JSON.stringify(current.names.map(({ name, kind, language, normalized }) => ({ name, kind, language, normalized }))) === JSON.stringify(names) &&
      JSON.stringify(current.externalIds.map(({ scheme, value }) => ({ scheme, value }))) === JSON.stringify(entity.externalIds);
    if (same) {
      report.entities.unchanged++;
      continue;
    }
    await tx.entityName.deleteMany({ where: { entityId: current.id } });
    await tx.externalId.deleteMany({ where: { entityId: current.id } });
    await tx.entity.update({
      where: { id: current.id },
      data: { ...row, version: { increment: 1 }, names: { create: names }, externalIds: { create: entity.externalIds } },
    });
    report.entities.updated++;
  }
  for (const entity of entities) {
    const parentId = entity.parentKey ? ids.get(entity.parentKey)! : null;
    const current = byKey.get(entity.key);
    if ((current?.parentId ?? null) !== parentId) await tx.entity.update({ where: { id: ids.get(entity.key)! }, data: { parentId } });
  }
  return ids;
}

async function writeDocument(tx: Tx, collectionId: number, document: PlannedDocument, entityIds: Map<string, number>, table: NormalisationTable): Promise<void> {
  const { annotation } = document;
  const id = (key: string) => entityIds.get(key)!;
  const created = await tx.document.create({
    data: {
      key: document.key,
      collectionId,
      title: annotation.title,
      kind: annotation.kind,
      publisherId: annotation.publisher ? id(annotation.publisher) : null,
      language: annotation.language,
      url: annotation.url,
      ...dateColumns('published', annotation.published),
      publishedSort: sortKey(annotation.published),
      contentHash: document.contentHash,
      sourceChecksum: document.sourceChecksum,
      notes: annotation.notes ?? null,
      authors: { create: annotation.authors.map((author, position) => ({ personId: id(author), position })) },
      versions: {
        create: {
          number: 1,
          rawText: document.rawText,
          body: document.body,
          contentHash: document.contentHash,
          boilerplate: { create: document.boilerplate },
        },
      },
    },
    include: { versions: true },
  });
  const versionId = created.versions[0]!.id;
  const spanIds = new Map<string, number>();
  for (const span of [...document.spans.values()].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const row = await tx.span.create({
      data: { documentId: created.id, versionId, exact: span.exact, prefix: span.prefix, suffix: span.suffix, start: span.start, end: span.end },
    });
    spanIds.set(span.id, row.id);
  }
  const curated = { status: 'CONFIRMED', method: 'CURATED', confidence: 1 } as const;
  await tx.mention.createMany({
    data: document.mentions.map((mention) => ({ documentId: created.id, spanId: spanIds.get(mention.span)!, entityId: id(mention.entity), ...curated })),
  });
  const citationIds = new Map<string, number>();
  const pending = [...document.citations];
  while (pending.length > 0) {
    const index = pending.findIndex((citation) => !citation.parent || citationIds.has(citation.parent));
    const [citation] = pending.splice(index, 1);
    const row = await tx.citation.create({
      data: {
        documentId: created.id,
        spanId: spanIds.get(citation!.span)!,
        kind: citation!.kind,
        sourceEntityId: citation!.source ? id(citation!.source) : null,
        sourceDescription: citation!.sourceDescription ?? null,
        parentId: citation!.parent ? citationIds.get(citation!.parent)! : null,
        workKind: citation!.work?.kind ?? null,
        workTitle: citation!.work?.title ?? null,
        ...dateColumns('work', citation!.work?.date),
        ...curated,
      },
    });
    citationIds.set(citation!.key, row.id);
  }
  for (const claim of document.claims) {
    await tx.claim.create({
      data: {
        documentId: created.id,
        spanId: spanIds.get(claim.span)!,
        subjectId: id(claim.subject),
        property: claim.property,
        valueText: claim.value,
        ...storedValue(claim.property, claim.value, Boolean(claim.valueEntity), table),
        valueEntityId: claim.valueEntity ? id(claim.valueEntity) : null,
        modality: claim.modality,
        asserterId: claim.asserter ? id(claim.asserter) : null,
        asserterDescription: claim.asserterDescription ?? null,
        citationId: claim.citation ? citationIds.get(claim.citation)! : null,
        ...curated,
        qualifiers: {
          create: claim.qualifiers.map((qualifier) => ({
            property: qualifier.property,
            valueText: qualifier.value ?? null,
            entityId: qualifier.entity ? id(qualifier.entity) : null,
          })),
        },
      },
    });
  }
}

/** Plans the seed folder, then writes it in one transaction. Throws SeedError before any write. */
export async function loadSeed(prisma: PrismaClient, dir: string = defaultSeedDir, table: NormalisationTable = activeTable()): Promise<SeedReport> {
  const plan = planSeed(dir);
  const report: SeedReport = {
    collection: plan.collection.slug,
    entities: { created: 0, updated: 0, unchanged: 0 },
    documents: { created: 0, replaced: 0, unchanged: 0 },
  };
  await prisma.$transaction(
    async (tx) => {
      const { slug, name, description, visibility } = plan.collection;
      const collection = await tx.collection.upsert({
        where: { slug },
        create: { slug, name, description: description ?? null, visibility },
        update: {},
      });
      const entityIds = await writeEntities(tx, plan.entities, report);
      const existing = await tx.document.findMany({
        where: { key: { in: plan.documents.map((document) => document.key) } },
        select: { id: true, key: true, sourceChecksum: true, collectionId: true },
      });
      const byKey = new Map(existing.map((document) => [document.key!, document]));
      for (const document of plan.documents) {
        const current = byKey.get(document.key);
        if (current && current.sourceChecksum === document.sourceChecksum && current.collectionId === collection.id) {
          report.documents.unchanged++;
          continue;
        }
        if (current) {
          await tx.document.delete({ where: { id: current.id } });
          report.documents.replaced++;
        } else {
          report.documents.created++;
        }
        await writeDocument(tx, collection.id, document, entityIds, table);
      }
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return report;
}

export async function isEmpty(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.document.count()) === 0;
}

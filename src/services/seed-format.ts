// The curated annotation format of seeds/ (documented in seeds/README.md), as zod schemas.
import { z } from 'zod';

const key = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'keys are lower case letters, digits and dashes');
const nonEmpty = z.string().min(1, 'must not be empty');

export const partialDateSchema = z
  .object({
    year: z.number().int().min(1).max(9999).optional(),
    month: z.number().int().min(1).max(12).optional(),
    day: z.number().int().min(1).max(31).optional(),
    text: z.string().optional(),
  })
  .strict()
  .refine((date) => date.day === undefined || date.month !== undefined, 'a day needs a month');

export const nameKinds = ['PRIMARY', 'ALIAS', 'ACRONYM', 'FORMER', 'TRANSLITERATION'] as const;
const aliasSchema = z.union([
  nonEmpty,
  z.object({ name: nonEmpty, kind: z.enum(nameKinds).default('ALIAS'), language: z.string().optional() }).strict(),
]);

const entityBase = {
  key,
  name: nonEmpty,
  aliases: z.array(aliasSchema).default([]),
  description: z.string().optional(),
  externalIds: z.array(z.object({ scheme: nonEmpty, value: nonEmpty }).strict()).default([]),
};

export const entitiesFileSchema = z
  .object({
    collection: z
      .object({
        slug: key,
        name: nonEmpty,
        description: z.string().optional(),
        visibility: z.enum(['PUBLIC', 'PRIVATE']).default('PUBLIC'),
      })
      .strict(),
    persons: z.array(z.object(entityBase).strict()).default([]),
    organisations: z.array(z.object({ ...entityBase, parent: key.optional() }).strict()).default([]),
    events: z
      .array(
        z
          .object({ ...entityBase, start: partialDateSchema.optional(), end: partialDateSchema.optional(), place: z.string().optional() })
          .strict(),
      )
      .default([]),
  })
  .strict();

const quoteFields = {
  quote: nonEmpty,
  prefix: z.string().optional(),
  suffix: z.string().optional(),
};

export const boilerplateKinds = [
  'HEADLINE',
  'NAVIGATION',
  'CAPTION',
  'EXCERPT',
  'SHARE_LINKS',
  'RELATED_LINKS',
  'TAGS',
  'COPYRIGHT',
  'CREDITS',
] as const;
export const documentKinds = ['ARTICLE', 'REPORT', 'LETTER', 'RESOLUTION', 'TRANSCRIPT', 'STATEMENT', 'OTHER'] as const;

export const documentFileSchema = z
  .object({
    text: z.string().regex(/^[^/\\]+\.txt$/, 'text names a .txt file beside the annotation file'),
    title: nonEmpty,
    kind: z.enum(documentKinds).default('ARTICLE'),
    language: z.string().min(2).nullable().default(null),
    publisher: key.nullable().default(null),
    authors: z.array(key).default([]),
    published: partialDateSchema.nullable().default(null),
    url: z.string().url().nullable().default(null),
    notes: z.string().optional(),
    boilerplate: z.array(z.object({ kind: z.enum(boilerplateKinds), ...quoteFields }).strict()).default([]),
    mentions: z.array(z.object({ entity: key, all: z.boolean().default(false), ...quoteFields }).strict()).default([]),
    citations: z
      .array(
        z
          .object({
            key,
            kind: z.enum(['QUOTE', 'PARAPHRASE', 'REFERENCE']),
            source: key.optional(),
            /** The source in the document's words when it does not name it ("officials"). */
            sourceDescription: nonEmpty.optional(),
            parent: key.optional(),
            work: z.object({ kind: z.enum(documentKinds), title: z.string().optional(), date: partialDateSchema.optional() }).strict().optional(),
            ...quoteFields,
          })
          .strict()
          .refine((citation) => citation.source || citation.sourceDescription || citation.work, 'a citation needs a source, a sourceDescription or a work'),
      )
      .default([]),
    claims: z
      .array(
        z
          .object({
            subject: key,
            property: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'properties are lowerCamelCase'),
            value: nonEmpty,
            modality: z.enum(['ASSERTS', 'REPORTS', 'DENIES', 'ESTIMATES', 'SPECULATES']).default('ASSERTS'),
            asserter: key.optional(),
            /** The asserter in the document's words when it names none ("officials"); not with asserter. */
            asserterDescription: nonEmpty.optional(),
            citation: key.optional(),
            valueEntity: key.optional(),
            qualifiers: z
              .array(
                z
                  .object({ property: nonEmpty, value: z.string().optional(), entity: key.optional() })
                  .strict()
                  .refine((qualifier) => qualifier.value !== undefined || qualifier.entity !== undefined, 'a qualifier needs a value or an entity'),
              )
              .default([]),
            ...quoteFields,
          })
          .strict()
          .refine((claim) => !(claim.asserter && claim.asserterDescription), 'a claim names either an asserter or an asserterDescription, not both'),
      )
      .default([]),
  })
  .strict();

export type EntitiesFile = z.infer<typeof entitiesFileSchema>;
export type DocumentFile = z.infer<typeof documentFileSchema>;
export type PartialDate = z.infer<typeof partialDateSchema>;

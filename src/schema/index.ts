// Imports every type so it registers with the builder, then builds the schema.
import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './partial-date.js';
import './connections.js';
import './collection.js';
import './entity.js';
import './document.js';
import './span.js';
import './mention.js';
import './claim.js';
import './citation.js';
import './judgement.js';
import './change.js';
import './compare.js';
import './describe.js';
import './search.js';
import './errors.js';
import './curation.js';
import './ingest.js';
import './versions.js';
import './properties.js';

export const schema = builder.toSchema();

/** The schema as committed in schema.graphql: printed with types and fields sorted. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

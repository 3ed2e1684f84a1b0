// `version` on every type whose update takes an `expectedVersion`: a client reads it, then sends it
// back, and a write made meanwhile is a ConflictError instead of a silent overwrite.
import { builder } from './builder.js';
import { Citation } from './citation.js';
import { Claim } from './claim.js';
import { Collection } from './collection.js';
import { Document } from './document.js';
import { EntityInterface } from './entity.js';
import { Mention } from './mention.js';

const description = (update: string) =>
  `The optimistic-concurrency version: send it back as \`expectedVersion\` to ${update}; it grows by one with every change, and a stale one is a ConflictError.`;

builder.prismaObjectField(Collection, 'version', (t) => t.exposeInt('version', { description: description('updateCollection') }));
builder.prismaObjectField(Document, 'version', (t) => t.exposeInt('version', { description: description('updateDocument') }));
builder.prismaInterfaceField(EntityInterface, 'version', (t) => t.exposeInt('version', { description: description('updateEntity') }));
builder.prismaObjectField(Claim, 'version', (t) => t.exposeInt('version', { description: description('updateClaim and reviewClaim') }));
builder.prismaObjectField(Mention, 'version', (t) => t.exposeInt('version', { description: description('updateMention and reviewMention') }));
builder.prismaObjectField(Citation, 'version', (t) => t.exposeInt('version', { description: description('updateCitation and reviewCitation') }));

// Expected failures as GraphQL types: a refused write returns one of these (its __typename ends in
// Error) instead of a payload, and changes nothing. They share the Error interface.
import { AnchorError, ConflictError, ForbiddenError, NotFoundError, UserError, ValidationError } from '../services/errors.js';
import { builder } from './builder.js';
import { globalId } from './ids.js';

export const ErrorInterface = builder.interfaceRef<UserError>('Error').implement({
  description: 'A write that was refused, and why. Nothing was changed.',
  fields: (t) => ({ message: t.exposeString('message', { description: 'Why the write was refused, in a sentence for people (not for parsing).' }) }),
});

const Issue = builder.objectRef<{ path: string[]; message: string }>('ValidationIssue').implement({
  description: 'One problem with one input field.',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Where in the input, e.g. ["input", "selector", "start"].' }),
    message: t.exposeString('message', { description: 'What is wrong there, e.g. "must be between 0 and 1".' }),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input is invalid; `issues` says where and why.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ issues: t.field({ type: [Issue], description: 'Every problem found, each with the input path it concerns.', resolve: (error) => error.issues }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'An id in the input names nothing the caller can see (or names the wrong kind of thing).',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Where in the input the id was given, e.g. ["input", "subject"].' }),
    id: t.string({ description: 'The id (or slug) as given, which names nothing the caller can see.', resolve: (error) => (error.record ? globalId(error.record.typename, error.record.id) : error.id) }),
  }),
});

const AnchorCandidate = builder.objectRef<{ start: number; end: number; exact: string }>('AnchorCandidate').implement({
  description: 'The passage of the document body nearest to a selector that did not match.',
  fields: (t) => ({
    start: t.exposeInt('start', { description: 'Offset of the passage in the body, in UTF-16 code units (inclusive).' }),
    end: t.exposeInt('end', { description: 'Offset just past the passage in the body, in UTF-16 code units (exclusive).' }),
    exact: t.exposeString('exact', { description: 'The passage’s text: body.slice(start, end).' }),
  }),
});

builder.objectType(AnchorError, {
  name: 'AnchorError',
  description: 'A selector does not match the document text; `closest` is the nearest match, if any.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'The selector in the input, e.g. ["input", "selector"].' }),
    reason: t.exposeString('reason', { description: 'A short code for why: "not-found", "ambiguous" (the quote occurs more than once: add a prefix or suffix), "empty", "out-of-range", "invalid-position" or "mismatch" (quote and position disagree); `message` says it in words.' }),
    closest: t.field({ type: AnchorCandidate, nullable: true, description: 'The nearest approximate match in the body, to correct the selector with; null when nothing is close.', resolve: (error) => error.closest }),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The write conflicts with the current state (a newer version, an existing name, a NOT_SAME judgement).',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    currentVersion: t.exposeInt('currentVersion', { nullable: true, description: 'The node’s current `version`, when the conflict concerns it (a stale expectedVersion: re-read, then retry with this one); null for other conflicts.' }),
  }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'The caller’s token lacks the role this write needs.',
  interfaces: [ErrorInterface],
});

/**
 * Runs a mutation's work, its refusals' paths (fields of the service's input) put under the
 * argument they came in: ["selector", "start"] → ["input", "selector", "start"].
 */
export async function underArgument<T>(argument: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof UserError ? error.under([argument]) : error;
  }
}

/** The error types every mutation may return. */
export const mutationErrors = [ValidationError, NotFoundError, AnchorError, ConflictError, ForbiddenError];

// Expected failures as GraphQL types: a refused write returns one of these (its __typename ends in
// Error) instead of a payload, and changes nothing. They share the Error interface.
import { AnchorError, ConflictError, ForbiddenError, NotFoundError, UserError, ValidationError } from '../services/errors.js';
import { builder } from './builder.js';

export const ErrorInterface = builder.interfaceRef<UserError>('Error').implement({
  description: 'A write that was refused, and why. Nothing was changed.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

const Issue = builder.objectRef<{ path: string[]; message: string }>('ValidationIssue').implement({
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Where in the input, e.g. ["input", "selector", "start"].' }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input is invalid; `issues` says where and why.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ issues: t.field({ type: [Issue], resolve: (error) => error.issues }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'An id in the input names nothing the caller can see (or names the wrong kind of thing).',
  interfaces: [ErrorInterface],
  fields: (t) => ({ path: t.exposeStringList('path'), id: t.exposeString('id') }),
});

const AnchorCandidate = builder.objectRef<{ start: number; end: number; exact: string }>('AnchorCandidate').implement({
  fields: (t) => ({ start: t.exposeInt('start'), end: t.exposeInt('end'), exact: t.exposeString('exact') }),
});

builder.objectType(AnchorError, {
  name: 'AnchorError',
  description: 'A selector does not match the document text; `closest` is the nearest match, if any.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    path: t.exposeStringList('path'),
    reason: t.exposeString('reason'),
    closest: t.field({ type: AnchorCandidate, nullable: true, resolve: (error) => error.closest }),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The write conflicts with the current state (a newer version, an existing name, a NOT_SAME judgement).',
  interfaces: [ErrorInterface],
  fields: (t) => ({ currentVersion: t.exposeInt('currentVersion', { nullable: true }) }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'The caller’s token lacks the role this write needs.',
  interfaces: [ErrorInterface],
});

/** The error types every mutation may return. */
export const mutationErrors = [ValidationError, NotFoundError, AnchorError, ConflictError, ForbiddenError];

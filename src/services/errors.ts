// Expected failures of a write, as plain classes: the GraphQL layer returns them as typed results
// (ValidationError, NotFoundError …) and the database is left unchanged. Paths name the fields of
// the service's input (["selector", "start"]); the schema puts them under the argument they came
// in (["input", "selector", "start"]) with `under`.

export class UserError extends Error {
  /** The same error with every path under `prefix`. */
  under(_prefix: string[]): UserError {
    return this;
  }
}

/** A message that starts with its path ("selector.start: …"), restated for a longer path. */
const rerooted = (message: string, path: string[], prefix: string[]) =>
  `${[...prefix, ...path].join('.')}${message.startsWith(`${path.join('.')}:`) ? message.slice(path.join('.').length) : `: ${message}`}`;

export interface Issue {
  path: string[];
  message: string;
}

export class ValidationError extends UserError {
  constructor(readonly issues: Issue[]) {
    super(issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; '));
    this.name = 'ValidationError';
  }

  static at(path: string[], message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }

  override under(prefix: string[]): ValidationError {
    return new ValidationError(this.issues.map((issue) => ({ path: [...prefix, ...issue.path], message: issue.message })));
  }
}

export class NotFoundError extends UserError {
  /** Set by `gone`: the record by table and database id, for the API to show its own id for. */
  record: { typename: string; id: number } | null = null;

  constructor(
    readonly path: string[],
    readonly id: string,
    what: string,
    message = `${path.join('.')}: no ${what} with id ${id}`,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }

  /** A record the service was given by database id that is not there (deleted meanwhile): services do not know the API's ids. */
  static gone(path: string[], typename: string, id: number): NotFoundError {
    const error = new NotFoundError(path, String(id), typename, `${path.join('.')}: this ${typename} no longer exists`);
    error.record = { typename, id };
    return error;
  }

  override under(prefix: string[]): NotFoundError {
    const error = new NotFoundError([...prefix, ...this.path], this.id, '', rerooted(this.message, this.path, prefix));
    error.record = this.record;
    return error;
  }
}

export interface AnchorCandidate {
  start: number;
  end: number;
  exact: string;
}

export class AnchorError extends UserError {
  constructor(
    readonly path: string[],
    readonly reason: string,
    message: string,
    readonly closest: AnchorCandidate | null = null,
  ) {
    super(`${path.join('.')}: ${message}`);
    this.name = 'AnchorError';
    this.detail = message;
  }

  private readonly detail: string;

  override under(prefix: string[]): AnchorError {
    return new AnchorError([...prefix, ...this.path], this.reason, this.detail, this.closest);
  }
}

export class ConflictError extends UserError {
  constructor(
    message: string,
    readonly currentVersion: number | null = null,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

export class ForbiddenError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/**
 * A write that other writers kept out for the whole wait (src/db/busy.ts): nothing was changed and
 * the same request may be sent again. The API answers it as a GraphQL error with
 * extensions { code: "DATABASE_BUSY", retryable: true }, for any operation.
 */
export { DatabaseBusyError } from '../db/busy.js';

/** The last non-empty line of an error message (Prisma's start with the call, end with the cause). */
export function lastLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').map((line) => line.trim()).filter(Boolean).pop() ?? 'unknown error';
}

// Every error the API answers carries extensions.code: the errors raised here already do (src/limits.ts,
// src/schema/*, src/yoga.ts), yoga's own mostly do (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED,
// BAD_REQUEST …); this plugin fills in the rest, last, on whatever result is about to be answered.
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

type AnyError = GraphQLError | GraphQLFormattedError;

/**
 * The code of an error that has none:
 * - the executor's refusals of the request before execution (a variable that does not coerce:
 *   BAD_USER_INPUT; an operation name that names nothing: OPERATION_RESOLUTION_FAILURE, which has
 *   its code already) are marked http.status 400 without `spec`,
 *   so yoga would answer 400 to application/json clients too; they are request errors like a
 *   validation error, so `spec` is set (400 for graphql-response+json, 200 for application/json);
 * - any other GraphQLError raised on purpose (a Pothos refusal of a cursor, say): BAD_USER_INPUT;
 * - anything else: INTERNAL_SERVER_ERROR (yoga's masking already replaced its message).
 */
function withCode(error: AnyError): AnyError {
  const extensions = { ...error.extensions } as Record<string, unknown> & { http?: { status?: number; spec?: boolean } };
  const executorRefusal = extensions.http?.status === 400 && extensions.http.spec === undefined && (extensions.code === undefined || extensions.code === 'OPERATION_RESOLUTION_FAILURE');
  if (typeof extensions.code === 'string' && !executorRefusal) return error;
  if (executorRefusal) {
    extensions.code ??= 'BAD_USER_INPUT';
    extensions.http = { ...extensions.http, spec: true };
  } else if (extensions.unexpected || (error instanceof GraphQLError && !isOnPurpose(error))) {
    extensions.code = 'INTERNAL_SERVER_ERROR';
  } else {
    extensions.code = 'BAD_USER_INPUT';
  }
  if (!(error instanceof GraphQLError)) return { ...error, extensions };
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  });
}

/** A GraphQLError all the way down (not one wrapping a thrown Error). */
function isOnPurpose(error: GraphQLError): boolean {
  let current: unknown = error;
  while (current instanceof GraphQLError || (current instanceof Error && current.name === 'GraphQLError')) {
    const original: unknown = (current as GraphQLError).originalError;
    if (!original) return true;
    current = original;
  }
  return false;
}

function coded(result: ExecutionResult): ExecutionResult {
  const errors = result.errors?.map(withCode);
  if (!errors || errors.every((error, index) => error === result.errors![index])) return result;
  return { ...result, errors: errors as GraphQLError[] };
}

export function useErrorCodes(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      // A stream (a subscription's events) is left alone: the errors in it are raised with a code.
      if (Array.isArray(result)) setResult(result.map((one) => coded(one as ExecutionResult)) as typeof result);
      else if (result && typeof result === 'object' && 'errors' in result) setResult(coded(result as ExecutionResult) as typeof result);
    },
  };
}

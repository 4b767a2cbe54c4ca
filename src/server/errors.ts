/**
 * Expected failures of the domain, independent of the web framework. Actions and
 * pages translate them (src/actions/run-action.ts, src/server/http/page-helpers.ts).
 */
export type AppErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS';

export interface AppErrorOptions {
  /** Messages to show beside particular form fields, keyed by field name. */
  fields?: Record<string, string>;
  /** For TOO_MANY_REQUESTS: seconds until the client may try again. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fields: Record<string, string>;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Someone else's private thing, or nothing at all: the two must look the same. */
export function notFound(message = 'Not found.'): AppError {
  return new AppError('NOT_FOUND', message);
}

/** A validation failure tied to form fields. */
export function invalid(fields: Record<string, string>, message = 'Please correct the highlighted fields.'): AppError {
  return new AppError('BAD_REQUEST', message, { fields });
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

import { type ActionAPIContext, ActionError } from 'astro:actions';
import type { MemberViewer } from '#features/members/viewer.ts';
import { isAppError } from '#server/errors.ts';

/**
 * An ActionError that Astro serialises like its own input-validation error, so a
 * page reads field messages from a service ("that handle is taken") exactly as it
 * reads zod's: `isInputError(error) && error.fields.handle`.
 */
class FieldsError extends ActionError {
  override readonly type = 'AstroActionInputError' as 'AstroActionError';
  readonly issues: { path: string[]; message: string }[];

  constructor(message: string, fields: Record<string, string>) {
    super({ code: 'BAD_REQUEST', message });
    this.issues = Object.entries(fields).map(([path, msg]) => ({ path: [path], message: msg }));
  }
}

/**
 * Runs a service call for an action, turning the domain's AppError into the matching
 * ActionError (and Retry-After for rate limits). Anything unexpected is rethrown for
 * Astro to log and answer with a generic 500.
 */
export async function runAction<T>(context: ActionAPIContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.retryAfterSeconds !== undefined) context.locals.retryAfterSeconds = error.retryAfterSeconds;
    if (Object.keys(error.fields).length > 0 && error.code === 'BAD_REQUEST') {
      throw new FieldsError(error.message, error.fields);
    }
    throw new ActionError({ code: error.code, message: error.message });
  }
}

/** The signed-in member (the request's viewer, as services take it), or an UNAUTHORIZED action error. */
export function requireUser(context: ActionAPIContext): MemberViewer {
  const viewer = context.locals.viewer;
  if (!viewer) throw new ActionError({ code: 'UNAUTHORIZED', message: 'Please sign in to do that.' });
  return viewer;
}

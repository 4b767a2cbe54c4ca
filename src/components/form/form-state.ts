import { isActionError, isInputError } from 'astro:actions';

export interface FormState {
  /** Message per field name, shown beside the field. */
  fields: Record<string, string>;
  /** A message about the whole form (rate limit, expired link…), shown above it. */
  message: string | undefined;
  failed: boolean;
}

/**
 * Reads an action's error into what a form shows: zod and service field messages
 * beside their fields, anything else once at the top. No error, no messages.
 */
export function formState(error: unknown): FormState {
  if (!error) return { fields: {}, message: undefined, failed: false };
  if (isInputError(error)) {
    const fields: Record<string, string> = {};
    for (const [name, messages] of Object.entries(error.fields as Record<string, string[] | undefined>)) {
      if (messages?.[0]) fields[name] = messages[0];
    }
    const hasFields = Object.keys(fields).length > 0;
    return { fields, message: hasFields ? undefined : 'Please check the form.', failed: true };
  }
  if (isActionError(error) && error.code !== 'INTERNAL_SERVER_ERROR') {
    return { fields: {}, message: error.message, failed: true };
  }
  return { fields: {}, message: 'Something went wrong on our side. Please try again in a moment.', failed: true };
}

/** The submitted form values, to refill the form after an error (passwords excluded). */
export async function submittedValues(request: Request): Promise<Record<string, string>> {
  if (request.method !== 'POST') return {};
  try {
    const data = await request.clone().formData();
    const values: Record<string, string> = {};
    for (const [key, value] of data) {
      if (typeof value === 'string' && !/password/i.test(key)) values[key] = value;
    }
    return values;
  } catch {
    return {};
  }
}

/** The first refused form of several on one page (only one action runs per post), or an empty state. */
export function firstFailed(...forms: FormState[]): FormState {
  return forms.find((f) => f.failed) ?? { fields: {}, message: undefined, failed: false };
}

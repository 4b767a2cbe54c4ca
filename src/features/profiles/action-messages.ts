import { isInputError } from 'astro:actions';

/** An action error as messages per field, or `{ form }` when it is about the whole form. */
export function messagesOf(error: unknown): Record<string, string> {
  if (isInputError(error)) {
    const fields: Record<string, string> = {};
    for (const [name, messages] of Object.entries(error.fields as Record<string, string[] | undefined>)) {
      if (messages?.[0]) fields[name] = messages[0];
    }
    if (Object.keys(fields).length > 0) return fields;
  }
  const message = error instanceof Error && error.message ? error.message : 'Something went wrong. Please try again.';
  return { form: message };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function isJsonType(contentType: string | null): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
}

/**
 * True when a write says it carries JSON but its body does not parse. Astro's action
 * handler parses such bodies itself and answers a malformed one with a 500 and a
 * logged stack trace; checking first lets the middleware answer 400 instead. Bodies
 * are already capped (body-limit.ts), so reading a copy here is cheap.
 */
export async function hasMalformedJsonBody(request: Request): Promise<boolean> {
  if (SAFE_METHODS.has(request.method) || !isJsonType(request.headers.get('content-type'))) return false;
  let text: string;
  try {
    text = await request.clone().text();
  } catch {
    return true;
  }
  if (text.trim() === '') return false; // an empty body is "no input", which actions handle
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

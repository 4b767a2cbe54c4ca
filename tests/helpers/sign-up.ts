import { expect } from 'vitest';
import type { HttpClient } from './http-client.ts';
import type { TestServer } from './server.ts';

export interface SignUpFields {
  displayName: string;
  handle: string;
  email: string;
  password: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The confirmation link the server logged (no SMTP in tests) for `email`: its path and query. */
export async function confirmationLink(server: TestServer, email: string): Promise<string> {
  const pattern = new RegExp(
    `To: ${escapeRegExp(email)}[^\\n]*\\n[\\s\\S]*?https?://[^/\\s]+(/verify/[a-z2-9]+\\.[a-z2-9]+[^\\s]*)`,
  );
  const [, link] = await server.waitForOutput(pattern);
  return link!;
}

/**
 * Joins the way a newcomer does: the sign-up form (which answers "check your email"),
 * then the emailed link's confirm button, which signs the client in. Returns the
 * confirm answer (a 303 to where the newcomer lands).
 */
export async function signUpAndConfirm(
  server: TestServer,
  client: HttpClient,
  fields: SignUpFields,
  next?: string,
): Promise<Response> {
  const query = next ? `&next=${encodeURIComponent(next)}` : '';
  const sent = await client.postForm(`/signup?_action=accounts.signUp${query}`, { ...fields });
  expect(sent.status).toBe(303);
  expect(sent.headers.get('location')).toBe('/signup?sent=1');
  const link = new URL(await confirmationLink(server, fields.email), 'http://x');
  const token = link.pathname.split('/').pop()!;
  const landing = link.searchParams.get('next') ?? '';
  return client.postForm(`${link.pathname}?_action=accounts.verifyEmail&next=${encodeURIComponent(landing)}`, {
    token,
  });
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Every server process imports the mailer (sign-up, notifications, digests), but most never
// send mail: nodemailer is imported with the first message instead of at start, which kept
// about 5 MB of V8 heap out of each process (README, "100,000 members, memory"). Sending
// through SMTP is covered end to end by tests/http/mail.test.ts.

const source = readFileSync(new URL('../../../../src/server/mail/mailer.ts', import.meta.url), 'utf8');

describe('the mailer', () => {
  it('imports nodemailer only when it sends, and only its types at start', () => {
    const staticImports = [...source.matchAll(/^import\s+(.*?)\s+from\s+'nodemailer';$/gm)].map((m) => m[1]);
    expect(staticImports.every((clause) => clause?.startsWith('type '))).toBe(true);
    expect(source).toMatch(/await import\('nodemailer'\)/);
  });
});

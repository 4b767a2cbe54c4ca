import { describe, expect, it } from 'vitest';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer } from '#tests/helpers/server.ts';
import { startSmtpServer } from '#tests/helpers/smtp.ts';

describe('mail over SMTP (SMTP_URL set)', () => {
  it('delivers the verification link by SMTP instead of the log, and the link verifies', async () => {
    const smtp = await startSmtpServer();
    const server = await startServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'whoknows <team@whoknows.test>' } });
    try {
      const client = new HttpClient(server.url);
      await client.postForm('/signup?_action=accounts.signUp', {
        displayName: 'Mae Mail',
        handle: 'mae-mail',
        email: 'mae@example.test',
        password: 'violet lantern drift',
      });
      const mail = await smtp.waitFor((m) => m.to.includes('mae@example.test'));
      expect(mail.subject).toBe('Confirm your email for whoknows');
      const token = /\/verify\/([a-z2-9]+\.[a-z2-9]+)/.exec(mail.text)?.[1];
      expect(token).toBeTruthy();
      expect(server.output()).not.toContain(token!); // the link is not logged when mail goes out

      const verified = await client.postForm(`/verify/${token}?_action=accounts.verifyEmail`, { token: token! });
      expect(verified.status).toBe(303); // confirmed, signed in, and on to the newcomer's first page
      expect(verified.headers.getSetCookie().join()).toMatch(/session=/);
      const row = await server.database.client.execute("select email_verified_at from users where handle = 'mae-mail'");
      expect(row.rows[0]!.email_verified_at).not.toBeNull();
    } finally {
      await server.dispose();
      await smtp.close();
    }
  });
});

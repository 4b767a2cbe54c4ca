import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import {
  emailPreferencesOf,
  readUnsubscribeToken,
  saveEmailPreferences,
  unsubscribe,
  unsubscribeUrl,
} from '#features/notifications/email-preferences.service.ts';
import { deliverEmails, notify } from '#features/notifications/notifications.service.ts';
import { resetConfigForTests } from '#server/config.ts';
import { isAppError } from '#server/errors.ts';
import { createMember, type Member } from '#tests/helpers/factories.ts';
import { mailHeader, startSmtpServer } from '#tests/helpers/smtp.ts';
import { as } from '../requests/helpers.ts';

// A real SMTP server on loopback stands in for the relay.
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  resetConfigForTests();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  resetConfigForTests();
  await smtp.close();
});

async function send(member: Member, kind: string, title: string) {
  const rows = await getDb().transaction((tx) => notify(tx, [{ userId: member.id, kind, title, url: '/inbox' }]));
  await deliverEmails(rows);
  return rows;
}

const all = {
  requests: 'instant',
  events: 'instant',
  announcements: 'instant',
  reminders: 'instant',
  follows: 'daily',
} as const;

describe('email preferences', () => {
  it('start with email for everything and a daily digest for follows', async () => {
    const member = await createMember();
    const prefs = await emailPreferencesOf(as(member));
    expect(Object.fromEntries(prefs.map((p) => [p.category, p.mode]))).toEqual(all);
  });

  it('stop the email copies of a category turned to inbox only, and of nothing else', async () => {
    const member = await createMember({ email: 'quiet@example.test' });
    await saveEmailPreferences(as(member), { ...all, requests: 'off' });
    const quiet = await send(member, 'request.message', 'A message you will only see in the inbox');
    await send(member, 'event.promoted', 'You have a seat');
    const mail = await smtp.waitFor((m) => m.to.includes(member.email) && m.subject === 'You have a seat');
    expect(smtp.messages.filter((m) => m.to.includes(member.email))).toHaveLength(1);
    expect(mail.text).toContain('Events you go to or run');
    const [row] = await getDb().query.notifications.findMany({ where: (n, { eq }) => eq(n.id, quiet[0]!.id) });
    expect(row!.emailedAt).toBeNull();
  });

  it('always email account and safety notices, without an unsubscribe link', async () => {
    const member = await createMember({ email: 'safety@example.test' });
    await saveEmailPreferences(as(member), {
      requests: 'off',
      events: 'off',
      announcements: 'off',
      reminders: 'off',
      follows: 'off',
    });
    await send(member, 'moderation.warned', 'A moderator wrote to you');
    const mail = await smtp.waitFor((m) => m.to.includes(member.email));
    expect(mailHeader(mail, 'List-Unsubscribe')).toBeNull();
  });

  it('refuse a mode a category does not offer, beside its field', async () => {
    const member = await createMember();
    const error = await saveEmailPreferences(as(member), { ...all, requests: 'weekly' }).catch((e: unknown) => e);
    expect(isAppError(error) && error.fields.requests).toBe('Choose one of the options shown.');
  });
});

describe('one-click unsubscribe tokens', () => {
  it('name the member and category, and turn that category to inbox only', async () => {
    const member = await createMember();
    const url = new URL(await unsubscribeUrl(member.id, 'announcements'));
    const token = url.pathname.split('/').pop()!;
    expect(await readUnsubscribeToken(token)).toMatchObject({
      userId: member.id,
      category: 'announcements',
      alreadyOff: false,
    });
    expect(await unsubscribe(token)).toMatchObject({ alreadyOff: true });
    expect(await unsubscribe(token)).toMatchObject({ alreadyOff: true });
    const prefs = await emailPreferencesOf(as(member));
    expect(prefs.find((p) => p.category === 'announcements')!.mode).toBe('off');
    expect(prefs.find((p) => p.category === 'requests')!.mode).toBe('instant');
  });

  it('refuse forged, altered and malformed tokens', async () => {
    const [member, other] = await Promise.all([createMember(), createMember()]);
    const token = new URL(await unsubscribeUrl(member.id, 'follows')).pathname.split('/').pop()!;
    const signature = token.slice(token.lastIndexOf('.') + 1);
    for (const bad of [
      `${other.id}.follows.${signature}`,
      `${member.id}.requests.${signature}`,
      `${member.id}.follows.${signature.slice(0, -2)}AA`,
      `${member.id}.follows`,
      'nonsense',
      '',
      `${member.id}.account.${signature}`,
    ]) {
      expect(await readUnsubscribeToken(bad)).toBeNull();
      expect(await unsubscribe(bad)).toBeNull();
    }
    const prefs = await emailPreferencesOf(as(other));
    expect(prefs.every((p) => p.mode !== 'off')).toBe(true);
  });
});

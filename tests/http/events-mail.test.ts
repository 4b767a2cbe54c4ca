import { describe, expect, it } from 'vitest';
import { createEvent, createMember } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer } from '#tests/helpers/server.ts';
import { startSmtpServer } from '#tests/helpers/smtp.ts';

describe('event emails (SMTP_URL set)', () => {
  it('emails an announcement to everyone going and a promotion to the member who moved up', async () => {
    const smtp = await startSmtpServer();
    const server = await startServer({ env: { SMTP_URL: smtp.url } });
    try {
      const db = server.database.db;
      const organizer = await createMember({}, db);
      const [going, waiting] = await Promise.all([
        createMember({ email: 'going@example.test' }, db),
        createMember({ email: 'waiting@example.test' }, db),
      ]);
      const event = await createEvent({ organizer, capacity: 1, title: 'Mail test meetup' }, db);
      const signIn = async (who: typeof organizer) => {
        const client = new HttpClient(server.url);
        await client.postForm('/signin?_action=accounts.signIn', { email: who.email, password: who.password });
        return client;
      };
      const [host, first, second] = await Promise.all([signIn(organizer), signIn(going), signIn(waiting)]);
      await first.postForm(`/events/${event.slug}?_action=events.rsvp`, { eventId: event.id });
      await second.postForm(`/events/${event.slug}?_action=events.rsvp`, { eventId: event.id });

      await host.postForm(`/events/${event.slug}/attendees?_action=events.announce`, {
        eventId: event.id,
        subject: 'Doors open at 18:30',
        message: 'Come early for pizza.',
      });
      const announcement = await smtp.waitFor((m) => m.to.includes('going@example.test'));
      expect(announcement.subject).toBe('Mail test meetup: Doors open at 18:30');
      expect(announcement.text).toContain('Come early for pizza.');
      expect(announcement.text).toContain(`${server.url}/events/${event.slug}`);
      expect(smtp.messages.some((m) => m.to.includes('waiting@example.test'))).toBe(false);

      await first.postForm(`/events/${event.slug}?_action=events.cancelRsvp`, { eventId: event.id });
      const promoted = await smtp.waitFor((m) => m.to.includes('waiting@example.test'));
      expect(promoted.subject).toBe('You have a seat at Mail test meetup');
    } finally {
      await server.dispose();
      await smtp.close();
    }
  });
});

import { eventPath } from './event-access.ts';
import { feedbackBy } from './event-feedback.repo.ts';
import * as listings from './event-listings.repo.ts';
import * as repo from './events.repo.ts';

/** The events a member organises (in full, as they entered them), their RSVPs and the events they host or speak at. */
export async function eventsExport(userId: string) {
  const [organised, rsvps, roles, feedback] = await Promise.all([
    listings.allOrganisedBy(userId),
    listings.rsvpsOf(userId),
    listings.rolesOf(userId),
    feedbackBy(userId),
  ]);
  const topics = await repo.topicsFor(organised.map((e) => e.id));
  return {
    organised: organised.map((e) => ({
      title: e.title,
      url: eventPath(e),
      kind: e.kind,
      status: e.status,
      description: e.description,
      format: e.format,
      venue: e.venue,
      onlineUrl: e.onlineUrl,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      timezone: e.timezone,
      capacity: e.capacity,
      going: e.goingCount,
      topics: (topics.get(e.id) ?? []).map((t) => t.name),
      slidesUrl: e.slidesUrl,
      recordingUrl: e.recordingUrl,
      cancelReason: e.cancelReason,
      hiddenByModerators: e.hiddenAt !== null,
      createdAt: e.createdAt,
    })),
    rsvps: rsvps.map((r) => ({
      event: r.event.title,
      url: eventPath(r.event),
      startsAt: r.event.startsAt,
      status: r.status,
      respondedAt: r.respondedAt,
      checkedInAt: r.attendedAt,
    })),
    hostingAndSpeaking: roles.map((r) => ({
      event: r.event.title,
      url: eventPath(r.event),
      role: r.role,
      invitation: r.status,
    })),
    feedbackYouGave: feedback.map(({ feedback: f, event }) => ({
      event: event.title,
      url: eventPath(event),
      rating: f.rating,
      worked: f.worked,
      improve: f.improve,
      signed: f.signed,
      at: f.createdAt,
    })),
  };
}

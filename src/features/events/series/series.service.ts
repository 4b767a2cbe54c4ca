import { type DbOrTx, getDb } from '#db/client.ts';
import { announceToFollowers } from '#features/follows/follows.service.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { deliverEmails, type Notice, notify } from '#features/notifications/notifications.service.ts';
import { enforceRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { generateId } from '#server/auth/tokens.ts';
import { AppError, invalid, notFound } from '#server/errors.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import { toLocalInputValue } from '#server/time/zones.ts';
import { slugify } from '#server/validation.ts';
import { eventPath, loadEvent } from '../event-access.ts';
import { eventFollowItem } from '../event-follow-item.ts';
import { syncPeople } from '../event-people.repo.ts';
import * as repo from '../events.repo.ts';
import {
  cancelEvent,
  createEvent,
  deleteDraft,
  freeSlug,
  mayInvite,
  noticeableChange,
  updateEvent,
  type ValidEvent,
  validateEvent,
} from '../events.service.ts';
import { canManage, type EventInput } from '../events.ts';
import { promoteFromWaitlist } from '../rsvp.service.ts';
import { checkPattern, expandSeries, type Occurrence } from './recurrence.ts';
import { type FollowingInput, type RepeatingEventInput, ruleFor } from './repeat-input.ts';
import * as seriesRepo from './series.repo.ts';
import { ruleOf } from './series-rule.ts';

type Actor = MemberViewer;

/** The local date and time (YYYY-MM-DD, HH:MM) of an instant in a zone. */
function localParts(instant: Date, zone: string): { date: string; time: string } {
  const [date, time] = toLocalInputValue(instant, zone).split('T') as [string, string];
  return { date, time };
}

const eventFields = (input: EventInput): EventInput => ({
  title: input.title,
  kind: input.kind,
  description: input.description,
  topics: input.topics,
  format: input.format,
  venue: input.venue,
  onlineUrl: input.onlineUrl,
  startsAt: input.startsAt,
  endsAt: input.endsAt,
  timezone: input.timezone,
  capacity: input.capacity,
  hosts: input.hosts,
  speakers: input.speakers,
});

/** Checks a series' pattern against its first date; field messages for the form. */
function patternFor(
  valid: ValidEvent,
  choice: Exclude<RepeatingEventInput['repeat'], 'none'>,
  interval: number | undefined,
  until: string | undefined,
) {
  const zone = valid.fields.timezone!;
  const { date, time } = localParts(valid.fields.startsAt!, zone);
  if (!until) throw invalid({ until: 'Enter the last date it may repeat on.' });
  const rule = ruleFor(choice, interval, date);
  const check = checkPattern(rule, date, until, time);
  if (!check.ok) throw invalid({ [check.field]: check.message });
  const durationMinutes = Math.round((valid.fields.endsAt!.getTime() - valid.fields.startsAt!.getTime()) / 60_000);
  const occurrences = expandSeries({ rule, firstDate: date, untilDate: until, startTime: time, durationMinutes, zone });
  return { rule, firstDate: date, startTime: time, untilDate: until, durationMinutes, zone, occurrences };
}

async function freeSeriesSlug(title: string): Promise<string> {
  const base = slugify(title);
  for (let n = 1; n < 50; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await seriesRepo.seriesSlugTaken(candidate))) return candidate;
  }
  return `${base}-${generateId().slice(0, 6)}`;
}

/** Writes one date of a series as a draft event like its first (slug "<title>-<date>"). */
async function insertOccurrenceEvent(
  tx: DbOrTx,
  valid: ValidEvent,
  o: Occurrence,
  organizerId: string,
  status: 'draft' | 'published',
  now: Date,
): Promise<string> {
  const id = generateId();
  const slug = await freeSlug(`${valid.fields.title} ${o.date}`);
  await repo.insertEvent(
    {
      ...valid.fields,
      startsAt: o.startsAt,
      endsAt: o.endsAt,
      id,
      slug,
      organizerId,
      status,
      publishedAt: status === 'published' ? now : null,
      createdAt: now,
      updatedAt: now,
    },
    tx,
  );
  await repo.replaceTopics(id, valid.topicIds, tx);
  // Each date carries the same co-hosts and speakers, each with their own answer (invitations by consent).
  await syncPeople(id, organizerId, valid.people, now, tx);
  await enqueueIndexJob(tx, 'events', id, 'upsert', now);
  return id;
}

/**
 * Creates an event from the form: a single draft, or, when it repeats, a series whose
 * every date is a draft event of its own (own page, RSVPs, waitlist), all written in
 * one transaction.
 */
export async function createEventOrSeries(
  actor: Actor,
  input: RepeatingEventInput,
  now = new Date(),
): Promise<{ slug: string; series: boolean }> {
  if (input.repeat === 'none') {
    const created = await createEvent(actor, eventFields(input), now);
    return { slug: created.slug, series: false };
  }
  const valid = await validateEvent(eventFields(input), actor.id, now);
  await mayInvite(actor, valid.people, now);
  const p = patternFor(valid, input.repeat, input.interval, input.until);
  await enforceRateLimit(RATE_LIMITS.eventCreatePerUser, actor.id, now);
  const seriesId = generateId();
  const slug = await freeSeriesSlug(input.title);
  await getDb().transaction(async (tx) => {
    await seriesRepo.insertSeries(
      {
        id: seriesId,
        slug,
        organizerId: actor.id,
        timezone: p.zone,
        frequency: p.rule.frequency,
        interval: p.rule.frequency === 'weekly' ? p.rule.interval : 1,
        nth: p.rule.frequency === 'monthly' ? p.rule.nth : null,
        startTime: p.startTime,
        durationMinutes: p.durationMinutes,
        firstDate: p.firstDate,
        untilDate: p.untilDate,
        createdAt: now,
        updatedAt: now,
      },
      tx,
    );
    const rows: seriesRepo.OccurrenceRow[] = [];
    for (const o of p.occurrences) {
      const eventId = await insertOccurrenceEvent(tx, valid, o, actor.id, 'draft', now);
      rows.push({ seriesId, originalStartsAt: o.startsAt, eventId, detached: false });
    }
    await seriesRepo.insertOccurrences(rows, tx);
  });
  return { slug, series: true };
}

/** The series an organiser manages, or NOT_FOUND for anyone else (drafts are private). */
async function managedSeries(actor: Actor, seriesId: string): Promise<seriesRepo.SeriesRow> {
  const series = await seriesRepo.findSeriesById(seriesId);
  if (!series || series.organizerId !== actor.id) throw notFound('We could not find that series.');
  return series;
}

/**
 * Publishes every draft date of a series at once: hosts and speakers hear once for the
 * series, and followers of its topics and organiser once (not once per date).
 */
export async function publishSeries(
  actor: Actor,
  seriesId: string,
  now = new Date(),
): Promise<{ slug: string; published: number }> {
  const series = await managedSeries(actor, seriesId);
  const dates = await seriesRepo.occurrencesOf(series.id);
  const drafts = dates.filter((d) => d.event?.status === 'draft').map((d) => d.event!);
  if (drafts.length === 0) throw new AppError('CONFLICT', 'Every date of this series is already published.');
  const first = drafts[0]!;
  const people = (await repo.peopleFor([first.id])).get(first.id) ?? [];
  const rows = await getDb().transaction(async (tx) => {
    for (const event of drafts) {
      await repo.updateEvent(event.id, { status: 'published', publishedAt: now }, now, tx);
      await enqueueIndexJob(tx, 'events', event.id, 'upsert', now);
    }
    await seriesRepo.updateSeries(series.id, {}, now, tx);
    const notices: Notice[] = [...new Set(people.map((p) => p.userId))]
      .filter((id) => id !== actor.id)
      .map((userId) => ({
        userId,
        kind: 'event.published',
        title: `You are on the programme of ${first.title} (${drafts.length} dates)`,
        body: 'The series is published and open for RSVPs. Each date has its own page; you have a place at every one.',
        url: `/events/series/${series.slug}`,
        actorId: actor.id,
      }));
    const item = await eventFollowItem(first, tx);
    const toFollowers = item ? await announceToFollowers(tx, item, now, { exclude: notices.map((n) => n.userId) }) : [];
    return notify(tx, [...notices, ...toFollowers], now);
  });
  await deliverEmails(rows);
  return { slug: series.slug, published: drafts.length };
}

/**
 * Skips one date of a series: a draft date is deleted, a published one cancelled
 * (everyone going or waitlisted is told). The series keeps the date as an exception
 * (EXDATE in its calendar file) and bumps its sequence in the same transaction.
 */
export async function skipOccurrence(
  actor: Actor,
  eventId: string,
  reason: string | undefined,
  now = new Date(),
): Promise<{ slug: string }> {
  const found = await seriesRepo.occurrenceOfEvent(eventId);
  if (!found || found.series.organizerId !== actor.id) throw notFound('We could not find that event.');
  const { event } = await loadEvent({ id: eventId }, actor);
  const bump = (tx: DbOrTx) => seriesRepo.updateSeries(found.series.id, {}, now, tx);
  if (event.status === 'draft') await deleteDraft(actor, eventId, now, bump);
  else await cancelEvent(actor, eventId, reason, now, bump);
  return { slug: found.series.slug };
}

/** Edits one date of a series on its own ("only this date"); the series keeps the rest. */
export async function updateOneOccurrence(actor: Actor, eventId: string, input: EventInput, now = new Date()) {
  return updateEvent(actor, eventId, input, now, async (tx, before) => {
    if (await seriesRepo.occurrenceOfEvent(before.id, tx)) await seriesRepo.markDetached(before.id, tx);
  });
}

/**
 * "This and all following dates": the details and the local time from the form apply
 * to this date and every later one, and the series may end earlier or later (up to a
 * year after its first date). Changes made to single later dates are replaced, as in
 * calendar apps. Before this date the series is left as it was: it is split in two,
 * the first part ending the day before, so calendars keep the past intact.
 */
export async function updateFollowing(
  actor: Actor,
  input: FollowingInput,
  now = new Date(),
): Promise<{ slug: string }> {
  const found = await seriesRepo.occurrenceOfEvent(input.eventId);
  if (!found || found.series.organizerId !== actor.id) throw notFound('We could not find that event.');
  const { event, relation, invitations } = await loadEvent({ id: input.eventId }, actor);
  if (!canManage(relation)) throw notFound('We could not find that event.');
  if (event.status === 'cancelled')
    throw new AppError('CONFLICT', 'This date was skipped, so it can no longer be edited.');
  const old = found.series;
  const valid = await validateEvent(eventFields(input), actor.id, now, { event, invitations });
  const zone = valid.fields.timezone!;
  const here = localParts(found.occurrence.originalStartsAt, old.timezone);
  const moved = localParts(valid.fields.startsAt!, zone);
  if (moved.date !== here.date && moved.date !== localParts(event.startsAt, event.timezone).date)
    throw invalid({
      startsAt:
        `Keep the date (${here.date}) and change the time. To move one date, change only this date; ` +
        'to change the day it repeats on, end the series and start a new one.',
    });
  const rule = ruleOf(old);
  const untilDate = input.until || old.untilDate;
  const check = checkPattern(rule, old.firstDate, untilDate, moved.time);
  if (!check.ok && check.field === 'until') throw invalid({ until: check.message });
  const durationMinutes = Math.round((valid.fields.endsAt!.getTime() - valid.fields.startsAt!.getTime()) / 60_000);
  const pattern = { rule, untilDate, startTime: moved.time, durationMinutes, zone };
  const all = expandSeries({ ...pattern, firstDate: old.firstDate });
  const fromHere = all.filter((o) => o.date >= here.date);
  const dates = await seriesRepo.occurrencesOf(old.id);
  const earlier = dates.filter(
    (d) => d.occurrence.originalStartsAt.getTime() < found.occurrence.originalStartsAt.getTime(),
  );
  const following = dates.filter(
    (d) => d.occurrence.originalStartsAt.getTime() >= found.occurrence.originalStartsAt.getTime(),
  );
  const status = event.status === 'published' ? 'published' : 'draft';

  const rows = await getDb().transaction(async (tx) => {
    // Split unless this is the first date: the earlier part ends the day before.
    let target = old;
    if (earlier.length > 0) {
      const lastEarlier = localParts(earlier.at(-1)!.occurrence.originalStartsAt, old.timezone).date;
      await seriesRepo.updateSeries(old.id, { untilDate: lastEarlier }, now, tx);
      target = {
        ...old,
        id: generateId(),
        slug: await freeSeriesSlug(`${valid.fields.title} from ${here.date}`),
        continuesId: old.id,
      };
      await seriesRepo.insertSeries(
        { ...target, firstDate: here.date, sequence: 0, createdAt: now, updatedAt: now },
        tx,
      );
      await seriesRepo.moveOccurrences(old.id, found.occurrence.originalStartsAt, target.id, tx);
    }
    await seriesRepo.updateSeries(
      target.id,
      {
        startTime: moved.time,
        durationMinutes,
        timezone: zone,
        untilDate,
        firstDate: target.id === old.id ? old.firstDate : here.date,
      },
      now,
      tx,
    );
    const notices: Notice[] = [];
    const promoted = [];
    const byDate = new Map(fromHere.map((o) => [o.date, o]));
    for (const d of following) {
      const date = localParts(d.occurrence.originalStartsAt, old.timezone).date;
      const next = byDate.get(date);
      byDate.delete(date);
      if (!next) {
        // Past the new last date: drafts go, published dates are cancelled below.
        if (d.event?.status === 'draft') {
          await repo.deleteEvent(d.event.id, tx);
          await enqueueIndexJob(tx, 'events', d.event.id, 'delete', now);
          await seriesRepo.deleteOccurrence(target.id, d.occurrence.originalStartsAt, tx);
        } else if (d.event?.status === 'published') {
          await repo.updateEvent(
            d.event.id,
            { status: 'cancelled', cancelledAt: now, cancelReason: 'The series ends earlier.' },
            now,
            tx,
          );
          await enqueueIndexJob(tx, 'events', d.event.id, 'upsert', now);
          for (const r of await repo.activeRsvpUserIds(d.event.id, ['going', 'waitlisted'], tx))
            notices.push({
              userId: r.userId,
              kind: 'event.cancelled',
              title: `Cancelled: ${d.event.title}`,
              body: 'The series now ends earlier, so this date will not take place.',
              url: eventPath(d.event),
              actorId: actor.id,
            });
        } else {
          await seriesRepo.deleteOccurrence(target.id, d.occurrence.originalStartsAt, tx);
        }
        continue;
      }
      await seriesRepo.rekeyOccurrence(target.id, d.occurrence.originalStartsAt, next.startsAt, tx);
      if (!d.event || d.event.status === 'cancelled') continue;
      const fields = { ...valid.fields, startsAt: next.startsAt, endsAt: next.endsAt };
      const change = d.event.status === 'published' ? noticeableChange(d.event, fields) : null;
      await repo.updateEvent(d.event.id, fields, now, tx);
      await repo.replaceTopics(d.event.id, valid.topicIds, tx);
      await syncPeople(d.event.id, actor.id, valid.people, now, tx);
      await enqueueIndexJob(tx, 'events', d.event.id, 'upsert', now);
      if (change) {
        for (const r of await repo.activeRsvpUserIds(d.event.id, ['going', 'waitlisted'], tx))
          notices.push({
            userId: r.userId,
            kind: 'event.updated',
            title: `${fields.title} has changed`,
            body: change,
            url: eventPath(d.event),
            actorId: actor.id,
          });
      }
      if (d.event.status === 'published') promoted.push(...(await promoteFromWaitlist(tx, d.event.id, now)));
    }
    // A later last date adds dates, published like the one edited.
    const added: seriesRepo.OccurrenceRow[] = [];
    for (const o of byDate.values()) {
      const eventId = await insertOccurrenceEvent(tx, valid, o, actor.id, status, now);
      added.push({ seriesId: target.id, originalStartsAt: o.startsAt, eventId, detached: false });
    }
    await seriesRepo.insertOccurrences(added, tx);
    return [...(await notify(tx, notices, now)), ...promoted];
  });
  await deliverEmails(rows);
  return { slug: event.slug };
}

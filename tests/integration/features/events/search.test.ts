import { afterAll, describe, expect, it } from 'vitest';
import { browseEvents } from '#features/events/event-views.service.ts';
import { eventsSource } from '#features/events/events.search.ts';
import { cancelEvent, createEvent as createEventService, publishEvent } from '#features/events/events.service.ts';
import { browseLists } from '#features/lists/list-views.service.ts';
import { listsSource } from '#features/lists/lists.search.ts';
import { addItem, createList as createListService, deleteList } from '#features/lists/lists.service.ts';
import { drainOutbox, searchIndex, stopSearch } from '#server/search/index.ts';
import { createEvent, createMember } from '#tests/helpers/factories.ts';

afterAll(() => stopSearch());

const ids = async (index: 'events' | 'lists', q: string, filters = {}) => {
  const outcome = await searchIndex(index, { q, filters });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.result.hits.map((h) => h.id);
};
const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);

describe('the events index', () => {
  it('indexes published events only, through the outbox, with typo-tolerant text and filters', async () => {
    const organizer = await createMember();
    const draft = await createEventService(organizer, {
      title: 'Kubernetes operators workshop',
      kind: 'workshop',
      description: 'Writing controllers in Go.',
      topics: 'k8s, Go',
      format: 'online',
      venue: undefined,
      onlineUrl: 'https://meet.example.test/ops',
      startsAt: `${day(12)}T18:00`,
      endsAt: `${day(12)}T20:00`,
      timezone: 'Europe/Berlin',
      capacity: 15,
      hosts: undefined,
      speakers: undefined,
    });
    await drainOutbox();
    expect(await ids('events', 'kubernetes')).not.toContain(draft.id);
    expect(await eventsSource.load([draft.id])).toEqual([]);

    await publishEvent(organizer, draft.id);
    await drainOutbox();
    expect(await ids('events', 'kubernets')).toContain(draft.id); // one typo
    expect(await ids('events', 'k8s')).toContain(draft.id); // alias of the topic
    expect(await ids('events', '', { kind: 'workshop', topicSlugs: 'kubernetes' })).toContain(draft.id);
    expect(await ids('events', '', { kind: 'talk' })).not.toContain(draft.id);
    expect(await ids('events', '', { online: true })).toContain(draft.id);
    expect(await ids('events', '', { inPerson: true })).not.toContain(draft.id);

    await cancelEvent(organizer, draft.id, undefined);
    await drainOutbox();
    expect(await ids('events', 'kubernetes')).not.toContain(draft.id);
  });

  it('backs the /events text search and filters, keeping upcoming and past apart', async () => {
    const organizer = await createMember();
    const upcoming = await createEvent({
      organizer,
      title: 'Svelte island patterns',
      kind: 'talk',
      topics: ['Svelte'],
    });
    const past = await createEvent({
      organizer,
      title: 'Svelte runes retrospective',
      kind: 'talk',
      topics: ['Svelte'],
      startsAt: new Date(Date.now() - 5 * 86_400_000),
    });
    await drainOutbox();
    const soon = await browseEvents(null, { q: 'svelte', when: 'upcoming', page: 1 });
    expect(soon.cards.map((c) => c.id)).toEqual([upcoming.id]);
    const before = await browseEvents(null, { q: 'svlete', when: 'past', page: 1 });
    expect(before.cards.map((c) => c.id)).toEqual([past.id]);
    const byTopic = await browseEvents(null, { when: 'upcoming', topic: 'svelte', kind: 'talk', page: 1 });
    expect(byTopic.cards.map((c) => c.id)).toEqual([upcoming.id]);
    expect(byTopic.notice).toBeNull();
  });
});

describe('the lists index', () => {
  it('finds lists by title, topic and item titles, and forgets deleted ones', async () => {
    const owner = await createMember();
    const list = await createListService(owner, {
      title: 'Observability basics',
      description: '',
      topics: 'OpenTelemetry',
    });
    await addItem(owner, list.id, {
      url: 'https://sre.google/books/',
      title: 'Site Reliability Workbook',
      kind: 'book',
      why: 'SLOs in practice.',
      minutes: 600,
    });
    await drainOutbox();
    expect(await ids('lists', 'observability')).toContain(list.id);
    expect(await ids('lists', 'opentelemetry')).toContain(list.id);
    expect(await ids('lists', 'reliability workbook')).toContain(list.id);
    expect(await ids('lists', '', { topicSlugs: 'opentelemetry' })).toContain(list.id);
    expect((await browseLists(null, { q: 'workbok', page: 1 })).cards.map((c) => c.id)).toContain(list.id);

    await deleteList(owner, list.id);
    await drainOutbox();
    expect(await ids('lists', 'observability')).not.toContain(list.id);
    expect(await listsSource.load([list.id])).toEqual([]);
  });
});

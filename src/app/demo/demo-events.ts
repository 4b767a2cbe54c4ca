import { eventPeople, events, eventTopics, rsvps } from '#db/schema/index.ts';
import { normalizeSkillName } from '#features/skills/skills.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import { wallClockAt, zonedTimeToUtc } from '#server/time/zones.ts';
import { slugify } from '#server/validation.ts';
import { DAY_MS, type DemoContext } from './context.ts';
import type { DemoEvent } from './demo-event-spec.ts';
import { demoListIds } from './demo-lists.ts';
import { PAST_DEMO_EVENTS } from './demo-past-events.ts';

const HAND_WRITTEN_EVENTS: DemoEvent[] = [
  {
    key: 'k8s-first-deploy',
    organizer: 'lukas-becker',
    kind: 'workshop',
    title: 'Hands-on: your first Kubernetes deploy',
    description:
      'Bring a laptop with Docker installed. We start from a container image and end with an app running ' +
      'on a real cluster, exposed, scaled and rolled back.\n\n**Who it is for:** developers who have used ' +
      'Docker but never Kubernetes.\n\n**Prepare:** work through the first two items of the reading list.',
    topics: ['Kubernetes', 'Docker'],
    format: 'hybrid',
    venue: 'Betahaus, Rudi-Dutschke-Straße 23, 10969 Berlin',
    online: 'https://meet.example.org/k8s-first-deploy',
    day: 6,
    start: '18:00',
    end: '20:30',
    capacity: 24,
    going: 22,
    mustGo: ['amara-okafor'],
    hosts: ['marco-bianchi'],
    speakers: ['kwame-mensah'],
    list: 'k8s-first-deploy',
  },
  {
    key: 'bun-in-production',
    organizer: 'tunde-adeyemi',
    kind: 'talk',
    title: 'Bun in production: what we learned moving off Node',
    description:
      'A junior-led talk for seniors: what got faster, what broke, and the three things we would do differently. ' +
      'Questions welcome — this started as reverse mentoring on our team.',
    topics: ['Bun', 'TypeScript'],
    format: 'online',
    online: 'https://meet.example.org/bun-in-production',
    day: 3,
    start: '17:00',
    end: '18:00',
    capacity: 40,
    going: 17,
    mustGo: ['amara-okafor', 'oliver-bennett'],
    list: 'bun-for-node',
  },
  {
    key: 'postgres-clinic',
    organizer: 'priya-raghunathan',
    kind: 'office_hours',
    title: 'Postgres query clinic',
    description:
      'Bring a slow query and its `EXPLAIN (ANALYZE, BUFFERS)` output. We look at a few live, in the order ' +
      'you arrive. Small on purpose, so everyone gets a turn.',
    topics: ['PostgreSQL', 'Query optimization'],
    format: 'online',
    online: 'https://meet.example.org/postgres-clinic',
    day: 9,
    start: '19:00',
    end: '20:30',
    capacity: 8,
    going: 8,
    waitlisted: 3,
    mustWait: ['amara-okafor'],
    list: 'postgres-performance',
  },
  {
    key: 'a11y-audit',
    organizer: 'aroha-ngata',
    kind: 'workshop',
    title: 'Run your first accessibility audit',
    description:
      'We audit a real page together with a screen reader, the keyboard and automated checks, and turn ' +
      'what we find into tickets a team can act on.',
    topics: ['Web accessibility', 'Accessibility auditing'],
    format: 'online',
    online: 'https://meet.example.org/a11y-audit',
    day: 13,
    start: '10:00',
    end: '12:00',
    capacity: 20,
    going: 9,
    speakers: ['sophie-martin'],
    list: 'accessible-by-default',
  },
  {
    key: 'llm-tooling-seniors',
    organizer: 'sneha-iyer',
    kind: 'workshop',
    title: 'LLM tooling for seniors: MCP and local models',
    description:
      'Reverse mentoring, workshop edition. Two students show how they wire local models and tools into ' +
      'their editor, and where it stops being useful.',
    topics: ['Model Context Protocol', 'Ollama', 'Large language models'],
    format: 'online',
    online: 'https://meet.example.org/llm-tooling',
    day: 16,
    start: '16:00',
    end: '18:00',
    capacity: 15,
    going: 14,
    speakers: ['camila-rojas'],
    list: 'llm-tooling',
  },
  {
    key: 'lisbon-beam',
    organizer: 'tomas-silva',
    kind: 'meetup',
    title: 'Lisbon BEAM meetup: Elixir and Gleam',
    description: 'Two short talks, then drinks. First-timers welcome: half the room is new to the BEAM.',
    topics: ['Elixir', 'Gleam'],
    format: 'in_person',
    venue: 'Second Home Lisboa, Mercado da Ribeira, Av. 24 de Julho 49, Lisbon',
    day: 20,
    start: '19:00',
    end: '21:30',
    capacity: 60,
    going: 23,
    speakers: ['santiago-pereyra'],
  },
  {
    key: 'em-circle',
    organizer: 'ingrid-johansson',
    kind: 'meetup',
    title: 'Engineering managers’ lunch circle',
    description:
      'An hour of honest talk among managers. This month: running one-on-ones with people more senior than you.',
    topics: ['Engineering management'],
    format: 'online',
    online: 'https://meet.example.org/em-circle',
    day: 27,
    start: '12:00',
    end: '13:00',
    capacity: 12,
    going: 5,
    hosts: ['freya-andersen'],
    list: 'new-managers',
  },
  {
    key: 'testing-pyramids',
    organizer: 'elena-popescu',
    kind: 'talk',
    title: 'Testing pyramids in practice',
    description:
      'What a test suite looks like when it is fast, trusted and cheap to change — with real numbers from three teams.',
    topics: ['Playwright', 'Test-driven development'],
    format: 'hybrid',
    venue: 'Impact Hub Bucharest, Strada Halelor 5',
    online: 'https://meet.example.org/testing-pyramids',
    day: 34,
    start: '18:30',
    end: '19:30',
    capacity: 80,
    going: 31,
    list: 'testing-that-pays',
  },
  {
    key: 'swift-concurrency',
    organizer: 'ayesha-siddiqui',
    kind: 'talk',
    title: 'Swift concurrency deep dive',
    description: 'Actors, tasks and the Sendable checks, on a real app.',
    topics: ['Swift', 'iOS'],
    format: 'online',
    online: 'https://meet.example.org/swift-concurrency',
    day: 8,
    start: '18:00',
    end: '19:00',
    capacity: 50,
    going: 12,
    status: 'cancelled',
    cancelReason: 'The speaker is ill. We will reschedule next month.',
  },
  {
    key: 'terraform-modules',
    organizer: 'marcus-johnson',
    kind: 'workshop',
    title: 'Designing Terraform modules a team can share',
    description: 'Draft: agenda to follow.',
    topics: ['Terraform'],
    format: 'online',
    online: 'https://meet.example.org/terraform-modules',
    day: 45,
    start: '17:00',
    end: '19:00',
    capacity: 20,
    going: 0,
    status: 'draft',
  },
  {
    key: 'htmx-intro',
    organizer: 'hamza-qureshi',
    kind: 'workshop',
    title: 'Intro to htmx for backend developers',
    description: 'We turned a plain Django page into an interactive one without writing JavaScript.',
    topics: ['htmx', 'Django'],
    format: 'online',
    online: 'https://meet.example.org/htmx-intro',
    day: -12,
    start: '17:00',
    end: '19:00',
    capacity: 30,
    going: 26,
    slides: 'https://slides.example.org/htmx-intro',
    recording: 'https://video.example.org/htmx-intro',
    list: 'htmx-hypermedia',
  },
  {
    key: 'otel-101',
    organizer: 'henrik-larsen',
    kind: 'talk',
    title: 'Observability 101 with OpenTelemetry',
    description: 'Traces, metrics and logs from one SDK, and the dashboards we deleted afterwards.',
    topics: ['OpenTelemetry', 'Observability'],
    format: 'hybrid',
    venue: 'Mesh, Tordenskiolds gate 2, Oslo',
    online: 'https://meet.example.org/otel-101',
    day: -26,
    start: '18:00',
    end: '19:30',
    capacity: 50,
    going: 41,
    slides: 'https://slides.example.org/otel-101',
    recording: 'https://video.example.org/otel-101',
    list: 'otel-observability',
  },
  {
    key: 'rust-ownership',
    organizer: 'ruby-walsh',
    kind: 'talk',
    title: 'Rust ownership, explained with drawings',
    description: 'Borrowing and lifetimes on a whiteboard, for people who bounced off the borrow checker once.',
    topics: ['Rust'],
    format: 'online',
    online: 'https://meet.example.org/rust-ownership',
    day: -40,
    start: '18:00',
    end: '19:00',
    capacity: 100,
    going: 63,
    recording: 'https://video.example.org/rust-ownership',
    list: 'rust-path',
  },
  {
    key: 'raft-reading-group',
    organizer: 'omar-al-farsi',
    kind: 'meetup',
    title: 'Distributed systems reading group: Raft',
    description: 'We read the Raft paper and walked through the visualisation together.',
    topics: ['Distributed systems'],
    format: 'online',
    online: 'https://meet.example.org/raft',
    day: -55,
    start: '19:00',
    end: '20:30',
    capacity: 20,
    going: 14,
    slides: 'https://slides.example.org/raft-reading-group',
    list: 'distributed-systems',
  },
];

/** The instant of a wall-clock time `days` from `now`, in `zone` (demo times look like times people pick). */
/** The recent and upcoming events, then a year of history behind them (appended, so earlier picks stay the same). */
const DEMO_EVENTS: DemoEvent[] = [...HAND_WRITTEN_EVENTS, ...PAST_DEMO_EVENTS];

function localAt(now: Date, days: number, time: string, zone: string): Date {
  const w = wallClockAt(new Date(now.getTime() + days * DAY_MS), zone);
  const date = `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
  return zonedTimeToUtc(`${date}T${time}`, zone)!.instant;
}

function pick<T>(items: T[], count: number, random: () => number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

/**
 * Seeds upcoming and past events of every kind: some nearly full, one with a waitlist,
 * a cancellation, a draft, and past events with slides, recordings and reading lists.
 * Runs after the lists step (events attach lists).
 */
export function seedDemoEvents(demoId: (kind: string, key: string) => string, timezoneOf: (handle: string) => string) {
  return async (ctx: DemoContext): Promise<void> => {
    const member = (handle: string) => {
      const id = ctx.members.get(handle);
      if (!id) throw new Error(`Demo event names an unknown member: ${handle}`);
      return id;
    };
    const skill = (name: string) => {
      const id = ctx.skillIds.get(normalizeSkillName(name));
      if (id === undefined) throw new Error(`Demo event names a skill that is not in the catalogue: ${name}`);
      return id;
    };
    await ctx.db.transaction(async (tx) => {
      for (const e of DEMO_EVENTS) {
        const id = demoId('event', e.key);
        const zone = timezoneOf(e.organizer);
        const startsAt = localAt(ctx.now, e.day, e.start, zone);
        const endsAt = localAt(ctx.now, e.day, e.end, zone);
        const status = e.status ?? 'published';
        const created = new Date(Math.min(ctx.now.getTime(), startsAt.getTime()) - 14 * DAY_MS);
        const running = [e.organizer, ...(e.hosts ?? []), ...(e.speakers ?? [])];
        const others = [...ctx.members.keys()].filter(
          (h) => !running.includes(h) && !e.mustGo?.includes(h) && !e.mustWait?.includes(h),
        );
        const mustGo = e.mustGo ?? [];
        const mustWait = e.mustWait ?? [];
        const chosen = pick(others, e.going - mustGo.length + (e.waitlisted ?? 0) - mustWait.length, ctx.random);
        const going = [...mustGo, ...chosen.slice(0, e.going - mustGo.length)];
        const pool = chosen.slice(e.going - mustGo.length);
        // A demo login waits second in line, so promotion is easy to try.
        const waiting = [...pool.slice(0, 1), ...mustWait, ...pool.slice(1)];

        await tx.insert(events).values({
          id,
          slug: slugify(e.title),
          organizerId: member(e.organizer),
          kind: e.kind,
          title: e.title,
          description: e.description,
          format: e.format,
          venue: e.venue ?? null,
          onlineUrl: e.online ?? null,
          startsAt,
          endsAt,
          timezone: zone,
          capacity: e.capacity,
          goingCount: going.length,
          rsvpSeq: going.length + waiting.length,
          status,
          sequence: status === 'cancelled' ? 2 : 1,
          slidesUrl: e.slides ?? null,
          recordingUrl: e.recording ?? null,
          readingListId: e.list ? (demoListIds.get(e.list) ?? null) : null,
          cancelReason: e.cancelReason ?? null,
          publishedAt: status === 'draft' ? null : created,
          cancelledAt: status === 'cancelled' ? new Date(ctx.now.getTime() - DAY_MS) : null,
          createdAt: created,
          updatedAt: status === 'cancelled' ? new Date(ctx.now.getTime() - DAY_MS) : created,
        });
        await tx
          .insert(eventTopics)
          .values(e.topics.map((t, position) => ({ eventId: id, skillId: skill(t), position })));
        const people = [
          ...(e.hosts ?? []).map((h) => ({ h, role: 'host' as const })),
          ...(e.speakers ?? []).map((h) => ({ h, role: 'speaker' as const })),
        ];
        if (people.length > 0) {
          await tx
            .insert(eventPeople)
            // The demo's co-hosts and speakers said yes long ago.
            .values(
              people.map((p, position) => ({
                eventId: id,
                userId: member(p.h),
                role: p.role,
                position,
                status: 'accepted' as const,
                respondedAt: created,
              })),
            );
        }
        const answered = (seq: number) => new Date(created.getTime() + seq * 3 * 60 * 60 * 1000);
        const rows = [
          ...going.map((h, i) => ({ eventId: id, userId: member(h), status: 'going' as const, seq: i + 1 })),
          ...waiting.map((h, i) => ({
            eventId: id,
            userId: member(h),
            status: 'waitlisted' as const,
            seq: going.length + i + 1,
          })),
        ].map((r) => ({ ...r, createdAt: answered(r.seq), updatedAt: answered(r.seq) }));
        if (rows.length > 0) await tx.insert(rsvps).values(rows);
        await enqueueIndexJob(tx, 'events', id, 'upsert', ctx.now);
      }
    });
  };
}

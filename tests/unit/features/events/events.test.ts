import { describe, expect, it } from 'vitest';
import {
  canEditMaterials,
  canManage,
  canRsvp,
  canSeeOnlineLink,
  type EventRelation,
  eventInput,
  handleFromReference,
  relationTo,
} from '#features/events/events.ts';

const facts = { organizerId: 'org', hostIds: ['host'], speakerIds: ['speaker'], rsvpStatus: null };

describe('how a viewer relates to an event', () => {
  it('derives the relation from who they are and their RSVP', () => {
    expect(relationTo(null, facts)).toBe('anonymous');
    expect(relationTo('org', facts)).toBe('organizer');
    expect(relationTo('host', facts)).toBe('host');
    expect(relationTo('speaker', facts)).toBe('speaker');
    expect(relationTo('ann', { ...facts, rsvpStatus: 'going' })).toBe('going');
    expect(relationTo('ann', { ...facts, rsvpStatus: 'waitlisted' })).toBe('waitlisted');
    expect(relationTo('ann', { ...facts, rsvpStatus: 'cancelled' })).toBe('member');
  });

  const all: EventRelation[] = ['organizer', 'host', 'speaker', 'going', 'waitlisted', 'member', 'anonymous'];
  const allowed = (rule: (r: EventRelation) => boolean) => all.filter(rule);

  it('reveals the online link to the people running it and the people with a seat', () => {
    expect(allowed(canSeeOnlineLink)).toEqual(['organizer', 'host', 'speaker', 'going']);
  });

  it('lets only the organiser manage, and whoever ran it add materials', () => {
    expect(allowed(canManage)).toEqual(['organizer']);
    expect(allowed(canEditMaterials)).toEqual(['organizer', 'host', 'speaker']);
  });

  it('lets members RSVP, but not the people running the event or visitors', () => {
    expect(allowed(canRsvp)).toEqual(['going', 'waitlisted', 'member']);
  });
});

describe('the event form', () => {
  const valid = {
    title: 'Intro to Bun',
    kind: 'workshop',
    format: 'online',
    onlineUrl: 'https://meet.example.org/x',
    startsAt: '2026-05-01T18:00',
    endsAt: '2026-05-01T20:00',
    timezone: 'Europe/Berlin',
    capacity: 20,
  };

  it('accepts a valid event', () => {
    expect(eventInput.safeParse(valid).success).toBe(true);
  });

  it.each([
    ['capacity', { capacity: 0 }, 'At least one person'],
    ['capacity', { capacity: 1_000_000 }, 'realistic number'],
    ['capacity', { capacity: 2.5 }, 'whole number'],
    ['onlineUrl', { onlineUrl: 'javascript:alert(1)' }, 'http:// or https://'],
    ['onlineUrl', { onlineUrl: 'ftp://files.example.org' }, 'http:// or https://'],
    ['title', { title: 'x'.repeat(121) }, 'at most 120'],
    ['title', { title: '  ' }, 'at least 3'],
    ['timezone', { timezone: 'Mars/Base' }, 'time zone from the list'],
    ['kind', { kind: 'party' }, 'what kind of event'],
    ['description', { description: 'x'.repeat(10_001) }, 'at most 10,000'],
  ])('refuses a bad %s with a message for the field', (field, change, message) => {
    const result = eventInput.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path[0] === field);
    expect(issue?.message).toContain(message);
  });

  it('reads hosts from handles, @handles or profile links', () => {
    expect(handleFromReference('@Ada')).toBe('ada');
    expect(handleFromReference(' grace-hopper ')).toBe('grace-hopper');
    expect(handleFromReference('https://whoknows.example/people/linus/')).toBe('linus');
  });
});

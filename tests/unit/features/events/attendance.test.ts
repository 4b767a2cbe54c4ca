import { describe, expect, it } from 'vitest';
import {
  CODE_LENGTH,
  cameToEvent,
  canRunDoor,
  checkInInput,
  displayCheckInCode,
  doorIsOpen,
  feedbackIsOpen,
  generateCheckInCode,
  normalizeCheckInCode,
  selfCheckInIsOpen,
} from '#features/events/attendance.ts';

const HOUR = 3_600_000;
const event = { startsAt: new Date('2026-05-01T18:00:00Z'), endsAt: new Date('2026-05-01T20:00:00Z') };
const t = (offsetHours: number) => new Date(event.startsAt.getTime() + offsetHours * HOUR);

describe('attendance rules', () => {
  it('lets organisers and co-hosts run the door, not speakers or attendees', () => {
    expect(canRunDoor('organizer')).toBe(true);
    expect(canRunDoor('host')).toBe(true);
    expect(canRunDoor('speaker')).toBe(false);
    expect(canRunDoor('going')).toBe(false);
    expect(canRunDoor('anonymous')).toBe(false);
  });

  it('opens the door two hours before and closes it a week after the end', () => {
    expect(doorIsOpen(event, t(-2.5))).toBe(false);
    expect(doorIsOpen(event, t(-2))).toBe(true);
    expect(doorIsOpen(event, t(2 + 24 * 7))).toBe(true);
    expect(doorIsOpen(event, t(2 + 24 * 7 + 0.1))).toBe(false);
  });

  it('allows self check-in only around the event', () => {
    expect(selfCheckInIsOpen(event, t(-0.6))).toBe(false);
    expect(selfCheckInIsOpen(event, t(-0.5))).toBe(true);
    expect(selfCheckInIsOpen(event, t(3))).toBe(true);
    expect(selfCheckInIsOpen(event, t(3.1))).toBe(false);
  });

  it('opens feedback at the end for thirty days', () => {
    expect(feedbackIsOpen(event, t(1.9))).toBe(false);
    expect(feedbackIsOpen(event, t(2))).toBe(true);
    expect(feedbackIsOpen(event, t(2 + 24 * 30))).toBe(true);
    expect(feedbackIsOpen(event, t(2 + 24 * 31))).toBe(false);
  });

  it('makes readable codes and reads what people type', () => {
    const codes = new Set(Array.from({ length: 200 }, generateCheckInCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(new RegExp(`^[ACDEFHJKMNPRTUVWXY3479]{${CODE_LENGTH}}$`));
    expect(normalizeCheckInCode(' k7x-rda ')).toBe('K7XRDA');
    expect(displayCheckInCode('K7XRDA')).toBe('K7X RDA');
  });

  it('asks those checked in for feedback, or everyone going when nobody was checked in', () => {
    const came = { status: 'going' as const, attendedAt: new Date() };
    const noShow = { status: 'going' as const, attendedAt: null };
    const walkIn = { status: 'waitlisted' as const, attendedAt: new Date() };
    expect(cameToEvent(came, true)).toBe(true);
    expect(cameToEvent(noShow, true)).toBe(false);
    expect(cameToEvent(walkIn, true)).toBe(true);
    expect(cameToEvent(noShow, false)).toBe(true);
    expect(cameToEvent({ status: 'waitlisted', attendedAt: null }, false)).toBe(false);
    expect(cameToEvent(undefined, false)).toBe(false);
  });

  it('reads a tap as the state it asks for, not a toggle', () => {
    expect(checkInInput.parse({ eventId: 'e', userId: 'u', attended: '1' }).attended).toBe(true);
    expect(checkInInput.parse({ eventId: 'e', userId: 'u', attended: '0' }).attended).toBe(false);
    expect(checkInInput.safeParse({ eventId: 'e', userId: 'u', attended: 'toggle' }).success).toBe(false);
  });
});

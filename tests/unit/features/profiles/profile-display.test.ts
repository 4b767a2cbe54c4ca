import { describe, expect, it } from 'vitest';
import {
  type AvailabilityFields,
  availabilityState,
  formatIsoDate,
  groupSkills,
  localDate,
  reverseMentoringSkills,
} from '#features/profiles/profile-display.ts';

const base: AvailabilityFields & { seniority: string } = {
  openToAdhoc: true,
  openToOngoing: false,
  openToReverse: false,
  capacityOpenRequests: 3,
  capacityHoursMonth: 4,
  unavailableUntil: null,
  seniority: 'junior',
};

describe('availability', () => {
  it('is open to what the member switched on', () => {
    const state = availabilityState({ ...base, openToReverse: true }, 0, '2026-11-22');
    expect(state.kind).toBe('open');
    expect(state.label).toBe('open to ad-hoc questions');
    expect(state.openTo).toEqual(['open to ad-hoc questions', 'offers reverse mentoring']);
  });

  it('says a senior is open to (not offering) reverse mentoring', () => {
    expect(availabilityState({ ...base, openToReverse: true, seniority: 'staff' }, 0, '2026-11-22').openTo).toContain(
      'open to reverse mentoring',
    );
  });

  it('shows away until a date still ahead, and open again from that date', () => {
    expect(availabilityState({ ...base, unavailableUntil: '2027-01-15' }, 0, '2026-11-22').label).toBe(
      'away until 15 January 2027',
    );
    expect(availabilityState({ ...base, unavailableUntil: '2026-12-15' }, 0, '2026-11-22').label).toBe(
      'away until 15 December',
    );
    expect(availabilityState({ ...base, unavailableUntil: '2026-11-22' }, 0, '2026-11-22').kind).toBe('open');
  });

  it('is at capacity when the open requests reach the capacity', () => {
    expect(availabilityState(base, 3, '2026-11-22')).toMatchObject({ kind: 'at-capacity', label: 'at capacity' });
    expect(availabilityState(base, 2, '2026-11-22').kind).toBe('open');
  });

  it('is closed with nothing switched on or a capacity of zero', () => {
    expect(availabilityState({ ...base, openToAdhoc: false }, 0, '2026-11-22').kind).toBe('closed');
    expect(availabilityState({ ...base, capacityOpenRequests: 0 }, 0, '2026-11-22').label).toBe(
      'not taking requests right now',
    );
  });

  it('reads today on the member’s own calendar', () => {
    const now = new Date('2026-11-22T23:30:00Z');
    expect(localDate('UTC', now)).toBe('2026-11-22');
    expect(localDate('Asia/Tokyo', now)).toBe('2026-11-23');
    expect(formatIsoDate('2026-03-01', '2026-01-01')).toBe('1 March');
  });
});

const s = (name: string, level: number, canTeach = false, wantsToLearn = false, emerging = false) => ({
  name,
  level,
  canTeach,
  wantsToLearn,
  emerging,
});

describe('skill groups', () => {
  it('groups into teaches, knows and learning, strongest first', () => {
    const groups = groupSkills([
      s('Go', 3),
      s('Bun', 5, true),
      s('Rust', 2, false, true),
      s('Docker', 4),
      s('Nix', 3, true, true),
    ]);
    expect(groups.teaches.map((x) => x.name)).toEqual(['Bun', 'Nix']);
    expect(groups.knows.map((x) => x.name)).toEqual(['Docker', 'Go']);
    expect(groups.learning.map((x) => x.name)).toEqual(['Rust']);
  });
});

describe('reverse-mentoring badge', () => {
  const skills = [s('Go', 3, true), s('Bun', 4, true, false, true), s('Rust', 2, false, true)];

  it('goes to a junior who offers reverse mentoring and teaches something, new tools first', () => {
    expect(reverseMentoringSkills(true, 'junior', skills).map((x) => x.name)).toEqual(['Bun', 'Go']);
    expect(reverseMentoringSkills(true, 'student', skills)).toHaveLength(2);
  });

  it('is not given without the offer, without anything taught, or to the most senior', () => {
    expect(reverseMentoringSkills(false, 'junior', skills)).toEqual([]);
    expect(reverseMentoringSkills(true, 'junior', [s('Rust', 2, false, true)])).toEqual([]);
    expect(reverseMentoringSkills(true, 'staff', skills)).toEqual([]);
    expect(reverseMentoringSkills(true, 'manager', skills)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  createRequestInput,
  DECLINE_PHRASES,
  declineReason,
  formatDuration,
  isMoreSenior,
  labelKind,
  requestTitle,
} from '#features/requests/requests.ts';

describe('seniority and reverse labelling', () => {
  it('orders student < junior < mid < senior < staff, with staff and manager level', () => {
    const order = ['student', 'junior', 'mid', 'senior', 'staff'] as const;
    for (let i = 1; i < order.length; i++) {
      expect(isMoreSenior(order[i]!, order[i - 1]!)).toBe(true);
      expect(isMoreSenior(order[i - 1]!, order[i]!)).toBe(false);
    }
    expect(isMoreSenior('staff', 'manager')).toBe(false);
    expect(isMoreSenior('manager', 'staff')).toBe(false);
    expect(isMoreSenior('manager', 'senior')).toBe(true);
  });

  it('labels a request reverse when the requester is more senior, whatever was picked', () => {
    expect(labelKind('adhoc', 'senior', 'junior')).toEqual({ kind: 'reverse', reverseAuto: true });
    expect(labelKind('ongoing', 'manager', 'student')).toEqual({ kind: 'reverse', reverseAuto: true });
  });

  it('keeps the chosen kind when the requester is not more senior', () => {
    expect(labelKind('adhoc', 'junior', 'senior')).toEqual({ kind: 'adhoc', reverseAuto: false });
    expect(labelKind('ongoing', 'mid', 'mid')).toEqual({ kind: 'ongoing', reverseAuto: false });
    expect(labelKind('adhoc', 'staff', 'manager')).toEqual({ kind: 'adhoc', reverseAuto: false });
  });

  it('lets the requester choose reverse explicitly, also on an open call', () => {
    expect(labelKind('reverse', 'mid', 'senior')).toEqual({ kind: 'reverse', reverseAuto: false });
    expect(labelKind('reverse', 'staff', null)).toEqual({ kind: 'reverse', reverseAuto: false });
    expect(labelKind('adhoc', 'staff', null)).toEqual({ kind: 'adhoc', reverseAuto: false });
  });
});

describe('request wording', () => {
  it('names requests and lengths', () => {
    expect(requestTitle('reverse', 'Bun')).toBe('Reverse mentoring on Bun');
    expect(formatDuration(30)).toBe('30 min');
    expect(formatDuration(60)).toBe('1 h');
    expect(formatDuration(90)).toBe('1 h 30 min');
  });

  it('builds a decline reason from a phrase, the helper’s words, both or neither', () => {
    expect(declineReason('busy', undefined)).toBe(DECLINE_PHRASES.busy);
    expect(declineReason(undefined, '  Next month works.  ')).toBe('Next month works.');
    expect(declineReason('times', 'Sorry!')).toBe(`${DECLINE_PHRASES.times}\n\nSorry!`);
    expect(declineReason(undefined, '')).toBeNull();
  });
});

describe('request form input', () => {
  const valid = {
    topic: 'Bun',
    kind: 'adhoc',
    want: 'Help me ship my first Bun server',
    format: 'video',
    duration: '30',
    timezone: 'Europe/Berlin',
  };

  it('accepts a complete request', () => {
    expect(createRequestInput.safeParse(valid).success).toBe(true);
  });

  it('refuses a too-short "what I want", an unknown length and an unknown zone', () => {
    const result = createRequestInput.safeParse({ ...valid, want: 'help', duration: '25', timezone: 'Mars/Olympus' });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path[0]);
    expect(paths).toEqual(expect.arrayContaining(['want', 'duration', 'timezone']));
  });
});

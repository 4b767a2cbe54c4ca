import { describe, expect, it } from 'vitest';
import {
  createRequestInput,
  DECLINE_PHRASES,
  declineReason,
  formatDuration,
  isMoreSenior,
  kindLabel,
  labelReverse,
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

  it('labels a request reverse when the requester is more senior, whatever was ticked', () => {
    expect(labelReverse(false, 'senior', 'junior')).toEqual({ reverse: true, reverseAuto: true });
    expect(labelReverse(false, 'manager', 'student')).toEqual({ reverse: true, reverseAuto: true });
  });

  it('leaves it unlabelled when the requester is not more senior', () => {
    expect(labelReverse(false, 'junior', 'senior')).toEqual({ reverse: false, reverseAuto: false });
    expect(labelReverse(false, 'mid', 'mid')).toEqual({ reverse: false, reverseAuto: false });
    expect(labelReverse(false, 'staff', 'manager')).toEqual({ reverse: false, reverseAuto: false });
  });

  it('lets the requester choose reverse explicitly, also on an open call', () => {
    expect(labelReverse(true, 'mid', 'senior')).toEqual({ reverse: true, reverseAuto: false });
    expect(labelReverse(true, 'staff', null)).toEqual({ reverse: true, reverseAuto: false });
    expect(labelReverse(false, 'staff', null)).toEqual({ reverse: false, reverseAuto: false });
  });
});

describe('request wording', () => {
  it('names requests and lengths', () => {
    expect(requestTitle('adhoc', false, 'Bun')).toBe('Ad-hoc help on Bun');
    expect(requestTitle('adhoc', true, 'Bun')).toBe('Ad-hoc reverse mentoring on Bun');
    expect(requestTitle('ongoing', true, 'Bun')).toBe('Ongoing reverse mentoring on Bun');
    expect(kindLabel('ongoing', false)).toBe('Ongoing mentoring');
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

import { describe, expect, it } from 'vitest';
import { describeWait, summarizeResponsiveness } from '#features/requests/outcomes/responsiveness.ts';

const t = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * 3_600_000);

describe('responsiveness', () => {
  it('takes the median time to first answer and the share answered', () => {
    const r = summarizeResponsiveness([
      { createdAt: t(0), firstAnsweredAt: t(1), pending: false },
      { createdAt: t(0), firstAnsweredAt: t(5), pending: false },
      { createdAt: t(0), firstAnsweredAt: t(30), pending: false },
      { createdAt: t(0), firstAnsweredAt: null, pending: false }, // expired unanswered
    ]);
    expect(r).toEqual({ considered: 4, answered: 3, answeredShare: 0.75, medianFirstAnswerMs: 5 * 3_600_000 });
  });

  it('averages the middle two of an even count', () => {
    const r = summarizeResponsiveness([
      { createdAt: t(0), firstAnsweredAt: t(2), pending: false },
      { createdAt: t(0), firstAnsweredAt: t(4), pending: true },
    ]);
    expect(r.medianFirstAnswerMs).toBe(3 * 3_600_000);
  });

  it('leaves out requests still waiting without an answer', () => {
    const r = summarizeResponsiveness([
      { createdAt: t(0), firstAnsweredAt: null, pending: true },
      { createdAt: t(0), firstAnsweredAt: t(3), pending: false },
    ]);
    expect(r).toMatchObject({ considered: 1, answered: 1, answeredShare: 1 });
  });

  it('has nothing to say with no requests', () => {
    expect(summarizeResponsiveness([])).toEqual({
      considered: 0,
      answered: 0,
      answeredShare: null,
      medianFirstAnswerMs: null,
    });
  });

  it('describes waits in words', () => {
    expect(describeWait(20 * 60_000)).toBe('within an hour');
    expect(describeWait(4.2 * 3_600_000)).toBe('within 5 hours');
    expect(describeWait(50 * 3_600_000)).toBe('within 3 days');
  });
});

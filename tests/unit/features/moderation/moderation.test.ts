import { describe, expect, it } from 'vitest';
import { appealInput, reportInput, suspendInput, suspensionEnd } from '#features/moderation/moderation.ts';

const now = new Date('2026-12-01T10:00:00Z');

describe('suspension lengths', () => {
  it('ends a timed suspension that many days later, and a permanent one never', () => {
    expect(suspensionEnd('1d', now)?.toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(suspensionEnd('30d', now)?.toISOString()).toBe('2026-12-31T10:00:00.000Z');
    expect(suspensionEnd('permanent', now)).toBeNull();
  });
});

describe('moderation forms', () => {
  it('takes a report with a reason from the list and bounded details', () => {
    expect(reportInput.safeParse({ kind: 'profile', id: 'ada-l', reason: 'spam' }).success).toBe(true);
    expect(reportInput.safeParse({ kind: 'profile', id: 'ada-l', reason: 'boring' }).success).toBe(false);
    expect(reportInput.safeParse({ kind: 'user', id: 'ada-l', reason: 'spam' }).success).toBe(false);
    expect(reportInput.safeParse({ kind: 'event', id: '../admin', reason: 'spam' }).success).toBe(false);
    expect(reportInput.safeParse({ kind: 'list', id: 'x', reason: 'other', details: 'a'.repeat(2001) }).success).toBe(
      false,
    );
  });

  it('needs a reason the member reads for every action, and a known length for a suspension', () => {
    const base = { memberId: 'abcdefgh12345678', reason: 'Recruiting through requests.' };
    expect(suspendInput.safeParse({ ...base, length: '7d' }).success).toBe(true);
    expect(suspendInput.safeParse({ ...base, length: 'forever' }).success).toBe(false);
    expect(suspendInput.safeParse({ ...base, reason: ' no ', length: '7d' }).success).toBe(false);
    expect(suspendInput.safeParse({ ...base, memberId: "x' OR 1=1", length: '7d' }).success).toBe(false);
  });

  it('asks for a real appeal', () => {
    expect(appealInput.safeParse({ body: 'Please.' }).success).toBe(false);
    expect(appealInput.safeParse({ body: 'I posted that by mistake and have removed the link since.' }).success).toBe(
      true,
    );
  });
});

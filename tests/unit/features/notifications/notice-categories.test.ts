import { describe, expect, it } from 'vitest';
import {
  CATEGORY_INFO,
  CHOOSABLE_CATEGORIES,
  categoryOf,
  effectiveMode,
  isChoosable,
} from '#features/notifications/notice-categories.ts';

describe('notice categories', () => {
  it.each([
    ['request.received', 'requests'],
    ['request.accepted', 'requests'],
    ['request.message', 'requests'],
    ['request.reminder', 'reminders'],
    ['session.proposed', 'requests'],
    ['session.moved', 'requests'],
    ['session.reminder', 'reminders'],
    ['plan.checkin_due', 'reminders'],
    ['event.promoted', 'events'],
    ['event.cancelled', 'events'],
    ['event.announcement', 'announcements'],
    ['follow.event', 'follows'],
    ['follow.open_call', 'follows'],
    ['moderation.suspended', 'account'],
    ['something-new', 'account'],
  ])('puts %s in %s', (kind, category) => {
    expect(categoryOf(kind)).toBe(category);
  });

  it('lets members choose every category but account notices', () => {
    expect(CHOOSABLE_CATEGORIES).not.toContain('account');
    expect(isChoosable('follows')).toBe(true);
    expect(isChoosable('account')).toBe(false);
    expect(isChoosable('nonsense')).toBe(false);
  });

  it('offers digests only for follows, and falls back to the default for a mode a category does not allow', () => {
    for (const c of CHOOSABLE_CATEGORIES) {
      expect(CATEGORY_INFO[c].modes.includes('daily')).toBe(c === 'follows');
    }
    expect(effectiveMode('follows', undefined)).toBe('daily');
    expect(effectiveMode('follows', 'weekly')).toBe('weekly');
    expect(effectiveMode('requests', 'weekly')).toBe('instant');
    expect(effectiveMode('requests', 'off')).toBe('off');
    expect(effectiveMode('account', 'off')).toBe('instant');
  });
});

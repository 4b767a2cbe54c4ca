import { z } from 'zod';
import { EMAIL_MODES, type EmailMode } from '#db/schema/email.ts';
import { findMember } from '#features/members/members.service.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { signValue, verifySignedValue } from '#server/auth/signed-values.ts';
import { config } from '#server/config.ts';
import { invalid } from '#server/errors.ts';
import * as repo from './email-preferences.repo.ts';
import {
  CATEGORY_INFO,
  CHOOSABLE_CATEGORIES,
  type ChoosableCategory,
  effectiveMode,
  isChoosable,
  type NoticeCategory,
} from './notice-categories.ts';

/** The mode each member gets this category's notices by email in (defaults filled in). */
export async function modesForRecipients(userIds: string[], category: NoticeCategory): Promise<Map<string, EmailMode>> {
  const chosen = category === 'account' ? new Map<string, EmailMode>() : await repo.modesFor(userIds, category);
  return new Map(userIds.map((id) => [id, effectiveMode(category, chosen.get(id))]));
}

export interface CategoryPreference {
  category: ChoosableCategory;
  label: string;
  hint: string;
  modes: readonly EmailMode[];
  mode: EmailMode;
}

/** What /settings/notifications shows: every category a member may change, with their current choice. */
export async function emailPreferencesOf(viewer: MemberViewer): Promise<CategoryPreference[]> {
  const chosen = await repo.modesOf(viewer.id);
  return CHOOSABLE_CATEGORIES.map((category) => {
    const info = CATEGORY_INFO[category];
    return { category, ...info, mode: effectiveMode(category, chosen.get(category)) };
  });
}

const modeField = z.enum(EMAIL_MODES, { error: 'Choose how you want to hear about these.' });

/** The preferences form: one mode per category (each checked against what the category allows). */
export const emailPreferencesInput = z.object(
  Object.fromEntries(CHOOSABLE_CATEGORIES.map((c) => [c, modeField])) as Record<ChoosableCategory, typeof modeField>,
);
export type EmailPreferencesInput = z.infer<typeof emailPreferencesInput>;

/** Saves every category's mode at once. */
export async function saveEmailPreferences(
  viewer: MemberViewer,
  input: EmailPreferencesInput,
  now = new Date(),
): Promise<void> {
  const errors: Record<string, string> = {};
  for (const category of CHOOSABLE_CATEGORIES) {
    if (!CATEGORY_INFO[category].modes.includes(input[category])) errors[category] = 'Choose one of the options shown.';
  }
  if (Object.keys(errors).length > 0) throw invalid(errors);
  await repo.putModes(
    viewer.id,
    CHOOSABLE_CATEGORIES.map((category) => ({ category, mode: input[category] })),
    now,
  );
}

const UNSUBSCRIBE = 'unsubscribe';

/** The one-click unsubscribe address for a member and category (RFC 8058); it works without signing in. */
export async function unsubscribeUrl(userId: string, category: ChoosableCategory): Promise<string> {
  const token = await signValue(UNSUBSCRIBE, `${userId}.${category}`);
  return new URL(`/unsubscribe/${token}`, config().siteOrigin).toString();
}

export interface UnsubscribeTarget {
  userId: string;
  category: ChoosableCategory;
  /** "Topics and people you follow". */
  label: string;
  /** Whether that category is already inbox-only. */
  alreadyOff: boolean;
}

/** Who and what a signed unsubscribe token is for; null for anything forged, malformed or for a member who left. */
export async function readUnsubscribeToken(token: string): Promise<UnsubscribeTarget | null> {
  const value = await verifySignedValue(UNSUBSCRIBE, token);
  const [userId, category, ...rest] = value?.split('.') ?? [];
  if (!userId || !category || rest.length > 0 || !isChoosable(category)) return null;
  if (!(await findMember(userId))) return null;
  const mode = effectiveMode(category, (await repo.modesOf(userId)).get(category));
  return { userId, category, label: CATEGORY_INFO[category].label, alreadyOff: mode === 'off' };
}

/** Turns the token's category to inbox-only. Saying it twice changes nothing; a bad token changes nothing. */
export async function unsubscribe(token: string, now = new Date()): Promise<UnsubscribeTarget | null> {
  const target = await readUnsubscribeToken(token);
  if (!target) return null;
  await repo.putModes(target.userId, [{ category: target.category, mode: 'off' }], now);
  return { ...target, alreadyOff: true };
}

/** Whether this site sends email at all (an SMTP relay is configured). */
export { mailEnabled as siteSendsEmail } from '#server/mail/mailer.ts';

import type { ReportSubject } from '#db/schema/index.ts';
import { latestReason, latestReasons } from '#features/audit/audit.service.ts';

/*
 * Why a moderator hid something, for the pages that show hidden things to the only
 * people who may still see them: their owner and moderators (the pages' own rules
 * decided that they may).
 */

/** The reason a thing was last hidden, or null. */
export async function whyHidden(kind: ReportSubject, id: string): Promise<string | null> {
  return (await latestReason('content.hide', { subjectKind: kind, subjectId: id }))?.reason ?? null;
}

/** The reasons several messages of a thread were hidden, by message id. */
export function whyMessagesHidden(ids: number[]): Promise<Map<string, string>> {
  return latestReasons('content.hide', 'message', ids.map(String));
}

/** Why and until when a member is suspended (for moderators looking at their profile). */
export async function whySuspended(memberId: string): Promise<string | null> {
  return (await latestReason('member.suspend', { memberId }))?.reason ?? null;
}

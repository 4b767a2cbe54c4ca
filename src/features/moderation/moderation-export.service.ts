import { moderationHistoryOf } from '#features/audit/audit.service.ts';
import { appealsOf } from './appeals.repo.ts';
import { myReports } from './report.service.ts';

/**
 * Moderation as it concerns a member, for their data export: the reports they filed
 * (with status), their appeals, and what moderators did about them or their things, with
 * the reasons they were told. Who reported them, and which moderator acted, stay out.
 */
export async function moderationExport(userId: string) {
  const [reports, appeals, actions] = await Promise.all([
    myReports(userId),
    appealsOf(userId),
    moderationHistoryOf(userId, 1000),
  ]);
  return {
    reportsYouFiled: reports.map((r) => ({
      about: `${r.kind}: ${r.title}`,
      url: r.url,
      reason: r.reason,
      details: r.details,
      status: r.statusLabel,
      moderatorSaid: r.resolution,
      filedAt: r.createdAt,
    })),
    appeals: appeals.map((a) => ({ text: a.body, status: a.status, answer: a.answer, at: a.createdAt })),
    actionsAboutYou: actions
      // A dismissed report about you was never told to you: it stays out, as it did on the site.
      .filter((a) => a.entry.action !== 'report.dismiss')
      .map((a) => ({ action: a.entry.action, reason: a.entry.reason, at: a.entry.at })),
  };
}

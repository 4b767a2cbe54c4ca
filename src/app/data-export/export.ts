import { accountExport } from '#features/accounts/account-export.service.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { enforceRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { config } from '#server/config.ts';
import { AppError } from '#server/errors.ts';
import { type ExportFormat, exportStream } from './export-stream.ts';
import { DATA_EXPORT_SECTIONS } from './sections.ts';

export type { ExportFormat } from './export-stream.ts';

/**
 * "Download my data": the member's export as a stream in one format (JSON, or a
 * readable HTML copy of the same), built while it downloads. Rate-limited per member;
 * suspended members may download theirs too.
 */
export async function startDataExport(viewer: MemberViewer, format: ExportFormat, now = new Date()) {
  await enforceRateLimit(RATE_LIMITS.dataExportPerMember, viewer.id, now);
  const account = await accountExport(viewer.id);
  if (!account) throw new AppError('UNAUTHORIZED', 'Please sign in again.');
  const day = now.toISOString().slice(0, 10);
  return {
    filename: `whoknows-${viewer.handle}-${day}.${format}`,
    contentType: format === 'json' ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
    body: exportStream(
      format,
      DATA_EXPORT_SECTIONS,
      { id: viewer.id, displayName: account.displayName },
      { site: config().siteOrigin, now },
    ),
  };
}

import type { AppConfig } from './config.ts';
import { isLoopbackHost } from './demo/policy.ts';

/** Settings that work but are probably not what the operator meant; logged as warnings at each start. */
export function startupWarnings(
  c: Pick<AppConfig, 'siteUrlDefaulted' | 'SITE_URL' | 'HOST' | 'PORT' | 'siteIsLocal' | 'SMTP_URL'>,
): string[] {
  const warnings: string[] = [];
  const listensAsDefault = isLoopbackHost(c.HOST) && c.PORT === 4321;
  if (c.siteUrlDefaulted && !listensAsDefault) {
    warnings.push(
      `SITE_URL is not set, so links in mail, calendar files and CSV exports point at ${c.SITE_URL}, ` +
        `but this server listens on ${c.HOST}:${c.PORT}. Set SITE_URL to the address people use to reach the site.`,
    );
  }
  if (!c.siteIsLocal && !c.SMTP_URL) {
    warnings.push(
      'SMTP_URL is not set: confirmation and password-reset links are only written to this log, so people ' +
        'cannot join or reset a password on their own.',
    );
  }
  return warnings;
}

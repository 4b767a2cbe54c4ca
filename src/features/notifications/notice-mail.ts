import type { MailMessage } from '#server/mail/mailer.ts';

/* The email copies of notices: one notice at once, or many in a digest. Pure text, built here only. */

export interface MailNotice {
  title: string;
  body: string;
  url: string;
}

export interface MailRecipient {
  email: string;
  displayName: string;
}

export interface MailLinks {
  siteOrigin: string;
  /** The one-click unsubscribe address for this kind of notice; null for notices that always come. */
  unsubscribe: string | null;
  /** What unsubscribing stops, e.g. "Topics and people you follow". */
  categoryLabel: string;
}

const absolute = (path: string, origin: string) => new URL(path, origin).toString();

/** RFC 8058 headers: mail apps show an "Unsubscribe" button that posts to the address. */
function unsubscribeHeaders(links: MailLinks): Record<string, string> | undefined {
  return links.unsubscribe
    ? { 'List-Unsubscribe': `<${links.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
    : undefined;
}

function footer(links: MailLinks): string[] {
  const settings = absolute('/settings/notifications', links.siteOrigin);
  return links.unsubscribe
    ? [
        '--',
        `You get these emails for "${links.categoryLabel}".`,
        `Stop them (one click, no sign-in): ${links.unsubscribe}`,
        `Choose what comes by email: ${settings}`,
      ]
    : ['--', `Your notices and email choices: ${settings}`];
}

/** The email copy of one notice. */
export function noticeMail(notice: MailNotice, to: MailRecipient, links: MailLinks): MailMessage {
  const headers = unsubscribeHeaders(links);
  return {
    to: to.email,
    subject: notice.title,
    text: [
      `Hi ${to.displayName},`,
      notice.title,
      ...(notice.body ? [notice.body] : []),
      `Open it on whoknows: ${absolute(notice.url, links.siteOrigin)}`,
      ...footer(links),
    ].join('\n\n'),
    ...(headers ? { headers } : {}),
  };
}

/** One digest email with every notice since the last one, oldest first. */
export function digestMail(
  notices: MailNotice[],
  to: MailRecipient,
  frequency: 'daily' | 'weekly',
  links: MailLinks & { messageId: string },
): MailMessage {
  const headers = unsubscribeHeaders(links);
  const what = notices.length === 1 ? 'one new thing' : `${notices.length} new things`;
  const items = notices.map((n) =>
    [
      `* ${n.title}`,
      ...(n.body ? [`  ${n.body.replace(/\n+/g, ' ')}`] : []),
      `  ${absolute(n.url, links.siteOrigin)}`,
    ].join('\n'),
  );
  return {
    to: to.email,
    subject: `Your ${frequency} whoknows digest: ${what}`,
    text: [
      `Hi ${to.displayName},`,
      `Here is what is new on the topics and people you follow since your last digest:`,
      items.join('\n\n'),
      `All your notices: ${absolute('/inbox', links.siteOrigin)}`,
      ...footer(links),
    ].join('\n\n'),
    messageId: links.messageId,
    ...(headers ? { headers } : {}),
  };
}

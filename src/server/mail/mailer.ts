import type { Transporter } from 'nodemailer';
import { config } from '#server/config.ts';
import { logger } from '#server/log.ts';

export interface MailMessage {
  to: string;
  subject: string;
  /** Plain text body; every mail the site sends is readable as text. */
  text: string;
  /** Extra headers, e.g. List-Unsubscribe (RFC 8058). */
  headers?: Record<string, string>;
  /**
   * A stable Message-ID for mail that a retry might send again (digests): receiving
   * servers and mail clients treat two copies with one id as one message.
   */
  messageId?: string;
}

const log = logger('mail');
let transport: Transporter | undefined;

/** Whether real mail goes out (SMTP_URL set); otherwise mail is written to the server log. */
export function mailEnabled(): boolean {
  return config().SMTP_URL !== undefined;
}

/**
 * Sends a message through SMTP when SMTP_URL is configured. Without it the message is
 * written to the server log instead, so links (verification, reset) still reach a
 * developer running the site locally.
 */
export async function sendMail(message: MailMessage): Promise<void> {
  const url = config().SMTP_URL;
  if (!url) {
    const extra = Object.entries(message.headers ?? {}).map(([name, value]) => `${name}: ${value}\n`);
    log.info(`To: ${message.to} | Subject: ${message.subject}\n${extra.join('')}${message.text}\n--- end of mail ---`);
    return;
  }
  if (!transport) {
    // Loaded with the first mail, not at start: every server process imports this module,
    // and nodemailer alone held about 5 MB of V8 heap in each (README, "100,000 members, memory").
    const { default: nodemailer } = await import('nodemailer');
    // Bounded waits, so a job that holds a lease while sending (digests) never outlives it.
    transport ??= nodemailer.createTransport({
      url,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
  }
  await transport.sendMail({
    from: config().MAIL_FROM,
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.headers ? { headers: message.headers } : {}),
    ...(message.messageId ? { messageId: message.messageId } : {}),
  });
  log.info(`sent "${message.subject}" to ${message.to}`);
}

/** Sends without making the caller wait or fail: mail problems are logged, not shown. */
export function sendMailInBackground(message: MailMessage): void {
  sendMail(message).catch((error: unknown) => log.error(`could not send "${message.subject}" to ${message.to}`, error));
}

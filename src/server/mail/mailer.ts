import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '#server/config.ts';
import { logger } from '#server/log.ts';

export interface MailMessage {
  to: string;
  subject: string;
  /** Plain text body; every mail the site sends is readable as text. */
  text: string;
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
    log.info(`To: ${message.to} | Subject: ${message.subject}\n${message.text}\n--- end of mail ---`);
    return;
  }
  transport ??= nodemailer.createTransport(url);
  await transport.sendMail({ from: config().MAIL_FROM, to: message.to, subject: message.subject, text: message.text });
  log.info(`sent "${message.subject}" to ${message.to}`);
}

/** Sends without making the caller wait or fail: mail problems are logged, not shown. */
export function sendMailInBackground(message: MailMessage): void {
  sendMail(message).catch((error: unknown) => log.error(`could not send "${message.subject}" to ${message.to}`, error));
}

import { config } from '#server/config.ts';
import { sendMailInBackground } from '#server/mail/mailer.ts';

/** An absolute link into the site, from SITE_URL (what mail, .ics and CSV links use). */
export function siteLink(path: string): string {
  return new URL(path, config().siteOrigin).toString();
}

/** The link that confirms an address (and, from sign-up, signs the newcomer in and brings them to `next`). */
export function sendVerificationMail(to: string, displayName: string, token: string, next?: string): void {
  const query = next ? `?next=${encodeURIComponent(next)}` : '';
  sendMailInBackground({
    to,
    subject: 'Confirm your email for whoknows',
    text: [
      `Hi ${displayName},`,
      'Welcome to whoknows. Please confirm your email address by opening this link:',
      siteLink(`/verify/${token}${query}`),
      'The link works for 48 hours. If you did not sign up, ignore this message.',
    ].join('\n\n'),
  });
}

/** Someone tried to create an account with an address that already has one: tell its owner, not them. */
export function sendAlreadyMemberMail(to: string, displayName: string): void {
  sendMailInBackground({
    to,
    subject: 'Someone tried to join whoknows with your email',
    text: [
      `Hi ${displayName},`,
      'Someone (hopefully you) just tried to create a whoknows account with this email address, which already has one.',
      `If it was you, sign in here: ${siteLink('/signin')}\nForgot your password? Choose a new one here: ${siteLink('/reset')}`,
      'If it was not you, you can ignore this message: nothing changed on your account.',
    ].join('\n\n'),
  });
}

/** The account-wide sign-in ceiling was reached: the owner should know, and how to get in. */
export function sendSignInAlertMail(to: string, displayName: string): void {
  sendMailInBackground({
    to,
    subject: 'Many failed sign-ins on your whoknows account',
    text: [
      `Hi ${displayName},`,
      'There have been many failed attempts to sign in to your whoknows account today, from places it has not ' +
        'seen you sign in from. To protect it, sign-ins from new browsers and networks are paused for up to a day; ' +
        'the browsers and networks you used before still work.',
      'If this was not you, your password held. To be safe, or to get in from a new place now, choose a new ' +
        `password: ${siteLink('/reset')}`,
    ].join('\n\n'),
  });
}

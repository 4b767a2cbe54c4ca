import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '#server/auth/passwords.ts';

/** Paths that a handle must never shadow (/people/<handle> today, maybe /<handle> later). */
const RESERVED_HANDLES = new Set([
  'admin',
  'administrator',
  'api',
  'app',
  'events',
  'guides',
  'healthz',
  'help',
  'inbox',
  'insights',
  'lists',
  'matches',
  'me',
  'moderator',
  'new',
  'people',
  'requests',
  'reset',
  'root',
  'search',
  'settings',
  'signin',
  'signout',
  'signup',
  'support',
  'system',
  'topics',
  'verify',
  'whoknows',
]);

export const HANDLE_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Lower-cases and trims an email so one mailbox is one account. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Turns a display name into a handle suggestion ("Zoë O'Neil" → "zoe-oneil"). */
export function suggestHandle(displayName: string): string {
  return displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^[^a-z]+/, '')
    .slice(0, 30)
    .replace(/-+$/, '');
}

export const emailField = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .min(1, 'Enter your email address.')
  .max(254, 'That email address is too long.')
  .pipe(z.email({ error: 'Enter an email address like name@example.com.' }))
  .transform(normalizeEmail);

export const handleField = z
  .string({ error: 'Choose a handle.' })
  .trim()
  .toLowerCase()
  .min(3, 'Use at least 3 characters.')
  .max(30, 'Use at most 30 characters.')
  .regex(HANDLE_PATTERN, 'Use lower-case letters, digits and single hyphens, starting with a letter.')
  .refine((h) => !RESERVED_HANDLES.has(h), 'That handle is reserved. Pick another.');

export const displayNameField = z
  .string({ error: 'Enter your name.' })
  .trim()
  .min(1, 'Enter your name.')
  .max(60, 'Use at most 60 characters.');

/** Only lengths here: the policy (common passwords, personal words) is checked in the service. */
export const passwordField = z
  .string({ error: 'Enter a password.' })
  .min(1, 'Enter a password.')
  .max(PASSWORD_MAX_LENGTH * 4, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

export const signUpInput = z.object({
  displayName: displayNameField,
  handle: handleField,
  email: emailField,
  password: passwordField,
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const signInInput = z.object({
  email: emailField,
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(PASSWORD_MAX_LENGTH * 4),
});
export type SignInInput = z.infer<typeof signInInput>;

export const requestResetInput = z.object({ email: emailField });

export const resetPasswordInput = z.object({
  token: z.string().max(200),
  password: passwordField,
});

export const changePasswordInput = z.object({
  currentPassword: z.string({ error: 'Enter your current password.' }).min(1, 'Enter your current password.').max(512),
  newPassword: passwordField,
});

export const endSessionInput = z.object({ sessionId: z.string().min(1).max(64) });

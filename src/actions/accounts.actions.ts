import { type ActionAPIContext, defineAction } from 'astro:actions';
import { z } from 'zod';
import * as accounts from '#features/accounts/accounts.service.ts';
import {
  changePasswordInput,
  endSessionInput,
  requestResetInput,
  resetPasswordInput,
  signInInput,
  signUpInput,
} from '#features/accounts/accounts.ts';
import * as sessionsService from '#features/accounts/sessions.service.ts';
import { signUp } from '#features/accounts/sign-up.service.ts';
import {
  requestAccountDeletion,
  resetPasswordAndSignIn,
  signInMember,
} from '#features/leaving/account-deletion.service.ts';
import { deleteAccountInput } from '#features/leaving/leaving.ts';
import { deleteSessionCookie, readDeviceCookie, setDeviceCookie, setSessionCookie } from '#server/auth/cookies.ts';
import { KNOWN_DEVICE_LIFETIME_MS } from '#server/auth/known-devices.ts';
import { invalidateSession } from '#server/auth/sessions.ts';
import { safeReturnPath } from '#server/http/return-path.ts';
import { requireUser, runAction } from './run-action.ts';

/** The requesting browser, as the account services need it (limits, known device, sessions list). */
function origin(context: ActionAPIContext) {
  return {
    ip: context.locals.ip,
    userAgent: context.request.headers.get('user-agent'),
    deviceToken: readDeviceCookie(context.cookies),
  };
}

export const accountActions = {
  signUp: defineAction({
    accept: 'form',
    input: signUpInput,
    handler: (input, context) =>
      runAction(context, async () => {
        const next = safeReturnPath(context.url.searchParams.get('next'), '/settings/profile?welcome=1');
        await signUp(input, origin(context), next);
        return { sent: true };
      }),
  }),

  signIn: defineAction({
    accept: 'form',
    input: signInInput,
    handler: (input, context) =>
      runAction(context, async () => {
        const signedIn = await signInMember(input, origin(context));
        setSessionCookie(context.cookies, signedIn.token, signedIn.cookieExpiresAt);
        if (signedIn.deviceToken) {
          setDeviceCookie(context.cookies, signedIn.deviceToken, new Date(Date.now() + KNOWN_DEVICE_LIFETIME_MS));
        }
        return { handle: signedIn.handle };
      }),
  }),

  signOut: defineAction({
    accept: 'form',
    input: z.object({}),
    handler: async (_input, context) => {
      if (context.locals.session) await invalidateSession(context.locals.session.id);
      deleteSessionCookie(context.cookies);
      return { signedOut: true };
    },
  }),

  requestReset: defineAction({
    accept: 'form',
    input: requestResetInput,
    handler: (input, context) =>
      runAction(context, async () => {
        await accounts.requestPasswordReset(input.email, { ip: context.locals.ip });
        return { email: input.email };
      }),
  }),

  resetPassword: defineAction({
    accept: 'form',
    input: resetPasswordInput,
    handler: (input, context) =>
      runAction(context, async () => {
        const signedIn = await resetPasswordAndSignIn(input.token, input.password, origin(context));
        setSessionCookie(context.cookies, signedIn.token, signedIn.cookieExpiresAt);
        return { handle: signedIn.handle };
      }),
  }),

  verifyEmail: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(200) }),
    handler: (input, context) =>
      runAction(context, async () => {
        const verified = await accounts.verifyEmail(input.token, {
          ...origin(context),
          currentUserId: context.locals.user?.id ?? null,
        });
        if (verified.session)
          setSessionCookie(context.cookies, verified.session.token, verified.session.cookieExpiresAt);
        return { handle: verified.handle };
      }),
  }),

  /** From Settings → Account, or beside an action that needs a confirmed address (`next`: back to that page). */
  resendVerification: defineAction({
    accept: 'form',
    input: z.object({ next: z.string().max(500).optional() }),
    handler: (input, context) =>
      runAction(context, async () => {
        await accounts.resendVerification(
          requireUser(context).id,
          safeReturnPath(input.next, '/settings/account?verified=1'),
        );
        return { sent: true };
      }),
  }),

  changePassword: defineAction({
    accept: 'form',
    input: changePasswordInput,
    handler: (input, context) =>
      runAction(context, async () => {
        const signedIn = await accounts.changePassword(
          requireUser(context).id,
          input.currentPassword,
          input.newPassword,
          origin(context),
        );
        setSessionCookie(context.cookies, signedIn.token, signedIn.cookieExpiresAt);
        return { changed: true };
      }),
  }),

  /** Ends one of the member's other sessions (a lost phone, a shared computer). */
  endSession: defineAction({
    accept: 'form',
    input: endSessionInput,
    handler: (input, context) =>
      runAction(context, async () => {
        const user = requireUser(context);
        await sessionsService.endSession(user.id, input.sessionId);
        return { ended: 1 };
      }),
  }),

  /**
   * "Delete my account", confirmed with the password: every session ends (this one too)
   * and the account goes after the grace period unless its owner signs in again.
   */
  deleteAccount: defineAction({
    accept: 'form',
    input: deleteAccountInput,
    handler: (input, context) =>
      runAction(context, async () => {
        const { dueAt } = await requestAccountDeletion(requireUser(context), input);
        deleteSessionCookie(context.cookies);
        return { dueAt: dueAt.toISOString() };
      }),
  }),

  /** Ends every session of the member except the one making this request. */
  endOtherSessions: defineAction({
    accept: 'form',
    input: z.object({}),
    handler: (_input, context) =>
      runAction(context, async () => {
        const user = requireUser(context);
        const ended = await sessionsService.endOtherSessions(user.id, context.locals.session!.id);
        return { ended };
      }),
  }),
};

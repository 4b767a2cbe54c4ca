import { defineAction } from 'astro:actions';
import { z } from 'zod';
import * as accounts from '#features/accounts/accounts.service.ts';
import {
  changePasswordInput,
  requestResetInput,
  resetPasswordInput,
  signInInput,
  signUpInput,
} from '#features/accounts/accounts.ts';
import { deleteSessionCookie, setSessionCookie } from '#server/auth/cookies.ts';
import { invalidateSession } from '#server/auth/sessions.ts';
import { requireUser, runAction } from './run-action.ts';

export const accountActions = {
  signUp: defineAction({
    accept: 'form',
    input: signUpInput,
    handler: (input, context) =>
      runAction(context, async () => {
        const signedIn = await accounts.signUp(input, { ip: context.locals.ip });
        setSessionCookie(context.cookies, signedIn.token, signedIn.cookieExpiresAt);
        return { handle: signedIn.handle };
      }),
  }),

  signIn: defineAction({
    accept: 'form',
    input: signInInput,
    handler: (input, context) =>
      runAction(context, async () => {
        const signedIn = await accounts.signIn(input, { ip: context.locals.ip });
        setSessionCookie(context.cookies, signedIn.token, signedIn.cookieExpiresAt);
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
        const signedIn = await accounts.resetPassword(input.token, input.password);
        setSessionCookie(context.cookies, signedIn.token, signedIn.cookieExpiresAt);
        return { handle: signedIn.handle };
      }),
  }),

  verifyEmail: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(200) }),
    handler: (input, context) => runAction(context, () => accounts.verifyEmail(input.token)),
  }),

  resendVerification: defineAction({
    accept: 'form',
    input: z.object({}),
    handler: (_input, context) =>
      runAction(context, async () => {
        await accounts.resendVerification(requireUser(context).id);
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
        );
        setSessionCookie(context.cookies, signedIn.token, signedIn.cookieExpiresAt);
        return { changed: true };
      }),
  }),
};

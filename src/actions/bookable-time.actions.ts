import { defineAction } from 'astro:actions';
import * as bookable from '#features/bookable-time/bookable-time.service.ts';
import { requireUser, runAction } from './run-action.ts';

/** A helper's bookable time: settings and weekly windows. */
export const bookableTimeActions = {
  saveSettings: defineAction({
    accept: 'form',
    input: bookable.bookableSettingsInput,
    handler: (input, context) => runAction(context, () => bookable.saveBookableSettings(requireUser(context), input)),
  }),
  addWindow: defineAction({
    accept: 'form',
    input: bookable.windowInput,
    handler: (input, context) =>
      runAction(context, () => bookable.addWindow(requireUser(context), input).then(() => ({ added: true }))),
  }),
  removeWindow: defineAction({
    accept: 'form',
    input: bookable.windowIdInput,
    handler: (input, context) =>
      runAction(context, () => bookable.removeWindow(requireUser(context), input).then(() => ({ removed: true }))),
  }),
};

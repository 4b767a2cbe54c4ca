import { endedSuspensions } from '#features/accounts/standing.service.ts';
import { logger } from '#server/log.ts';
import { liftSuspension } from './actions.service.ts';

const log = logger('moderation');

/** The scheduled job: suspensions whose period ran out are lifted by the site itself (logged without an actor). */
export async function liftEndedSuspensions(now = new Date()): Promise<number> {
  let lifted = 0;
  for (const memberId of await endedSuspensions(now)) {
    try {
      await liftSuspension(null, { memberId, reason: 'The suspension period has ended.' }, now);
      lifted++;
    } catch (error) {
      // Another process lifted it a moment ago (CONFLICT): nothing to do.
      log.debug(`suspension of ${memberId} not lifted here`, error);
    }
  }
  return lifted;
}

import { markStoredProfilesSetUp } from '#features/profiles/profiles.service.ts';
import { upgradeStoredRequests } from '#features/requests/requests.service.ts';
import { logger } from '#server/log.ts';

const log = logger('fixups');

/**
 * Brings rows stored under an older shape up to date after the migrations ran. Each
 * step is idempotent (it only touches rows still in the old shape), so running them
 * at every start costs one indexed UPDATE each.
 */
export async function runDataFixups(): Promise<void> {
  const requests = await upgradeStoredRequests();
  if (requests > 0) log.info(`${requests} requests moved from the kind "reverse" to ongoing + reverse`);
  const profiles = await markStoredProfilesSetUp();
  if (profiles > 0) log.info(`${profiles} earlier profiles marked as set up`);
}

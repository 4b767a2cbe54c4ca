import { count, sql } from 'drizzle-orm';
import { getDb } from '#db/client.ts';
import { demoMembers } from '#db/schema/index.ts';
import { TtlCache } from '#server/cache/ttl-cache.ts';

/** The banner and the start-up warning say the same thing. */
export const DEMO_PRESENT_MESSAGE =
  'This database holds the demo community: its members share a password printed in the README. ' +
  'Remove them with `npm run admin -- remove-demo` before real people use this site.';

// Checked at most every 30 s, so a removal made by the admin CLI in another process shows soon.
const presence = new TtlCache<'demo', Promise<boolean>>({ ttlMs: 30_000, maxEntries: 1 });

/** How many demo members the database holds. */
export async function countDemoMembers(): Promise<number> {
  const row = await getDb().select({ n: count() }).from(demoMembers).get();
  return row?.n ?? 0;
}

/** Whether demo members are present, for the banner on every page (remembered for 30 s). */
export function demoCommunityPresent(now = Date.now()): Promise<boolean> {
  // One row is enough to know: counting them all read every row (100,000 in the large bench) every 30 s.
  return presence.getOrLoad(
    'demo',
    async () => (await getDb().select({ one: sql`1` }).from(demoMembers).limit(1).get()) !== undefined,
    now,
  );
}

/** Forget the cached answer (after seeding or removing the demo in this process). */
export function demoStatusChanged(): void {
  presence.clear();
}

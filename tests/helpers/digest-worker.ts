/**
 * A separate worker process for the digest tests: runs the digest job once against
 * DATABASE_URL and SMTP_URL at the instant given as the first argument, and prints how
 * many digests it sent. Two of these at once are two server processes on one database.
 */
import { closeDatabase } from '#db/client.ts';
import { runDigests } from '#features/notifications/digests.service.ts';

const now = new Date(process.argv[2] ?? Date.now());
const sent = await runDigests({ worker: `process-${process.pid}` }, now);
console.log(`sent=${sent}`);
closeDatabase();

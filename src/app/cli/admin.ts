/**
 * `npm run admin -- <command> [arguments]`: site administration from the server's shell.
 * One small dispatcher; each command is a function in COMMANDS with a line of help.
 */

import { removeDemoCommunity } from '#app/demo/remove-demo.ts';
import { closeDatabase, database } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { countDemoMembers } from '#server/demo/status.ts';

interface Command {
  /** Shown by `npm run admin -- help`. */
  help: string;
  run: (args: string[]) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  'remove-demo': {
    help: 'Remove the demo community (its members and everything they made) from the database.',
    async run() {
      const before = await countDemoMembers();
      if (before === 0) {
        console.log('No demo members in this database: nothing to remove.');
        return 0;
      }
      const removed = await removeDemoCommunity(database());
      console.log(
        `Removed ${removed.members} demo members with ${removed.events} events, ` +
          `${removed.lists} reading lists and ${removed.requests} requests.` +
          (removed.promoted > 0 ? ` ${removed.promoted} members moved up from a waitlist into freed seats.` : ''),
      );
      // The search documents go through the outbox: a running server (or search worker) applies them.
      console.log('Their search documents are queued for removal; a running server applies that within a second.');
      return 0;
    },
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(14)} ${c.help}`);
  return `Usage: npm run admin -- <command>\n\nCommands:\n${lines.join('\n')}`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  await migrateDatabase(database());
  return command.run(args);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  closeDatabase();
}

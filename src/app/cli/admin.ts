/**
 * `npm run admin -- <command> [arguments]`: site administration from the server's shell.
 * One small dispatcher; each command is a function in COMMANDS with a line of help.
 */

import { removeDemoCommunity } from '#app/demo/remove-demo.ts';
import { closeDatabase, database } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import type { Role } from '#db/schema/index.ts';
import { listStaff } from '#features/accounts/standing.service.ts';
import { finishDueDeletions } from '#features/leaving/account-deletion.service.ts';
import { setRoleFromShell } from '#features/moderation/roles.service.ts';
import { countDemoMembers } from '#server/demo/status.ts';
import { isAppError } from '#server/errors.ts';

interface Command {
  /** Shown by `npm run admin -- help`. */
  help: string;
  run: (args: string[]) => Promise<number>;
}

const ROLE_WORDS: Record<Role, string> = { admin: 'an admin', moderator: 'a moderator', member: 'a member' };

/** `promote` / `demote` / `make-moderator`: one email argument, one role. */
function roleCommand(role: Role, help: string): Command {
  return {
    help,
    async run([email]) {
      if (!email?.includes('@')) {
        console.error('Give the email address of the account, e.g. npm run admin -- promote ada@example.org');
        return 2;
      }
      try {
        const { member, changed } = await setRoleFromShell(email, role);
        console.log(
          changed
            ? `${member.displayName} (@${member.handle}) is now ${ROLE_WORDS[role]}. The change is in the audit log.`
            : `${member.displayName} (@${member.handle}) is ${ROLE_WORDS[role]} already.`,
        );
        return 0;
      } catch (error) {
        if (isAppError(error) && error.code === 'NOT_FOUND') {
          console.error(error.message);
          return 1;
        }
        throw error;
      }
    },
  };
}

const COMMANDS: Record<string, Command> = {
  promote: roleCommand('admin', 'promote <email>: make the account an admin (roles, the audit log, moderation).'),
  'make-moderator': roleCommand('moderator', 'make-moderator <email>: make the account a moderator.'),
  demote: roleCommand('member', 'demote <email>: make an admin or moderator a member again.'),
  roles: {
    help: 'List the admins and moderators.',
    async run() {
      const staff = await listStaff();
      if (staff.length === 0) console.log('No admins or moderators yet: npm run admin -- promote <email>.');
      for (const s of staff) console.log(`${s.role.padEnd(10)} ${s.email}  @${s.handle}  ${s.displayName}`);
      return 0;
    },
  },
  'finish-deletions': {
    help: 'Delete now every account whose 14-day grace period is over (the server also does this every 15 minutes).',
    async run() {
      const removed = await finishDueDeletions();
      console.log(
        removed === 0 ? 'No account deletions are due.' : `Deleted ${removed} accounts whose grace period was over.`,
      );
      return 0;
    },
  },
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
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(17)} ${c.help}`);
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

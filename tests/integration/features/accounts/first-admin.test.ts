import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '#db/client.ts';
import { auditLog, users } from '#db/schema/index.ts';
import { signUp } from '#features/accounts/sign-up.service.ts';
import * as mailer from '#server/mail/mailer.ts';

// No SMTP relay here (mail is captured); this file's database starts empty (each integration file has its own).
afterEach(() => vi.restoreAllMocks());

describe('the first account on an empty site', () => {
  it('is its admin, once, even when several sign up at the same moment; the audit log says so', async () => {
    vi.spyOn(mailer, 'sendMailInBackground').mockImplementation(() => {});
    const people = ['first-a', 'first-b', 'first-c', 'first-d'];
    await Promise.all(
      people.map((handle, i) =>
        signUp(
          { displayName: handle, handle, email: `${handle}@example.test`, password: 'analytical engine notes' },
          { ip: `10.1.0.${i + 1}` },
        ),
      ),
    );
    const rows = await getDb().select({ id: users.id, role: users.role }).from(users);
    expect(rows).toHaveLength(4);
    const admins = rows.filter((r) => r.role === 'admin');
    expect(admins).toHaveLength(1);
    expect(rows.filter((r) => r.role === 'member')).toHaveLength(3);
    const logged = await getDb().select().from(auditLog).where(eq(auditLog.memberId, admins[0]!.id));
    expect(logged).toMatchObject([{ action: 'role.change', actorId: null, detail: { from: null, to: 'admin' } }]);
  });
});

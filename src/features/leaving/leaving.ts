import { z } from 'zod';

/** "Delete my account": the password, and a tick that says the member understood. */
export const deleteAccountInput = z.object({
  password: z.string({ error: 'Enter your password to confirm.' }).min(1, 'Enter your password to confirm.').max(200),
  confirm: z.literal('yes', { error: 'Tick the box to confirm that you want your account deleted.' }),
});

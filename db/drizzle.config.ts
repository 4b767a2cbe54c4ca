import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from db/schema. Run `npm run db:generate` after a schema change
// and commit what lands in db/migrations; never edit those files by hand.
export default defineConfig({
  dialect: 'turso',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'file:data/whoknows.db' },
  strict: true,
});

import { z } from 'zod';

/**
 * Every setting whoknows reads from the environment, parsed once.
 *
 * This module (not `astro:env`) is the single reader because the same settings are
 * needed outside the Astro bundle too: migrations, the seeders, the reindex and
 * outbox CLIs and the tests all run under plain Node, where `astro:` modules do not
 * exist. Keep README's configuration table in step with this schema.
 */
const flag = (fallback: boolean) =>
  z
    .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : ['1', 'true', 'yes', 'on'].includes(v)));

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));

const envSchema = z.object({
  /** Public origin of the site, used in links sent by mail and to decide on Secure cookies. */
  SITE_URL: z.url().default('http://localhost:4321'),
  DATABASE_URL: z.string().min(1).default('file:data/whoknows.db'),
  DATABASE_AUTH_TOKEN: optionalString,
  SEED_DEMO: flag(true),
  MEILI_HOST: optionalString,
  MEILI_API_KEY: optionalString,
  MEILI_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9_]*$/)
    .default('whoknows_'),
  /** Set to 0 to stop the in-process outbox worker (a separate `npm run search:worker` then applies jobs). */
  SEARCH_WORKER: flag(true),
  /**
   * Where the embedded engine saves its indexes for a fast start: `auto` (beside a file
   * database, `data/search-snapshots` for a libSQL server, none for an in-memory one),
   * `off`, or a folder.
   */
  SEARCH_SNAPSHOTS: optionalString.transform((v) => v ?? 'auto'),
  SMTP_URL: optionalString,
  MAIL_FROM: z.string().default('whoknows <no-reply@localhost>'),
  /** Trust X-Forwarded-For from a reverse proxy when working out the client IP (rate limits). */
  TRUST_PROXY: flag(false),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** How long anonymous visitors are served a cached copy of public pages (src/server/http/page-cache.ts); 0 turns it off. */
  PAGE_CACHE_SECONDS: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(0).max(300).default(5),
  ),
  /** Set by `npm run bench` only: enables /api/bench/static, the fixed page the benchmark compares against. */
  BENCH_ROUTES: flag(false),
});

export type AppConfig = Readonly<
  z.infer<typeof envSchema> & {
    /** True when the site is served over https: Secure cookies with the __Host- prefix. */
    secureCookies: boolean;
    siteOrigin: string;
  }
>;

let cached: AppConfig | undefined;

/** Parses the environment; throws a readable error naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const site = new URL(parsed.data.SITE_URL);
  return Object.freeze({
    ...parsed.data,
    secureCookies: site.protocol === 'https:',
    siteOrigin: site.origin,
  });
}

/** The process-wide configuration, read on first use. */
export function config(): AppConfig {
  cached ??= loadConfig();
  return cached;
}

/** Forget the cached configuration (tests that change the environment between cases). */
export function resetConfigForTests(): void {
  cached = undefined;
}

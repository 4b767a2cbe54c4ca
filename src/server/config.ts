import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from '#db/default-url.ts';
import { parseSeedDemo, siteIsLocal } from './demo/policy.ts';

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
  /** Interface to listen on; whether it is loopback decides, with SITE_URL, if the site is "local". */
  HOST: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== '' ? v.trim() : 'localhost')),
  PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(65535).default(4321)),
  /** Public origin of the site, used in links sent by mail and to decide on Secure cookies. */
  SITE_URL: z.url().default('http://localhost:4321'),
  DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
  DATABASE_AUTH_TOKEN: optionalString,
  /** When to seed the demo community into an empty database: auto (local sites only), 1, 0 or force (server/demo/policy.ts). */
  SEED_DEMO: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const setting = parseSeedDemo(v);
      if (!setting) ctx.addIssue({ code: 'custom', message: 'Use auto (the default), 1, 0 or force.' });
      return setting ?? 'off';
    }),
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
  /**
   * How many reverse proxies in front of the server to believe (0: none). Their
   * X-Forwarded-For gives the client address for rate limits, counted from the right,
   * and X-Forwarded-Proto/Host the public origin. `true`/`false` mean 1/0.
   */
  TRUST_PROXY: z.preprocess((v) => {
    const value = typeof v === 'string' ? v.trim().toLowerCase() : v;
    if (value === undefined || ['', 'false', 'no', 'off'].includes(value as string)) return 0;
    if (['true', 'yes', 'on'].includes(value as string)) return 1;
    return value;
  }, z.coerce.number().int('Use a whole number of proxies, e.g. 1.').min(0).max(10)),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** How long anonymous visitors are served a cached copy of public pages (src/server/http/page-cache.ts); 0 turns it off. */
  PAGE_CACHE_SECONDS: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(0).max(300).default(5),
  ),
  /**
   * Server processes sharing the port (src/server/http/cluster-primary.mjs); unset or empty: one per
   * core. An in-memory database always runs one (processes cannot share it).
   */
  WORKERS: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number()
      .int()
      .min(1)
      .max(64)
      .default(() => availableParallelism()),
  ),
  /** How long /insights reuses the figures it grouped from the database (src/features/insights/insights-cache.ts); 0: every view. */
  INSIGHTS_CACHE_SECONDS: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(0).max(3600).default(60),
  ),
  /** Set by `npm run bench` only: enables the benchmark's fixed pages (/api/bench/static, /bench/page, /bench/layout). */
  BENCH_ROUTES: flag(false),
});

export type AppConfig = Readonly<
  z.infer<typeof envSchema> & {
    /** True when the site is served over https: Secure cookies with the __Host- prefix. */
    secureCookies: boolean;
    siteOrigin: string;
    /** SITE_URL and HOST both loopback: a developer's own machine (server/demo/policy.ts). */
    siteIsLocal: boolean;
    /** SITE_URL was not set, so links in mail, .ics and CSV point at the default address. */
    siteUrlDefaulted: boolean;
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
    siteIsLocal: siteIsLocal(parsed.data.SITE_URL, parsed.data.HOST),
    siteUrlDefaulted: !env.SITE_URL?.trim(),
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

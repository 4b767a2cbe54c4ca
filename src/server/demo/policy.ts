import { isIP } from 'node:net';

/**
 * When the demo community (about a hundred members who all share a password printed
 * in the README) may be seeded. Never on a site the public can reach by accident:
 *
 * - `SEED_DEMO` unset or `auto`: seed an empty database only when the site is local:
 *   its SITE_URL names a loopback host *and* the server listens on loopback only.
 * - `1` (asked for it): the same, but a non-local site refuses loudly.
 * - `force`: seed an empty database wherever (a public demo instance, on purpose).
 * - `0`: never.
 */
export type SeedDemoSetting = 'auto' | 'on' | 'off' | 'force';

/** Parses SEED_DEMO; undefined for a value it does not know. */
export function parseSeedDemo(value: string | undefined): SeedDemoSetting | undefined {
  const v = value?.trim().toLowerCase() ?? '';
  if (v === '' || v === 'auto') return 'auto';
  if (['1', 'true', 'yes', 'on'].includes(v)) return 'on';
  if (['0', 'false', 'no', 'off'].includes(v)) return 'off';
  if (v === 'force') return 'force';
  return undefined;
}

/** Whether a host name or address only ever reaches this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

/** A site is local when both its public address and the interface it listens on are loopback. */
export function siteIsLocal(siteUrl: string, listenHost: string): boolean {
  return isLoopbackHost(new URL(siteUrl).hostname) && isLoopbackHost(listenHost);
}

export interface DemoSeedDecision {
  seed: boolean;
  /** What to say about it at start-up, and how loudly. */
  log?: { level: 'info' | 'error'; message: string };
}

/** Whether to seed the demo into an empty database, given the setting and where the site runs. */
export function demoSeedDecision(setting: SeedDemoSetting, local: boolean, where: string): DemoSeedDecision {
  if (setting === 'off') return { seed: false };
  if (setting === 'force' || local) return { seed: true };
  if (setting === 'on') {
    return {
      seed: false,
      log: {
        level: 'error',
        message:
          `SEED_DEMO=1 refused: this site is not local (${where}), and the demo's members share a published ` +
          `password. Set SEED_DEMO=force to seed it anyway (a public demo site), or leave SEED_DEMO unset.`,
      },
    };
  }
  return {
    seed: false,
    log: {
      level: 'info',
      message: `Not seeding the demo community: this site is not local (${where}). Create the first account at /signup.`,
    },
  };
}

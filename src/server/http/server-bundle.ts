import { copyFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { build, type Plugin } from 'esbuild';

/**
 * Part of every `astro build`: the server entry (node-server.ts and what it imports: the
 * configuration, body limits, compression) bundled into plain JavaScript beside the built
 * site, as dist/server/http/node-server.mjs, with the cluster primary and its connection
 * balancer copied next to it.
 *
 * Why: a process that loads a single .ts file loads Node's TypeScript stripper (about
 * 17 MB resident, WebAssembly) and keeps it for life. The built site is already plain
 * JavaScript, so with this bundle the serving processes load no TypeScript at all.
 * Packages stay outside the bundle (they load from node_modules, as the built site's do,
 * so both share one copy of zod). The bundle sits at the same depth below the project
 * as its source, so the paths node-server.ts derives from its own location hold in both.
 */

/** Where the bundle goes, relative to the project root. */
export const BUNDLED_ENTRY = 'dist/server/http/node-server.mjs';
/** Plain-JavaScript files the primary runs as they are (it is exec'd by path). */
const BESIDE = ['cluster-primary.mjs', 'connection-balancer.mjs'];

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The primary's files stay files of their own, imported from beside the bundle. */
const primaryBeside: Plugin = {
  name: 'cluster-primary-beside',
  setup(bundler) {
    const filter = new RegExp(`[/](${BESIDE.map((file) => file.replaceAll('.', '\\.')).join('|')})$`);
    bundler.onResolve({ filter }, (args) => ({
      path: `./${args.path.split('/').at(-1)}`,
      external: true,
    }));
  },
};

/** Writes the plain-JavaScript server entry into `root` (a file URL of the project). */
export async function bundleServerEntry(root: URL): Promise<void> {
  const outfile = fileURLToPath(new URL(BUNDLED_ENTRY, root));
  await build({
    entryPoints: [source('./node-server.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    plugins: [primaryBeside],
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const file of BESIDE) await copyFile(source(`./${file}`), join(dirname(outfile), file));
}

/** The Astro integration that runs bundleServerEntry after each server build. */
export function serverBundle(): AstroIntegration {
  let root: URL | undefined;
  return {
    name: 'whoknows:server-bundle',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = config.root;
      },
      'astro:build:done': async ({ logger }) => {
        if (!root) throw new Error('the project root is unknown');
        await bundleServerEntry(root);
        logger.info(`server entry bundled: ${BUNDLED_ENTRY}`);
      },
    },
  };
}

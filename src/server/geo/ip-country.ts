import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isIPv4, isIPv6 } from 'node:net';
import { dirname, join } from 'node:path';

/**
 * Which country an address is registered in, from the `@ip-location-db/geo-whois-asn-country`
 * package (CC0; built from the regional registries' public data, NRO statistics under
 * CC BY 4.0). Nothing is downloaded at run time: the ranges ship inside the package and
 * are read into sorted typed arrays on first use (about 7 MB), then looked up by binary
 * search. Only the member's own sessions list asks, so a server that never shows it
 * never loads them.
 */

interface Table<T extends number | bigint> {
  starts: T extends number ? Uint32Array : BigUint64Array;
  ends: T extends number ? Uint32Array : BigUint64Array;
  countries: Uint16Array;
}

let loading: Promise<{ v4: Table<number>; v6: Table<bigint> }> | undefined;

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@ip-location-db/geo-whois-asn-country/package.json'));
}

const code = (country: string) => (country.charCodeAt(0) << 8) | country.charCodeAt(1);

async function loadV4(file: string): Promise<Table<number>> {
  const lines = (await readFile(file, 'latin1')).split('\n').filter(Boolean);
  const table = {
    starts: new Uint32Array(lines.length),
    ends: new Uint32Array(lines.length),
    countries: new Uint16Array(lines.length),
  };
  lines.forEach((line, i) => {
    const [start, end, country] = line.split(',');
    table.starts[i] = Number(start);
    table.ends[i] = Number(end);
    table.countries[i] = code(country ?? '??');
  });
  return table;
}

/** IPv6 ranges by their upper 64 bits: registries never allocate finer than a /64 per country. */
async function loadV6(file: string): Promise<Table<bigint>> {
  const lines = (await readFile(file, 'latin1')).split('\n').filter(Boolean);
  const table = {
    starts: new BigUint64Array(lines.length),
    ends: new BigUint64Array(lines.length),
    countries: new Uint16Array(lines.length),
  };
  lines.forEach((line, i) => {
    const [start, end, country] = line.split(',');
    table.starts[i] = BigInt(start ?? 0) >> 64n;
    table.ends[i] = BigInt(end ?? 0) >> 64n;
    table.countries[i] = code(country ?? '??');
  });
  return table;
}

function load() {
  loading ??= (async () => {
    const dir = packageDir();
    const [v4, v6] = await Promise.all([
      loadV4(join(dir, 'geo-whois-asn-country-ipv4-num.csv')),
      loadV6(join(dir, 'geo-whois-asn-country-ipv6-num.csv')),
    ]);
    return { v4, v6 };
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

function find<T extends number | bigint>(table: Table<T>, value: T): string | null {
  let low = 0;
  let high = table.starts.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((table.starts[mid] as T) > value) high = mid - 1;
    else if ((table.ends[mid] as T) < value) low = mid + 1;
    else {
      const c = table.countries[mid]!;
      return String.fromCharCode(c >> 8, c & 0xff);
    }
  }
  return null;
}

function v4Number(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** The upper 64 bits of an IPv6 address. */
function v6High(ip: string): bigint {
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return groups.slice(0, 4).reduce((n, g) => (n << 16n) | BigInt(Number.parseInt(g || '0', 16)), 0n);
}

/** The ISO 3166 country code an address is registered in, or null (private, unknown or malformed). */
export async function countryOf(ip: string): Promise<string | null> {
  const mapped = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (isIPv4(mapped)) return find((await load()).v4, v4Number(mapped));
  if (isIPv6(mapped)) return find((await load()).v6, v6High(mapped));
  return null;
}

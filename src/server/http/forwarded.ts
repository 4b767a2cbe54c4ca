import { isIP } from 'node:net';
import { config } from '#server/config.ts';

/**
 * What the reverse proxies in front of the server say about a request. With
 * `TRUST_PROXY=N` the last N hops are ours: each appends to X-Forwarded-For the address
 * it was connected from, so the client is the N-th entry from the right. Entries
 * further left were written by whoever sent the request and are never believed.
 */

/** The entry of a comma-separated forwarding header that the trusted hops vouch for. */
export function trustedHopValue(header: string | null | undefined, hops: number): string | undefined {
  if (!header || hops <= 0) return undefined;
  const entries = header
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;
  // Fewer entries than hops: the request passed fewer proxies; the left-most is the client.
  return entries[Math.max(0, entries.length - hops)];
}

/** The client address seen through `hops` trusted proxies, or the socket's peer. */
export function forwardedClientIp(header: string | null | undefined, socketAddress: string | undefined, hops: number) {
  const candidate = trustedHopValue(header, hops)?.replace(/^\[(.*)\]$/, '$1');
  if (candidate && isIP(candidate)) return candidate;
  return socketAddress ?? 'unknown';
}

/** The address limits are keyed on: the client as the trusted proxies saw it, else the socket's peer. */
export function clientIp(request: Request, socketAddress: string | undefined): string {
  return forwardedClientIp(request.headers.get('x-forwarded-for'), socketAddress, config().TRUST_PROXY);
}

/**
 * The origin the browser used to reach this site: behind trusted proxies the scheme
 * and host they forward (a TLS proxy speaks plain HTTP to us), otherwise the request's own.
 */
export function publicOrigin(request: Request): string {
  const own = new URL(request.url);
  const hops = config().TRUST_PROXY;
  const proto = trustedHopValue(request.headers.get('x-forwarded-proto'), hops)?.toLowerCase();
  const host = trustedHopValue(request.headers.get('x-forwarded-host'), hops);
  if (!proto && !host) return own.origin;
  const scheme = proto === 'https' || proto === 'http' ? proto : own.protocol.slice(0, -1);
  try {
    return new URL(`${scheme}://${host ?? own.host}`).origin;
  } catch {
    return own.origin;
  }
}

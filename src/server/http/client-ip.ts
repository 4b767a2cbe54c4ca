import { config } from '#server/config.ts';

/**
 * The address limits are keyed on. Behind a reverse proxy (TRUST_PROXY=1) it is the
 * left-most X-Forwarded-For entry; otherwise the socket's peer address, because a
 * header from an untrusted client could name any address.
 */
export function clientIp(request: Request, socketAddress: string | undefined): string {
  if (config().TRUST_PROXY) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  return socketAddress ?? 'unknown';
}

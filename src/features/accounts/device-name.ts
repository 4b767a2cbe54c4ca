import Bowser from 'bowser';

/** A short, human name for the browser behind a User-Agent: "Firefox on Windows", "Safari on iPhone". */
export function deviceName(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown browser';
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name || 'Unknown browser';
  const model = parsed.platform.model && /iPhone|iPad/.test(parsed.platform.model) ? parsed.platform.model : undefined;
  const os = model ?? parsed.os.name;
  return os ? `${browser} on ${os}` : browser;
}

/**
 * Where an address is, as far as the site can tell without sending it anywhere: the
 * country it is registered in when known, and always the network it belongs to
 * (the last part of an IPv4 address, or all but the first four groups of IPv6,
 * hidden), e.g. "Germany · 192.0.2.x".
 */
export function networkOf(ip: string | null): string | null {
  if (!ip) return null;
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(v4)) return `${v4.split('.').slice(0, 3).join('.')}.x`;
  if (ip.includes(':')) {
    const groups = ip.split('::')[0]!.split(':').filter(Boolean).slice(0, 4);
    return `${groups.join(':')}::/64`;
  }
  return null;
}

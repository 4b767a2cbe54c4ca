import type { AstroCookies } from 'astro';
import { config } from '#server/config.ts';

/**
 * Over https the cookie carries the `__Host-` prefix, which browsers only accept with
 * Secure, Path=/ and no Domain: it cannot be set or shadowed by a sibling subdomain.
 */
export function sessionCookieName(): string {
  return config().secureCookies ? '__Host-session' : 'session';
}

export function setSessionCookie(cookies: AstroCookies, token: string, expiresAt: Date): void {
  cookies.set(sessionCookieName(), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config().secureCookies,
    path: '/',
    expires: expiresAt,
  });
}

export function deleteSessionCookie(cookies: AstroCookies): void {
  cookies.set(sessionCookieName(), '', {
    httpOnly: true,
    sameSite: 'lax',
    secure: config().secureCookies,
    path: '/',
    maxAge: 0,
  });
}

export function readSessionCookie(cookies: AstroCookies): string | undefined {
  return cookies.get(sessionCookieName())?.value;
}

/** The long-lived cookie that marks a browser the member signed in with before (known-devices.ts). */
function deviceCookieName(): string {
  return config().secureCookies ? '__Host-device' : 'device';
}

export function setDeviceCookie(cookies: AstroCookies, token: string, expiresAt: Date): void {
  cookies.set(deviceCookieName(), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config().secureCookies,
    path: '/',
    expires: expiresAt,
  });
}

export function readDeviceCookie(cookies: AstroCookies): string | undefined {
  return cookies.get(deviceCookieName())?.value;
}

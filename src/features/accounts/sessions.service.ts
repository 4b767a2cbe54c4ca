import { invalidateOtherSessions, invalidateUserSession, listUserSessions } from '#server/auth/sessions.ts';
import { AppError } from '#server/errors.ts';
import { countryOf } from '#server/geo/ip-country.ts';
import { deviceName, networkOf } from './device-name.ts';

export interface SessionView {
  id: string;
  device: string;
  /** "Germany · 192.0.2.x", "192.0.2.x", or null when the address is unknown. */
  place: string | null;
  signedInAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

async function placeOf(ip: string | null): Promise<string | null> {
  const network = networkOf(ip);
  if (!ip || !network) return null;
  const country = await countryOf(ip).catch(() => null);
  const name = country ? regionNames.of(country) : undefined;
  return name ? `${name} · ${network}` : network;
}

/** The member's active sessions for /settings/account, this browser's first. */
export async function listMySessions(userId: string, currentSessionId: string): Promise<SessionView[]> {
  const rows = await listUserSessions(userId);
  const views = await Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      device: deviceName(row.userAgent),
      place: await placeOf(row.ip),
      signedInAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      current: row.id === currentSessionId,
    })),
  );
  return views.sort((a, b) => Number(b.current) - Number(a.current));
}

/** Ends one of the member's own sessions; someone else's (or a gone one) is NOT_FOUND. */
export async function endSession(userId: string, sessionId: string): Promise<void> {
  if (!(await invalidateUserSession(userId, sessionId)))
    throw new AppError('NOT_FOUND', 'That session has already ended.');
}

/** Ends all of the member's sessions but this one; returns how many ended. */
export function endOtherSessions(userId: string, currentSessionId: string): Promise<number> {
  return invalidateOtherSessions(userId, currentSessionId);
}

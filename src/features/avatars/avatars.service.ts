import { getDb } from '#db/client.ts';
import { avatarUrl, type Face, STORED_SIZES } from '#features/members/avatar.ts';
import { findMember, findMemberByHandle } from '#features/members/members.service.ts';
import type { MemberViewer, Viewer } from '#features/members/viewer.ts';
import { canSeeMember } from '#features/members/visibility.ts';
import type { SessionUser } from '#server/auth/sessions.ts';
import { dataChanged } from '#server/cache/invalidation.ts';
import { AppError, invalid } from '#server/errors.ts';
import { processAvatarUpload } from './avatar-image.ts';
import * as repo from './avatars.repo.ts';
import { generatedAvatarSvg } from './generated-avatar.ts';

/**
 * Uploads a new picture for the signed-in member: checked and re-encoded
 * (avatar-image.ts), then stored with the profile's new key in one transaction. Pages
 * cached for visitors are dropped, so the new face shows at once.
 */
export async function setAvatar(actor: MemberViewer, file: Blob): Promise<{ key: string }> {
  // The request body was bounded before Astro read it (src/server/http/body-limit.ts).
  const bytes = new Uint8Array(await file.arrayBuffer());
  const processed = await processAvatarUpload(bytes);
  if (!processed.ok) throw invalid({ picture: processed.message }, processed.message);
  const { key, images } = processed.value;
  const now = new Date();
  await getDb().transaction((tx) => repo.replaceImages(actor.id, key, images, now, tx));
  dataChanged('people');
  return { key };
}

/** Removes the member's uploaded picture; their generated one shows again. */
export async function removeAvatar(actor: MemberViewer): Promise<void> {
  const now = new Date();
  await getDb().transaction((tx) => repo.deleteImages(actor.id, now, tx));
  dataChanged('people');
}

/** The signed-in member's own face (for the header and the settings page). */
export async function ownFace(actor: MemberViewer): Promise<Face> {
  const me = await findMember(actor.id);
  if (!me) throw new AppError('UNAUTHORIZED', 'Please sign in again.');
  return me;
}

/** The signed-in member's own face as read with their session (the header of every page), or null without a profile. */
export function sessionFace(user: SessionUser): Face | null {
  if (!user.profile) return null;
  const { avatarKey, visibility } = user.profile;
  return { handle: user.handle, displayName: user.displayName, avatarKey, visibility };
}

/** What the avatar route answers. */
export type AvatarAnswer =
  | { kind: 'image'; body: Uint8Array<ArrayBuffer> | string; contentType: string; cacheControl: string }
  | { kind: 'moved'; location: string }
  | { kind: 'not-found' };

const FILE_PATTERN = /^(?<version>[a-z0-9]{1,24})(?:-(?<size>\d{2,3}))?\.(?<ext>webp|svg)$/;
const YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * `/avatars/<handle>/<version>[-<size>].<ext>`: the face of a member the viewer may
 * see, or not found (members-only profiles for visitors, suspended members, unknown
 * handles, all alike). A current address is cached for a year (its version changes
 * with the picture); an outdated one moves to the current address.
 */
export async function answerAvatarRequest(handle: string, file: string, viewer: Viewer): Promise<AvatarAnswer> {
  const parts = FILE_PATTERN.exec(file)?.groups;
  if (!parts) return { kind: 'not-found' };
  const member = await findMemberByHandle(handle);
  if (!member || !canSeeMember(viewer, member)) return { kind: 'not-found' };
  const size = parts.size ? Number(parts.size) : null;
  if (size !== null && !(STORED_SIZES as readonly number[]).includes(size)) return { kind: 'not-found' };
  const wanted = size ?? STORED_SIZES[0];
  const current = avatarUrl(member, wanted);
  if (`/avatars/${handle}/${file}` !== current) {
    // An address from before a new picture or name: send the browser to the current one.
    return { kind: 'moved', location: current };
  }
  const cacheControl = `${member.visibility === 'public' ? 'public' : 'private'}, max-age=${YEAR_SECONDS}, immutable`;
  if (!member.avatarKey) {
    return {
      kind: 'image',
      body: generatedAvatarSvg(member.handle, member.displayName),
      contentType: 'image/svg+xml; charset=utf-8',
      cacheControl,
    };
  }
  const image = await repo.findImage(member.id, wanted, member.avatarKey);
  if (!image) return { kind: 'not-found' };
  return { kind: 'image', body: new Uint8Array(image.bytes), contentType: 'image/webp', cacheControl };
}

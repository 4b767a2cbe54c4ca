import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { avatarImages } from '#db/schema/index.ts';
import { processAvatarUpload, sniffImageFormat } from '#features/avatars/avatar-image.ts';
import { answerAvatarRequest, ownFace, removeAvatar, setAvatar } from '#features/avatars/avatars.service.ts';
import { avatarUrl } from '#features/members/avatar.ts';
import { createMember } from '#tests/helpers/factories.ts';

/** A real JPEG with EXIF metadata (camera make, a GPS-like comment), made with sharp. */
async function photo(width = 400, height = 300): Promise<Uint8Array> {
  const bytes = await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'SecretCam', ImageDescription: 'home at 52.52N 13.40E' } })
    .toBuffer();
  return new Uint8Array(bytes);
}

const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

describe('avatar uploads', () => {
  it('re-encodes to square WebP in every stored size with the metadata stripped', async () => {
    const original = await photo();
    expect(Buffer.from(original).includes('SecretCam')).toBe(true);
    const result = await processAvatarUpload(original);
    if (!result.ok) throw new Error(result.message);
    expect(result.value.images.map((i) => i.size)).toEqual([64, 128, 256]);
    for (const image of result.value.images) {
      const meta = await sharp(image.bytes).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: image.size, height: image.size });
      expect(meta.exif).toBeUndefined();
      expect(image.bytes.includes('SecretCam')).toBe(false);
    }
  });

  it('takes the type from the bytes, not the name: text, a PNG header on other bytes, tiny and empty files are refused', async () => {
    expect(sniffImageFormat(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect((await processAvatarUpload(new TextEncoder().encode('<svg/>'))).ok).toBe(false);
    const fakePng = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...(await photo())]);
    expect((await processAvatarUpload(fakePng)).ok).toBe(false);
    const tiny = await processAvatarUpload(await photo(20, 20));
    expect(tiny).toMatchObject({ ok: false, message: expect.stringMatching(/20 × 20 pixels/) });
    expect(await processAvatarUpload(new Uint8Array())).toMatchObject({ ok: false });
  });

  it('stores a picture for its owner, serves it at a versioned address with cache headers, and removes it again', async () => {
    const me = await createMember();
    const before = await ownFace(me);
    expect(before.avatarKey).toBeNull();
    const generated = await answerAvatarRequest(me.handle, avatarUrl(before, 48).split('/').pop()!, null);
    expect(generated).toMatchObject({ kind: 'image', contentType: 'image/svg+xml; charset=utf-8' });

    const { key } = await setAvatar(me, blob(await photo()));
    const face = await ownFace(me);
    expect(face.avatarKey).toBe(key);
    const file = avatarUrl(face, 48).split('/').pop()!;
    const answer = await answerAvatarRequest(me.handle, file, null);
    expect(answer).toMatchObject({ kind: 'image', contentType: 'image/webp' });
    expect(answer.kind === 'image' && answer.cacheControl).toMatch(/^public, max-age=\d+, immutable$/);
    // The old (generated) address moves to the new picture.
    const old = await answerAvatarRequest(me.handle, avatarUrl(before, 48).split('/').pop()!, null);
    expect(old).toMatchObject({ kind: 'moved', location: avatarUrl(face, 48) });

    await removeAvatar(me);
    expect((await ownFace(me)).avatarKey).toBeNull();
    expect(await getDb().select().from(avatarImages)).not.toContainEqual(expect.objectContaining({ key }));
  });

  it('refuses a bad upload with a message on the picture field and keeps the old face', async () => {
    const me = await createMember();
    await expect(setAvatar(me, blob(new TextEncoder().encode('not a picture')))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect((await ownFace(me)).avatarKey).toBeNull();
  });

  it('hides a members-only face from visitors (deny) and shows it to members (allow)', async () => {
    const hidden = await createMember({ visibility: 'members' });
    const member = await createMember();
    const file = avatarUrl(await ownFace(hidden), 48)
      .split('/')
      .pop()!;
    expect(await answerAvatarRequest(hidden.handle, file, null)).toEqual({ kind: 'not-found' });
    const seen = await answerAvatarRequest(hidden.handle, file, member);
    expect(seen.kind === 'image' && seen.cacheControl).toMatch(/^private, /);
  });
});

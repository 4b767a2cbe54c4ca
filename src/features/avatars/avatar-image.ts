import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import { STORED_SIZES } from '#features/members/avatar.ts';

/*
 * Turning an uploaded file into avatar images. Nothing about the upload is trusted:
 * the type comes from the bytes (never the name or the Content-Type), the size is
 * counted, the decoder is bounded in pixels, and what is kept is a fresh WebP encoding
 * of the pixels alone, so no metadata (location, camera, comments) survives.
 */

/** The largest file accepted, in bytes (the form says so before anyone picks a file). */
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
/** The smallest picture worth showing, in pixels per side. */
export const AVATAR_MIN_SIDE = 64;
/** Decoding stops past this many pixels (a 10,000 × 5,000 photo is fine; a decompression bomb is not). */
const MAX_INPUT_PIXELS = 50_000_000;

export const ACCEPTED_FORMATS = ['JPEG', 'PNG', 'WebP', 'AVIF', 'GIF'] as const;
type Format = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The image format the bytes are in, from their signature; null for anything else. */
export function sniffImageFormat(bytes: Uint8Array): Format | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  // ISO-BMFF: a "ftyp" box whose major brand is AVIF (HEIC photos are not accepted).
  if (
    startsWith(bytes, ascii('ftyp'), 4) &&
    (startsWith(bytes, ascii('avif'), 8) || startsWith(bytes, ascii('avis'), 8))
  )
    return 'avif';
  return null;
}

export interface AvatarImages {
  /** Content hash of the largest image: part of the picture's address. */
  key: string;
  images: { size: number; bytes: Buffer }[];
}

export type AvatarResult = { ok: true; value: AvatarImages } | { ok: false; message: string };

const refuse = (message: string): AvatarResult => ({ ok: false, message });

/**
 * Checks an upload and re-encodes it as square WebP images in every stored size,
 * cropped around the most interesting part (usually the face) and turned upright.
 */
export async function processAvatarUpload(bytes: Uint8Array): Promise<AvatarResult> {
  if (bytes.length === 0) return refuse('Choose a picture to upload.');
  if (bytes.length > AVATAR_MAX_BYTES)
    return refuse(`That file is ${megabytes(bytes.length)}; pictures can be at most ${megabytes(AVATAR_MAX_BYTES)}.`);
  const format = sniffImageFormat(bytes);
  if (!format) return refuse(`That file is not a picture we can read. Use ${ACCEPTED_FORMATS.join(', ')}.`);

  const input = () => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', animated: false });
  let metadata: Metadata;
  try {
    metadata = await input().metadata();
  } catch {
    return refuse('That picture could not be read: the file may be damaged or too large in pixels.');
  }
  // The signature and the decoder must agree (a PNG header glued to something else is refused).
  const decoded = metadata.format === 'heif' ? 'avif' : metadata.format;
  if (decoded !== format) return refuse('That file is not a picture we can read.');
  const { width = 0, height = 0 } = metadata;
  if (Math.min(width, height) < AVATAR_MIN_SIDE)
    return refuse(
      `That picture is ${width} × ${height} pixels; use one at least ${AVATAR_MIN_SIDE} pixels on each side.`,
    );

  try {
    const largest = STORED_SIZES[STORED_SIZES.length - 1]!;
    // One crop for every size: the largest square as raw pixels, then scaled down from it.
    const square = await input()
      .rotate()
      .resize(largest, largest, { fit: 'cover', position: sharp.strategy.attention })
      .flatten({ background: '#ffffff' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { width: square.info.width, height: square.info.height, channels: square.info.channels };
    const images = await Promise.all(
      STORED_SIZES.map(async (size) => ({
        size,
        bytes: await sharp(square.data, { raw })
          .resize(size, size)
          .webp({ quality: size >= 256 ? 80 : 85, effort: 4 })
          .toBuffer(),
      })),
    );
    const key = createHash('sha256')
      .update(images[images.length - 1]!.bytes)
      .digest('hex')
      .slice(0, 16);
    return { ok: true, value: { key, images } };
  } catch {
    return refuse('That picture could not be read: the file may be damaged.');
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
}

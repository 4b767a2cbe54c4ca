import { isAscii } from 'node:buffer';
import { crc32 } from 'node:zlib';
import type { IndexDefinition } from '#server/search/types.ts';
import { Column } from './columns.ts';
import { FacetValues } from './facet-values.ts';
import { IntLists } from './int-lists.ts';
import { columnFields, IndexStore } from './store.ts';
import { Vocabulary } from './vocabulary.ts';

/**
 * The binary form of an IndexStore: a header, a JSON description, then the typed arrays
 * as they are in memory (aligned, so loading is a view, not a parse) and the strings as
 * one UTF-8 block, then a CRC-32 of everything before it. Bump FORMAT_VERSION whenever
 * this layout or the meaning of the stored integers changes: older files are then
 * ignored and the index is rebuilt.
 */
export const FORMAT_VERSION = 1;
const MAGIC = Buffer.from('WKSEARCH', 'latin1');

/** What a snapshot says about itself, beside the index it holds. */
export interface SnapshotMeta {
  index: string;
  /** Hash of everything the index was built under (settings, synonyms, format, database); see snapshots.ts. */
  key: string;
  /** The change log position the index reflects (with `pending`); see snapshots.ts. */
  watermark: { seq: number; check: string | null };
  /** Entities whose outbox jobs were not applied yet when the snapshot was taken. */
  pending: string[];
  createdAt: number;
  documents: number;
}

interface Section {
  name: string;
  kind: 'i32' | 'f64' | 'u8' | 'u32' | 'strings' | 'json';
  offset: number;
  length: number;
}

type Part = Int32Array | Float64Array | Uint8Array | Uint32Array;

/** Strings (or holes) as one UTF-8 block plus each one's UTF-16 length (-1 for a hole). */
function packStrings(strings: (string | undefined)[]): { lengths: Int32Array; text: Buffer } {
  const lengths = new Int32Array(strings.length);
  const chunks: string[] = [];
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i];
    lengths[i] = s === undefined ? -1 : s.length;
    if (s === undefined) continue;
    // UTF-8 cannot carry a lone surrogate: such a string would come back different.
    if (!s.isWellFormed()) throw new Error('a string of the index is not well-formed Unicode');
    chunks.push(s);
  }
  return { lengths, text: Buffer.from(chunks.join(''), 'utf8') };
}

/** Bytes that the next `units` UTF-16 code units take in well-formed UTF-8 text from `at`. */
function utf8Bytes(text: Buffer, at: number, units: number): number {
  let end = at;
  for (let left = units; left > 0; ) {
    const lead = text[end];
    if (lead === undefined) throw new Error('snapshot strings do not add up');
    // A four-byte sequence is a surrogate pair: two code units.
    end += lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    left -= lead < 0xf0 ? 1 : 2;
  }
  return end - at;
}

function unpackStrings(lengths: Int32Array, text: Buffer): (string | undefined)[] {
  // Each string is decoded from its own bytes, not sliced from the decoded whole: a slice
  // keeps the whole text alive (at 100,000 members the ids' and the words' texts, about
  // 2.5 MB outside the heap per process, for strings that take the same room either way).
  const ascii = isAscii(text);
  const out: (string | undefined)[] = new Array(lengths.length);
  let at = 0;
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i]!;
    if (length < 0) continue;
    const bytes = ascii ? length : utf8Bytes(text, at, length);
    if (at + bytes > text.byteLength) throw new Error('snapshot strings do not add up');
    out[i] = text.toString(ascii ? 'latin1' : 'utf8', at, at + bytes);
    at += bytes;
  }
  if (at !== text.byteLength) throw new Error('snapshot strings do not add up');
  return out;
}

/** Serialises a store (copies; the store stays live and unchanged). */
export function encodeSnapshot(store: IndexStore, meta: SnapshotMeta): Buffer[] {
  const parts = new Map<string, Part | Buffer | { json: unknown }>();
  const slots = store.capacity;
  // Documents, rewritten contiguously in slot order.
  const docStart = new Int32Array(slots);
  const docData = new Int32Array(store.docTop - store.garbage);
  let at = 0;
  for (let slot = 0; slot < slots; slot++) {
    if (store.ids[slot] === undefined) continue;
    const start = store.docStart[slot]!;
    const length = store.docWords[slot]! + store.docValues[slot]!;
    docData.set(store.docData.subarray(start, start + length), at);
    docStart[slot] = at;
    at += length;
  }
  const ids = packStrings(store.ids);
  parts.set('ids.lengths', ids.lengths);
  parts.set('ids.text', ids.text);
  parts.set('free', Int32Array.from(store.free));
  parts.set('docStart', docStart);
  parts.set('docWords', store.docWords.slice(0, slots));
  parts.set('docValues', store.docValues.slice(0, slots));
  parts.set('docData', docData.subarray(0, at));

  const words = packStrings(store.vocabulary.words);
  parts.set('words.lengths', words.lengths);
  parts.set('words.text', words.text);
  const postings = store.vocabulary.postings.compacted();
  parts.set('postings.data', postings.data);
  parts.set('postings.heads', postings.heads);
  parts.set('postings.sizes', postings.sizes);

  const facets = store.facets;
  const texts = packStrings(facets.texts);
  parts.set('values.lengths', texts.lengths);
  parts.set('values.text', texts.text);
  parts.set('values.field', facets.field.slice(0, facets.size));
  parts.set('values.numbers', facets.numbers.slice(0, facets.size));
  const valueDocs = facets.docs.compacted();
  parts.set('valueDocs.data', valueDocs.data);
  parts.set('valueDocs.heads', valueDocs.heads);
  parts.set('valueDocs.sizes', valueDocs.sizes);

  for (const [field, column] of store.columns) {
    parts.set(`column.${field}.present`, column.present.slice(0, slots));
    if (column.numbers) parts.set(`column.${field}.numbers`, column.numbers.slice(0, slots));
    else parts.set(`column.${field}.values`, { json: column.values!.slice(0, slots).map((v) => v ?? null) });
  }

  // Lay the parts out, each at a multiple of 8 bytes so typed arrays can view them in place.
  const sections: Section[] = [];
  const bodies: Buffer[] = [];
  let offset = 0;
  for (const [name, part] of parts) {
    let body: Buffer;
    let kind: Section['kind'];
    if (Buffer.isBuffer(part)) {
      body = part;
      kind = 'strings';
    } else if ('json' in part) {
      body = Buffer.from(JSON.stringify(part.json), 'utf8');
      kind = 'json';
    } else {
      body = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
      kind =
        part instanceof Int32Array
          ? 'i32'
          : part instanceof Float64Array
            ? 'f64'
            : part instanceof Uint32Array
              ? 'u32'
              : 'u8';
    }
    sections.push({ name, kind, offset, length: body.byteLength });
    bodies.push(body);
    const padding = (8 - (body.byteLength % 8)) % 8;
    if (padding > 0) bodies.push(Buffer.alloc(padding));
    offset += body.byteLength + padding;
  }
  const header = Buffer.from(
    JSON.stringify({ meta, definition: store.definition, valueItems: store.valueItems, sections }),
    'utf8',
  );
  const fixed = Buffer.alloc(16);
  MAGIC.copy(fixed, 0);
  fixed.writeUInt32LE(FORMAT_VERSION, 8);
  fixed.writeUInt32LE(header.byteLength, 12);
  const headerPadding = Buffer.alloc((8 - ((16 + header.byteLength) % 8)) % 8);
  const all = [fixed, header, headerPadding, ...bodies];
  let crc = 0;
  for (const b of all) crc = crc32(b, crc);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32LE(crc >>> 0, 0);
  all.push(trailer);
  return all;
}

/** Thrown for a file that is not a complete snapshot of this format. */
export class SnapshotFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotFormatError';
  }
}

/** Reads only the header of a snapshot: its format version and meta, without checking the body. */
export function readSnapshotMeta(bytes: Buffer): { meta: SnapshotMeta; definition: IndexDefinition } {
  if (bytes.byteLength < 20 || !bytes.subarray(0, 8).equals(MAGIC)) throw new SnapshotFormatError('not a snapshot');
  const version = bytes.readUInt32LE(8);
  if (version !== FORMAT_VERSION) throw new SnapshotFormatError(`format ${version}, expected ${FORMAT_VERSION}`);
  const headerLength = bytes.readUInt32LE(12);
  if (16 + headerLength > bytes.byteLength) throw new SnapshotFormatError('truncated header');
  const header = JSON.parse(bytes.subarray(16, 16 + headerLength).toString('utf8'));
  return { meta: header.meta, definition: header.definition };
}

/** Rebuilds a store from a snapshot file's bytes; throws SnapshotFormatError if anything is off. */
export function decodeSnapshot(bytes: Buffer): { meta: SnapshotMeta; store: IndexStore } {
  const { meta, definition } = readSnapshotMeta(bytes);
  const stored = bytes.readUInt32LE(bytes.byteLength - 4);
  if (crc32(bytes.subarray(0, bytes.byteLength - 4)) >>> 0 !== stored)
    throw new SnapshotFormatError('checksum mismatch');
  const headerLength = bytes.readUInt32LE(12);
  const header = JSON.parse(bytes.subarray(16, 16 + headerLength).toString('utf8')) as {
    valueItems: number;
    sections: Section[];
  };
  const bodyStart = 16 + headerLength + ((8 - ((16 + headerLength) % 8)) % 8);
  // Typed arrays need their byte offset aligned; a file read into its own buffer is.
  const base = (bytes.byteOffset + bodyStart) % 8 === 0 ? bytes : Buffer.from(bytes);
  const byName = new Map(header.sections.map((s) => [s.name, s]));
  const section = (name: string): Section => {
    const s = byName.get(name);
    if (!s || bodyStart + s.offset + s.length > bytes.byteLength - 4) throw new SnapshotFormatError(`missing ${name}`);
    return s;
  };
  const raw = (name: string) => {
    const s = section(name);
    return base.subarray(bodyStart + s.offset, bodyStart + s.offset + s.length);
  };
  // Each array is copied out of the file's bytes rather than viewed in place: a view keeps
  // the whole 50 MB file (at 100,000 members) alive for as long as any array is, and the
  // first change after loading replaces the biggest arrays with grown copies, so the file
  // stayed in memory beside them (about 50 MB per process for nothing).
  const view = <T extends { slice(): T }>(
    name: string,
    Type: new (b: ArrayBufferLike, o: number, l: number) => T,
    size: number,
  ): T => {
    const s = section(name);
    return new Type(base.buffer, base.byteOffset + bodyStart + s.offset, s.length / size).slice();
  };
  const i32 = (name: string) => view(name, Int32Array, 4);
  const strings = (name: string) => unpackStrings(i32(`${name}.lengths`), raw(`${name}.text`));

  const vocabulary = Vocabulary.restore(
    strings('words') as string[],
    IntLists.fromCompacted({
      data: i32('postings.data'),
      heads: i32('postings.heads'),
      sizes: i32('postings.sizes'),
    }),
  );
  const facets = FacetValues.restore(
    definition.filterableAttributes,
    strings('values') as string[],
    i32('values.field'),
    view('values.numbers', Float64Array, 8),
    IntLists.fromCompacted({
      data: i32('valueDocs.data'),
      heads: i32('valueDocs.heads'),
      sizes: i32('valueDocs.sizes'),
    }),
  );
  const columns = new Map<string, Column>();
  for (const field of columnFields(definition)) {
    const column = new Column();
    column.present = view(`column.${field}.present`, Uint8Array, 1);
    if (byName.has(`column.${field}.numbers`)) column.numbers = view(`column.${field}.numbers`, Float64Array, 8);
    else {
      column.numbers = null;
      column.values = JSON.parse(raw(`column.${field}.values`).toString('utf8'));
    }
    columns.set(field, column);
  }

  const store = new IndexStore(definition, { vocabulary, facets, columns });
  const ids = strings('ids');
  store.ids = ids;
  store.slots.reserve(ids.length);
  store.live = new Uint32Array(Math.max(32, (ids.length + 31) >>> 5));
  for (let slot = 0; slot < ids.length; slot++) {
    const id = ids[slot];
    if (id === undefined) continue;
    store.slots.set(id, slot);
    store.live[slot >>> 5]! |= 1 << (slot & 31);
  }
  store.free = [...i32('free')];
  store.docStart = i32('docStart');
  store.docWords = i32('docWords');
  store.docValues = i32('docValues');
  store.docData = i32('docData');
  store.docTop = store.docData.length;
  store.valueItems = header.valueItems;
  if (store.size !== meta.documents) throw new SnapshotFormatError('document count does not match');
  return { meta, store };
}

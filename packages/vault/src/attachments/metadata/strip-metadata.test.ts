import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  exifLatitude,
  jpegImageParts,
  jpegWithGps,
  jpegWithoutMetadata,
  metadataSecrets,
  pngWithGps,
  pngWithoutMetadata,
  testGps,
  tiffWithGps,
} from '../../testing/test-images.ts';
import { stripImageMetadata, stripMetadataFromBytes } from './strip-metadata.ts';

const ascii = (text: string) => new TextEncoder().encode(text);
const contains = (bytes: Uint8Array, needle: Uint8Array) =>
  Buffer.from(bytes).includes(Buffer.from(needle));

/** Runs the streaming transform over `bytes` cut into pieces of the given sizes. */
async function streamed(bytes: Uint8Array, sizes: number[] = [bytes.length]) {
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i += 1) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    pieces.push(bytes.slice(at, at + size));
    at += size;
  }
  const strip = stripImageMetadata();
  const out = await new Response(
    ReadableStream.from(pieces).pipeThrough(strip.stream),
  ).arrayBuffer();
  return { bytes: new Uint8Array(out), format: strip.format() };
}

describe('removing metadata from a JPEG', () => {
  it('has something to remove: the test photo carries a GPS position in its EXIF', () => {
    expect(exifLatitude(jpegWithGps())).toEqual([...testGps.latitude]);
  });

  it('removes EXIF with its GPS, XMP, ICC, IPTC, JFIF, comments and what follows the image', () => {
    const { bytes, format } = stripMetadataFromBytes(jpegWithGps());
    expect(format).toBe('jpeg');
    expect(exifLatitude(bytes)).toBeNull();
    expect(contains(bytes, ascii('Exif'))).toBe(false);
    expect(contains(bytes, tiffWithGps().subarray(8))).toBe(false);
    for (const secret of metadataSecrets) expect(contains(bytes, ascii(secret))).toBe(false);
  });

  it('keeps every byte the image is decoded from, in order', () => {
    expect(stripMetadataFromBytes(jpegWithGps()).bytes).toEqual(jpegWithoutMetadata());
  });

  it('gives the same bytes however the stream is cut', async () => {
    const photo = jpegWithGps();
    const expected = jpegWithoutMetadata();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }),
        async (sizes) => {
          expect((await streamed(photo, sizes)).bytes).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
    expect((await streamed(photo, [1])).bytes).toEqual(expected);
  });

  it('passes scan data with stuffed bytes and restart markers, and checks markers between scans', () => {
    const scanData = [0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xff, 0xd1, 0x78];
    const between = (marker: number, text: string) => {
      const body = ascii(text);
      return [0xff, marker, 0, body.length + 2, ...body];
    };
    const sos = [...jpegImageParts.scan.subarray(0, 10)];
    const progressive = Uint8Array.from([
      0xff,
      0xd8,
      ...jpegImageParts.tables,
      ...sos,
      ...scanData,
      ...between(0xfe, 'comment between scans'),
      ...between(0xe1, 'Exif\0\0 between scans'),
      ...sos,
      0x9a,
      0xff,
      0xd9,
    ]);
    const { bytes } = stripMetadataFromBytes(progressive);
    expect([...bytes]).toEqual([
      0xff,
      0xd8,
      ...jpegImageParts.tables,
      ...sos,
      // A fill byte before a marker is dropped; the marker is kept.
      ...scanData.slice(0, 7),
      0xff,
      0xd1,
      0x78,
      ...sos,
      0x9a,
      0xff,
      0xd9,
    ]);
  });

  it('keeps what arrived of a photo cut off inside its scan', () => {
    const whole = jpegWithoutMetadata();
    const cut = whole.subarray(0, whole.length - 2);
    expect(stripMetadataFromBytes(cut).bytes).toEqual(cut);
  });

  it.each([
    ['cut off inside its headers', jpegWithGps().subarray(0, 30)],
    [
      'with a segment that does not begin with a marker',
      Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0x12]),
    ],
    ['with a length shorter than its field', Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, 0, 1])],
  ])('refuses a JPEG %s rather than send what it could not check', async (_label, broken) => {
    expect(() => stripMetadataFromBytes(broken)).toThrow(
      expect.objectContaining({ code: 'image_unreadable' }),
    );
    await expect(streamed(broken)).rejects.toMatchObject({ code: 'image_unreadable' });
  });
});

describe('removing metadata from a PNG', () => {
  it('removes text, compressed and international text, eXIf, tIME, iCCP and what follows IEND', () => {
    const { bytes, format } = stripMetadataFromBytes(pngWithGps());
    expect(format).toBe('png');
    expect(bytes).toEqual(pngWithoutMetadata());
    for (const secret of metadataSecrets) expect(contains(bytes, ascii(secret))).toBe(false);
    expect(contains(bytes, tiffWithGps().subarray(8))).toBe(false);
  });

  it('leaves chunks whose checksums hold and whose image data still inflates', () => {
    const bytes = stripMetadataFromBytes(pngWithGps()).bytes;
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const types: string[] = [];
    for (let at = 8; at < bytes.length; ) {
      const length = view.getUint32(at);
      const type = new TextDecoder().decode(bytes.subarray(at + 4, at + 8));
      types.push(type);
      if (type === 'IDAT') {
        expect([...inflateSync(bytes.subarray(at + 8, at + 8 + length))]).toEqual([0, 0x80]);
      }
      at += 12 + length;
    }
    expect(types).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
  });

  it('gives the same bytes however the stream is cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }),
        async (sizes) => {
          expect((await streamed(pngWithGps(), sizes)).bytes).toEqual(pngWithoutMetadata());
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([
    ['cut off before IEND', pngWithGps().subarray(0, 60)],
    [
      'with a chunk type that is not letters',
      Uint8Array.from([...pngWithoutMetadata().subarray(0, 8), 0, 0, 0, 0, 0x31, 0x32, 0x33, 0x34]),
    ],
  ])('refuses a PNG %s', (_label, broken) => {
    expect(() => stripMetadataFromBytes(broken)).toThrow(
      expect.objectContaining({ code: 'image_unreadable' }),
    );
  });
});

describe('files that are not JPEG or PNG', () => {
  it.each([
    ['a PDF', ascii('%PDF-1.7\n% Ahmed K. statement\n')],
    ['a short text', ascii('hi')],
    ['an empty file', new Uint8Array(0)],
  ])('pass %s unchanged', async (_label, bytes) => {
    expect(stripMetadataFromBytes(bytes)).toEqual({ bytes, format: null });
    expect(await streamed(bytes, [3])).toEqual({ bytes, format: null });
  });

  it('recognises an image by its content, whatever it is called', async () => {
    const named = await streamed(jpegWithGps(), [5]);
    expect(named.format).toBe('jpeg');
  });
});

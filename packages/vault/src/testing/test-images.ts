// Small images built byte by byte for the metadata tests: a JPEG and a PNG that carry a
// GPS position and other identifying metadata in every place those formats allow.

import { crc32, deflateSync } from 'node:zlib';

const ascii = (text: string) => new TextEncoder().encode(text);

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

const u16 = (n: number) => [n >> 8, n & 0xff];
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

/** Where the test photo was taken, as EXIF writes it: 43° 18′ 30.61″ N, 45° 41′ 22.17″ E. */
export const testGps = {
  latitude: [43, 18, 30.61],
  longitude: [45, 41, 22.17],
} as const;

/** Text hidden in the metadata; none of it may survive stripping. */
export const metadataSecrets = [
  'CorridorTestPhone',
  'Ahmed took this at the checkpoint',
  '<exif:GPSLatitude>43,18.51N</exif:GPSLatitude>',
  'Grozny, Checkpoint 7',
  'iPhone of Ahmed K.',
  'trailer after the image',
];

/** A TIFF structure (big-endian) with a camera make and a GPS IFD, as in EXIF and eXIf. */
export function tiffWithGps(): Uint8Array {
  const rational = (value: number) => {
    const scaled = Math.round(value * 100);
    return scaled % 100 === 0 ? [...u32(scaled / 100), ...u32(1)] : [...u32(scaled), ...u32(100)];
  };
  const make = ascii(`${metadataSecrets[0]}\0`);
  // Layout: header 8 | IFD0 (2 entries) 30 | GPS IFD (4 entries) 54 | data.
  const ifd0At = 8;
  const gpsAt = ifd0At + 2 + 2 * 12 + 4;
  const dataAt = gpsAt + 2 + 4 * 12 + 4;
  const makeAt = dataAt;
  const latAt = makeAt + make.length;
  const lonAt = latAt + 24;
  const entry = (tag: number, type: number, count: number, value: number[]) => [
    ...u16(tag),
    ...u16(type),
    ...u32(count),
    ...value,
  ];
  return concat(
    ascii('MM'),
    u16(42),
    u32(ifd0At),
    u16(2),
    entry(0x010f, 2, make.length, u32(makeAt)),
    entry(0x8825, 4, 1, u32(gpsAt)),
    u32(0),
    u16(4),
    entry(0x0001, 2, 2, [0x4e, 0, 0, 0]),
    entry(0x0002, 5, 3, u32(latAt)),
    entry(0x0003, 2, 2, [0x45, 0, 0, 0]),
    entry(0x0004, 5, 3, u32(lonAt)),
    u32(0),
    make,
    testGps.latitude.flatMap(rational),
    testGps.longitude.flatMap(rational),
  );
}

const segment = (marker: number, payload: Uint8Array | number[]) => {
  const body = payload instanceof Uint8Array ? payload : Uint8Array.from(payload);
  return concat([0xff, marker, ...u16(body.length + 2)], body);
};

/**
 * The parts of an 8×8 grey baseline JPEG that decoding needs: quantisation table, frame,
 * the two Huffman tables (one code each), the scan header and its two bits of data —
 * DC difference 0 and end of block, padded with ones.
 */
export const jpegImageParts = {
  adobe: segment(0xee, [...ascii('Adobe'), 0, 100, 0, 0, 0, 0, 0]),
  tables: concat(
    segment(0xdb, [0, ...new Array<number>(64).fill(1)]),
    segment(0xc0, [8, ...u16(8), ...u16(8), 1, 1, 0x11, 0]),
    segment(0xc4, [0x00, 1, ...new Array<number>(15).fill(0), 0]),
    segment(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0]),
  ),
  scan: concat(segment(0xda, [1, 1, 0x00, 0, 63, 0]), [0x3f]),
};

/** The test JPEG as a phone might save it: JFIF, EXIF with GPS, XMP, ICC, IPTC, a comment, and a trailer. */
export function jpegWithGps(): Uint8Array {
  const [, comment, xmp, iptc, icc, trailer] = metadataSecrets as unknown as string[];
  return concat(
    [0xff, 0xd8],
    segment(0xe0, [...ascii('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    segment(0xe1, concat(ascii('Exif\0\0'), tiffWithGps())),
    segment(0xe1, ascii(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${xmp}</x:xmpmeta>`)),
    segment(0xe2, concat(ascii('ICC_PROFILE\0'), [1, 1], ascii(`desc ${icc}`))),
    segment(0xed, ascii(`Photoshop 3.0\u00008BIM${iptc}`)),
    jpegImageParts.adobe,
    segment(0xfe, ascii(comment ?? '')),
    jpegImageParts.tables,
    jpegImageParts.scan,
    [0xff, 0xd9],
    ascii(`${trailer}`),
  );
}

/** What stripping must leave of `jpegWithGps()`: the image, and Adobe's APP14. */
export function jpegWithoutMetadata(): Uint8Array {
  return concat(
    [0xff, 0xd8],
    jpegImageParts.adobe,
    jpegImageParts.tables,
    jpegImageParts.scan,
    [0xff, 0xd9],
  );
}

/** The GPS latitude (degrees, minutes, seconds) in a JPEG's EXIF, or null if it has none. */
export function exifLatitude(jpeg: Uint8Array): number[] | null {
  const view = new DataView(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1] as number;
    const length = view.getUint16(at + 2);
    if (marker === 0xda) break;
    const exif = at + 4;
    if (marker === 0xe1 && new TextDecoder().decode(jpeg.subarray(exif, exif + 4)) === 'Exif') {
      const tiff = exif + 6;
      const little = jpeg[tiff] === 0x49;
      const u16At = (p: number) => view.getUint16(tiff + p, little);
      const u32At = (p: number) => view.getUint32(tiff + p, little);
      const findTag = (ifd: number, tag: number) => {
        for (let i = 0; i < u16At(ifd); i += 1) {
          const e = ifd + 2 + i * 12;
          if (u16At(e) === tag) return u32At(e + 8);
        }
        return null;
      };
      const gps = findTag(u32At(4), 0x8825);
      const latitude = gps === null ? null : findTag(gps, 0x0002);
      if (latitude === null) return null;
      return [0, 1, 2].map((i) => u32At(latitude + i * 8) / u32At(latitude + i * 8 + 4));
    }
    at += 2 + length;
  }
  return null;
}

function pngChunk(type: string, data: Uint8Array | number[]): Uint8Array {
  const body = concat(ascii(type), data);
  return concat(u32(body.length - 4), body, u32(crc32(body)));
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const pngKept = () => ({
  header: pngChunk('IHDR', [...u32(1), ...u32(1), 8, 0, 0, 0, 0]),
  physical: pngChunk('pHYs', [...u32(2835), ...u32(2835), 1]),
  data: pngChunk('IDAT', deflateSync(Uint8Array.from([0, 0x80]))),
  end: pngChunk('IEND', []),
});

/** A 1×1 grey PNG with text, compressed text, international text, EXIF, time and an ICC profile. */
export function pngWithGps(): Uint8Array {
  const kept = pngKept();
  const [make, comment, xmp, place, icc, trailer] = metadataSecrets as unknown as string[];
  return concat(
    pngSignature,
    kept.header,
    pngChunk('tEXt', ascii(`Comment\0${comment}`)),
    pngChunk('zTXt', concat(ascii('Location\0\0'), deflateSync(ascii(`${place}`)))),
    pngChunk('iTXt', ascii(`XML:com.adobe.xmp\0\0\0\0\0${xmp}`)),
    pngChunk('eXIf', tiffWithGps()),
    pngChunk('tIME', [...u16(2026), 11, 25, 10, 0, 0]),
    pngChunk('iCCP', concat(ascii(`${icc}\0`), [0], deflateSync(ascii(`${make}`)))),
    kept.physical,
    kept.data,
    kept.end,
    ascii(`${trailer}`),
  );
}

/** What stripping must leave of `pngWithGps()`. */
export function pngWithoutMetadata(): Uint8Array {
  const kept = pngKept();
  return concat(pngSignature, kept.header, kept.physical, kept.data, kept.end);
}

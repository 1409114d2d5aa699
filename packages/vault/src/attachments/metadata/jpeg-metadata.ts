import { ByteCursor, unreadable } from './byte-cursor.ts';

/** Marker bytes (ITU-T T.81 Table B.1). */
const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const COM = 0xfe;
const APP0 = 0xe0;
const APP14 = 0xee;
const TEM = 0x01;
const isRestart = (marker: number) => marker >= 0xd0 && marker <= 0xd7;
const isApp = (marker: number) => marker >= APP0 && marker <= 0xef;

/** `Adobe` at the start of APP14: its colour-transform flag is needed to decode CMYK/YCCK. */
const adobe = [0x41, 0x64, 0x6f, 0x62, 0x65];

type State =
  | { kind: 'start' }
  | { kind: 'marker' }
  | { kind: 'length'; marker: number }
  | { kind: 'segment'; marker: number; length: number }
  | { kind: 'payload'; keep: boolean; remaining: number; thenScan: boolean }
  | { kind: 'scan' }
  | { kind: 'end' };

/**
 * Removes metadata from a JPEG as it streams: every APPn segment (EXIF and its GPS IFD,
 * XMP, ICC profiles, IPTC/Photoshop, JFIF thumbnails, MPF) except Adobe's APP14, which
 * decoding CMYK images needs; comments (COM); and whatever follows the end of the image
 * (appended second images, vendor trailers). Frame, tables, scans and restart markers
 * pass unchanged, so the image decodes to the same pixels. Markers between the scans of
 * a progressive JPEG are checked too. Malformed structure throws `image_unreadable`.
 */
export class JpegMetadataStripper {
  private readonly input = new ByteCursor();
  private state: State = { kind: 'start' };
  private scans = 0;

  push(chunk: Uint8Array): Uint8Array[] {
    this.input.feed(chunk);
    const out: Uint8Array[] = [];
    while (this.step(out)) {}
    return out;
  }

  end(): Uint8Array[] {
    const { kind } = this.state;
    // A file cut off inside its last scan still shows what arrived; anything else cut
    // short has not been read far enough to know what it holds.
    if (kind === 'end' || kind === 'scan' || (kind === 'marker' && this.scans > 0)) return [];
    throw unreadable('the JPEG ends inside its headers');
  }

  /** One step of the parser; false when it needs more bytes. */
  private step(out: Uint8Array[]): boolean {
    const input = this.input;
    const state = this.state;
    switch (state.kind) {
      case 'start': {
        if (input.available < 2) return false;
        if (input.peek(0) !== 0xff || input.peek(1) !== SOI) throw unreadable('no start of image');
        out.push(input.take(2));
        this.state = { kind: 'marker' };
        return true;
      }
      case 'marker': {
        if (input.available < 2) return false;
        if (input.peek(0) !== 0xff) throw unreadable('a segment does not begin with a marker');
        const marker = input.peek(1);
        if (marker === 0xff) {
          input.take(1); // fill byte (T.81 B.1.1.2)
          return true;
        }
        if (marker === 0x00 || marker === SOI) throw unreadable('a marker out of place');
        if (marker === EOI) {
          out.push(input.take(2));
          this.state = { kind: 'end' };
          return true;
        }
        if (isRestart(marker) || marker === TEM) {
          out.push(input.take(2));
          if (this.scans > 0) this.state = { kind: 'scan' };
          return true;
        }
        input.take(2);
        this.state = { kind: 'length', marker };
        return true;
      }
      case 'length': {
        if (input.available < 2) return false;
        const length = (input.peek(0) << 8) | input.peek(1);
        if (length < 2) throw unreadable('a segment shorter than its length field');
        input.take(2);
        this.state = { kind: 'segment', marker: state.marker, length };
        return true;
      }
      case 'segment': {
        const { marker, length } = state;
        let keep = !isApp(marker) && marker !== COM;
        if (marker === APP14) {
          // Decide on its identifier, so wait for it (or for the whole, if shorter).
          const needed = Math.min(adobe.length, length - 2);
          if (input.available < needed) return false;
          keep = needed === adobe.length && adobe.every((byte, i) => input.peek(i) === byte);
        }
        if (keep) out.push(Uint8Array.of(0xff, marker, length >> 8, length & 0xff));
        this.state = { kind: 'payload', keep, remaining: length - 2, thenScan: marker === SOS };
        return true;
      }
      case 'payload': {
        if (state.remaining > 0) {
          if (input.available === 0) return false;
          const piece = input.take(state.remaining);
          state.remaining -= piece.length;
          if (state.keep) out.push(piece);
          return true;
        }
        if (state.thenScan) this.scans += 1;
        this.state = { kind: state.thenScan ? 'scan' : 'marker' };
        return true;
      }
      case 'scan':
        return this.scan(out);
      case 'end': {
        // Nothing after the end of the image is kept.
        input.take(input.available);
        return false;
      }
    }
  }

  /** Entropy-coded data: passes through up to the next marker that is not a restart. */
  private scan(out: Uint8Array[]): boolean {
    const input = this.input;
    if (input.available === 0) return false;
    const ff = input.indexOf(0xff);
    if (ff < 0) {
      out.push(input.take(input.available));
      return false;
    }
    if (ff > 0) out.push(input.take(ff));
    if (input.available < 2) return false;
    const next = input.peek(1);
    if (next === 0x00 || isRestart(next)) {
      out.push(input.take(2)); // a stuffed 0xFF data byte, or a restart marker
      return true;
    }
    if (next === 0xff) {
      input.take(1); // a fill byte before a marker (T.81 B.1.1.2)
      return true;
    }
    this.state = { kind: 'marker' };
    return true;
  }
}

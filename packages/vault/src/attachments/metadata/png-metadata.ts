import { ByteCursor, unreadable } from './byte-cursor.ts';

export const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Ancillary chunks kept: those that change how pixels look (transparency, colour space,
 * gamma, physical size, animation). Every other ancillary chunk goes: text (tEXt, zTXt,
 * iTXt — where GPS, authors and software are written), eXIf, tIME, ICC profiles (iCCP,
 * which carry a profile name and the device's description), and anything unknown
 * (vendor chunks, C2PA manifests). Critical chunks (upper-case first letter) are kept:
 * a decoder needs them.
 */
const keptAncillary = new Set([
  'tRNS',
  'cHRM',
  'gAMA',
  'sBIT',
  'sRGB',
  'cICP',
  'mDCV',
  'cLLI',
  'bKGD',
  'hIST',
  'pHYs',
  'sPLT',
  'acTL',
  'fcTL',
  'fdAT',
]);

const isCritical = (type: string) => type.charCodeAt(0) >= 0x41 && type.charCodeAt(0) <= 0x5a;
const chunkType = /^[A-Za-z]{4}$/;

type State =
  | { kind: 'signature' }
  | { kind: 'header' }
  | { kind: 'body'; keep: boolean; remaining: number; last: boolean }
  | { kind: 'end' };

/**
 * Removes metadata chunks from a PNG as it streams (PNG spec, 3rd ed., §5.3): chunks
 * are passed whole, CRC and all, or skipped whole, so what remains needs no rewriting.
 * Bytes after IEND are dropped. Malformed structure throws `image_unreadable`.
 */
export class PngMetadataStripper {
  private readonly input = new ByteCursor();
  private state: State = { kind: 'signature' };

  push(chunk: Uint8Array): Uint8Array[] {
    this.input.feed(chunk);
    const out: Uint8Array[] = [];
    while (this.step(out)) {}
    return out;
  }

  end(): Uint8Array[] {
    if (this.state.kind !== 'end') throw unreadable('the PNG ends before IEND');
    return [];
  }

  private step(out: Uint8Array[]): boolean {
    const input = this.input;
    const state = this.state;
    switch (state.kind) {
      case 'signature': {
        if (input.available < 8) return false;
        if (!pngSignature.every((byte, i) => input.peek(i) === byte)) {
          throw unreadable('no PNG signature');
        }
        out.push(input.take(8));
        this.state = { kind: 'header' };
        return true;
      }
      case 'header': {
        if (input.available < 8) return false;
        const length =
          ((input.peek(0) << 24) >>> 0) +
          (input.peek(1) << 16) +
          (input.peek(2) << 8) +
          input.peek(3);
        const type = String.fromCharCode(
          input.peek(4),
          input.peek(5),
          input.peek(6),
          input.peek(7),
        );
        if (length > 0x7fffffff || !chunkType.test(type)) throw unreadable('a malformed chunk');
        const keep = isCritical(type) || keptAncillary.has(type);
        const header = input.take(8);
        if (keep) out.push(header);
        this.state = { kind: 'body', keep, remaining: length + 4, last: type === 'IEND' };
        return true;
      }
      case 'body': {
        if (state.remaining > 0) {
          if (input.available === 0) return false;
          const piece = input.take(state.remaining);
          state.remaining -= piece.length;
          if (state.keep) out.push(piece);
          return true;
        }
        this.state = { kind: state.last ? 'end' : 'header' };
        return true;
      }
      case 'end': {
        input.take(input.available);
        return false;
      }
    }
  }
}

import type { Brand } from './brand.ts';
import { CryptoError } from './errors.ts';
import { lib } from './sodium.ts';

/** URL-safe base64 without padding (RFC 4648 §5), the text form of every byte string we send. */
export type Base64 = Brand<string, 'Base64'>;
/** Lower-case hexadecimal. */
export type Hex = Brand<string, 'Hex'>;

const base64Pattern = /^[A-Za-z0-9_-]*$/;

// Base64url by tables in TypeScript: libsodium's codecs copy each string into
// WebAssembly and back, about three times the cost of these loops on an event payload,
// and unlock decodes every payload and encodes every digest of a caseload. They accept
// and produce exactly what libsodium does (encoding.test.ts compares them at random).
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** 6-bit value of each ASCII code; 64 and up for anything outside the alphabet. */
const sextets = new Uint8Array(128).fill(0xff);
for (let i = 0; i < alphabet.length; i++) sextets[alphabet.charCodeAt(i)] = i;
/** ASCII code of each 6-bit value. */
const codes = new Uint8Array(64);
for (let i = 0; i < alphabet.length; i++) codes[i] = alphabet.charCodeAt(i);
// The characters are ASCII, which every label decodes alike; this one gives one flat string.
const ascii = new TextDecoder('latin1');

const sextet = (code: number): number => (code < 128 ? (sextets[code] as number) : 0xff);

const malformedBase64 = () => new CryptoError('malformed', 'not URL-safe base64 without padding');

/** Bytes → URL-safe base64 without padding. */
export function toBase64(bytes: Uint8Array): Base64 {
  const sodium = lib();
  // Anything else (libsodium also takes a string, as its UTF-8) goes the way it always went.
  if (!(bytes instanceof Uint8Array)) {
    return sodium.to_base64(bytes, sodium.base64_variants.URLSAFE_NO_PADDING) as Base64;
  }
  const n = bytes.length;
  const whole = n - (n % 3);
  const out = new Uint8Array(Math.ceil((n * 4) / 3));
  let o = 0;
  let i = 0;
  while (i < whole) {
    const v =
      ((bytes[i++] as number) << 16) | ((bytes[i++] as number) << 8) | (bytes[i++] as number);
    out[o++] = codes[v >> 18] as number;
    out[o++] = codes[(v >> 12) & 63] as number;
    out[o++] = codes[(v >> 6) & 63] as number;
    out[o++] = codes[v & 63] as number;
  }
  if (n - whole === 1) {
    const v = bytes[i] as number;
    out[o++] = codes[v >> 2] as number;
    out[o++] = codes[(v & 3) << 4] as number;
  } else if (n - whole === 2) {
    const v = ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
    out[o++] = codes[v >> 10] as number;
    out[o++] = codes[(v >> 4) & 63] as number;
    out[o++] = codes[(v & 15) << 2] as number;
  }
  return ascii.decode(out) as Base64;
}

/**
 * URL-safe base64 without padding → bytes.
 * @throws CryptoError `malformed` for any other alphabet, padding, a length that cannot
 *   occur, or bits left over in the last character (only one text per byte string).
 */
export function fromBase64(text: string): Uint8Array {
  if (typeof text !== 'string') return fromBase64BySodium(text);
  const out = new Uint8Array(base64Bytes(text));
  decodeBase64Into(text, out, 0);
  // Before initCrypto() this refuses as every operation of the package does.
  lib();
  return out;
}

/**
 * How many bytes a base64 text decodes to.
 * @throws CryptoError `malformed` for a length that cannot occur
 */
export function base64Bytes(text: string): number {
  const rest = text.length & 3;
  if (rest === 1) throw malformedBase64();
  return ((text.length - rest) >> 2) * 3 + (rest === 0 ? 0 : rest - 1);
}

/**
 * Decodes base64 into `out` from `at` (room for `base64Bytes(text)` bytes), for
 * callers that decode straight into libsodium's memory. Internal to the package.
 * @throws CryptoError `malformed`, as fromBase64
 */
export function decodeBase64Into(text: string, out: Uint8Array, at: number): void {
  const n = text.length;
  const rest = n & 3;
  if (rest === 1) throw malformedBase64();
  const whole = n - rest;
  let o = at;
  let bad = 0;
  for (let i = 0; i < whole; i += 4) {
    const a = sextet(text.charCodeAt(i));
    const b = sextet(text.charCodeAt(i + 1));
    const c = sextet(text.charCodeAt(i + 2));
    const d = sextet(text.charCodeAt(i + 3));
    bad |= a | b | c | d;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    out[o++] = v >> 8;
    out[o++] = v;
  }
  if (rest !== 0) {
    const a = sextet(text.charCodeAt(whole));
    const b = sextet(text.charCodeAt(whole + 1));
    bad |= a | b;
    out[o++] = (a << 2) | (b >> 4);
    if (rest === 2) {
      // The last character's low 4 bits are not part of any byte: they must be zero.
      bad |= (b & 15) << 6;
    } else {
      const c = sextet(text.charCodeAt(whole + 2));
      bad |= c | ((c & 3) << 6);
      out[o++] = (b << 4) | (c >> 2);
    }
  }
  if (bad > 63) throw malformedBase64();
}

/** The decoding as it was, for values that are not strings at all. */
function fromBase64BySodium(text: string): Uint8Array {
  if (!base64Pattern.test(text) || text.length % 4 === 1) throw malformedBase64();
  const sodium = lib();
  try {
    return sodium.from_base64(text, sodium.base64_variants.URLSAFE_NO_PADDING);
  } catch {
    throw malformedBase64();
  }
}

export function toHex(bytes: Uint8Array): Hex {
  return lib().to_hex(bytes) as Hex;
}

/** @throws CryptoError `malformed` unless the text is an even number of hex digits. */
export function fromHex(text: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) throw new CryptoError('malformed', 'not hexadecimal');
  return lib().from_hex(text);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Up to this many UTF-16 units, `utf8` tries copying ASCII before calling TextEncoder. */
const shortText = 64;

/** UTF-8 bytes of a string. Lone UTF-16 surrogates are refused, not replaced: see `wellFormed`. */
export function utf8(text: string): Uint8Array {
  // Short ASCII (ids, record kinds, the fields of associated data) is its own UTF-8:
  // copying it costs a fraction of a call to TextEncoder, which wins on longer text.
  if (typeof text === 'string' && text.length <= shortText) {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0x7f) return encoder.encode(wellFormed(text));
      out[i] = code;
    }
    return out;
  }
  return encoder.encode(wellFormed(text));
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The string itself if it is well-formed UTF-16. UTF-8 encoding would turn every lone
 * surrogate into U+FFFD, so two different identifiers could bind to the same bytes.
 * @throws CryptoError `malformed`
 */
export function wellFormed(text: string): string {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  // The engine's own check (Node 20, current browsers) is several times the regex's speed.
  const good = typeof native === 'function' ? native.call(text) : !loneSurrogate.test(text);
  if (!good) throw new CryptoError('malformed', 'text with a lone UTF-16 surrogate');
  return text;
}

/** @throws CryptoError `malformed` for bytes that are not valid UTF-8. */
export function fromUtf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new CryptoError('malformed', 'not valid UTF-8');
  }
}

/** Byte strings joined end to end. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

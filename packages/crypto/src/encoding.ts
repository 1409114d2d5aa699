import type { Brand } from './brand.ts';
import { CryptoError } from './errors.ts';
import { lib } from './sodium.ts';

/** URL-safe base64 without padding (RFC 4648 §5), the text form of every byte string we send. */
export type Base64 = Brand<string, 'Base64'>;
/** Lower-case hexadecimal. */
export type Hex = Brand<string, 'Hex'>;

const base64Pattern = /^[A-Za-z0-9_-]*$/;

/** Bytes → URL-safe base64 without padding. */
export function toBase64(bytes: Uint8Array): Base64 {
  const sodium = lib();
  return sodium.to_base64(bytes, sodium.base64_variants.URLSAFE_NO_PADDING) as Base64;
}

/**
 * URL-safe base64 without padding → bytes.
 * @throws CryptoError `malformed` for any other alphabet, padding or a length that cannot occur.
 */
export function fromBase64(text: string): Uint8Array {
  if (!base64Pattern.test(text) || text.length % 4 === 1) {
    throw new CryptoError('malformed', 'not URL-safe base64 without padding');
  }
  const sodium = lib();
  try {
    return sodium.from_base64(text, sodium.base64_variants.URLSAFE_NO_PADDING);
  } catch {
    throw new CryptoError('malformed', 'not URL-safe base64 without padding');
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

/** UTF-8 bytes of a string. Lone UTF-16 surrogates are refused, not replaced: see `wellFormed`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(wellFormed(text));
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The string itself if it is well-formed UTF-16. UTF-8 encoding would turn every lone
 * surrogate into U+FFFD, so two different identifiers could bind to the same bytes.
 * @throws CryptoError `malformed`
 */
export function wellFormed(text: string): string {
  if (loneSurrogate.test(text))
    throw new CryptoError('malformed', 'text with a lone UTF-16 surrogate');
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

import { aeadNonceBytes, aeadTagBytes } from './aead.ts';
import { digestPrefix } from './content-digest.ts';
import { type Base64, base64Bytes, decodeBase64Into, toBase64, wellFormed } from './encoding.ts';
import { envelopeTypes, envelopeVersion, headerBytes } from './envelope.ts';
import { CryptoError } from './errors.ts';
import type { RecordKey } from './keys.ts';
import type { RecordContext } from './records.ts';
import { lib } from './sodium.ts';

/**
 * The parts of libsodium's WebAssembly module the reader calls directly. 64-bit lengths
 * are passed as two 32-bit halves, as libsodium's own wrappers pass them.
 */
interface SodiumModule {
  readonly HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _crypto_generichash(
    out: number,
    outBytes: number,
    input: number,
    inputBytesLow: number,
    inputBytesHigh: number,
    key: number,
    keyBytes: number,
  ): number;
  _crypto_aead_xchacha20poly1305_ietf_decrypt(
    message: number,
    messageBytesOut: number,
    secretNonce: number,
    ciphertext: number,
    ciphertextBytesLow: number,
    ciphertextBytesHigh: number,
    ad: number,
    adBytesLow: number,
    adBytesHigh: number,
    nonce: number,
    key: number,
  ): number;
}

/** Reads records served as base64 in bulk: see `createRecordReader`. */
export interface RecordReader {
  /**
   * Takes one record envelope, as served, into the reader's memory.
   * @returns its content digest for `purpose`, as `toBase64(contentDigest(purpose, bytes))`
   * @throws CryptoError `malformed` for text that is not base64url
   */
  take(envelope: string, purpose: string): Base64;
  /**
   * Opens the record taken last, as `decryptRecord` would, and decodes it as UTF-8.
   * @throws CryptoError as decryptRecord does, and `malformed` for text not UTF-8
   */
  openText(key: RecordKey, context: RecordContext): string;
  /** `toBase64(contentDigest(purpose, utf8(text)))`. @throws CryptoError `malformed` */
  digestText(text: string, purpose: string): Base64;
  /** Zeroes and frees the reader's memory; it cannot be used afterwards. */
  dispose(): void;
}

/** Room before the data of a region for the longest digest prefix. */
const prefixRoom = 128;
const digestBytes = 32;
const keyBytes = 32;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A block of libsodium's memory that grows (and is zeroed before it is let go). */
class Region {
  pointer = 0;
  size = 0;
  constructor(private readonly module: SodiumModule) {}

  /** Makes room for `bytes`, dropping what it held. @returns the pointer */
  fit(bytes: number): number {
    if (bytes <= this.size) return this.pointer;
    const size = Math.max(bytes, 4096, this.size * 2);
    this.free();
    const pointer = this.module._malloc(size);
    if (pointer === 0) throw new CryptoError('malformed', 'out of memory for a record');
    this.pointer = pointer;
    this.size = size;
    return pointer;
  }

  free(): void {
    if (this.size === 0) return;
    this.module.HEAPU8.fill(0, this.pointer, this.pointer + this.size);
    this.module._free(this.pointer);
    this.pointer = 0;
    this.size = 0;
  }
}

/**
 * A reader for opening many records in a row, as unlock does with a whole caseload.
 * `decryptRecord` and `contentDigest` go through libsodium's JavaScript wrappers, which
 * allocate and copy each input and output; for records of a few hundred bytes that is
 * most of the cost. The reader decodes base64 straight into libsodium's memory, digests
 * and decrypts there, and decodes the plaintext from there: the same libsodium functions
 * on the same bytes, without the copies. Each call zeroes the key and the plaintext it
 * wrote there before it returns; `dispose` zeroes the rest (ciphertext, statements).
 */
export function createRecordReader(): RecordReader {
  const module = (lib() as unknown as { libsodium: SodiumModule }).libsodium;
  const prefixes = new Map<string, Uint8Array>();
  const prefixOf = (purpose: string) => {
    let prefix = prefixes.get(purpose);
    if (prefix === undefined) {
      prefix = digestPrefix(purpose);
      if (prefix.length > prefixRoom) throw new CryptoError('malformed', 'purpose too long');
      prefixes.set(purpose, prefix);
    }
    return prefix;
  };
  // key (32) ‖ digest out (32)
  const fixed = new Region(module);
  fixed.fit(keyBytes + digestBytes);
  // prefix room ‖ envelope ‖ plaintext
  const records = new Region(module);
  // prefix room ‖ text (or associated data)
  const texts = new Region(module);
  let taken = -1;
  let disposed = false;

  const digestAt = (prefix: Uint8Array, data: number, bytes: number): Base64 => {
    const heap = module.HEAPU8;
    heap.set(prefix, data - prefix.length);
    const out = fixed.pointer + keyBytes;
    module._crypto_generichash(
      out,
      digestBytes,
      data - prefix.length,
      prefix.length + bytes,
      0,
      0,
      0,
    );
    return toBase64(heap.subarray(out, out + digestBytes));
  };

  const alive = () => {
    if (disposed) throw new CryptoError('not_initialised', 'the record reader was disposed');
  };

  return {
    take(envelope, purpose) {
      alive();
      taken = -1;
      const prefix = prefixOf(purpose);
      const bytes = base64Bytes(envelope);
      const start = records.fit(prefixRoom + 2 * bytes) + prefixRoom;
      decodeBase64Into(envelope, module.HEAPU8, start);
      taken = bytes;
      return digestAt(prefix, start, bytes);
    },

    openText(key, context) {
      alive();
      if (taken < 0) throw new CryptoError('malformed', 'no record was taken');
      // Associated data as associatedData('record', ['record', caseId, kind]) writes it;
      // room made first, since making room may move libsodium's heap.
      const fields = ['record', wellFormed(context.caseId), wellFormed(context.kind)];
      const ad = texts.fit(headerBytes + fields.reduce((n, f) => n + 4 + 3 * f.length, 0));
      const heap = module.HEAPU8;
      const envelope = records.pointer + prefixRoom;
      if (taken < headerBytes + aeadNonceBytes + aeadTagBytes) {
        throw new CryptoError('malformed', 'too short for a record envelope');
      }
      if (heap[envelope] !== envelopeVersion) {
        throw new CryptoError(
          'unsupported_version',
          `envelope version ${heap[envelope]} is not supported`,
        );
      }
      if (heap[envelope + 1] !== envelopeTypes.record) {
        throw new CryptoError('wrong_envelope_type', 'expected a record envelope');
      }
      if (key.length !== keyBytes) {
        throw new CryptoError('invalid_key', `the key must be ${keyBytes} bytes`);
      }
      let at = ad;
      heap[at++] = envelopeVersion;
      heap[at++] = envelopeTypes.record;
      for (const field of fields) {
        const { written } = encoder.encodeInto(
          field,
          heap.subarray(at + 4, texts.pointer + texts.size),
        );
        heap[at] = written >>> 24;
        heap[at + 1] = written >>> 16;
        heap[at + 2] = written >>> 8;
        heap[at + 3] = written;
        at += 4 + written;
      }
      const nonce = envelope + headerBytes;
      const ciphertext = nonce + aeadNonceBytes;
      const ciphertextBytes = taken - headerBytes - aeadNonceBytes;
      const plaintext = envelope + taken;
      heap.set(key, fixed.pointer);
      const failed = module._crypto_aead_xchacha20poly1305_ietf_decrypt(
        plaintext,
        0,
        0,
        ciphertext,
        ciphertextBytes,
        0,
        ad,
        at - ad,
        0,
        nonce,
        fixed.pointer,
      );
      heap.fill(0, fixed.pointer, fixed.pointer + keyBytes);
      if (failed !== 0) {
        throw new CryptoError('decryption_failed', 'wrong key, or the data was changed');
      }
      const view = heap.subarray(plaintext, plaintext + ciphertextBytes - aeadTagBytes);
      try {
        return decoder.decode(view);
      } catch {
        throw new CryptoError('malformed', 'not valid UTF-8');
      } finally {
        view.fill(0);
      }
    },

    digestText(text, purpose) {
      alive();
      const prefix = prefixOf(purpose);
      wellFormed(text);
      const start = texts.fit(prefixRoom + 3 * text.length) + prefixRoom;
      const heap = module.HEAPU8;
      const { written } = encoder.encodeInto(
        text,
        heap.subarray(start, texts.pointer + texts.size),
      );
      return digestAt(prefix, start, written);
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      fixed.free();
      records.free();
      texts.free();
    },
  };
}

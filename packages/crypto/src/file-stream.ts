import { ByteQueue } from './byte-queue.ts';
import { concatBytes } from './encoding.ts';
import { associatedData, envelopeHeader, headerBytes, openEnvelope } from './envelope.ts';
import { CryptoError } from './errors.ts';
import { asSymmetricKey, type FileKey } from './keys.ts';
import { lib, type Sodium } from './sodium.ts';

/**
 * Files are encrypted with libsodium's secretstream (XChaCha20-Poly1305 in chunks, each
 * with a counter-derived nonce and a tag; the last chunk tagged FINAL). Layout:
 *   envelope header (2) ‖ stream header (24) ‖ chunk ‖ chunk ‖ … ‖ final chunk
 * where each chunk is up to 64 KiB of plaintext plus 17 bytes. A dropped, repeated,
 * reordered or truncated chunk fails; neither side ever holds the whole file.
 */
export const fileChunkBytes = 64 * 1024;
const chunkOverhead = 17; // crypto_secretstream_xchacha20poly1305_ABYTES
const streamHeaderBytes = 24;

/** Bound into every chunk, so chunks of one attachment cannot be passed off as another's. */
export interface FileContext {
  readonly fileId: string;
}

const fileAd = (context: FileContext) => associatedData('fileStream', ['file', context.fileId]);

/** The ciphertext size of a file of `plaintextBytes`, for quotas and progress. */
export function encryptedFileSize(plaintextBytes: number): number {
  const chunks = Math.floor(plaintextBytes / fileChunkBytes) + 1;
  return headerBytes + streamHeaderBytes + plaintextBytes + chunks * chunkOverhead;
}

/** A transform from plaintext bytes (in chunks of any size) to the encrypted file. */
export function encryptFileStream(
  key: FileKey,
  context: FileContext,
): TransformStream<Uint8Array, Uint8Array> {
  asSymmetricKey('file', key);
  const sodium = lib();
  const ad = fileAd(context);
  const queue = new ByteQueue();
  let state: ReturnType<Sodium['crypto_secretstream_xchacha20poly1305_init_push']>['state'];
  return new TransformStream({
    start(controller) {
      const init = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
      state = init.state;
      controller.enqueue(concatBytes(envelopeHeader('fileStream'), init.header));
    },
    transform(chunk, controller) {
      queue.push(chunk);
      while (queue.length >= fileChunkBytes) {
        controller.enqueue(
          sodium.crypto_secretstream_xchacha20poly1305_push(
            state,
            queue.take(fileChunkBytes),
            ad,
            sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
          ),
        );
      }
    },
    flush(controller) {
      controller.enqueue(
        sodium.crypto_secretstream_xchacha20poly1305_push(
          state,
          queue.take(queue.length),
          ad,
          sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL,
        ),
      );
    },
  });
}

/**
 * A transform from the encrypted file back to plaintext. The stream errors with a
 * `CryptoError` — `decryption_failed` (wrong key or file, changed/reordered chunk),
 * `stream_truncated` (ended before the final chunk), `malformed`,
 * `unsupported_version` — and yields nothing from a bad chunk. Plaintext already
 * passed on before an error belongs to chunks that did authenticate, but the file as a
 * whole counts only once the stream closes without error: write it somewhere
 * temporary and keep it only then. Bytes appended after
 * the end become part of the final chunk, which then fails to authenticate.
 */
export function decryptFileStream(
  key: FileKey,
  context: FileContext,
): TransformStream<Uint8Array, Uint8Array> {
  asSymmetricKey('file', key);
  const sodium = lib();
  const ad = fileAd(context);
  const queue = new ByteQueue();
  let state: ReturnType<Sodium['crypto_secretstream_xchacha20poly1305_init_pull']> | undefined;
  let finished = false;

  /** Authenticates one chunk; the caller releases its plaintext only after its own checks. */
  const pull = (cipher: Uint8Array): Uint8Array => {
    if (!state) throw new CryptoError('malformed', 'no stream header');
    const result = sodium.crypto_secretstream_xchacha20poly1305_pull(state, cipher, ad);
    if (!result) {
      throw new CryptoError(
        'decryption_failed',
        'a chunk is damaged, out of order, or not of this file',
      );
    }
    if (result.tag === sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL) finished = true;
    else if (result.tag !== sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) {
      throw new CryptoError('malformed', 'unexpected chunk tag');
    }
    return result.message;
  };
  const release = (
    message: Uint8Array,
    controller: TransformStreamDefaultController<Uint8Array>,
  ) => {
    if (message.length > 0) controller.enqueue(message);
  };

  const drain = (controller: TransformStreamDefaultController<Uint8Array>) => {
    if (!state && queue.length >= headerBytes + streamHeaderBytes) {
      const header = openEnvelope(
        queue.take(headerBytes + streamHeaderBytes),
        'fileStream',
        streamHeaderBytes,
      );
      state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header, key);
    }
    // Only whole chunks here: our encoder always ends with a shorter final chunk,
    // which flush() takes together with anything appended after it.
    while (state && queue.length > fileChunkBytes + chunkOverhead) {
      const message = pull(queue.take(fileChunkBytes + chunkOverhead));
      if (finished) throw new CryptoError('decryption_failed', 'bytes after the final chunk');
      release(message, controller);
    }
  };

  return new TransformStream({
    transform(chunk, controller) {
      queue.push(chunk);
      drain(controller);
    },
    flush(controller) {
      drain(controller);
      if (!state) throw new CryptoError('stream_truncated', 'the file ended inside its header');
      if (queue.length < chunkOverhead) {
        throw new CryptoError('stream_truncated', 'the file ended before its final chunk');
      }
      const message = pull(queue.take(queue.length));
      // A whole message chunk with nothing after it: the final chunk was cut off.
      if (!finished) {
        throw new CryptoError('stream_truncated', 'the file ended before its final chunk');
      }
      release(message, controller);
    },
  });
}

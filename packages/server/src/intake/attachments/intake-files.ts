import {
  createSha256,
  encryptFileStream,
  type FileContext,
  generateSymmetricKey,
  randomToken,
  toBase64,
} from '@corridor/crypto';
import { type IntakeFileRecord, maxIntakeFileBytes } from '@corridor/protocol';
import type { IntakeFileStore } from './intake-file-store.ts';

/**
 * Files that come with inbound messages are encrypted on arrival, as they stream in,
 * with a fresh key of their own (secretstream, like case attachments), and stored as
 * ciphertext. Their record — name, type, size, SHA-256 and the key — is sealed to the
 * inbox with the message (`acceptInbound`'s `attachments`), so at rest nothing about a
 * file but its ciphertext size is readable. Image metadata is not removed here: the
 * original is kept (hash at capture) and staff browsers strip it on download (README.md).
 */
export interface KeptFile {
  readonly id: string;
  /** Bytes of ciphertext stored. */
  readonly bytes: number;
  readonly record: IntakeFileRecord;
}

/** A file as a channel has it: from the network (a stream) or parsed (bytes in memory). */
export interface IncomingFile {
  readonly name: string | undefined;
  readonly type: string | undefined;
  readonly content: ReadableStream<Uint8Array> | Uint8Array;
}

/** The file was over the limit: nothing of it is kept. */
export class FileTooLarge extends Error {
  override readonly name = 'FileTooLarge';
}

/** Binds every chunk of an intake file's stream to its id (not to any case's blob). */
export const intakeFileContext = (id: string): FileContext => ({ fileId: `intake/${id}` });

/** A name staff can read: one line, no control characters, no path, at most 255 characters. */
export function cleanFileName(name: string | undefined, fallback: string): string {
  const base = (name ?? '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to remove them.
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .split(/[\\/]/)
    .at(-1)
    ?.trim();
  return [...(base || fallback)].slice(0, 255).join('');
}

/** A media type of the usual shape, else `application/octet-stream`. */
export function cleanMediaType(type: string | undefined): string {
  const value = (type ?? '').trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/.test(value)
    ? value
    : 'application/octet-stream';
}

function streamOf(content: ReadableStream<Uint8Array> | Uint8Array): ReadableStream<Uint8Array> {
  if (content instanceof ReadableStream) return content;
  // In pieces, so the encryptor and the file write never copy the whole at once.
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= content.length) return controller.close();
      controller.enqueue(content.subarray(at, at + 64 * 1024));
      at += 64 * 1024;
    },
  });
}

/**
 * Encrypts a file as it streams and stores its ciphertext; hashes it on the way. More
 * than `maxBytes` of plaintext stops the stream and removes what was written.
 * @throws FileTooLarge over `maxBytes`; whatever the source or the disk throws.
 */
export async function keepFile(
  store: IntakeFileStore,
  file: IncomingFile,
  fallbackName: string,
  maxBytes = maxIntakeFileBytes,
): Promise<KeptFile> {
  const id = randomToken(16);
  const key = generateSymmetricKey('file');
  const hash = createSha256();
  let size = 0;
  const counted = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      size += chunk.length;
      if (size > maxBytes) throw new FileTooLarge(`over ${maxBytes} bytes`);
      hash.update(chunk);
      controller.enqueue(chunk);
    },
  });
  const bytes = await store.write(
    id,
    streamOf(file.content)
      .pipeThrough(counted)
      .pipeThrough(encryptFileStream(key, intakeFileContext(id))),
  );
  return {
    id,
    bytes,
    record: {
      v: 1,
      name: cleanFileName(file.name, fallbackName),
      type: cleanMediaType(file.type),
      size,
      sha256: hash.digest(),
      key: toBase64(key),
    },
  };
}

/** Removes files kept for a message that was then not stored (refused, or a duplicate). */
export async function dropFiles(store: IntakeFileStore, files: readonly KeptFile[]): Promise<void> {
  for (const file of files) await store.remove(file.id);
}

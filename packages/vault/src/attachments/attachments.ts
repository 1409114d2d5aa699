import {
  asSymmetricKey,
  createSha256,
  encryptedFileSize,
  encryptFileStream,
  type FileContext,
  fromBase64,
  generateSymmetricKey,
  toBase64,
} from '@corridor/crypto';
import {
  appendCaseEventRoute,
  BlobIdSchema,
  type Compartment,
  createBlobRoute,
  downloadBlobRoute,
  finishBlobRoute,
  uploadBlobChunkRoute,
} from '@corridor/protocol';
import { z } from 'zod';
import type { MemberSession } from '../auth/log-in.ts';
import { type ChainHead, writeEvent } from '../cases/case-events.ts';
import { type CaseEntries, type CaseView, currentKey } from '../cases/cases.ts';
import { AttachmentError } from './attachment-error.ts';
import { type ByteSource, inPieces, streamOf, tap } from './byte-streams.ts';
import { decryptingDownload } from './decrypting-download.ts';
import { stripImageMetadata } from './metadata/strip-metadata.ts';

/** A file as the member chose it: a browser `File` gives all four. */
export interface FileInput {
  readonly name: string;
  /** The media type the browser reports (`image/jpeg`); recorded, never trusted for stripping. */
  readonly type: string;
  /** Its size in bytes: bounds the upload before it starts. */
  readonly size: number;
  /** Its bytes, read once, in order (`file.stream()`). */
  readonly content: ByteSource;
}

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * What an `attachment.added` event holds, encrypted under its compartment's key: all
 * the server never learns about the file.
 */
export const AttachmentContentSchema = z.object({
  blobId: BlobIdSchema,
  name: z.string().min(1).max(255),
  type: z.string().max(255),
  /** Bytes of the file as stored: after metadata was removed. */
  size: z.number().int().min(0),
  /** SHA-256 of the file as stored, checked on every download. */
  sha256: sha256Hex,
  /** The file as the member chose it, before anything was removed: hash at capture. */
  original: z.object({ size: z.number().int().min(0), sha256: sha256Hex }),
  /** Which image format's metadata was removed, if any. */
  metadataRemoved: z.enum(['jpeg', 'png']).nullable(),
  /** The file's own key (secretstream), URL-safe base64. */
  key: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});
export type AttachmentContent = z.infer<typeof AttachmentContentSchema>;

/** An attachment as a member who holds its compartment sees it in the timeline. */
export interface Attachment extends AttachmentContent {
  readonly caseId: string;
  readonly seq: number;
  readonly compartment: Compartment;
  readonly authorId: string;
  readonly createdAt: string;
}

/** A finished upload, not yet named by an event: `attachUploaded` names it. */
export interface UploadedFile {
  readonly caseId: string;
  /** The event must be written by this time or the server removes the blob. */
  readonly attachBy: string;
  readonly content: AttachmentContent;
}

/** Binds every chunk of a file's stream to its case and blob. */
const fileContext = (caseId: string, blobId: string): FileContext => ({
  fileId: `${caseId}/${blobId}`,
});

const fileName = (name: string) => name.trim().slice(0, 255) || 'file';

export interface UploadOptions {
  /**
   * Keep image metadata (location, camera, time): for evidence, where the original is
   * what must be kept and its metadata may prove where and when. It is encrypted anyway;
   * the choice is whether a member who opens it later gets the location too.
   */
  readonly keepMetadata?: boolean;
}

/** Passes bytes through unchanged: the upload of a file kept as it was. */
const keepAsIs = () => ({
  stream: new TransformStream<Uint8Array, Uint8Array>(),
  format: (): null => null,
});

/**
 * Uploads a file to a case: metadata removed from images (unless `keepMetadata`), the file hashed, encrypted
 * with a key of its own (secretstream) and sent in chunks as it is read — never whole in
 * memory. The server holds only ciphertext and its size. Nothing in the case names the
 * file until `attachUploaded`; an upload that stops halfway is removed by the server.
 * @throws AttachmentError `image_unreadable`, `size_mismatch`; CorridorApiError
 *   `payload_too_large` (over the server's limit, before anything is sent), `not_found`.
 */
export async function uploadFile(
  session: MemberSession,
  caseId: string,
  file: FileInput,
  onProgress?: (sentBytes: number, totalBytes: number) => void,
  options: UploadOptions = {},
): Promise<UploadedFile> {
  const maxBytes = encryptedFileSize(file.size);
  const { blobId, chunkBytes } = await session.api.call(createBlobRoute, {
    params: { caseId },
    body: { maxBytes },
  });
  const key = generateSymmetricKey('file');
  const original = { hash: createSha256(), size: 0 };
  const stored = { hash: createSha256(), size: 0 };
  const strip = options.keepMetadata ? keepAsIs() : stripImageMetadata();
  const ciphertext = streamOf(file.content)
    .pipeThrough(
      tap((chunk) => {
        original.hash.update(chunk);
        original.size += chunk.length;
        if (original.size > file.size) {
          throw new AttachmentError('size_mismatch', 'the file is larger than its size said');
        }
      }),
    )
    .pipeThrough(strip.stream)
    .pipeThrough(
      tap((chunk) => {
        stored.hash.update(chunk);
        stored.size += chunk.length;
      }),
    )
    .pipeThrough(encryptFileStream(key, fileContext(caseId, blobId)));

  let offset = 0;
  await inPieces(ciphertext, chunkBytes, async (piece) => {
    const { received } = await session.api.upload(
      uploadBlobChunkRoute,
      { params: { caseId, blobId }, query: { offset } },
      piece,
    );
    if (received !== offset + piece.length) {
      throw new AttachmentError('size_mismatch', 'the server counted another size');
    }
    offset = received;
    onProgress?.(offset, maxBytes);
  });
  if (original.size !== file.size) {
    throw new AttachmentError('size_mismatch', 'the file is smaller than its size said');
  }
  const { attachBy } = await session.api.call(finishBlobRoute, {
    params: { caseId, blobId },
    body: { bytes: offset },
  });
  return {
    caseId,
    attachBy,
    content: {
      blobId,
      name: fileName(file.name),
      type: file.type.slice(0, 255),
      size: stored.size,
      sha256: stored.hash.digest(),
      original: { size: original.size, sha256: original.hash.digest() },
      metadataRemoved: strip.format(),
      key: toBase64(key),
    },
  };
}

/**
 * Names an uploaded file in the case: an `attachment.added` event in `compartment`,
 * holding the file's key, name, type and hashes, so only teams holding that compartment
 * can find or open it. Someone else writing meanwhile gets `conflict`: reopen the case
 * and call this again with the same upload (until its `attachBy`).
 * @returns the case's new version
 */
export async function attachUploaded(
  session: MemberSession,
  view: CaseView,
  compartment: Compartment,
  uploaded: UploadedFile,
): Promise<number> {
  return (await appendAttachment(session, view, compartment, uploaded)).version;
}

/**
 * `attachUploaded`, answering with the case's new head: where a caller writes its next
 * event (evidence names its file's event) without opening the case again.
 */
export async function appendAttachment(
  session: MemberSession,
  view: CaseView,
  compartment: Compartment,
  uploaded: UploadedFile,
): Promise<ChainHead> {
  const caseId = view.summary.id;
  if (uploaded.caseId !== caseId) throw new TypeError('the file was uploaded to another case');
  const { event, hash } = writeEvent(
    session,
    caseId,
    view.timeline.head,
    compartment,
    currentKey(view.keys, compartment),
    'attachment.added',
    uploaded.content,
  );
  const { version } = await session.api.call(appendCaseEventRoute, {
    params: { caseId },
    body: { expectedVersion: view.timeline.head.version, event, blobId: uploaded.content.blobId },
  });
  return { version, hash };
}

/** Uploads a file and names it in the case (`uploadFile`, then `attachUploaded`). */
export async function attachFile(
  session: MemberSession,
  view: CaseView,
  compartment: Compartment,
  file: FileInput,
  onProgress?: (sentBytes: number, totalBytes: number) => void,
  options: UploadOptions = {},
): Promise<{ version: number; uploaded: UploadedFile }> {
  // Fail before sending anything if the member cannot write there.
  currentKey(view.keys, compartment);
  const uploaded = await uploadFile(session, view.summary.id, file, onProgress, options);
  return { version: await attachUploaded(session, view, compartment, uploaded), uploaded };
}

/** The attachments in a case's timeline that the member can open. */
export function attachmentsOf(
  view: CaseEntries & { readonly summary: { readonly id: string } },
): Attachment[] {
  const found: Attachment[] = [];
  for (const entry of view.timeline.entries) {
    if (entry.kind !== 'attachment.added') continue;
    const content = AttachmentContentSchema.safeParse(entry.content);
    if (!content.success) continue;
    found.push({
      ...content.data,
      caseId: view.summary.id,
      seq: entry.seq,
      compartment: entry.compartment,
      authorId: entry.authorId,
      createdAt: entry.createdAt,
    });
  }
  return found;
}

/**
 * Opens an attachment as a stream of its plaintext, decrypted as it arrives — never
 * whole in memory. A connection lost mid-way is resumed from the byte it stopped at.
 * The stream errors if a chunk fails to authenticate (CryptoError) or if the whole does
 * not hash to the SHA-256 recorded when it was attached (`digest_mismatch`): keep what it
 * gave only once it closes without error.
 */
export function openAttachment(
  session: MemberSession,
  attachment: Attachment,
): ReadableStream<Uint8Array> {
  const { caseId, blobId } = attachment;
  return decryptingDownload(session.api, {
    route: downloadBlobRoute,
    input: { params: { caseId, blobId } },
    key: asSymmetricKey('file', fromBase64(attachment.key)),
    context: fileContext(caseId, blobId),
    size: attachment.size,
    sha256: attachment.sha256,
    mismatch: 'the file is not the one attached',
  });
}

import { z } from 'zod';
import { BlobIdSchema, CaseIdSchema } from '../cases/case-schemas.ts';

const byteCount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const BlobParams = z.object({
  caseId: CaseIdSchema,
  blobId: BlobIdSchema,
});

export const CreateBlobBody = z.object({
  /**
   * The most bytes of ciphertext the upload will bring: the encrypted size of the file
   * as chosen. Stripping image metadata can only shrink it, so the exact size is given
   * at finish. Over the server's limit: `payload_too_large`, before any byte is sent.
   */
  maxBytes: byteCount.min(1),
});

export const BlobCreated = z.object({
  blobId: BlobIdSchema,
  /** The most bytes one chunk may carry. */
  chunkBytes: z.number().int().min(1),
});

export const BlobChunkQuery = z.object({
  /** Where this chunk begins: exactly the bytes the server holds so far, else `conflict`. */
  offset: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

export const BlobChunkReceived = z.object({ received: byteCount });

export const FinishBlobBody = z.object({
  /** The blob's exact size: must be what the server received, else `invalid_request`. */
  bytes: byteCount.min(1),
});

export const BlobFinished = z.object({
  blobId: BlobIdSchema,
  bytes: byteCount,
  /** Not named by an event by then (`appendCaseEvent` with `blobId`), the blob is removed. */
  attachBy: z.iso.datetime(),
});

/** Raw bytes in a request or answer (`application/octet-stream`); typed here, never parsed. */
export const BinaryContent = z.instanceof(Uint8Array);

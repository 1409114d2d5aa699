import { randomToken } from '@corridor/crypto';
import type {
  BlobChunkReceived,
  BlobCreated,
  BlobFinished,
  Compartment,
  CreateBlobBody,
  FinishBlobBody,
} from '@corridor/protocol';
import type { z } from 'zod';
import { audit } from '../audit/audit-log.ts';
import { later } from '../auth/clock.ts';
import type { Authenticated } from '../auth/session-guard.ts';
import { requireCaseAccess } from '../cases/case-access.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';
import { attachmentPolicy } from './attachment-policy.ts';
import type { BlobStore } from './blob-store.ts';

type Db = Storage['db'];

export interface AttachmentDeps {
  readonly storage: Storage;
  readonly blobs: BlobStore;
}

/**
 * What a refused upload step (start, chunk, finish) of a case outside the caller's teams
 * is recorded as, like the case endpoints' refusals.
 */
const uploadRefusal = (now: Date) =>
  ({ action: 'attachment.upload', at: now.toISOString() }) as const;

/** The caller's own unfinished upload to this case, or `not_found`. */
async function ownUpload(db: Db, caseId: string, blobId: string, accountId: string) {
  const blob = await db
    .selectFrom('case_blob')
    .select(['id', 'max_bytes', 'size'])
    .where('id', '=', blobId)
    .where('case_id', '=', caseId)
    .where('uploaded_by', '=', accountId)
    .where('status', '=', 'uploading')
    .executeTakeFirst();
  if (!blob) throw new ApiFailure('not_found');
  return { id: blob.id, maxBytes: Number(blob.max_bytes), size: Number(blob.size) };
}

/**
 * Starts an upload: a member of the case declares at most how many bytes of ciphertext
 * will come. Over the limit is refused before any byte is sent; so is a ninth unfinished
 * upload of one member (`rate_limited`: the purge removes idle ones within the hour).
 */
export async function createUpload(
  { storage, blobs }: AttachmentDeps,
  caller: Authenticated,
  caseId: string,
  body: z.infer<typeof CreateBlobBody>,
  now: Date,
): Promise<z.input<typeof BlobCreated>> {
  await requireCaseAccess(storage.db, caseId, caller.accountId, uploadRefusal(now));
  if (body.maxBytes > attachmentPolicy.maxBlobBytes) throw new ApiFailure('payload_too_large');
  const open = await storage.db
    .selectFrom('case_blob')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('uploaded_by', '=', caller.accountId)
    .where('status', '=', 'uploading')
    .executeTakeFirstOrThrow();
  if (Number(open.count) >= attachmentPolicy.maxOpenUploads) throw new ApiFailure('rate_limited');
  const blobId = randomToken(16);
  await storage.db
    .insertInto('case_blob')
    .values({
      id: blobId,
      case_id: caseId,
      uploaded_by: caller.accountId,
      status: 'uploading',
      max_bytes: body.maxBytes,
      size: 0,
      event_seq: null,
      created_at: now.toISOString(),
      touched_at: now.toISOString(),
      finished_at: null,
    })
    .execute();
  try {
    await blobs.create(blobId);
  } catch (error) {
    await storage.db.deleteFrom('case_blob').where('id', '=', blobId).execute();
    throw error;
  }
  return { blobId, chunkBytes: attachmentPolicy.chunkBytes };
}

/**
 * Writes the next chunk of an upload, streamed from the request to the file. It must
 * begin where the last one ended (`conflict` otherwise, and while another chunk of the
 * same upload is being written) and stay within the chunk and declared sizes.
 */
export async function receiveChunk(
  { storage, blobs }: AttachmentDeps,
  caller: Authenticated,
  place: { caseId: string; blobId: string; offset: number },
  body: { length: number; source: AsyncIterable<Uint8Array> },
  now: Date,
): Promise<z.input<typeof BlobChunkReceived>> {
  const { caseId, blobId, offset } = place;
  await requireCaseAccess(storage.db, caseId, caller.accountId, uploadRefusal(now));
  const upload = await ownUpload(storage.db, caseId, blobId, caller.accountId);
  if (body.length > attachmentPolicy.chunkBytes) throw new ApiFailure('payload_too_large');
  if (offset !== upload.size) throw new ApiFailure('conflict');
  if (offset + body.length > upload.maxBytes) throw new ApiFailure('payload_too_large');
  return blobs.exclusive(blobId, async () => {
    await blobs.writeAt(blobId, offset, body.source, body.length);
    const received = offset + body.length;
    // Counted only once written; another instance that raced us on this offset loses here.
    const counted = await storage.db
      .updateTable('case_blob')
      .set({ size: received, touched_at: now.toISOString() })
      .where('id', '=', blobId)
      .where('status', '=', 'uploading')
      .where('size', '=', offset)
      .executeTakeFirst();
    if (counted.numUpdatedRows !== 1n) throw new ApiFailure('conflict');
    return { received };
  });
}

/**
 * Ends an upload: the size named must be what arrived, the file is made durable and
 * moved under its case, and from then on it waits for an event to name it.
 */
export async function finishUpload(
  { storage, blobs }: AttachmentDeps,
  caller: Authenticated,
  caseId: string,
  blobId: string,
  body: z.infer<typeof FinishBlobBody>,
  now: Date,
): Promise<z.input<typeof BlobFinished>> {
  await requireCaseAccess(storage.db, caseId, caller.accountId, uploadRefusal(now));
  const upload = await ownUpload(storage.db, caseId, blobId, caller.accountId);
  if (body.bytes !== upload.size) throw new ApiFailure('invalid_request');
  return blobs.exclusive(blobId, async () => {
    await blobs.commit(caseId, blobId, body.bytes);
    const stored = await storage.db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('case_blob')
        .set({ status: 'stored', finished_at: now.toISOString() })
        .where('id', '=', blobId)
        .where('status', '=', 'uploading')
        .where('size', '=', body.bytes)
        .executeTakeFirst();
      if (moved.numUpdatedRows !== 1n) return false;
      await audit(trx, caller.accountId, 'attachment.upload', caseId, now.toISOString());
      return true;
    });
    if (!stored) {
      // The purge took the upload meanwhile: leave nothing of it behind.
      await blobs.remove(caseId, blobId);
      throw new ApiFailure('not_found');
    }
    return {
      blobId,
      bytes: body.bytes,
      attachBy: later(now, attachmentPolicy.attachWindowMs),
    };
  });
}

/**
 * Marks a stored blob as named by an `attachment.added` event, inside the event's
 * transaction: only the uploader's own finished blob of this case, once.
 */
export async function attachBlob(
  trx: Db,
  caseId: string,
  blobId: string,
  authorId: string,
  seq: number,
): Promise<void> {
  const attached = await trx
    .updateTable('case_blob')
    .set({ status: 'attached', event_seq: seq })
    .where('id', '=', blobId)
    .where('case_id', '=', caseId)
    .where('uploaded_by', '=', authorId)
    .where('status', '=', 'stored')
    .executeTakeFirst();
  if (attached.numUpdatedRows !== 1n) throw new ApiFailure('invalid_request');
}

/**
 * An attached blob for a member whose teams hold the compartment of the event naming
 * it. Anything else — another case, an unfinished or unnamed blob, a compartment the
 * member's teams do not hold — is `not_found`. The read is audited, and so is a refusal
 * for a case none of the member's teams holds.
 */
export async function openDownload(
  { storage }: AttachmentDeps,
  caller: Authenticated,
  caseId: string,
  blobId: string,
  now: Date,
): Promise<{ size: number }> {
  const held = await requireCaseAccess(storage.db, caseId, caller.accountId, {
    action: 'attachment.download',
    at: now.toISOString(),
  });
  const blob = await storage.db
    .selectFrom('case_blob')
    .innerJoin('case_event', (join) =>
      join
        .onRef('case_event.case_id', '=', 'case_blob.case_id')
        .onRef('case_event.seq', '=', 'case_blob.event_seq'),
    )
    .select(['case_blob.size', 'case_event.compartment'])
    .where('case_blob.id', '=', blobId)
    .where('case_blob.case_id', '=', caseId)
    .where('case_blob.status', '=', 'attached')
    .executeTakeFirst();
  if (!blob || !held.has(blob.compartment as Compartment)) throw new ApiFailure('not_found');
  await audit(storage.db, caller.accountId, 'attachment.download', caseId, now.toISOString());
  return { size: Number(blob.size) };
}

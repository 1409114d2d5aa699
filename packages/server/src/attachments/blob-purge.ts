import type { ExpressionBuilder } from 'kysely';
import type { Clock } from '../auth/clock.ts';
import type { Database } from '../storage/schema.ts';
import type { Storage } from '../storage/storage.ts';
import { attachmentPolicy } from './attachment-policy.ts';
import type { BlobStore } from './blob-store.ts';

/**
 * Removes what no case points to: unfinished uploads left idle too long, and finished
 * blobs no event named in time. Each is first marked `purging` — only while still in the
 * state that made it stale, so an event naming the blob at that moment wins — then its
 * files go, then its row; a purge cut short resumes from the mark. Upload files with no
 * row at all (a restored backup's) go too. Stored blobs without a row are left alone: a
 * database restored or pointed elsewhere by mistake must not cost every attachment.
 * Idempotent, so every instance may run it.
 * @returns how many blobs were removed
 */
export async function purgeBlobs(
  storage: Storage,
  blobs: BlobStore,
  clock: Clock,
): Promise<number> {
  const now = clock().getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  const stale = (eb: ExpressionBuilder<Database, 'case_blob'>) =>
    eb.or([
      eb.and([
        eb('status', '=', 'uploading'),
        eb('touched_at', '<', iso(now - attachmentPolicy.uploadIdleMs)),
      ]),
      eb.and([
        eb('status', '=', 'stored'),
        eb('finished_at', '<', iso(now - attachmentPolicy.attachWindowMs)),
      ]),
    ]);
  await storage.db.updateTable('case_blob').set({ status: 'purging' }).where(stale).execute();
  const marked = await storage.db
    .selectFrom('case_blob')
    .select(['id', 'case_id'])
    .where('status', '=', 'purging')
    .execute();
  for (const blob of marked) {
    await blobs.remove(blob.case_id, blob.id);
    await storage.db.deleteFrom('case_blob').where('id', '=', blob.id).execute();
  }

  const uploads = await blobs.listUploads();
  const known = new Set<string>();
  for (let i = 0; i < uploads.length; i += 500) {
    const ids = uploads.slice(i, i + 500).map((f) => f.blobId);
    const rows = await storage.db
      .selectFrom('case_blob')
      .select('id')
      .where('id', 'in', ids)
      .execute();
    for (const row of rows) known.add(row.id);
  }
  const orphans = uploads.filter((file) => !known.has(file.blobId));
  for (const file of orphans) await file.remove();
  return marked.length + orphans.length;
}

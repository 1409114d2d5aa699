import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiFailure } from '../http/error-handling.ts';
import { StorageError } from '../storage/storage.ts';

/** Ids that become file names: URL-safe base64 only, so no path can be smuggled in. */
const safeId = /^[A-Za-z0-9_-]{16,64}$/;

function checked(id: string): string {
  if (!safeId.test(id)) throw new ApiFailure('invalid_request');
  return id;
}

/** Makes a rename or new file in `dir` durable (fsync of the directory, POSIX). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Attachments' ciphertext on disk: `<root>/tmp/<blob>` while uploading, then
 * `<root>/<case>/<blob>`. Files and directories are the server's alone (0600/0700).
 * The bytes are encrypted in the browser; this store never sees a key or a file name.
 */
export interface BlobStore {
  readonly root: string;
  /** Creates the directories; call once at start. */
  prepare(): Promise<void>;
  /** An empty file for a new upload. */
  create(blobId: string): Promise<void>;
  /**
   * Writes exactly `length` bytes from `source` at `offset` of an upload, never holding
   * more than one piece of the source in memory. More or fewer bytes: `payload_too_large`
   * or `invalid_request`. A repeated write at the same offset overwrites.
   */
  writeAt(
    blobId: string,
    offset: number,
    source: AsyncIterable<Uint8Array>,
    length: number,
  ): Promise<void>;
  /** Cuts the upload to `bytes`, makes it durable, and moves it under its case atomically. */
  commit(caseId: string, blobId: string, bytes: number): Promise<void>;
  /** A stream of a stored blob, from `start` to `end` inclusive. */
  read(caseId: string, blobId: string, range: { start: number; end: number }): ReadStream;
  /** Removes an upload and a stored blob of this id; missing files are fine. */
  remove(caseId: string, blobId: string): Promise<void>;
  /** Every upload file on disk (`tmp/`), for the purge's sweep. */
  listUploads(): Promise<BlobFile[]>;
  /**
   * Runs `work` unless another request of this process is already working on the blob
   * (`conflict`): two chunks of one upload never write at once.
   */
  exclusive<T>(blobId: string, work: () => Promise<T>): Promise<T>;
}

/** A file of the store as found on disk. */
export interface BlobFile {
  readonly blobId: string;
  remove(): Promise<void>;
}

export function createBlobStore(root: string): BlobStore {
  const tmpDir = join(root, 'tmp');
  const uploadPath = (blobId: string) => join(tmpDir, checked(blobId));
  const caseDir = (caseId: string) => join(root, checked(caseId));
  const storedPath = (caseId: string, blobId: string) => join(caseDir(caseId), checked(blobId));
  const busy = new Set<string>();

  return {
    root,
    async prepare() {
      try {
        await mkdir(tmpDir, { recursive: true, mode: 0o700 });
      } catch (error) {
        throw new StorageError(
          `Cannot create the attachments directory ${tmpDir}: ${(error as Error).message}. Check CORRIDOR_DATA_DIR and its permissions.`,
        );
      }
    },
    async create(blobId) {
      const handle = await open(uploadPath(blobId), 'wx', 0o600);
      await handle.close();
    },
    async writeAt(blobId, offset, source, length) {
      const handle = await open(uploadPath(blobId), 'r+');
      const pieces = source[Symbol.asyncIterator]();
      let written = 0;
      try {
        for (;;) {
          let next: IteratorResult<Uint8Array>;
          try {
            next = await pieces.next();
          } catch {
            // The client went away mid-chunk: its fault, not the server's; nothing is counted.
            throw new ApiFailure('invalid_request');
          }
          if (next.done) break;
          const piece = next.value;
          if (written + piece.length > length) throw new ApiFailure('payload_too_large');
          await handle.write(piece, 0, piece.length, offset + written);
          written += piece.length;
        }
      } finally {
        await handle.close();
      }
      if (written !== length) throw new ApiFailure('invalid_request');
    },
    async commit(caseId, blobId, bytes) {
      const from = uploadPath(blobId);
      // Gone: the purge took the upload (idle an hour) just now.
      const handle = await open(from, 'r+').catch((error: unknown) => {
        throw isMissing(error) ? new ApiFailure('not_found') : error;
      });
      try {
        if ((await handle.stat()).size < bytes) throw new Error('the upload is shorter than said');
        // A chunk cut off mid-write may have left bytes past the last one counted.
        await handle.truncate(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      const dir = caseDir(caseId);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await rename(from, storedPath(caseId, blobId));
      await syncDirectory(dir);
      await syncDirectory(tmpDir);
    },
    read(caseId, blobId, range) {
      return createReadStream(storedPath(caseId, blobId), { start: range.start, end: range.end });
    },
    async remove(caseId, blobId) {
      await rm(uploadPath(blobId), { force: true });
      await rm(storedPath(caseId, blobId), { force: true });
    },
    async listUploads() {
      const files = await readdir(tmpDir, { withFileTypes: true }).catch((error: unknown) => {
        if (isMissing(error)) return [];
        throw error;
      });
      return files
        .filter((file) => file.isFile() && safeId.test(file.name))
        .map((file) => ({
          blobId: file.name,
          remove: () => rm(join(tmpDir, file.name), { force: true }),
        }));
    },
    async exclusive(blobId, work) {
      if (busy.has(blobId)) throw new ApiFailure('conflict');
      busy.add(blobId);
      try {
        return await work();
      } finally {
        busy.delete(blobId);
      }
    },
  };
}

import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageError } from '../../storage/storage.ts';

/** Ids that become file names: URL-safe base64 only, so no path can be smuggled in. */
const safeId = /^[A-Za-z0-9_-]{16,64}$/;

function checked(id: string): string {
  if (!safeId.test(id)) throw new TypeError('not an intake file id');
  return id;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Ciphertext of files that came with inbound messages: `<root>/tmp/<id>` while written,
 * then `<root>/<id>` (root: the data directory's `blobs/intake`, beside case blobs).
 * Files and directories are the server's alone (0600/0700). The bytes are encrypted
 * before they reach this store; it never sees a key or a name.
 */
export interface IntakeFileStore {
  readonly root: string;
  prepare(): Promise<void>;
  /**
   * Writes `source` to a new file, makes it durable (fsync of file and directory) and
   * moves it in place. Any failure, including one thrown by `source`, leaves nothing.
   * @returns the bytes written
   */
  write(id: string, source: ReadableStream<Uint8Array>): Promise<number>;
  /** A stream of a stored file, from `start` to `end` inclusive. */
  read(id: string, range: { start: number; end: number }): ReadStream;
  /** Missing files are fine. */
  remove(id: string): Promise<void>;
  /** Stored files (and leftovers in tmp/) last changed before `before` (ms): for the sweep. */
  listOlderThan(before: number): Promise<{ id: string; remove(): Promise<void> }[]>;
}

export function createIntakeFileStore(root: string): IntakeFileStore {
  const tmpDir = join(root, 'tmp');
  return {
    root,
    async prepare() {
      try {
        await mkdir(tmpDir, { recursive: true, mode: 0o700 });
      } catch (error) {
        throw new StorageError(
          `Cannot create the intake files directory ${tmpDir}: ${(error as Error).message}. Check CORRIDOR_DATA_DIR and its permissions.`,
        );
      }
    },
    async write(id, source) {
      const temporary = join(tmpDir, checked(id));
      await mkdir(tmpDir, { recursive: true, mode: 0o700 });
      const handle = await open(temporary, 'wx', 0o600);
      let written = 0;
      try {
        const reader = source.getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            await handle.write(value, 0, value.length, written);
            written += value.length;
          }
        } catch (error) {
          await reader.cancel(error).catch(() => {});
          throw error;
        }
        await handle.sync();
      } catch (error) {
        await handle.close();
        await rm(temporary, { force: true });
        throw error;
      }
      await handle.close();
      await rename(temporary, join(root, id));
      await syncDirectory(root);
      await syncDirectory(tmpDir);
      return written;
    },
    read(id, range) {
      return createReadStream(join(root, checked(id)), { start: range.start, end: range.end });
    },
    async remove(id) {
      await rm(join(tmpDir, checked(id)), { force: true });
      await rm(join(root, id), { force: true });
    },
    async listOlderThan(before) {
      const found: { id: string; remove(): Promise<void> }[] = [];
      for (const dir of [root, tmpDir]) {
        const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
          if (!entry.isFile() || !safeId.test(entry.name)) continue;
          const path = join(dir, entry.name);
          const info = await stat(path).catch(() => undefined);
          if (info && info.mtimeMs < before) {
            found.push({ id: entry.name, remove: () => rm(path, { force: true }) });
          }
        }
      }
      return found;
    },
  };
}

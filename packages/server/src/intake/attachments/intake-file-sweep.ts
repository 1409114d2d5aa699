import type { Storage } from '../../storage/storage.ts';
import type { IntakeFileStore } from './intake-file-store.ts';

/** A file gets this long to be named by its message's row before the sweep takes it. */
const graceMs = 60 * 60 * 1000;

/**
 * Removes intake files no row names: what a crash between writing a file and committing
 * its message left, a message refused after its files were written, and files of
 * conversations deleted since. Only files older than an hour, so a message being stored
 * right now keeps its files. Idempotent: every instance may run it.
 * @returns how many files were removed
 */
export async function sweepIntakeFiles(
  storage: Storage,
  files: IntakeFileStore,
  nowMs = Date.now(),
): Promise<number> {
  const old = await files.listOlderThan(nowMs - graceMs);
  const known = new Set<string>();
  for (let i = 0; i < old.length; i += 500) {
    const ids = old.slice(i, i + 500).map((f) => f.id);
    const rows = await storage.db
      .selectFrom('intake_attachment')
      .select('id')
      .where('id', 'in', ids)
      .execute();
    for (const row of rows) known.add(row.id);
  }
  const orphans = old.filter((file) => !known.has(file.id));
  for (const file of orphans) await file.remove();
  return orphans.length;
}

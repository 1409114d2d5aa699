import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from '../../../../test-support/test-database.ts';
import type { CaseBlobTable } from '../storage/schema.ts';
import { migrateToLatest, openStorage, type Storage } from '../storage/storage.ts';
import { insertAccountRow, insertCaseRow } from '../testing/storage-rows.ts';
import { purgeBlobs } from './blob-purge.ts';
import { type BlobStore, createBlobStore } from './blob-store.ts';

const caseId = 'caseCaseCaseCaseCase00';
const now = new Date('2026-11-25T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
const id = (name: string) => name.padEnd(22, '0');

describe.each(databaseKinds)('purging blobs on %s', (kind) => {
  let database: TestDatabase;
  let storage: Storage;
  let root: string;
  let blobs: BlobStore;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    storage = await openStorage(database.config);
    await migrateToLatest(storage);
    root = await mkdtemp(join(tmpdir(), 'corridor-purge-'));
    blobs = createBlobStore(join(root, 'blobs'));
    await blobs.prepare();
    const at = minutesAgo(600);
    await insertAccountRow(storage.db, { id: 'a1', at, handle: 'nadia' });
    await insertCaseRow(storage.db, {
      id: caseId,
      at,
      createdBy: 'a1',
      stage: 'new',
      riskLevel: 1,
    });
  });
  afterEach(async () => {
    await storage.close();
    await database.dispose();
    await rm(root, { recursive: true, force: true });
  });

  /** A blob row and its file where its state puts it. */
  async function blob(
    name: string,
    status: CaseBlobTable['status'],
    touched: number,
    finished?: number,
  ) {
    await storage.db
      .insertInto('case_blob')
      .values({
        id: id(name),
        case_id: caseId,
        uploaded_by: 'a1',
        status,
        max_bytes: 10,
        size: 1,
        event_seq: status === 'attached' ? 1 : null,
        created_at: minutesAgo(touched),
        touched_at: minutesAgo(touched),
        finished_at: finished === undefined ? null : minutesAgo(finished),
      })
      .execute();
    await blobs.create(id(name));
    await blobs.writeAt(
      id(name),
      0,
      (async function* () {
        yield Uint8Array.of(1);
      })(),
      1,
    );
    if (status !== 'uploading') await blobs.commit(caseId, id(name), 1);
  }

  const rows = async () =>
    (await storage.db.selectFrom('case_blob').select('id').orderBy('id').execute()).map(
      (r) => r.id,
    );
  const files = async () =>
    [
      ...(await readdir(join(root, 'blobs', 'tmp'))),
      ...(await readdir(join(root, 'blobs', caseId)).catch(() => [])),
    ].sort();

  it('removes idle uploads and unnamed blobs past their hour, and nothing else', async () => {
    await blob('idleUpload', 'uploading', 61);
    await blob('activeUpload', 'uploading', 59);
    await blob('unnamedOld', 'stored', 200, 61);
    await blob('unnamedNew', 'stored', 200, 59);
    await blob('attachedOld', 'attached', 900, 800);
    expect(await purgeBlobs(storage, blobs, () => now)).toBe(2);
    const kept = [id('activeUpload'), id('attachedOld'), id('unnamedNew')];
    expect(await rows()).toEqual(kept);
    expect(await files()).toEqual(kept);
  });

  it('finishes a purge that was cut short, from its mark', async () => {
    await blob('halfPurged', 'purging', 300, 200);
    await storage.db
      .insertInto('case_blob')
      .values({
        id: id('filesGone'),
        case_id: caseId,
        uploaded_by: 'a1',
        status: 'purging',
        max_bytes: 10,
        size: 0,
        event_seq: null,
        created_at: minutesAgo(300),
        touched_at: minutesAgo(300),
        finished_at: null,
      })
      .execute();
    expect(await purgeBlobs(storage, blobs, () => now)).toBe(2);
    expect(await rows()).toEqual([]);
    expect(await files()).toEqual([]);
  });

  it('removes upload files no row owns, but never a stored file, even without its row', async () => {
    await writeFile(join(root, 'blobs', 'tmp', id('orphanUpload')), 'x');
    await blob('storedNoRow', 'attached', 10, 5);
    await storage.db.deleteFrom('case_blob').execute();
    expect(await purgeBlobs(storage, blobs, () => now)).toBe(1);
    expect(await files()).toEqual([id('storedNoRow')]);
  });
});

import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BlobStore, createBlobStore } from './blob-store.ts';

const caseId = 'caseCaseCaseCaseCase00';
const blobId = 'blobBlobBlobBlobBlob00';

async function* pieces(...sizes: number[]) {
  for (const size of sizes) yield new Uint8Array(size).fill(size % 251);
}

describe('the blob store', () => {
  let root: string;
  let blobs: BlobStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'corridor-blobs-'));
    blobs = createBlobStore(join(root, 'blobs'));
    await blobs.prepare();
    await blobs.create(blobId);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('keeps uploads and blobs to the server alone', async () => {
    expect((await stat(join(root, 'blobs', 'tmp'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(root, 'blobs', 'tmp', blobId))).mode & 0o777).toBe(0o600);
  });

  it('writes chunks where they belong and moves the finished file under its case', async () => {
    await blobs.writeAt(blobId, 0, pieces(3, 4), 7);
    await blobs.writeAt(blobId, 7, pieces(5), 5);
    await blobs.commit(caseId, blobId, 12);
    expect(await readdir(join(root, 'blobs', 'tmp'))).toEqual([]);
    const stored = await readFile(join(root, 'blobs', caseId, blobId));
    expect([...stored]).toEqual([3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5]);
    expect((await stat(join(root, 'blobs', caseId))).mode & 0o777).toBe(0o700);
    const read = blobs.read(caseId, blobId, { start: 2, end: 8 });
    const chunks: Buffer[] = [];
    for await (const chunk of read) chunks.push(chunk as Buffer);
    expect([...Buffer.concat(chunks)]).toEqual([3, 4, 4, 4, 4, 5, 5]);
  });

  it('refuses a chunk longer or shorter than it said, and one cut off by the client', async () => {
    await expect(blobs.writeAt(blobId, 0, pieces(4, 4), 6)).rejects.toMatchObject({
      code: 'payload_too_large',
    });
    await expect(blobs.writeAt(blobId, 0, pieces(4), 6)).rejects.toMatchObject({
      code: 'invalid_request',
    });
    async function* cut() {
      yield new Uint8Array(2);
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    }
    await expect(blobs.writeAt(blobId, 0, cut(), 6)).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('cuts off bytes a broken chunk left past the last one counted', async () => {
    await blobs.writeAt(blobId, 0, pieces(4), 4);
    await blobs.writeAt(blobId, 4, pieces(3), 5).catch(() => {});
    await blobs.commit(caseId, blobId, 4);
    expect((await readFile(join(root, 'blobs', caseId, blobId))).length).toBe(4);
  });

  it('says which directory it cannot create, and what to check', async () => {
    await rm(join(root, 'blobs'), { recursive: true });
    await writeFile(join(root, 'blobs'), 'a file where the directory should be');
    await expect(blobs.prepare()).rejects.toThrow(/attachments directory .*CORRIDOR_DATA_DIR/);
  });

  it('refuses ids that could name another path', async () => {
    for (const bad of ['../../etc/passwd', 'a/b', '..', '']) {
      await expect(blobs.create(bad)).rejects.toMatchObject({ code: 'invalid_request' });
      expect(() => blobs.read(bad, blobId, { start: 0, end: 0 })).toThrow();
    }
  });

  it('lets one request at a time work on a blob', async () => {
    let release = () => {};
    const first = blobs.exclusive(blobId, () => new Promise<void>((r) => (release = r)));
    await expect(blobs.exclusive(blobId, async () => 'second')).rejects.toMatchObject({
      code: 'conflict',
    });
    release();
    await first;
    expect(await blobs.exclusive(blobId, async () => 'third')).toBe('third');
  });

  it('lists the uploads in progress and removes what it is told to', async () => {
    await blobs.create('otherOtherOtherOther00');
    await blobs.writeAt(blobId, 0, pieces(1), 1);
    await blobs.commit(caseId, blobId, 1);
    const files = await blobs.listUploads();
    expect(files.map((f) => f.blobId)).toEqual(['otherOtherOtherOther00']);
    for (const file of files) await file.remove();
    expect(await blobs.listUploads()).toEqual([]);
    await blobs.remove(caseId, blobId);
    await blobs.remove(caseId, blobId); // already gone: fine
    await expect(blobs.commit(caseId, blobId, 1)).rejects.toMatchObject({ code: 'not_found' });
  });
});

// Attachments through the client core against a whole server, on SQLite and PostgreSQL:
// a multi-chunk round trip, metadata removed from photos, who may download what, limits,
// interrupted uploads and their purge, and what a seizure of the data directory gives up.
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { asSymmetricKey, decryptFileStream } from '@corridor/crypto';
import {
  appendCaseEventRoute,
  createBlobRoute,
  downloadBlobRoute,
  finishBlobRoute,
  teamDirectoryRoute,
  uploadBlobChunkRoute,
} from '@corridor/protocol';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchSeizedData } from '../../../../test-support/seizure.ts';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import { type ApiClient, createApiClient } from '../api/api-client.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { writeEvent } from '../cases/case-events.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import {
  type CaseView,
  createCase,
  currentKey,
  type DirectoryTeam,
  openCase,
} from '../cases/cases.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import {
  exifLatitude,
  jpegWithGps,
  jpegWithoutMetadata,
  metadataSecrets,
  testGps,
} from '../testing/test-images.ts';
import {
  type Attachment,
  attachFile,
  attachmentsOf,
  attachUploaded,
  type FileInput,
  openAttachment,
  uploadFile,
} from './attachments.ts';

const MiB = 1024 * 1024;
const statement = 'Показания: меня держали в подвале на улице Окружной, 14 марта';
const statementName = 'Показания Ибрагима — подвал на Окружной.txt';
const photoName = 'IMG_2041 checkpoint Grozny.jpg';

/** About 6 MiB: the statement, then random bytes, then the statement again at the end. */
function testimonyFile(): Uint8Array {
  const text = new TextEncoder().encode(`${statement}\n`);
  const bytes = new Uint8Array(6 * MiB + 12_345);
  bytes.set(randomBytes(bytes.length));
  bytes.set(text, 0);
  bytes.set(text, bytes.length - text.length);
  return bytes;
}

/** A file in memory as the vault takes it, handed over in 64 KiB pieces like a File's stream. */
function fileInput(name: string, type: string, bytes: Uint8Array, size = bytes.length): FileInput {
  function* pieces() {
    for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.slice(at, at + 64 * 1024);
  }
  return { name, type, size, content: pieces() };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe.each(databaseKinds)('attachments on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let nadia: MemberSession; // hotline operator
  let timur: MemberSession; // case coordinator, hotline team
  let alina: MemberSession; // shelter coordinator: general and location, not testimony
  let outsider: MemberSession; // another team
  let directory: DirectoryTeam[];
  let caseId: string;
  let testimony: Uint8Array;
  let statementAttachment: Attachment;
  let photoAttachment: Attachment;

  const open = async (member: MemberSession): Promise<CaseView> =>
    openCase(member, await loadTeamKeyring(member), caseId);
  const blobsDir = () => join(corridor.database.dataDir, 'blobs');

  /** Starts an upload and sends `chunks` chunks of 1 KiB of noise, without finishing. */
  async function partialUpload(member: MemberSession, chunks: number) {
    const { blobId } = await member.api.call(createBlobRoute, {
      params: { caseId },
      body: { maxBytes: 100_000 },
    });
    for (let i = 0; i < chunks; i += 1) {
      await member.api.upload(
        uploadBlobChunkRoute,
        { params: { caseId, blobId }, query: { offset: i * 1024 } },
        randomBytes(1024),
      );
    }
    return blobId;
  }

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
    admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['hotline_operator']);
    timur = await corridor.member('timur', ['case_coordinator']);
    alina = await corridor.member('alina', ['shelter_coordinator']);
    outsider = await corridor.member('outsider', ['hotline_operator']);
    const hotline = await corridor.team(admin, 'Hotline', nadia, timur);
    const shelter = await corridor.team(admin, 'Shelters', alina);
    await corridor.team(admin, 'Elsewhere', outsider);
    directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    caseId = await createCase(nadia, directory, {
      title: 'Ibra',
      riskLevel: 4,
      share: { general: [hotline, shelter], location: [hotline, shelter], testimony: [hotline] },
    });
    testimony = testimonyFile();
  });
  afterAll(() => corridor?.stop());

  it('uploads a multi-chunk file encrypted in testimony; a colleague downloads it whole and verified', async () => {
    const progress: number[] = [];
    const { uploaded } = await attachFile(
      nadia,
      await open(nadia),
      'testimony',
      fileInput(statementName, 'text/plain', testimony),
      (sent) => progress.push(sent),
    );
    expect(progress.length).toBeGreaterThanOrEqual(7); // 1 MiB chunks
    expect(uploaded.content).toMatchObject({
      name: statementName,
      size: testimony.length,
      sha256: sha256(testimony),
      original: { size: testimony.length, sha256: sha256(testimony) },
      metadataRemoved: null,
    });

    const view = await open(timur);
    expect(view.timeline.problems).toEqual([]);
    const [found] = attachmentsOf(view);
    if (!found) throw new Error('no attachment');
    statementAttachment = found;
    expect(found).toMatchObject({
      name: statementName,
      type: 'text/plain',
      compartment: 'testimony',
    });
    const downloaded = await readAll(openAttachment(timur, found));
    expect(downloaded.length).toBe(testimony.length);
    expect(sha256(downloaded)).toBe(sha256(testimony));
    expect(Buffer.from(downloaded).equals(Buffer.from(testimony))).toBe(true);

    // On disk: ciphertext of the expected size, under the case.
    const stored = await readFile(join(blobsDir(), caseId, found.blobId));
    expect(stored.length).toBe(
      26 + testimony.length + 17 * (Math.floor(testimony.length / 65536) + 1),
    );
    expect(stored.includes(Buffer.from(statement))).toBe(false);
  });

  it('removes the GPS position and other metadata from a photo before it is encrypted', async () => {
    const photo = jpegWithGps();
    expect(exifLatitude(photo)).toEqual([...testGps.latitude]);
    await attachFile(
      nadia,
      await open(nadia),
      'location',
      fileInput(photoName, 'image/jpeg', photo),
    );
    const found = attachmentsOf(await open(alina)).find((a) => a.name === photoName);
    if (!found) throw new Error('no photo');
    photoAttachment = found;
    expect(found).toMatchObject({
      metadataRemoved: 'jpeg',
      original: { size: photo.length, sha256: sha256(photo) },
      size: jpegWithoutMetadata().length,
    });
    const downloaded = await readAll(openAttachment(alina, found));
    expect(exifLatitude(downloaded)).toBeNull();
    expect(downloaded).toEqual(jpegWithoutMetadata());
    for (const secret of metadataSecrets) {
      expect(Buffer.from(downloaded).includes(Buffer.from(secret))).toBe(false);
    }
  });

  it('gives the shelter coordinator, who lacks testimony, neither the file key nor its bytes', async () => {
    const view = await open(alina);
    expect(view.keys.has('testimony')).toBe(false);
    expect(attachmentsOf(view).map((a) => a.name)).toEqual([photoName]);
    // The event is in her timeline, but withheld: no name, no key.
    const withheld = view.timeline.entries.filter(
      (e) => e.kind === 'attachment.added' && e.content === null,
    );
    expect(withheld.map((e) => e.compartment)).toEqual(['testimony']);
    // Even knowing the blob id, the server does not hand her the ciphertext…
    expect(await refusal(readAll(openAttachment(alina, statementAttachment)))).toBe('not_found');
    // …and with the ciphertext off the disk, her own keys open nothing of it.
    const location = currentKey(view.keys, 'location').key;
    const ciphertext = await readFile(join(blobsDir(), caseId, statementAttachment.blobId));
    const context = { fileId: `${caseId}/${statementAttachment.blobId}` };
    const attempt = readAll(
      new Blob([ciphertext])
        .stream()
        .pipeThrough(decryptFileStream(asSymmetricKey('file', location), context)),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'decryption_failed' });
  });

  it('resumes a download cut off mid-way from where it stopped (an HTTP range)', async () => {
    const ranges: (string | null)[] = [];
    let cut = false;
    const breaking = (async (url: URL, init?: RequestInit) => {
      const response = await fetch(url, init);
      if (!url.pathname.includes('/blobs/')) return response;
      ranges.push(new Headers(init?.headers).get('range'));
      if (cut || !response.body) return response;
      cut = true;
      // Two MiB arrive, then the connection drops.
      const reader = response.body.getReader();
      let passed = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          if (passed + value.length > 2 * MiB) {
            await reader.cancel();
            return controller.error(new TypeError('terminated'));
          }
          passed += value.length;
          controller.enqueue(value);
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    }) as typeof fetch;
    const api = createApiClient({
      baseUrl: corridor.server.staffUrl,
      fetch: breaking,
      sessionToken: timur.sessionToken,
    });
    const downloaded = await readAll(openAttachment({ ...timur, api }, statementAttachment));
    expect(sha256(downloaded)).toBe(sha256(testimony));
    expect(ranges[0]).toBeNull();
    expect(ranges[1]).toMatch(/^bytes=\d+-$/);
    expect(Number(ranges[1]?.slice(6, -1))).toBeGreaterThan(0);
  });

  it('answers a range past the end with 416 and the size', async () => {
    const response = await fetch(
      new URL(`/api/cases/${caseId}/blobs/${statementAttachment.blobId}`, corridor.server.staffUrl),
      { headers: { authorization: `Bearer ${timur.sessionToken}`, range: 'bytes=999999999-' } },
    );
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toMatch(/^bytes \*\/\d+$/);
    expect(await response.json()).toMatchObject({ error: { code: 'range_not_satisfiable' } });
  });

  it('fails a download whose ciphertext was changed on disk', async () => {
    const path = join(blobsDir(), caseId, photoAttachment.blobId);
    const original = await readFile(path);
    const changed = Buffer.from(original);
    changed[changed.length - 5] = (changed[changed.length - 5] as number) ^ 1;
    await writeFile(path, changed);
    await expect(readAll(openAttachment(alina, photoAttachment))).rejects.toMatchObject({
      code: 'decryption_failed',
    });
    await writeFile(path, original);
    expect(await readAll(openAttachment(alina, photoAttachment))).toEqual(jpegWithoutMetadata());
  });

  it('enforces the size limits: the whole before any byte is sent, each chunk, and the declared size', async () => {
    const call = (maxBytes: number) =>
      nadia.api.call(createBlobRoute, { params: { caseId }, body: { maxBytes } });
    expect(await refusal(call(100 * MiB + 1))).toBe('payload_too_large');
    expect(await refusal(call(100 * MiB))).toBe('no error');
    // A file said to be 200 MiB is refused before a byte of it is read.
    let read = 0;
    const huge: FileInput = {
      name: 'huge.bin',
      type: 'application/octet-stream',
      size: 200 * MiB,
      content: (function* () {
        read += 1;
        yield new Uint8Array(1);
      })(),
    };
    expect(await refusal(uploadFile(nadia, caseId, huge))).toBe('payload_too_large');
    expect(read).toBe(0);

    const { blobId } = await nadia.api.call(createBlobRoute, {
      params: { caseId },
      body: { maxBytes: 3 * MiB },
    });
    const chunk = (offset: number, bytes: number) =>
      nadia.api.upload(
        uploadBlobChunkRoute,
        { params: { caseId, blobId }, query: { offset } },
        new Uint8Array(bytes),
      );
    expect(await refusal(chunk(0, MiB + 1))).toBe('payload_too_large');
    expect(await refusal(chunk(0, MiB))).toBe('no error');
    expect(await refusal(chunk(MiB, MiB))).toBe('no error');
    expect(await refusal(chunk(2 * MiB, MiB + 1))).toBe('payload_too_large');
    expect(await refusal(chunk(2 * MiB, 2))).toBe('no error');
    expect(await refusal(chunk(2 * MiB + 2, MiB))).toBe('payload_too_large'); // past 3 MiB
    // A file that brings more than its size said stops the upload.
    const liar = fileInput('liar.txt', 'text/plain', new Uint8Array(200_000), 100_000);
    expect(await refusal(uploadFile(nadia, caseId, liar))).toBe('size_mismatch');
    // These unfinished uploads are removed by the purge (last test).
  });

  it('refuses a finish whose size is not what arrived, and chunks out of order', async () => {
    const blobId = await partialUpload(nadia, 2);
    const finish = (bytes: number) =>
      nadia.api.call(finishBlobRoute, { params: { caseId, blobId }, body: { bytes } });
    expect(await refusal(finish(2049))).toBe('invalid_request');
    expect(await refusal(finish(2047))).toBe('invalid_request');
    const chunkAt = (offset: number) =>
      nadia.api.upload(
        uploadBlobChunkRoute,
        { params: { caseId, blobId }, query: { offset } },
        new Uint8Array(10),
      );
    expect(await refusal(chunkAt(1024))).toBe('conflict');
    expect(await refusal(chunkAt(4096))).toBe('conflict');
    expect(await refusal(finish(2048))).toBe('no error');
    // Finished: no more chunks, no second finish.
    expect(await refusal(chunkAt(2048))).toBe('not_found');
    expect(await refusal(finish(2048))).toBe('not_found');
  });

  it('lets only an attachment event name a blob: finished, the author’s own, once', async () => {
    const uploaded = await uploadFile(
      nadia,
      caseId,
      fileInput('note.txt', 'text/plain', new Uint8Array(10)),
    );
    const unfinished = await partialUpload(nadia, 1);
    const append = async (
      member: MemberSession,
      kind: 'attachment.added' | 'note.added',
      blobId?: string,
    ) => {
      const view = await open(member);
      const { event } = writeEvent(
        member,
        caseId,
        view.timeline.head,
        'general',
        currentKey(view.keys, 'general'),
        kind,
        uploaded.content,
      );
      return member.api.call(appendCaseEventRoute, {
        params: { caseId },
        body: { expectedVersion: view.timeline.head.version, event, ...(blobId ? { blobId } : {}) },
      });
    };
    expect(await refusal(append(nadia, 'attachment.added'))).toBe('invalid_request');
    expect(await refusal(append(nadia, 'note.added', uploaded.content.blobId))).toBe(
      'invalid_request',
    );
    expect(await refusal(append(nadia, 'attachment.added', unfinished))).toBe('invalid_request');
    expect(await refusal(append(timur, 'attachment.added', uploaded.content.blobId))).toBe(
      'invalid_request',
    );
    expect(await refusal(attachUploaded(nadia, await open(nadia), 'general', uploaded))).toBe(
      'no error',
    );
    expect(await refusal(append(nadia, 'attachment.added', uploaded.content.blobId))).toBe(
      'invalid_request',
    );
    // Nothing of the refused attempts is in the timeline.
    const view = await open(nadia);
    expect(view.timeline.problems).toEqual([]);
    expect(attachmentsOf(view).map((a) => a.name)).toEqual([statementName, photoName, 'note.txt']);
  });

  it('answers every attachment endpoint as the authorisation matrix says', async () => {
    const mine = await partialUpload(nadia, 1);
    const who: Record<string, ApiClient> = {
      anonymous: corridor.api,
      administrator: admin.api,
      'other team': outsider.api,
      'shelter coordinator': alina.api,
      'case team': timur.api,
    };
    const blob = (blobId: string) => ({ params: { caseId, blobId } });
    const endpoints: Record<string, (api: ApiClient) => Promise<unknown>> = {
      createBlob: (api) =>
        api.call(createBlobRoute, { params: { caseId }, body: { maxBytes: 10 } }),
      'uploadBlobChunk (Nadia’s upload)': (api) =>
        api.upload(
          uploadBlobChunkRoute,
          { ...blob(mine), query: { offset: 1024 } },
          new Uint8Array(4),
        ),
      'finishBlob (Nadia’s upload)': (api) =>
        api.call(finishBlobRoute, { ...blob(mine), body: { bytes: 1024 } }),
      'downloadBlob (testimony)': async (api) =>
        (await api.download(downloadBlobRoute, blob(statementAttachment.blobId))).body.cancel(),
      'downloadBlob (location)': async (api) =>
        (await api.download(downloadBlobRoute, blob(photoAttachment.blobId))).body.cancel(),
      'downloadBlob (unfinished)': async (api) =>
        (await api.download(downloadBlobRoute, blob(mine))).body.cancel(),
    };
    const actual: Record<string, Record<string, string>> = {};
    for (const [name, call] of Object.entries(endpoints)) {
      const row: Record<string, string> = {};
      for (const [role, api] of Object.entries(who)) row[role] = await refusal(call(api));
      actual[name] = row;
    }
    const outside = {
      anonymous: 'unauthenticated',
      administrator: 'not_found',
      'other team': 'not_found',
    };
    expect(actual).toEqual({
      createBlob: { ...outside, 'shelter coordinator': 'no error', 'case team': 'no error' },
      'uploadBlobChunk (Nadia’s upload)': {
        ...outside,
        'shelter coordinator': 'not_found',
        'case team': 'not_found',
      },
      'finishBlob (Nadia’s upload)': {
        ...outside,
        'shelter coordinator': 'not_found',
        'case team': 'not_found',
      },
      'downloadBlob (testimony)': {
        ...outside,
        'shelter coordinator': 'not_found',
        'case team': 'no error',
      },
      'downloadBlob (location)': {
        ...outside,
        'shelter coordinator': 'no error',
        'case team': 'no error',
      },
      'downloadBlob (unfinished)': {
        ...outside,
        'shelter coordinator': 'not_found',
        'case team': 'not_found',
      },
    });
    // Raw bytes are taken only where a route expects them.
    const response = await fetch(
      new URL(`/api/cases/${caseId}/blobs/${mine}/finish`, corridor.server.staffUrl),
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${nadia.sessionToken}`,
          'content-type': 'application/octet-stream',
        },
        body: new Uint8Array(4),
      },
    );
    expect(response.status).toBe(415);
  });

  it('records uploads and downloads in the audit log, without content', async () => {
    const rows = await corridor.server.storage.db
      .selectFrom('audit_entry')
      .select(['account_id', 'action'])
      .where('case_id', '=', caseId)
      .execute();
    const has = (member: MemberSession, action: string) =>
      rows.some((r) => r.account_id === member.account.id && r.action === action);
    expect(has(nadia, 'attachment.upload')).toBe(true);
    expect(has(timur, 'attachment.download')).toBe(true);
    expect(has(alina, 'attachment.download')).toBe(true);
    expect(has(outsider, 'attachment.download')).toBe(false);
  });

  it('records each refusal of a case outside the member’s teams, naming what was asked for', async () => {
    const refused = await corridor.server.storage.db
      .selectFrom('audit_entry')
      .select(['account_id', 'detail'])
      .where('case_id', '=', caseId)
      .where('action', '=', 'case.refused')
      .execute();
    const refusedOf = (member: MemberSession) =>
      refused
        .filter((r) => r.account_id === member.account.id)
        .map((r) => r.detail)
        .sort();
    // The matrix asked three upload steps and three downloads of each of them.
    const asked = [
      ...Array<string>(3).fill('attachment.download'),
      ...Array<string>(3).fill('attachment.upload'),
    ];
    expect(refusedOf(admin)).toEqual(asked);
    expect(refusedOf(outsider)).toEqual(asked);
    // Inside the case, a part or an upload that is not theirs is refused unrecorded.
    for (const member of [nadia, timur, alina]) expect(refusedOf(member)).toEqual([]);
  });

  it('purges interrupted uploads and blobs no event named; what the case names stays', async () => {
    const db = corridor.server.storage.db;
    const interrupted = await partialUpload(timur, 2);
    const unnamed = await uploadFile(
      timur,
      caseId,
      fileInput('draft.txt', 'text/plain', new Uint8Array(100)),
    );
    const stray = 'strayStrayStrayStray00';
    await writeFile(join(blobsDir(), 'tmp', stray), 'left by a crash');
    const onDisk = async () => [
      ...(await readdir(join(blobsDir(), 'tmp'))),
      ...(await readdir(join(blobsDir(), caseId))),
    ];
    expect(await onDisk()).toEqual(
      expect.arrayContaining([interrupted, unnamed.content.blobId, stray]),
    );
    // Nothing in the case points to the interrupted upload.
    expect(attachmentsOf(await open(timur)).map((a) => a.blobId)).not.toContain(interrupted);

    // Within their hour both stay; the stray file, which no row owns, goes at once.
    await corridor.server.purge();
    expect(await onDisk()).toEqual(expect.arrayContaining([interrupted, unnamed.content.blobId]));
    expect(await onDisk()).not.toContain(stray);

    corridor.tick(30 * 60);
    await timur.api.upload(
      uploadBlobChunkRoute,
      { params: { caseId, blobId: interrupted }, query: { offset: 2048 } },
      randomBytes(10),
    );
    corridor.tick(31 * 60); // an hour since the blob was finished, half an hour since the last chunk
    await corridor.server.purge();
    expect(await onDisk()).not.toContain(unnamed.content.blobId);
    expect(await onDisk()).toContain(interrupted);
    expect(await refusal(attachUploaded(timur, await open(timur), 'general', unnamed))).toBe(
      'invalid_request',
    );

    corridor.tick(30 * 60); // an hour without a chunk
    await corridor.server.purge();
    const left = await onDisk();
    expect(left).not.toContain(interrupted);
    expect(await readdir(join(blobsDir(), 'tmp'))).toEqual([]);
    const rows = await db.selectFrom('case_blob').select(['id', 'status']).execute();
    expect(rows.every((r) => r.status === 'attached')).toBe(true);
    expect(left.sort()).toEqual(rows.map((r) => r.id).sort());
    expect(left).toEqual(
      expect.arrayContaining([statementAttachment.blobId, photoAttachment.blobId]),
    );
    // What the case names still opens.
    expect(await readAll(openAttachment(alina, photoAttachment))).toEqual(jpegWithoutMetadata());
  });

  it('leaves neither the file’s text nor its name in what a seizure gives up', async () => {
    const secrets = [statement, statementName, photoName, ...metadataSecrets];
    if (kind === 'sqlite') {
      expect((await searchSeizedData(corridor.database, secrets)).found).toEqual([]);
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(corridor.server.storage.db);
    }
    const { found, bytes } = await searchSeizedData(corridor.database, [
      ...secrets,
      ...corridor.secrets.filter((s) => s.length >= 8),
    ]);
    expect(bytes).toBeGreaterThan(testimony.length);
    expect(found).toEqual([]);
  });
});

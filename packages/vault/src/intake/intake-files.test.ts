// Files on intake, on SQLite and PostgreSQL: a photo and a document through Telegram (the
// local fake Bot API) and attachments through e-mail (the local Dovecot) arrive encrypted
// on arrival with a key of their own, their records sealed to the inbox; the Telegram
// message is deleted from the chat once durable; staff decrypt them byte-exact in the
// vault, with image metadata removed on download unless they ask for the original; files
// over the limit give a notice; a damaged blob fails clearly; a copy goes into a case;
// and a seizure finds neither content, names nor GPS.
import { readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CryptoError, encryptedFileSize, initCrypto } from '@corridor/crypto';
import { downloadIntakeAttachmentRoute, teamDirectoryRoute } from '@corridor/protocol';
import {
  createFileLogger,
  createIntakeFileStore,
  type EmailChannel,
  loadConfig,
  loadServerSecrets,
  startEmailChannel,
} from '@corridor/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBotApi, startFakeBotApi } from '../../../../test-support/fake-bot-api.ts';
import {
  mailServerMissing,
  startMailServer,
  type TestMailServer,
} from '../../../../test-support/mail-server.ts';
import { searchSeizedData } from '../../../../test-support/seizure.ts';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import { attachmentsOf } from '../attachments/attachments.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { openCase } from '../cases/cases.ts';
import { startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import {
  jpegWithGps,
  jpegWithoutMetadata,
  metadataSecrets,
  tiffWithGps,
} from '../testing/test-images.ts';
import {
  type ConversationView,
  chooseHotlineTeam,
  ensureInboxKey,
  getInbox,
  listConversations,
  openCaseFromConversation,
  openConversation,
  openInboxKeys,
} from './inbox.ts';
import { copyIntakeFileToCase, type IntakeFile, openIntakeFile } from './intake-files.ts';

const missingMail = mailServerMissing();
if (missingMail) process.stderr.write(`e-mail attachment tests skipped: ${missingMail}\n`);

const sender = { id: 5550004321, username: 'madina_vedeno_02', languageCode: 'en' };
const caption = 'Фото синяков, снято вчера в Ведено.';
const documentName = 'заявление-в-полицию-Ведено.txt';
const documentText = 'Заявление: меня удерживают родственники по адресу Ведено, ул. Школьная 3.';
const mailFileName = 'справка-из-травмпункта.pdf';
const mailFileText = '%PDF-1.4 Справка: ушибы мягких тканей, Гудермес, 12 марта.';
const mailBody = 'Прикладываю справку и фото.';
const bigName = 'video-of-the-checkpoint.mp4';
// Files of many chunks (64 KiB each): the stream is cut and joined on both sides.
const largeDocument = (seed: number) =>
  Uint8Array.from({ length: 200 * 1024 + 7 }, (_, i) => (i * 31 + seed) & 0xff);

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 15_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const bytesOf = async (stream: ReadableStream<Uint8Array>) =>
  new Uint8Array(await new Response(stream).arrayBuffer());

describe.each(databaseKinds)('files on intake on %s', (kind) => {
  let fake: FakeBotApi;
  let corridor: TestCorridor;
  let nadia: MemberSession;
  let hotline: string;
  let mail: TestMailServer | undefined;
  let email: EmailChannel | undefined;
  let photoFile: IntakeFile;

  const db = () => corridor.server.storage.db;
  const filesDir = () => join(corridor.database.dataDir, 'blobs', 'intake');
  const storedFiles = async () =>
    (await readdir(filesDir(), { withFileTypes: true })).filter((e) => e.isFile()).length;
  const keys = async () =>
    openInboxKeys(nadia, await loadTeamKeyring(nadia), await getInbox(nadia));
  const newest = async (channel: 'telegram' | 'email'): Promise<ConversationView> => {
    const summary = (await listConversations(nadia)).conversations
      .filter((c) => c.channel === channel)
      .sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt))[0];
    return openConversation(nadia, await keys(), summary?.id ?? '');
  };
  const botSaid = (part: string) =>
    fake
      .messagesIn(sender.id)
      .some((m) => m.fromBot && !m.deleted && (m.text ?? '').includes(part));

  beforeAll(async () => {
    await initCrypto();
    fake = await startFakeBotApi();
    corridor = await startTestCorridor(kind, {
      env: {
        CORRIDOR_TELEGRAM_TOKEN: fake.token,
        CORRIDOR_TELEGRAM_API_ROOT: fake.apiRoot,
        CORRIDOR_PUBLIC_URL: 'http://localhost:8080/',
      },
    });
    const admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['hotline_operator']);
    hotline = await corridor.team(admin, 'Hotline', nadia);
    await chooseHotlineTeam(admin, hotline);
    expect(await ensureInboxKey(nadia, await loadTeamKeyring(nadia))).toBe(true);
    if (!missingMail) {
      mail = await startMailServer();
      const { dataDir } = corridor.database;
      const config = loadConfig({
        CORRIDOR_DATA_DIR: dataDir,
        CORRIDOR_IMAP_HOST: mail.host,
        CORRIDOR_IMAP_PORT: String(mail.imapPort),
        CORRIDOR_IMAP_SECURITY: 'none',
        CORRIDOR_IMAP_USER: mail.hotline.address,
        CORRIDOR_IMAP_PASSWORD: mail.hotline.password,
        CORRIDOR_SMTP_HOST: mail.host,
        CORRIDOR_SMTP_PORT: String(mail.smtpPort),
        CORRIDOR_SMTP_SECURITY: 'none',
        CORRIDOR_SMTP_USER: mail.hotline.address,
        CORRIDOR_SMTP_PASSWORD: mail.hotline.password,
        CORRIDOR_EMAIL_MAX_MESSAGE_MB: '1',
      });
      if (!config.email) throw new Error('e-mail not configured');
      email = startEmailChannel(
        config.email,
        {
          storage: corridor.server.storage,
          clock: corridor.clock,
          secrets: loadServerSecrets(config.secretsFile, false),
          logger: createFileLogger('trace', join(dataDir, 'email-channel.log')),
          // The server's own store (the same directory), with a small limit for the test.
          files: createIntakeFileStore(join(dataDir, 'blobs', 'intake')),
          maxFileBytes: 256 * 1024,
        },
        { autoStart: false },
      );
    }
  });
  afterAll(async () => {
    await email?.stop();
    await corridor?.stop();
    await mail?.stop();
    await fake?.close();
  });

  it('takes a Telegram photo sealed, deletes it from the chat, and staff decrypt it byte-exact', async () => {
    const photo = jpegWithGps();
    const { message } = fake.userSends(sender, { photo, caption });
    await waitFor(() => message.deleted, 'the photo to be deleted from the chat');
    const row = await db()
      .selectFrom('intake_attachment')
      .select(['id', 'sealed', 'bytes'])
      .executeTakeFirstOrThrow();
    // Only the ciphertext's size is in the clear.
    expect(Number(row.bytes)).toBe(encryptedFileSize(photo.length));
    expect(row.sealed).not.toContain('photo');
    const blob = await readFile(join(filesDir(), row.id));
    expect(blob.length).toBe(Number(row.bytes));
    expect(blob.includes(Buffer.from(tiffWithGps().subarray(8)))).toBe(false);

    const view = await newest('telegram');
    const [received] = view.messages;
    expect(received?.text).toBe(caption);
    expect(received?.attachments).toHaveLength(1);
    photoFile = received?.attachments[0] as IntakeFile;
    expect(photoFile.record).toMatchObject({
      name: 'photo.jpg',
      type: 'image/jpeg',
      size: photo.length,
    });
    // The original as it came (evidence), and by default without its metadata.
    expect(await bytesOf(openIntakeFile(nadia, photoFile, { stripMetadata: false }))).toEqual(
      photo,
    );
    expect(await bytesOf(openIntakeFile(nadia, photoFile))).toEqual(jpegWithoutMetadata());
  });

  it('takes a Telegram document of many chunks, without a caption', async () => {
    const bytes = largeDocument(1);
    const { message } = fake.userSends(sender, {
      document: { name: documentName, type: 'text/plain', bytes },
    });
    await waitFor(() => message.deleted, 'the document to be deleted from the chat');
    const view = await newest('telegram');
    const last = view.messages.at(-1);
    expect(last?.text).toBe('');
    const file = last?.attachments[0] as IntakeFile;
    expect(file.record).toMatchObject({
      name: documentName,
      type: 'text/plain',
      size: bytes.length,
    });
    expect(await bytesOf(openIntakeFile(nadia, file))).toEqual(bytes);
    const small = fake.userSends(sender, {
      document: {
        name: 'note.txt',
        type: 'text/plain',
        bytes: new TextEncoder().encode(documentText),
      },
    }).message;
    await waitFor(() => small.deleted, 'the small document to be deleted');
  });

  it('refuses a Telegram file over the limit, said or counted, and keeps nothing of it', async () => {
    const before = await storedFiles();
    const messages = Number(
      (
        await db()
          .selectFrom('intake_message')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const said = fake.userSends(sender, {
      document: {
        name: bigName,
        type: 'video/mp4',
        bytes: new Uint8Array(10),
        declaredSize: 11 * 1024 * 1024,
      },
    }).message;
    await waitFor(() => botSaid('larger than 10 MB'), 'the too-large answer');
    const downloads = fake.fileDownloads;
    // Telegram under-states the size: the stream is counted and cut at the limit.
    const lied = fake.userSends(sender, {
      document: {
        name: bigName,
        type: 'video/mp4',
        bytes: new Uint8Array(10 * 1024 * 1024 + 1),
        declaredSize: 1000,
      },
    }).message;
    await waitFor(
      () =>
        fake.messagesIn(sender.id).filter((m) => m.text?.includes('larger than 10 MB')).length ===
        2,
      'the second too-large answer',
    );
    expect(fake.fileDownloads).toBe(downloads + 1);
    expect([said.deleted, lied.deleted]).toEqual([false, false]);
    expect(await storedFiles()).toBe(before);
    expect(
      Number(
        (
          await db()
            .selectFrom('intake_message')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(messages);
  });

  it.skipIf(missingMail !== undefined)(
    'takes e-mail attachments sealed, byte-exact, and an oversized one as a notice',
    async () => {
      if (!mail || !email) throw new Error('no mail server');
      const pdf = new TextEncoder().encode(mailFileText);
      const photo = jpegWithGps();
      const tooBig = new Uint8Array(300 * 1024).fill(7);
      const part = (name: string, type: string, bytes: Uint8Array) =>
        [
          '--b',
          `Content-Type: ${type}; name="=?UTF-8?B?${Buffer.from(name).toString('base64')}?="`,
          `Content-Disposition: attachment; filename="=?UTF-8?B?${Buffer.from(name).toString('base64')}?="`,
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.from(bytes).toString('base64').replace(/.{76}/g, '$&\r\n'),
        ].join('\r\n');
      const raw = [
        `From: ${mail.applicant.address}`,
        `To: ${mail.hotline.address}`,
        'Subject: files',
        'Message-ID: <files@elsewhere.test>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary=b',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from(mailBody).toString('base64'),
        part(mailFileName, 'application/pdf', pdf),
        part('IMG_0042.jpg', 'image/jpeg', photo),
        part(bigName, 'video/mp4', tooBig),
        '--b--',
        '',
      ].join('\r\n');
      await mail.deliver(mail.hotline.address, raw);
      expect((await email.tick()).poll).toMatchObject({ imported: 1, left: 0 });
      expect(await mail.messages(mail.hotline)).toHaveLength(0);

      const view = await newest('email');
      const message = view.messages.at(-1);
      expect(message?.text).toContain(mailBody);
      expect(message?.text).toContain(`Attachment not kept: ${bigName}`);
      expect(message?.text).toContain('per file');
      expect(message?.attachments.map((a) => a.record?.name)).toEqual([
        mailFileName,
        'IMG_0042.jpg',
      ]);
      const [first, second] = message?.attachments ?? [];
      expect(first?.record).toMatchObject({ type: 'application/pdf', size: pdf.length });
      expect(await bytesOf(openIntakeFile(nadia, first as IntakeFile))).toEqual(pdf);
      expect(
        await bytesOf(openIntakeFile(nadia, second as IntakeFile, { stripMetadata: false })),
      ).toEqual(photo);
    },
  );

  it('fails clearly on a damaged file, and on a file swapped for another', async () => {
    const path = join(filesDir(), photoFile.id);
    const original = await readFile(path);
    const damaged = Buffer.from(original);
    const at = Math.floor(damaged.length / 2);
    damaged.writeUInt8((damaged[at] ?? 0) ^ 0x01, at);
    await writeFile(path, damaged);
    const error = await bytesOf(openIntakeFile(nadia, photoFile)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CryptoError);
    expect(error).toMatchObject({ code: 'decryption_failed' });

    // Another file's ciphertext in its place: bound to its id, it does not open either.
    const other = (
      await db()
        .selectFrom('intake_attachment')
        .select('id')
        .where('id', '!=', photoFile.id)
        // The largest: served cut to this file's size, its first chunk fails to open.
        .orderBy('bytes', 'desc')
        .executeTakeFirstOrThrow()
    ).id;
    await writeFile(path, await readFile(join(filesDir(), other)));
    await expect(bytesOf(openIntakeFile(nadia, photoFile))).rejects.toMatchObject({
      code: 'decryption_failed',
    });
    await writeFile(path, original);
    expect(await bytesOf(openIntakeFile(nadia, photoFile, { stripMetadata: false }))).toEqual(
      jpegWithGps(),
    );
  });

  it('serves a file only to hotline members, and records every read', async () => {
    const outsider = await corridor.member('outsider', ['hotline_operator']);
    const input = {
      params: { conversationId: photoFile.conversationId, attachmentId: photoFile.id },
    };
    await expect(outsider.api.download(downloadIntakeAttachmentRoute, input)).rejects.toMatchObject(
      { code: 'not_found' },
    );
    await expect(
      nadia.api.download(downloadIntakeAttachmentRoute, {
        params: { conversationId: photoFile.conversationId, attachmentId: 'no-such-file-here' },
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const actions = await db()
      .selectFrom('audit_entry')
      .select('action')
      .where('detail', '=', photoFile.conversationId)
      .execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['intake.read', 'intake.refused']),
    );
  });

  it('copies a file into a case: metadata removed there, the hash at capture kept', async () => {
    const directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    const view = await newest('telegram');
    const caseId = await openCaseFromConversation(nadia, directory, view, {
      title: 'Telegram applicant, Vedeno',
      riskLevel: 3,
      share: { general: [hotline], situation: [hotline] },
    });
    const ring = await loadTeamKeyring(nadia);
    await copyIntakeFileToCase(nadia, await openCase(nadia, ring, caseId), 'situation', photoFile);
    const [attachment] = attachmentsOf(await openCase(nadia, ring, caseId));
    expect(attachment).toMatchObject({
      name: 'photo.jpg',
      metadataRemoved: 'jpeg',
      original: { size: photoFile.record?.size, sha256: photoFile.record?.sha256 },
    });
  });

  it('sweeps files no message names (a crash before the commit) after an hour, and no others', async () => {
    const orphan = join(filesDir(), 'orphan-after-a-crash-0001');
    const fresh = join(filesDir(), 'written-just-now-00000001');
    await writeFile(orphan, 'ciphertext nobody names');
    await writeFile(fresh, 'a message being stored now');
    const hoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(orphan, hoursAgo, hoursAgo);
    await utimes(join(filesDir(), photoFile.id), hoursAgo, hoursAgo);
    await corridor.server.purge();
    const left = await readdir(filesDir());
    expect(left).not.toContain('orphan-after-a-crash-0001');
    expect(left).toContain('written-just-now-00000001');
    expect(left).toContain(photoFile.id);
    await rm(fresh);
  });

  it('leaves no file content, file name or GPS position in what a seizure gives up', async () => {
    const secrets: (string | Uint8Array)[] = [
      caption,
      documentName,
      documentText,
      bigName,
      'video/mp4',
      ...metadataSecrets,
      // The EXIF block with the GPS position, as bytes.
      tiffWithGps().subarray(8),
      jpegWithGps().subarray(0, 64),
      largeDocument(1).subarray(1000, 1100),
      String(sender.id),
      sender.username,
      ...(mail ? [mailFileName, mailFileText, mailBody, 'IMG_0042.jpg'] : []),
    ];
    if (kind === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db());
    await email?.stop();
    const { found, bytes } = await searchSeizedData(corridor.database, secrets);
    expect(bytes).toBeGreaterThan(10_000);
    expect(found).toEqual([]);
  });
});

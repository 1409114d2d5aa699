// The e-mail channel against a real mail server (Dovecot from Debian, started from a
// temporary configuration; SMTP in-process, delivering into Dovecot by LMTP) and a whole
// Corridor server, on SQLite and PostgreSQL: mail in, sealed on arrival and deleted from
// the mailbox; staff read and reply through the client core; the reply goes out by SMTP
// to the sender's mailbox. A crash between sealing and deleting, bad MIME of every kind,
// a suspected infiltrator, SMTP failures, and the seizure test.
import { join } from 'node:path';
import { asBoxPublicKey, fromBase64, initCrypto, sealTo, toBase64, utf8 } from '@corridor/crypto';
import {
  createFileLogger,
  type EmailChannel,
  intakeIndexKey,
  loadConfig,
  loadServerSecrets,
  pendingOutbound,
  recordOutbound,
  routingIndexFor,
  startEmailChannel,
} from '@corridor/server';
import { sql } from 'kysely';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mailServerMissing,
  startMailServer,
  type TestMailServer,
} from '../../../../test-support/mail-server.ts';
import { searchSeizedData } from '../../../../test-support/seizure.ts';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import {
  chooseHotlineTeam,
  ensureInboxKey,
  getInbox,
  listConversations,
  openConversation,
  openInboxKeys,
  replyToConversation,
} from './inbox.ts';

const missing = mailServerMissing();
if (missing) {
  // Skipped, and said so: outside CI only (in CI mailServerMissing throws).
  process.stderr.write(`e-mail channel tests skipped: ${missing}\n`);
}

const body = 'Меня держат дома, отец забрал паспорт. Я в Гудермесе, улица Кадырова 14.';
const subject = 'Помогите, срочно — Гудермес';
const displayName = 'Залина Умарова';
const followUp = 'Завтра в 10:00 я буду у аптеки на Победы.';
const staffReply = 'Zalina, we read you. Do not call from the home phone. Answer here after 22:00.';

const message = (headers: Record<string, string>, text: string) =>
  `${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${text}`;

const b64 = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;

describe.skipIf(missing !== undefined).each(databaseKinds)('the e-mail channel on %s', (kind) => {
  let corridor: TestCorridor;
  let mail: TestMailServer;
  let channel: EmailChannel;
  let nadia: MemberSession;
  let crashBeforeDelete = false;
  let conversationId = '';
  let messageCount = 0;

  const count = async () =>
    Number(
      (
        await corridor.server.storage.db
          .selectFrom('intake_message')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const keysOf = async (member: MemberSession) =>
    openInboxKeys(member, await loadTeamKeyring(member), await getInbox(member));
  const hotlineMail = () => mail.messages(mail.hotline);

  beforeAll(async () => {
    await initCrypto();
    mail = await startMailServer();
    corridor = await startTestCorridor(kind);
    const admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['hotline_operator']);
    const hotline = await corridor.team(admin, 'Hotline', nadia);
    await chooseHotlineTeam(admin, hotline);
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
    channel = startEmailChannel(
      config.email,
      {
        storage: corridor.server.storage,
        clock: corridor.clock,
        secrets: loadServerSecrets(config.secretsFile, false),
        // Where a seizure finds it, like the server's own log.
        logger: createFileLogger('trace', join(dataDir, 'email-channel.log')),
        beforeDelete: () => {
          if (crashBeforeDelete) {
            crashBeforeDelete = false;
            throw new Error('crash between sealing and deleting');
          }
        },
      },
      { autoStart: false },
    );
  });
  afterAll(async () => {
    await channel?.stop();
    await corridor?.stop();
    await mail?.stop();
  });

  it('runs no poller on a server without e-mail settings', () => {
    expect(corridor.server.email).toBeUndefined();
  });

  it('leaves mail in the mailbox until the hotline has its inbox key', async () => {
    await mail.deliver(
      mail.hotline.address,
      message(
        {
          From: `${b64(displayName)} <${mail.applicant.address}>`,
          To: mail.hotline.address,
          Subject: b64(subject),
          'Message-ID': '<first@elsewhere.test>',
          'Content-Type': 'text/plain; charset=utf-8',
          'Content-Transfer-Encoding': '8bit',
        },
        body,
      ),
    );
    const early = await channel.tick();
    expect(early.poll).toMatchObject({ imported: 0, left: 1 });
    expect(await hotlineMail()).toHaveLength(1);
    expect(await count()).toBe(0);

    expect(await ensureInboxKey(nadia, await loadTeamKeyring(nadia))).toBe(true);
    const result = await channel.tick();
    expect(result.poll).toMatchObject({ imported: 1, duplicates: 0, left: 0 });
    expect(await hotlineMail()).toHaveLength(0);
    messageCount = await count();
    expect(messageCount).toBe(1);
  });

  it('lets staff read it and sends their reply by SMTP to the sender', async () => {
    const list = await listConversations(nadia);
    const summary = list.conversations.find((c) => c.channel === 'email');
    expect(summary).toMatchObject({ status: 'new', messageCount: 1, suspectedContact: false });
    conversationId = summary?.id ?? '';
    const keys = await keysOf(nadia);
    const view = await openConversation(nadia, keys, conversationId);
    const text = view.messages[0]?.text ?? '';
    expect(text).toContain(`From: ${displayName} <${mail.applicant.address}>`);
    expect(text).toContain(`Subject: ${subject}`);
    expect(text).toContain(body);

    await replyToConversation(nadia, await getInbox(nadia), view, staffReply);
    const sent = await channel.tick();
    expect(sent.deliver).toEqual({ sent: 1, failed: 0 });
    const received = await mail.messages(mail.applicant);
    expect(received).toHaveLength(1);
    const parsed = await simpleParser(received[0] ?? Buffer.alloc(0));
    expect(parsed.text?.trim()).toBe(staffReply);
    expect(parsed.subject).toBe(`Re: ${subject}`);
    expect(parsed.from?.value[0]?.address).toBe(mail.hotline.address);
    // Delivered: the channel copy is gone, only the team's sealed copy stays.
    expect(
      await pendingOutbound({ storage: corridor.server.storage, clock: corridor.clock }, 'email'),
    ).toEqual([]);
    messageCount += 1;
  });

  it('routes a follow-up from the same address, in any case, to the same conversation', async () => {
    await mail.deliver(
      mail.hotline.address,
      message(
        {
          From: mail.applicant.address.toUpperCase(),
          Subject: `Re: ${b64(subject)}`,
          'Message-ID': '<second@elsewhere.test>',
          'Content-Type': 'text/plain; charset=utf-8',
        },
        followUp,
      ),
    );
    expect((await channel.tick()).poll).toMatchObject({ imported: 1 });
    const view = await openConversation(nadia, await keysOf(nadia), conversationId);
    expect(view.messages.map((m) => m.direction)).toEqual(['inbound', 'outbound', 'inbound']);
    expect(view.messages[2]?.text).toContain(followUp);
    messageCount += 1;
  });

  it('never loses or doubles a message when the import stops between sealing and deleting', async () => {
    await mail.deliver(
      mail.hotline.address,
      message(
        { From: mail.applicant.address, Subject: 'again', 'Message-ID': '<third@elsewhere.test>' },
        'Третье сообщение.',
      ),
    );
    crashBeforeDelete = true;
    expect((await channel.tick()).poll).toMatchObject({ imported: 0, left: 1 });
    expect(await hotlineMail()).toHaveLength(1);
    expect(await count()).toBe(messageCount + 1);
    // As after a restart: found again, recognised, deleted, not stored twice.
    expect((await channel.tick()).poll).toMatchObject({ imported: 0, duplicates: 1, left: 0 });
    expect(await hotlineMail()).toHaveLength(0);
    messageCount += 1;
    expect(await count()).toBe(messageCount);
  });

  it('keeps bad MIME, oversized, binary and badly encoded mail as clear notices, whole or not at all', async () => {
    const big = 'x'.repeat(1024 * 1024 + 1000);
    const cases: [string, string | Buffer, (text: string) => void][] = [
      [
        'malformed MIME',
        message(
          {
            From: 'broken@elsewhere.test',
            'Content-Type': 'multipart/mixed; boundary="never-closed"',
          },
          '--never-closed\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@not base64@@@\r\n--never',
        ),
        (text) => expect(text).toContain('From: broken@elsewhere.test'),
      ],
      [
        'oversized',
        message({ From: 'large@elsewhere.test', Subject: 'big' }, big),
        (text) => {
          expect(text).toContain('it was not downloaded');
          expect(text).not.toContain('xxxxxxxxxx');
        },
      ],
      [
        'too long for one message',
        message({ From: 'long@elsewhere.test' }, 'я'.repeat(20_000)),
        (text) => {
          expect(text).toContain('was not kept');
          expect(utf8(text).length).toBeLessThanOrEqual(16 * 1024);
        },
      ],
      [
        'binary',
        Buffer.concat([
          Buffer.from(
            'From: binary@elsewhere.test\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee\u0000 attached\r\n--b\r\nContent-Type: application/octet-stream; name="phone.db"\r\nContent-Transfer-Encoding: base64\r\n\r\n',
          ),
          Buffer.from(Buffer.from([0, 1, 2, 255, 254, 0, 7]).toString('base64')),
          Buffer.from('\r\n--b--\r\n'),
        ]),
        (text) => {
          // The NUL is gone: dropped, or a replacement character where the parser put one.
          expect(text).toMatch(/see\uFFFD? attached/);
          expect(text).toContain('Attachment not kept: phone.db');
          expect(text).not.toContain('\u0000');
        },
      ],
      [
        'unknown charset and invalid UTF-8',
        Buffer.concat([
          Buffer.from(
            'From: charset@elsewhere.test\r\nContent-Type: text/plain; charset=x-klingon\r\nContent-Transfer-Encoding: 8bit\r\n\r\nhello ',
          ),
          Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x82]),
          Buffer.from(' world'),
        ]),
        (text) => {
          expect(text).toContain('hello');
          expect(text).toContain('world');
        },
      ],
      [
        'header injection',
        message(
          {
            From: `${b64('Eve\r\nBcc: everyone@elsewhere.test')} <inject@elsewhere.test>`,
            Subject: b64('hi\r\nBcc: everyone@elsewhere.test'),
          },
          'text',
        ),
        (text) => {
          expect(text.split('\n').some((line) => line.startsWith('Bcc:'))).toBe(false);
          expect(text.split('\n')[0]).toContain('<inject@elsewhere.test>');
        },
      ],
      [
        'no sender',
        message({ Subject: 'anonymous' }, 'no from header'),
        (text) => expect(text).toContain('(no sender address)'),
      ],
    ];
    for (const [name, raw, check] of cases) {
      // Each arrives a second after the last, so the newest conversation is this one.
      corridor.tick(1);
      await mail.deliver(mail.hotline.address, raw, 'someone@elsewhere.test');
      const result = await channel.tick();
      expect(result.poll, name).toMatchObject({ imported: 1, left: 0 });
      expect(await hotlineMail(), name).toHaveLength(0);
      messageCount += 1;
      expect(await count(), name).toBe(messageCount);
      const newest = (await listConversations(nadia)).conversations
        .filter((c) => c.channel === 'email')
        .sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt))[0];
      const view = await openConversation(nadia, await keysOf(nadia), newest?.id ?? '');
      const text = view.messages.at(-1)?.text;
      expect(text, name).toBeTypeOf('string');
      check(text ?? '');
      if (name === 'no sender') expect(view.replyPublicKey).toBeNull();
    }
  });

  it('flags a conversation from an address marked as a suspected infiltrator', async () => {
    const secrets = loadServerSecrets(
      join(corridor.database.dataDir, 'server-secrets.json'),
      false,
    );
    await corridor.server.storage.db
      .insertInto('infiltrator_mark')
      .values({
        blind_index: routingIndexFor(intakeIndexKey(secrets), 'email', 'spy@elsewhere.test'),
        case_id: 'case-of-the-first-contact',
        marked_by: 'someone',
        marked_at: corridor.clock().toISOString(),
      })
      .execute();
    await mail.deliver(
      mail.hotline.address,
      message({ From: 'Spy@Elsewhere.test', Subject: 'I need help too' }, 'Где сейчас Залина?'),
    );
    expect((await channel.tick()).poll).toMatchObject({ imported: 1 });
    messageCount += 1;
    const row = await corridor.server.storage.db
      .selectFrom('intake_conversation')
      .select(['id', 'suspected_contact'])
      .where(
        'routing_index',
        '=',
        routingIndexFor(intakeIndexKey(secrets), 'email', 'spy@elsewhere.test'),
      )
      .executeTakeFirstOrThrow();
    expect(Number(row.suspected_contact)).toBe(1);
    const summary = (await listConversations(nadia)).conversations.find((c) => c.id === row.id);
    expect(summary).toMatchObject({ suspectedContact: true });
  });

  it('retries a reply the SMTP server refused, and never sends to another address', async () => {
    const before = (await mail.messages(mail.applicant)).length;
    const keys = await keysOf(nadia);
    mail.failNextSmtp(1);
    await replyToConversation(
      nadia,
      await getInbox(nadia),
      await openConversation(nadia, keys, conversationId),
      'Second reply.',
    );
    expect((await channel.tick()).deliver).toEqual({ sent: 0, failed: 1 });
    // Not yet due: the retry waits.
    expect((await channel.tick()).deliver).toEqual({ sent: 0, failed: 0 });
    corridor.tick(31);
    expect((await channel.tick()).deliver).toEqual({ sent: 1, failed: 0 });
    expect(await mail.messages(mail.applicant)).toHaveLength(before + 1);

    // A channel copy naming another address (a forged or mistaken reply): refused.
    const inbox = await getInbox(nadia);
    const newest = inbox.keys.at(-1);
    const view = await openConversation(nadia, keys, conversationId);
    const forged = utf8(
      JSON.stringify({ v: 1, to: 'elsewhere@corridor.test', subject: 'x', text: 'leak' }),
    );
    await recordOutbound(
      { storage: corridor.server.storage, clock: corridor.clock },
      {
        conversationId,
        authorId: nadia.account.id,
        inboxKeyVersion: newest?.version ?? 1,
        inboxCopy: toBase64(sealTo(asBoxPublicKey(fromBase64(newest?.boxPublicKey ?? '')), forged)),
        channelCopy: toBase64(
          sealTo(asBoxPublicKey(fromBase64(view.replyPublicKey ?? '')), forged),
        ),
      },
    );
    const result = await channel.tick();
    expect(result.deliver?.sent).toBe(0);
    expect(await mail.messages(mail.hotline)).toHaveLength(0);
  });

  it('leaves no body, subject or address in what a seizure gives up', async () => {
    const secrets = [
      body,
      subject,
      displayName,
      followUp,
      staffReply,
      mail.applicant.address,
      'spy@elsewhere.test',
      'Где сейчас Залина',
      'phone.db',
    ];
    if (kind === 'sqlite') {
      expect((await searchSeizedData(corridor.database, secrets)).found).toEqual([]);
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(corridor.server.storage.db);
    }
    await channel.stop();
    const { found, bytes } = await searchSeizedData(corridor.database, secrets);
    expect(bytes).toBeGreaterThan(10_000);
    expect(found).toEqual([]);
    // The search does read the channel's log: what it may say is there to be found.
    expect(
      (await searchSeizedData(corridor.database, ['e-mail: messages imported'])).found,
    ).toHaveLength(1);
  });
});

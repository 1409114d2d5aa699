// The seizure test over all three channels at once (issue 6's acceptance): on SQLite and
// PostgreSQL, one server takes a message through the web form, Telegram (the local fake
// Bot API) and e-mail (Dovecot), staff reply to each through the client core, each
// applicant writes again; then every byte a seizure gives up — the data directory (the
// database and its WAL, blobs, the server's and the e-mail channel's logs) and, for
// PostgreSQL, its heap and WAL files — is searched for what they wrote and who they are.
import { join } from 'node:path';
import { initCrypto } from '@corridor/crypto';
import {
  createFileLogger,
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
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { postForm, receiptCodeIn } from '../testing/public-form.ts';
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
if (missing) process.stderr.write(`three-channel seizure test skipped: ${missing}\n`);

// Distinctive words per channel, so a hit says which channel leaked.
const web = {
  first: 'Веб-форма: меня зовут Хадижат Шамилова, я прячусь в Хасавюрте у тёти.',
  reply: 'Khadizhat, web reply: the volunteer Aslanbek meets you at the Khasavyurt market.',
  answer: 'Веб-ответ: буду у рынка Хасавюрта в пятницу, в зелёном платке.',
};
const telegram = {
  user: { id: 5550442211, username: 'zarema_kizlyar_2003', firstName: 'Зарема Кизлярская' },
  first: 'Телеграм: брат отобрал телефон, пишу с нового, живу в Кизляре на Заречной 7.',
  reply: 'Zarema, Telegram reply: a car waits at the Kizlyar railway station at 20:30.',
  answer: 'Телеграм-ответ: поняла, буду на вокзале Кизляра в 20:30.',
};
const email = {
  from: 'Аминат Буйнакская',
  subject: 'Письмо из Буйнакска — нужна помощь',
  first: 'Почта: муж запер меня в квартире на улице Имама Шамиля 12 в Буйнакске.',
  reply: 'Aminat, e-mail reply: the lawyer Patimat calls you on Tuesday from a Moscow number.',
  answer: 'Почта-ответ: во вторник буду одна дома после 14:00.',
  messageIds: ['<buynaksk-first@elsewhere.test>', '<buynaksk-second@elsewhere.test>'],
};

const b64 = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 15_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(missing !== undefined).each(databaseKinds)(
  'a seizure after all three channels on %s',
  (kind) => {
    let corridor: TestCorridor;
    let fake: FakeBotApi;
    let mail: TestMailServer;
    let channel: EmailChannel;
    let nadia: MemberSession;
    let code = '';

    const keys = async () =>
      openInboxKeys(nadia, await loadTeamKeyring(nadia), await getInbox(nadia));
    /** Replies to the one conversation of a channel, and returns what staff now read in it. */
    const replyOn = async (channelName: 'web' | 'telegram' | 'email', text: string) => {
      const summary = (await listConversations(nadia)).conversations.find(
        (c) => c.channel === channelName,
      );
      if (!summary) throw new Error(`no ${channelName} conversation`);
      const k = await keys();
      await replyToConversation(
        nadia,
        await getInbox(nadia),
        await openConversation(nadia, k, summary.id),
        text,
      );
      return summary.id;
    };
    const read = async (conversationId: string) =>
      (await openConversation(nadia, await keys(), conversationId)).messages.map((m) => m.text);
    const deliverMail = (messageId: string, subject: string, text: string) =>
      mail.deliver(
        mail.hotline.address,
        [
          `From: ${b64(email.from)} <${mail.applicant.address}>`,
          `To: ${mail.hotline.address}`,
          `Subject: ${b64(subject)}`,
          `Message-ID: ${messageId}`,
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: 8bit',
          '',
          text,
        ].join('\r\n'),
      );

    beforeAll(async () => {
      await initCrypto();
      fake = await startFakeBotApi();
      mail = await startMailServer();
      corridor = await startTestCorridor(kind, {
        env: {
          CORRIDOR_TELEGRAM_TOKEN: fake.token,
          CORRIDOR_TELEGRAM_API_ROOT: fake.apiRoot,
          CORRIDOR_PUBLIC_URL: 'http://localhost:8080/',
        },
      });
      const admin = await corridor.member('admin', ['administrator']);
      nadia = await corridor.member('nadia', ['hotline_operator']);
      await chooseHotlineTeam(admin, await corridor.team(admin, 'Hotline', nadia));
      expect(await ensureInboxKey(nadia, await loadTeamKeyring(nadia))).toBe(true);
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
      });
      if (!config.email) throw new Error('e-mail not configured');
      channel = startEmailChannel(
        config.email,
        {
          storage: corridor.server.storage,
          clock: corridor.clock,
          secrets: loadServerSecrets(config.secretsFile, false),
          // In the data directory, where a seizure finds it, like the server's own log.
          logger: createFileLogger('trace', join(dataDir, 'email-channel.log')),
        },
        { autoStart: false },
      );
    });
    afterAll(async () => {
      await channel?.stop();
      await corridor?.stop();
      await fake?.close();
      await mail?.stop();
    });

    it('takes a message, a staff reply and an answer through the web form', async () => {
      const sent = await postForm(corridor.server.publicUrl, '/messages', { message: web.first });
      expect(sent.status).toBe(200);
      code = receiptCodeIn(sent.html) ?? '';
      expect(code).not.toBe('');
      const id = await replyOn('web', web.reply);
      const opened = await postForm(corridor.server.publicUrl, '/follow-up', { code });
      expect(opened.html).toContain(web.reply);
      const answered = await postForm(corridor.server.publicUrl, '/follow-up/reply', {
        code,
        message: web.answer,
      });
      expect(answered.status).toBe(200);
      expect(await read(id)).toEqual([web.first, web.reply, web.answer]);
    });

    it('takes a message, a staff reply and an answer through Telegram', async () => {
      const { message } = fake.userSends(telegram.user, { text: telegram.first });
      await waitFor(() => message.deleted, 'the first message to leave the chat');
      const id = await replyOn('telegram', telegram.reply);
      await waitFor(
        () => fake.messagesIn(telegram.user.id).some((m) => m.fromBot && m.text === telegram.reply),
        'the reply in the chat',
      );
      const answer = fake.userSends(telegram.user, { text: telegram.answer }).message;
      await waitFor(() => answer.deleted, 'the answer to leave the chat');
      expect(await read(id)).toEqual([telegram.first, telegram.reply, telegram.answer]);
    });

    it('takes a message, a staff reply and an answer through e-mail', async () => {
      await deliverMail(email.messageIds[0] ?? '', email.subject, email.first);
      expect((await channel.tick()).poll).toMatchObject({ imported: 1, left: 0 });
      const id = await replyOn('email', email.reply);
      expect((await channel.tick()).deliver).toEqual({ sent: 1, failed: 0 });
      expect(await mail.messages(mail.applicant)).toHaveLength(1);
      await deliverMail(email.messageIds[1] ?? '', `Re: ${email.subject}`, email.answer);
      expect((await channel.tick()).poll).toMatchObject({ imported: 1, left: 0 });
      const texts = await read(id);
      expect(texts).toHaveLength(3);
      expect(texts[0]).toContain(email.first);
      expect(texts[1]).toBe(email.reply);
      expect(texts[2]).toContain(email.answer);
    });

    it('leaves none of their words or identifiers in the data directory, database files and logs', async () => {
      const secrets = [
        ...Object.values(web),
        telegram.first,
        telegram.reply,
        telegram.answer,
        String(telegram.user.id),
        telegram.user.username,
        telegram.user.firstName,
        email.from,
        email.subject,
        email.first,
        email.reply,
        email.answer,
        mail.applicant.address,
        ...email.messageIds.map((id) => id.slice(1, -1)),
        // Names and places alone, in case a fragment were kept.
        'Хадижат',
        'Хасавюрт',
        'Кизляр',
        'Буйнакск',
        'Aslanbek',
        'Patimat',
        code,
        code.replaceAll('-', ''),
      ];
      if (kind === 'sqlite') {
        // Before the checkpoint the newest pages are still in the WAL: search it as it is.
        expect((await searchSeizedData(corridor.database, secrets)).found).toEqual([]);
        await sql`pragma wal_checkpoint(TRUNCATE)`.execute(corridor.server.storage.db);
      }
      // The channel is stopped, as in the e-mail test: its IMAP session holds nothing more.
      await channel.stop();
      const { found, bytes } = await searchSeizedData(corridor.database, [
        ...secrets,
        ...corridor.secrets.filter((s) => s.length >= 8),
      ]);
      expect(bytes).toBeGreaterThan(10_000);
      expect(found).toEqual([]);
      // The search does read the database and both logs: what they may say is found.
      expect(
        (
          await searchSeizedData(corridor.database, [
            'Hotline',
            'e-mail: messages imported',
            '/follow-up/reply',
          ])
        ).found.sort(),
      ).toEqual(['/follow-up/reply', 'Hotline', 'e-mail: messages imported']);
    });
  },
);

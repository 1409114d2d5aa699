// The Telegram channel end to end, on SQLite and PostgreSQL: a person writes to the bot
// (a local fake of the Bot API), the message is sealed, then deleted from the chat;
// staff read it and reply through the vault, and the bot delivers the reply. Replays,
// bad input, /clear, retries, a suspected infiltrator coming back, and the seizure test.
import { initCrypto } from '@corridor/crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBotApi, startFakeBotApi } from '../../../../test-support/fake-bot-api.ts';
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

const islam = {
  id: 5550001234,
  username: 'islam_nalchik_1999',
  firstName: 'Ислам',
  languageCode: 'ru',
};
const stranger = { id: 5550009876, username: 'friendly_helper_77', languageCode: 'en' };
const first =
  'Меня держали в Аргуне, теперь ищет отец. Я у друга в Нальчике, Telegram только этот.';
const staffReply = 'We read you. Tomorrow 21:00 a car waits at the bus station in Nalchik.';
const answer = 'Спасибо, буду на автовокзале в 21:00.';
const strangerText = 'Hi, I need help too, who else is with you?';

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(databaseKinds)('the Telegram channel on %s', (kind) => {
  let fake: FakeBotApi;
  let corridor: TestCorridor;
  let nadia: MemberSession;
  let conversationId: string;

  const db = () => corridor.server.storage.db;
  const count = async (table: 'intake_message' | 'intake_conversation') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const keys = async () =>
    openInboxKeys(nadia, await loadTeamKeyring(nadia), await getInbox(nadia));
  const chat = (id: number) => fake.messagesIn(id);
  const botSaid = (id: number, part: string) =>
    chat(id).some((m) => m.fromBot && !m.deleted && (m.text ?? '').includes(part));
  /** Sends a harmless marker and waits for it to be imported: every update before it was handled. */
  const settle = async () => {
    const { message } = fake.userSends(stranger, { text: `marker ${Math.random()}` });
    await waitFor(() => message.deleted, 'the marker to be deleted');
  };

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
    const hotline = await corridor.team(admin, 'Hotline', nadia);
    await chooseHotlineTeam(admin, hotline);
  });
  afterAll(async () => {
    await corridor?.stop();
    await fake?.close();
  });

  it('takes nothing before the inbox key exists, and says so', async () => {
    const { message } = fake.userSends(stranger, { text: 'anyone there?' });
    await waitFor(() => botSaid(stranger.id, 'not taking messages yet'), 'the not-ready answer');
    expect(message.deleted).toBe(false);
    expect(await count('intake_message')).toBe(0);
    expect(await ensureInboxKey(nadia, await loadTeamKeyring(nadia))).toBe(true);
  });

  it('seals a first message, deletes it from the chat, and warns a first-time contact in their language', async () => {
    const { message } = fake.userSends(islam, { text: first });
    await waitFor(() => message.deleted, 'the message to be deleted from the chat');
    const notice = chat(islam.id).find((m) => m.fromBot);
    expect(notice?.text).toContain('не защищена сквозным шифрованием');
    expect(notice?.text).toContain('http://localhost:8080/');
    const row = await db().selectFrom('intake_message').select('body').executeTakeFirstOrThrow();
    expect(row.body).not.toContain('Аргун');

    const list = await listConversations(nadia);
    const summary = list.conversations.find((c) => c.channel === 'telegram');
    expect(summary).toMatchObject({ status: 'new', unread: 1, suspectedContact: false });
    conversationId = summary?.id ?? '';
    const view = await openConversation(nadia, await keys(), conversationId);
    expect(view.messages.map((m) => m.text)).toEqual([first]);
  });

  it('delivers a staff reply through the bot, retrying, and keeps it sealed in Corridor', async () => {
    fake.failNext('sendMessage', 1);
    const k = await keys();
    await replyToConversation(
      nadia,
      await getInbox(nadia),
      await openConversation(nadia, k, conversationId),
      staffReply,
    );
    await waitFor(() => botSaid(islam.id, staffReply), 'the reply in the chat', 15_000);
    const pending = await db()
      .selectFrom('intake_message')
      .select(['channel_body', 'delivered_at'])
      .where('direction', '=', 'outbound')
      .executeTakeFirstOrThrow();
    expect(pending.channel_body).toBeNull();
    expect(pending.delivered_at).not.toBeNull();

    const { message } = fake.userSends(islam, { text: answer });
    await waitFor(() => message.deleted, 'the answer to be deleted');
    const view = await openConversation(nadia, k, conversationId);
    expect(view.messages.map((m) => [m.direction, m.text])).toEqual([
      ['inbound', first],
      ['outbound', staffReply],
      ['inbound', answer],
    ]);
    // One warning per contact, not per message.
    expect(chat(islam.id).filter((m) => m.fromBot && m.text?.includes('Tor Browser'))).toHaveLength(
      1,
    );
  });

  it('stores a replayed update once', async () => {
    const { update, message } = fake.userSends(islam, { text: 'Повтор: это сообщение одно.' });
    await waitFor(() => message.deleted, 'the message to be deleted');
    const before = await count('intake_message');
    fake.queueUpdate(update);
    fake.queueUpdate(update);
    await settle();
    // The marker is the only new message.
    expect(await count('intake_message')).toBe(before + 1);
  });

  // Photos and documents are taken now: intake-files.test.ts.
  it('answers oversized, unsupported and malformed messages and stores none of them', async () => {
    await settle();
    const messages = await count('intake_message');
    const conversations = await count('intake_conversation');
    const long = fake.userSends(islam, { text: 'я'.repeat(9000) }).message;
    const sticker = fake.userSends(islam, { sticker: true }).message;
    fake.queueUpdate({
      update_id: 1,
      message: { chat: { id: islam.id, type: 'private' }, text: 'x' },
    });
    fake.queueUpdate({
      update_id: 2,
      message: { message_id: 'x', date: 0, chat: { id: islam.id, type: 'private' } },
    });
    fake.queueUpdate({ update_id: 3, message: null });
    fake.queueUpdate({ nonsense: true });
    fake.queueUpdate({
      update_id: 4,
      message: { message_id: 9, date: 1, chat: { id: -100, type: 'group' }, text: 'group' },
    });
    await settle();
    expect(botSaid(islam.id, 'слишком длинное')).toBe(true);
    expect(botSaid(islam.id, 'только текст, фотографии и файлы')).toBe(true);
    expect(
      chat(islam.id).filter((m) => m.fromBot && m.text?.includes('could not be read')),
    ).toHaveLength(2);
    // Refused content stays for the person to copy or /clear; nothing of it is stored.
    expect([long.deleted, sticker.deleted]).toEqual([false, false]);
    expect(await count('intake_message')).toBe(messages + 1);
    expect(await count('intake_conversation')).toBe(conversations);
  });

  it('retries a failed deletion until the message is gone', async () => {
    fake.failNext('deleteMessage', 2);
    const { message } = fake.userSends(islam, { text: 'Удалите это, пожалуйста.' });
    await waitFor(() => fake.calls.filter((c) => c === 'deleteMessage').length > 0, 'a try');
    for (let i = 0; i < 10 && !message.deleted; i++) {
      corridor.tick(5);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(message.deleted).toBe(true);
  });

  it('clears everything the bot can still delete on /clear, both sides', async () => {
    fake.setAge(49 * 3600);
    const old = fake.userSends(islam, { text: 'Старое сообщение, ему больше 48 часов.' }).message;
    fake.setAge(0);
    await settle();
    // Sealed, but Telegram no longer lets the bot delete it: dropped from the queue, no crash.
    expect(old.deleted).toBe(false);
    const { message } = fake.userSends(islam, { text: '/clear' });
    await waitFor(() => botSaid(islam.id, 'удалено'), 'the /clear answer');
    expect(message.deleted).toBe(true);
    const left = chat(islam.id).filter((m) => !m.deleted);
    expect(left.map((m) => m.text)).toEqual([old.text, expect.stringContaining('Готово')]);
    // The reply is still in Corridor, sealed, for the team.
    const view = await openConversation(nadia, await keys(), conversationId);
    expect(view.messages.map((m) => m.text)).toContain(staffReply);
  });

  it('flags a conversation when a contact marked as a suspected infiltrator writes again', async () => {
    const row = await db()
      .selectFrom('intake_conversation')
      .select(['id', 'routing_index'])
      .where('channel', '=', 'telegram')
      .where('id', '!=', conversationId)
      .executeTakeFirstOrThrow();
    expect(row.routing_index).not.toContain(String(stranger.id));
    // What verification leaves when a case ends as `suspected_infiltrator`.
    await db()
      .insertInto('infiltrator_mark')
      .values({
        blind_index: row.routing_index ?? '',
        case_id: 'case-of-the-stranger',
        marked_by: 'nadia',
        marked_at: corridor.clock().toISOString(),
      })
      .execute();
    const { message } = fake.userSends(stranger, { text: strangerText });
    await waitFor(() => message.deleted, 'the message to be deleted');
    const flagged = await db()
      .selectFrom('intake_conversation')
      .select('suspected_contact')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(Number(flagged.suspected_contact)).toBe(1);
    const summary = (await listConversations(nadia)).conversations.find((c) => c.id === row.id);
    expect(summary).toMatchObject({ suspectedContact: true });
    const mine = (await listConversations(nadia)).conversations.find(
      (c) => c.id === conversationId,
    );
    expect(mine).toMatchObject({ suspectedContact: false });
  });

  it('leaves no message, chat id or username in what a seizure gives up', async () => {
    const secrets = [
      first,
      staffReply,
      answer,
      strangerText,
      'Аргуне',
      String(islam.id),
      String(stranger.id),
      islam.username,
      stranger.username,
    ];
    if (kind === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db());
    const { found, bytes } = await searchSeizedData(corridor.database, secrets);
    expect(bytes).toBeGreaterThan(10_000);
    expect(found).toEqual([]);
    expect((await searchSeizedData(corridor.database, ['Hotline'])).found).toEqual(['Hotline']);
  });
});

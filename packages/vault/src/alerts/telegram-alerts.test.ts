// A member links the organisation's Telegram bot with a one-time code and then gets a
// neutral notice whenever a rung of an alarm alerts them — on SQLite and PostgreSQL, with
// the fake Bot API. The notice says nothing of the case; the chat id is never on disk.
import { initCrypto } from '@corridor/crypto';
import {
  createAlertLinkCodeRoute,
  teamDirectoryRoute,
  telegramAlertStateRoute,
} from '@corridor/protocol';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeBotApi,
  type FakeMessage,
  startFakeBotApi,
} from '../../../../test-support/fake-bot-api.ts';
import { searchSeizedData } from '../../../../test-support/seizure.ts';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { createCase, type DirectoryTeam, openCase } from '../cases/cases.ts';
import { eventually, pause } from '../checkins/checkins.test-support.ts';
import { type LadderStep, scheduleCheckin } from '../checkins/checkins.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import {
  requestTelegramLinkCode,
  telegramAlertState,
  turnOffTelegramAlerts,
} from './telegram-alerts.ts';

const englishNotice = 'Corridor: an alarm needs you. Open the staff app.';
const russianNotice = 'Corridor: вас ждёт тревога. Откройте приложение для сотрудников.';
const nadiaChat = { id: 5550007001, languageCode: 'en' };
const timurChat = { id: 5550007002, languageCode: 'ru' };
const daraChat = { id: 5550007003 };
const routeNote = 'Leg to Mineralnye Vody via the Kavkaz post, car 4471';

describe.each(databaseKinds)('Telegram alerts on %s', (kind) => {
  let fake: FakeBotApi;
  let corridor: TestCorridor;
  let nadia: MemberSession;
  let timur: MemberSession;
  let dara: MemberSession;
  let directory: DirectoryTeam[];
  let hotline: string;
  const caseIds: string[] = [];
  const checkinIds: string[] = [];
  /** Every link code given out, for the seizure search. */
  const codes: string[] = [];

  /** What the bot sent to a chat after the first `from` messages. */
  const botTexts = (chatId: number, from = 0) =>
    fake
      .messagesIn(chatId)
      .slice(from)
      .filter((m: FakeMessage) => m.fromBot)
      .map((m) => m.text ?? '');
  const notices = (chatId: number) =>
    botTexts(chatId).filter((t) => t.startsWith('Corridor:')).length;
  /** Sends a command in a chat and waits for the bot's answer to it. */
  async function command(user: { id: number; languageCode?: string }, text: string) {
    const code = /[0-9A-Za-z]{5}-?[0-9A-Za-z]{5}/.exec(text)?.[0];
    if (code) codes.push(code.toUpperCase().replace(/^(.{5})-?(.{5})$/, '$1-$2'));
    const before = fake.messagesIn(user.id).length;
    fake.userSends(user, { text });
    const answers = await eventually(
      async () => botTexts(user.id, before),
      (texts) => texts.length > 0,
    );
    return answers[0] ?? '';
  }
  /** A check-in on a new case, due in ten minutes with no grace, on this ladder. */
  async function missedCheckin(ladder: LadderStep[]) {
    const caseId = await createCase(nadia, directory, {
      title: 'Convoy to the border',
      riskLevel: 5,
      share: { general: [hotline], situation: [hotline], location: [hotline] },
    });
    const checkin = await scheduleCheckin(
      nadia,
      await openCase(nadia, await loadTeamKeyring(nadia), caseId),
      {
        ref: null,
        note: routeNote,
        purpose: 'arrival',
        dueAt: new Date(corridor.clock().getTime() + 10 * 60_000).toISOString(),
        graceMinutes: 0,
        ladder,
        conversationId: null,
        words: null,
      },
    );
    caseIds.push(caseId);
    checkinIds.push(checkin.id);
    return { caseId, checkinId: checkin.id };
  }

  beforeAll(async () => {
    await initCrypto();
    fake = await startFakeBotApi();
    corridor = await startTestCorridor(kind, {
      alarmSweepIntervalMs: 40,
      env: {
        CORRIDOR_TELEGRAM_TOKEN: fake.token,
        CORRIDOR_TELEGRAM_API_ROOT: fake.apiRoot,
        CORRIDOR_PUBLIC_URL: 'http://localhost:8080/',
      },
    });
    const admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['case_coordinator']);
    timur = await corridor.member('timur', ['case_coordinator']);
    dara = await corridor.member('dara', ['case_coordinator']);
    hotline = await corridor.team(admin, 'Hotline', nadia, timur, dara);
    directory = (await nadia.api.call(teamDirectoryRoute)).teams;
  });
  afterAll(async () => {
    await corridor?.stop();
    await fake?.close();
  });

  it('links a chat with a one-time code, and refuses a wrong, expired or used one', async () => {
    expect(await telegramAlertState(nadia)).toEqual({
      available: true,
      linked: false,
      linkedAt: null,
    });
    // A code that was never given.
    expect(await command(nadiaChat, '/alerts 7Q2KD-ZZZZZ')).toMatch(/not valid/);
    expect(await command(nadiaChat, '/alerts')).toMatch(/ask for a code/);

    // An expired one: ten minutes and it is gone.
    const stale = await requestTelegramLinkCode(nadia, 'en');
    expect(stale.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    corridor.tick(11 * 60);
    expect(await command(nadiaChat, `/alerts ${stale.code}`)).toMatch(/not valid/);
    expect((await telegramAlertState(nadia)).linked).toBe(false);

    // A new code replaces the last; typed in lower case without the dash, it still counts.
    const replaced = await requestTelegramLinkCode(nadia, 'en');
    const fresh = await requestTelegramLinkCode(nadia, 'en');
    expect(await command(nadiaChat, `/alerts ${replaced.code}`)).toMatch(/not valid/);
    expect(
      await command(nadiaChat, `/alerts ${fresh.code.replace('-', '').toLowerCase()}`),
    ).toMatch(/^Done/);
    const state = await telegramAlertState(nadia);
    expect(state.linked).toBe(true);
    expect(state.linkedAt).not.toBeNull();
    // Used up: the same code does not link another chat.
    expect(await command(daraChat, `/alerts ${fresh.code}`)).toMatch(/not valid/);

    // Timur's staff app is in Russian; so is his Telegram.
    const his = await requestTelegramLinkCode(timur, 'ru');
    expect(await command(timurChat, `/alerts ${his.code}`)).toMatch(/^Готово/);
    // Dara's staff app gave no language: her notices come in both.
    const hers = await requestTelegramLinkCode(dara);
    expect(await command(daraChat, `/alerts ${hers.code}`)).toMatch(/^Done/);

    // The command with the code leaves the chat at once.
    await eventually(
      async () =>
        fake
          .messagesIn(nadiaChat.id)
          .filter((m) => !m.fromBot && (m.text ?? '').startsWith('/alerts'))
          .every((m) => m.deleted),
      (gone) => gone,
    );
    const audits = await corridor.server.storage.db
      .selectFrom('audit_entry')
      .select(['account_id', 'detail'])
      .where('action', '=', 'alerts.link')
      .execute();
    expect(audits.map((a) => a.account_id).sort()).toEqual(
      [nadia.account.id, timur.account.id, dara.account.id].sort(),
    );
  });

  it('sends a neutral notice to the members of the rung that fired, and of the next rung', async () => {
    const before = { nadia: notices(nadiaChat.id), timur: notices(timurChat.id) };
    await missedCheckin([
      { afterMinutes: 0, accountIds: [nadia.account.id], teamIds: [] },
      { afterMinutes: 20, accountIds: [timur.account.id], teamIds: [] },
    ]);
    corridor.tick(11 * 60);
    await eventually(
      async () => notices(nadiaChat.id),
      (n) => n === before.nadia + 1,
    );
    await pause(300);
    // Rung 0 is Nadia's alone.
    expect(notices(timurChat.id)).toBe(before.timur);
    expect(botTexts(nadiaChat.id).at(-1)).toBe(englishNotice);

    corridor.tick(20 * 60);
    await eventually(
      async () => notices(timurChat.id),
      (n) => n === before.timur + 1,
    );
    expect(botTexts(timurChat.id).at(-1)).toBe(russianNotice);
    await pause(300);
    expect(notices(nadiaChat.id)).toBe(before.nadia + 1);
    // Nothing left in the outbox once sent.
    expect(
      await corridor.server.storage.db.selectFrom('alert_outbox').selectAll().execute(),
    ).toEqual([]);
  });

  it('writes both languages when the member chose none, and nothing about the case', async () => {
    await missedCheckin([{ afterMinutes: 0, accountIds: [dara.account.id], teamIds: [] }]);
    corridor.tick(11 * 60);
    await eventually(
      async () => notices(daraChat.id),
      (n) => n === 1,
    );
    expect(botTexts(daraChat.id).at(-1)).toBe(`${englishNotice}\n\n${russianNotice}`);
    // No notice names a case, a check-in, the route or a word of its note.
    const sent = [nadiaChat, timurChat, daraChat].flatMap((c) => botTexts(c.id));
    for (const text of sent) {
      for (const id of [...caseIds, ...checkinIds]) expect(text).not.toContain(id);
      expect(text).not.toMatch(/Mineralnye|Kavkaz|4471|Convoy/);
    }
  });

  it('stops when turned off in the staff app or with /alerts off in the chat', async () => {
    expect(await turnOffTelegramAlerts(nadia)).toEqual({
      available: true,
      linked: false,
      linkedAt: null,
    });
    expect(await command(timurChat, '/alerts off')).toMatch(/отключены/);
    expect((await telegramAlertState(timur)).linked).toBe(false);
    expect(await command(timurChat, '/alerts off')).toMatch(/не приходят/);
    const before = { nadia: notices(nadiaChat.id), timur: notices(timurChat.id) };
    await missedCheckin([
      { afterMinutes: 0, accountIds: [nadia.account.id, timur.account.id], teamIds: [] },
    ]);
    corridor.tick(11 * 60);
    // The alarm is raised for both in the staff app, but no notice goes out.
    await eventually(
      async () =>
        (
          await corridor.server.storage.db
            .selectFrom('checkin_alert')
            .select('account_id')
            .where('checkin_id', '=', checkinIds.at(-1) ?? '')
            .execute()
        ).length,
      (n) => n === 2,
    );
    await pause(400);
    expect(notices(nadiaChat.id)).toBe(before.nadia);
    expect(notices(timurChat.id)).toBe(before.timur);
    const unlinks = await corridor.server.storage.db
      .selectFrom('audit_entry')
      .select(['account_id', 'detail'])
      .where('action', '=', 'alerts.unlink')
      .execute();
    // Both at the same instant of the test's clock: no order between them.
    expect(unlinks).toHaveLength(2);
    expect(unlinks).toEqual(
      expect.arrayContaining([
        { account_id: nadia.account.id, detail: 'telegram app' },
        { account_id: timur.account.id, detail: 'telegram chat' },
      ]),
    );
  });

  it('sends a notice lost to a Telegram failure again later', async () => {
    const code = await requestTelegramLinkCode(nadia, 'en');
    expect(await command(nadiaChat, `/alerts ${code.code}`)).toMatch(/^Done/);
    const before = notices(nadiaChat.id);
    fake.failNext('sendMessage', 1);
    await missedCheckin([{ afterMinutes: 0, accountIds: [nadia.account.id], teamIds: [] }]);
    corridor.tick(11 * 60);
    // Failed once and put back for later: claimed no more, one attempt spent.
    await eventually(
      async () =>
        corridor.server.storage.db
          .selectFrom('alert_outbox')
          .select(['attempts', 'claimed_until'])
          .executeTakeFirst(),
      (row) => row !== undefined && Number(row.attempts) === 1 && row.claimed_until === null,
    );
    expect(notices(nadiaChat.id)).toBe(before);
    // The retry waits its back-off (2 s after the first failure) on the server's clock.
    corridor.tick(5);
    await eventually(
      async () => notices(nadiaChat.id),
      (n) => n === before + 1,
    );
  });

  it('shows each member only their own binding, and nothing to a stranger', async () => {
    // Dara's turning off says nothing of Nadia's binding.
    await turnOffTelegramAlerts(dara);
    expect((await telegramAlertState(nadia)).linked).toBe(true);
    expect(await refusal(corridor.api.call(telegramAlertStateRoute))).toBe('unauthenticated');
    expect(await refusal(corridor.api.call(createAlertLinkCodeRoute, { body: {} }))).toBe(
      'unauthenticated',
    );
  });

  it('keeps no chat id or link code on disk', async () => {
    if (kind === 'sqlite')
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(corridor.server.storage.db);
    const secrets = [...[nadiaChat, timurChat, daraChat].map((c) => String(c.id)), ...codes];
    const { found, bytes } = await searchSeizedData(corridor.database, secrets);
    expect(bytes).toBeGreaterThan(10_000);
    expect(found).toEqual([]);
  });
});

describe('Telegram alerts without a bot', () => {
  let corridor: TestCorridor;
  afterAll(() => corridor?.stop());

  it('says so, and gives no code', async () => {
    await initCrypto();
    corridor = await startTestCorridor('sqlite');
    const zarema = await corridor.member('zarema', ['case_coordinator']);
    expect(await telegramAlertState(zarema)).toEqual({
      available: false,
      linked: false,
      linkedAt: null,
    });
    expect(await refusal(requestTelegramLinkCode(zarema, 'ru'))).toBe('unavailable');
    expect(
      await corridor.server.storage.db.selectFrom('alert_link_code').selectAll().execute(),
    ).toEqual([]);
  });
});

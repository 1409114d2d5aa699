// Two servers on one PostgreSQL database, both sweeping alarms and both sending from the
// outbox: each alarm notice reaches each linked member exactly once.
import { initCrypto } from '@corridor/crypto';
import { teamDirectoryRoute } from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBotApi, startFakeBotApi } from '../../../../test-support/fake-bot-api.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { createCase, openCase } from '../cases/cases.ts';
import { eventually, pause } from '../checkins/checkins.test-support.ts';
import { type LadderStep, scheduleCheckin } from '../checkins/checkins.ts';
import { startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { requestTelegramLinkCode } from './telegram-alerts.ts';

const chats = { nadia: 5550008001, timur: 5550008002, dara: 5550008003 };

describe('Telegram alerts with two instances on one PostgreSQL', () => {
  let fake: FakeBotApi;
  let corridor: TestCorridor;
  let nadia: MemberSession;
  let timur: MemberSession;
  let dara: MemberSession;
  const count = 12;

  const notices = (chatId: number) =>
    fake.messagesIn(chatId).filter((m) => m.fromBot && (m.text ?? '').startsWith('Corridor:'))
      .length;
  async function link(member: MemberSession, chatId: number) {
    const { code } = await requestTelegramLinkCode(member, 'en');
    const before = fake.messagesIn(chatId).length;
    fake.userSends({ id: chatId }, { text: `/alerts ${code}` });
    await eventually(
      async () =>
        fake
          .messagesIn(chatId)
          .slice(before)
          .find((m) => m.fromBot)?.text ?? '',
      (text) => text.startsWith('Done'),
    );
  }

  beforeAll(async () => {
    await initCrypto();
    fake = await startFakeBotApi();
    corridor = await startTestCorridor('postgres', {
      alarmSweepIntervalMs: 20,
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
    await corridor.team(admin, 'Hotline', nadia, timur, dara);
    await link(nadia, chats.nadia);
    await link(timur, chats.timur);
    await link(dara, chats.dara);
    await corridor.secondInstance();
  });
  afterAll(async () => {
    await corridor?.stop();
    await fake?.close();
  });

  it('sends each notice of each rung once', async () => {
    const directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    const hotline = directory.find((t) => t.name === 'Hotline')?.id ?? '';
    const caseId = await createCase(nadia, directory, {
      title: 'Convoy',
      riskLevel: 5,
      share: { general: [hotline], situation: [hotline], location: [hotline] },
    });
    const ladder: LadderStep[] = [
      { afterMinutes: 0, accountIds: [nadia.account.id, timur.account.id], teamIds: [] },
      { afterMinutes: 20, accountIds: [dara.account.id], teamIds: [] },
    ];
    const dueAt = new Date(corridor.clock().getTime() + 10 * 60_000).toISOString();
    const keyring = await loadTeamKeyring(nadia);
    for (let i = 0; i < count; i += 1) {
      await scheduleCheckin(nadia, await openCase(nadia, keyring, caseId), {
        ref: null,
        note: `leg ${i}`,
        purpose: 'arrival',
        dueAt,
        graceMinutes: 0,
        ladder,
        conversationId: null,
        words: null,
      });
    }
    corridor.tick(11 * 60);
    await eventually(
      async () => [notices(chats.nadia), notices(chats.timur)],
      ([n, t]) => n === count && t === count,
    );
    expect(notices(chats.dara)).toBe(0);
    corridor.tick(20 * 60);
    await eventually(
      async () => notices(chats.dara),
      (n) => n === count,
    );
    // Many more passes of both instances: nothing is sent again.
    await pause(600);
    expect([notices(chats.nadia), notices(chats.timur), notices(chats.dara)]).toEqual([
      count,
      count,
      count,
    ]);
    const left = await corridor.server.storage.db.selectFrom('alert_outbox').selectAll().execute();
    expect(left).toEqual([]);
  });
});

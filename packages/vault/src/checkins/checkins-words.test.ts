// The evacuee checks in without an account, on SQLite and PostgreSQL: with a word on the
// public conversation page (no JavaScript) or `/checkin <word>` to the Telegram bot. The
// safe and the duress word get the same answer; only staff see which it was.
import { checkinWordDigest, checkinWordSalt, initCrypto, randomToken } from '@corridor/crypto';
import { teamDirectoryRoute } from '@corridor/protocol';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBotApi, startFakeBotApi } from '../../../../test-support/fake-bot-api.ts';
import { searchSeizedData } from '../../../../test-support/seizure.ts';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { appendToCase, createCase, type DirectoryTeam, openCase } from '../cases/cases.ts';
import {
  chooseHotlineTeam,
  ensureInboxKey,
  linkConversation,
  listConversations,
} from '../intake/inbox.ts';
import { postForm, receiptCodeIn } from '../testing/public-form.ts';
import { startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { eventually } from './checkins.test-support.ts';
import {
  caseCheckins,
  type LadderStep,
  listAlarms,
  loadCheckinStates,
  scheduleCheckin,
} from './checkins.ts';

const words = { safe: 'Белая сирень', duress: 'heron at dusk' };
const telegramWords = { safe: 'kingfisher', duress: 'magpie' };
const zaur = { id: 5550004321, username: 'zaur_on_the_road', languageCode: 'ru' };

/**
 * A page without what differs between any two conversations (their code, message times,
 * the proof-of-work challenge): what is left is what the check-in changed.
 */
const pageText = (html: string) =>
  html
    .replace(/name="code" value="[^"]*"/g, '')
    .replace(/<time[^>]*>[^<]*<\/time>/g, '')
    .replace(/data-challenge="[^"]*"/g, '');

describe.each(databaseKinds)('check-ins by word on %s', (kind) => {
  let fake: FakeBotApi;
  let corridor: TestCorridor;
  let nadia: MemberSession;
  let directory: DirectoryTeam[];
  let hotline: string;
  let ladder: LadderStep[];
  let publicUrl: string;

  const open = async (caseId: string) => openCase(nadia, await loadTeamKeyring(nadia), caseId);
  const newCase = (title: string) =>
    createCase(nadia, directory, {
      title,
      riskLevel: 4,
      share: { general: [hotline], situation: [hotline], location: [hotline] },
    });
  const schedule = async (caseId: string, conversationId: string, w: typeof words) =>
    (
      await scheduleCheckin(nadia, await open(caseId), {
        ref: null,
        note: '',
        purpose: 'arrival',
        dueAt: new Date(corridor.clock().getTime() + 60 * 60_000).toISOString(),
        graceMinutes: 10,
        ladder,
        conversationId,
        words: w,
      })
    ).id;
  /** A new web conversation linked to a new case: its receipt code and ids. */
  async function webConversation(title: string) {
    const sent = await postForm(publicUrl, '/messages', { message: `${title}: help`, lang: 'en' });
    const code = receiptCodeIn(sent.html) ?? '';
    const { conversations } = await listConversations(nadia);
    const conversationId = conversations.find((c) => c.channel === 'web' && c.status === 'new')?.id;
    if (!conversationId) throw new Error('no conversation');
    const caseId = await newCase(title);
    await linkConversation(nadia, conversationId, caseId);
    return { code, conversationId, caseId };
  }

  beforeAll(async () => {
    await initCrypto();
    fake = await startFakeBotApi();
    corridor = await startTestCorridor(kind, {
      alarmSweepIntervalMs: 50,
      env: {
        CORRIDOR_TELEGRAM_TOKEN: fake.token,
        CORRIDOR_TELEGRAM_API_ROOT: fake.apiRoot,
        CORRIDOR_PUBLIC_URL: 'http://localhost:8080/',
      },
    });
    publicUrl = corridor.server.publicUrl;
    const admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['hotline_operator']);
    hotline = await corridor.team(admin, 'Hotline', nadia);
    await chooseHotlineTeam(admin, hotline);
    await ensureInboxKey(nadia, await loadTeamKeyring(nadia));
    directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    ladder = [{ afterMinutes: 0, accountIds: [nadia.account.id], teamIds: [] }];
  });
  afterAll(async () => {
    await corridor?.stop();
    await fake?.close();
  });

  it('shows a check-in form on the conversation page, and the same answer for both words', async () => {
    const safe = await webConversation('Safe word');
    const duress = await webConversation('Duress word');
    const plain = await postForm(publicUrl, '/follow-up', { code: safe.code, lang: 'en' });
    expect(plain.html).not.toContain('/follow-up/checkin');

    const safeId = await schedule(safe.caseId, safe.conversationId, words);
    const duressId = await schedule(duress.caseId, duress.conversationId, words);
    const page = await postForm(publicUrl, '/follow-up', { code: safe.code, lang: 'en' });
    expect(page.html).toContain('<form method="post" action="/follow-up/checkin">');

    // A word that is neither: not recognised, nothing changed.
    const wrong = await postForm(publicUrl, '/follow-up/checkin', {
      code: safe.code,
      word: 'lilac',
      lang: 'en',
    });
    expect(wrong.html).toContain('This word was not recognised');
    expect((await loadCheckinStates(nadia, safe.caseId))[0]?.status).toBe('pending');

    const safeAnswer = await postForm(publicUrl, '/follow-up/checkin', {
      code: safe.code,
      word: '  белая   СИРЕНЬ ',
      lang: 'en',
    });
    const duressAnswer = await postForm(publicUrl, '/follow-up/checkin', {
      code: duress.code,
      word: words.duress,
      lang: 'en',
    });
    expect(safeAnswer.status).toBe(200);
    expect(duressAnswer.status).toBe(200);
    expect(safeAnswer.html).toContain('Checked in. Thank you.');
    // An onlooker sees the same page for either word, and no more form.
    expect(pageText(duressAnswer.html)).toBe(pageText(safeAnswer.html));
    expect(safeAnswer.html).not.toContain('/follow-up/checkin');

    expect((await loadCheckinStates(nadia, safe.caseId))[0]).toMatchObject({
      id: safeId,
      status: 'on_time',
      alarm: null,
    });
    expect((await loadCheckinStates(nadia, duress.caseId))[0]).toMatchObject({
      id: duressId,
      status: 'duress',
      alarm: { kind: 'duress', rung: 0 },
    });
    const alarm = (await listAlarms(nadia)).alarms.find((a) => a.checkinId === duressId);
    expect(alarm).toMatchObject({ silent: true, kind: 'duress' });
    // Closed: the server has forgotten the words' digests.
    const closed = await corridor.server.storage.db
      .selectFrom('checkin')
      .select(['word_salt', 'safe_digest', 'duress_digest'])
      .where('id', 'in', [safeId, duressId])
      .execute();
    expect(closed).toEqual([
      { word_salt: null, safe_digest: null, duress_digest: null },
      { word_salt: null, safe_digest: null, duress_digest: null },
    ]);
    // A word on a finished check-in: not recognised.
    const again = await postForm(publicUrl, '/follow-up/checkin', {
      code: safe.code,
      word: words.safe,
      lang: 'ru',
    });
    expect(again.html).toContain('Это слово не распознано');
  });

  it('limits word attempts per conversation', async () => {
    const c = await webConversation('Guessing');
    await schedule(c.caseId, c.conversationId, words);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const answer = await postForm(publicUrl, '/follow-up/checkin', {
        code: c.code,
        word: `guess ${i}`,
        lang: 'en',
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // Even the right word waits now; nothing changed.
    const right = await postForm(publicUrl, '/follow-up/checkin', {
      code: c.code,
      word: words.safe,
      lang: 'en',
    });
    expect(right.status).toBe(429);
    expect((await loadCheckinStates(nadia, c.caseId))[0]?.status).toBe('pending');
    // The window passes, and so does the due time and grace: it is late now.
    corridor.tick(75 * 60);
    nadia = await corridor.login('nadia', 'password of nadia');
    const later = await postForm(publicUrl, '/follow-up/checkin', {
      code: c.code,
      word: words.safe,
      lang: 'en',
    });
    expect(later.html).toContain('Checked in');
    expect((await loadCheckinStates(nadia, c.caseId))[0]?.status).toBe('late');
  });

  it('digests new words with Argon2id and still checks words of older (BLAKE2b) schedules', async () => {
    const fresh = await webConversation('Argon2id words');
    const freshId = await schedule(fresh.caseId, fresh.conversationId, words);
    const signed = (await open(fresh.caseId)).timeline.entries.find(
      (e) => e.operation?.op === 'checkin.schedule',
    )?.operation;
    expect(signed?.op === 'checkin.schedule' && signed.words?.kdf).toBe('argon2id-v1');
    expect(caseCheckins(await open(fresh.caseId))[0]?.hasWords).toBe(true);
    const stored = await corridor.server.storage.db
      .selectFrom('checkin')
      .select('word_salt')
      .where('id', '=', freshId)
      .executeTakeFirstOrThrow();
    expect(stored.word_salt).toMatch(/^argon2id-v1\$/);

    // A schedule signed before the switch: no `kdf`, BLAKE2b digests. Still valid.
    const old = await webConversation('BLAKE2b words');
    const salt = checkinWordSalt();
    const oldId = randomToken(16);
    await appendToCase(
      nadia,
      await open(old.caseId),
      'location',
      'checkin.scheduled',
      { ref: null, note: '' },
      null,
      undefined,
      {
        operation: {
          op: 'checkin.schedule',
          id: oldId,
          purpose: 'arrival',
          dueAt: new Date(corridor.clock().getTime() + 60 * 60_000).toISOString(),
          graceMinutes: 10,
          ladder,
          conversationId: old.conversationId,
          words: {
            salt,
            safe: checkinWordDigest(salt, 'otter', 'blake2b'),
            duress: checkinWordDigest(salt, 'heron', 'blake2b'),
          },
        },
      },
    );
    const answer = await postForm(publicUrl, '/follow-up/checkin', {
      code: old.code,
      word: 'Otter',
      lang: 'en',
    });
    expect(answer.html).toContain('Checked in. Thank you.');
    expect((await loadCheckinStates(nadia, old.caseId))[0]).toMatchObject({
      id: oldId,
      status: 'on_time',
    });
  });

  it('takes /checkin <word> from the linked Telegram chat, deletes it, answers alike', async () => {
    const { message } = fake.userSends(zaur, { text: 'Мне нужна помощь, я в Моздоке' });
    await eventually(
      async () => message.deleted,
      (d) => d,
    );
    const { conversations } = await listConversations(nadia);
    const conversationId = conversations.find((c) => c.channel === 'telegram')?.id ?? '';
    const caseId = await newCase('Telegram');
    await linkConversation(nadia, conversationId, caseId);
    const first = await schedule(caseId, conversationId, telegramWords);
    const second = await schedule(caseId, conversationId, telegramWords);

    const answers: string[] = [];
    for (const word of [`/checkin ${telegramWords.safe}`, `/checkin ${telegramWords.duress}`]) {
      const before = fake.messagesIn(zaur.id).length;
      const { message: command } = fake.userSends(zaur, { text: word });
      await eventually(
        async () => command.deleted,
        (d) => d,
      );
      const reply = await eventually(
        async () =>
          fake
            .messagesIn(zaur.id)
            .slice(before)
            .find((m) => m.fromBot),
        (m) => m !== undefined,
      );
      answers.push(reply?.text ?? '');
    }
    expect(answers[0]).toBe('Отметка получена. Спасибо.');
    expect(answers[1]).toBe(answers[0]);
    const states = await loadCheckinStates(nadia, caseId);
    expect(states.find((s) => s.id === first)?.status).toBe('on_time');
    expect(states.find((s) => s.id === second)?.status).toBe('duress');
    expect((await listAlarms(nadia)).alarms.some((a) => a.checkinId === second)).toBe(true);
  });

  it('keeps no word on disk', async () => {
    if (kind === 'sqlite')
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(corridor.server.storage.db);
    const secrets = [...Object.values(words), 'белая сирень', ...Object.values(telegramWords)];
    const { found, bytes } = await searchSeizedData(corridor.database, secrets);
    expect(bytes).toBeGreaterThan(10_000);
    expect(found).toEqual([]);
  });
});

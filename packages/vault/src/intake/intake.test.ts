// The hotline inbox through the public web form and the client core, against a whole
// server on SQLite and PostgreSQL: the inbox key made in a member's browser, messages
// sealed on arrival, receipt codes, replies, triage, a case opened from a message, key
// rotation when a member leaves, bad input, the authorisation matrix and the seizure test.
import {
  asBoxPublicKey,
  fromBase64,
  generateReceiptCode,
  initCrypto,
  sealTo,
  toBase64,
  utf8,
} from '@corridor/crypto';
import {
  getConversationRoute,
  listConversationsRoute,
  listTeamsRoute,
  replyToConversationRoute,
  teamDirectoryRoute,
  triageConversationRoute,
} from '@corridor/protocol';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchSeizedData } from '../../../../test-support/seizure.ts';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { ApiClient } from '../api/api-client.ts';
import { type MemberSession, unlock } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { openCase } from '../cases/cases.ts';
import { removeTeamMember } from '../teams/team-keys.ts';
import { postForm, receiptCodeIn, solveChallengeIn } from '../testing/public-form.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import {
  chooseHotlineTeam,
  ensureInboxKey,
  getInbox,
  linkConversation,
  listConversations,
  markConversation,
  openCaseFromConversation,
  openConversation,
  openInboxKeys,
  replyToConversation,
} from './inbox.ts';

// What the applicant and staff write: none of it may be found in what a seizure gives up.
const first =
  'Меня зовут Ислам Дудаев, телефон +7 928 441 09 13. Отец ищет меня, я в Нальчике у друга.';
const staffReply = 'Islam, we can help. Call us at 21:00 on the number you know: +7 916 202 77 31.';
const answer = 'Хорошо, позвоню в 21:00 с телефона соседа Руслана.';
const afterRotation = 'Новое сообщение после ухода Тимура: я на автовокзале Минеральных Вод.';
const injection = '<script>alert("x")</script><img src=x onerror=alert(1)>';

describe.each(databaseKinds)('the hotline inbox on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let nadia: MemberSession; // hotline operator
  let timur: MemberSession; // hotline operator, later leaves the team
  let outsider: MemberSession; // in another team
  let hotline: string;
  let publicUrl: string;
  let conversationId: string;
  let code: string;
  const codes: string[] = [];

  const count = async (table: 'intake_message' | 'intake_conversation') =>
    Number(
      (
        await corridor.server.storage.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const keysOf = async (member: MemberSession) =>
    openInboxKeys(member, await loadTeamKeyring(member), await getInbox(member));

  beforeAll(async () => {
    await initCrypto();
    corridor = await startTestCorridor(kind);
    publicUrl = corridor.server.publicUrl;
    admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['hotline_operator']);
    timur = await corridor.member('timur', ['hotline_operator']);
    outsider = await corridor.member('outsider', ['hotline_operator']);
    hotline = await corridor.team(admin, 'Hotline', nadia, timur);
    await corridor.team(admin, 'Elsewhere', outsider);
  });
  afterAll(() => corridor?.stop());

  it('takes no message until a hotline member has made the inbox key', async () => {
    const page = await fetch(publicUrl);
    expect(await page.text()).toContain('The contact form is being set up');
    const refused = await postForm(publicUrl, '/messages', { message: first });
    expect(refused.status).toBe(503);
    expect(await count('intake_message')).toBe(0);

    // Outside the team and not an administrator: the team cannot be chosen.
    expect(await refusal(chooseHotlineTeam(outsider, hotline))).toBe('not_found');
    await unlock(admin.api, 'password of admin');
    await chooseHotlineTeam(admin, hotline);
    expect(await getInbox(admin)).toMatchObject({ teamId: hotline, member: false, keys: [] });
    // The administrator holds no team key, so cannot make the inbox key either.
    expect(await ensureInboxKey(admin, await loadTeamKeyring(admin))).toBe(false);
    expect(await ensureInboxKey(nadia, await loadTeamKeyring(nadia))).toBe(true);
    expect(await ensureInboxKey(nadia, await loadTeamKeyring(nadia))).toBe(false);
    const inbox = await getInbox(nadia);
    expect(inbox).toMatchObject({
      teamId: hotline,
      member: true,
      keyVersion: 1,
      teamKeyVersion: 1,
    });
    expect((await keysOf(timur)).size).toBe(1);
  });

  it('seals a web message on arrival and answers with a receipt code', async () => {
    const page = await fetch(publicUrl);
    const html = await page.text();
    expect(html).toContain('<form method="post" action="/messages">');
    const answerPage = await postForm(publicUrl, '/messages', { message: first, lang: 'en' });
    expect(answerPage.status).toBe(200);
    code = receiptCodeIn(answerPage.html) ?? '';
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    codes.push(code);
    const row = await corridor.server.storage.db
      .selectFrom('intake_message')
      .select('body')
      .executeTakeFirstOrThrow();
    expect(row.body).not.toContain('Ислам');

    const list = await listConversations(nadia);
    expect(list.unreadTotal).toBe(1);
    const summary = list.conversations[0];
    expect(summary).toMatchObject({ channel: 'web', status: 'new', unread: 1, messageCount: 1 });
    conversationId = summary?.id ?? '';
    const view = await openConversation(nadia, await keysOf(nadia), conversationId);
    expect(view.messages.map((m) => m.text)).toEqual([first]);
    expect((await listConversations(nadia)).unreadTotal).toBe(0);
    // Read marks are each member's own.
    expect((await listConversations(timur)).unreadTotal).toBe(1);
  });

  it('lets the applicant read a staff reply with the code and answer, never showing their own words', async () => {
    const keys = await keysOf(nadia);
    await replyToConversation(
      nadia,
      await getInbox(nadia),
      await openConversation(nadia, keys, conversationId),
      staffReply,
    );
    // Typed in lower case with spaces, as a person might.
    const typed = code.toLowerCase().replaceAll('-', ' ');
    const opened = await postForm(publicUrl, '/follow-up', { code: typed, lang: 'ru' });
    expect(opened.status).toBe(200);
    expect(opened.html).toContain(staffReply);
    expect(opened.html).not.toContain('Ислам');
    expect(opened.html).toContain('<html lang="ru">');

    const sent = await postForm(publicUrl, '/follow-up/reply', { code, message: answer });
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('Sent. Your message has arrived.');
    const view = await openConversation(nadia, keys, conversationId);
    expect(view.messages.map((m) => [m.direction, m.text])).toEqual([
      ['inbound', first],
      ['outbound', staffReply],
      ['inbound', answer],
    ]);
    expect(view.conversation.status).toBe('open');
  });

  it('answers a forged, mistyped or malformed code alike, and opens nothing', async () => {
    const forged = generateReceiptCode();
    const mistyped = `${code.slice(0, -1)}${code.endsWith('0') ? '1' : '0'}`;
    for (const typed of [forged, mistyped, 'hello', '', `${code}\r\nSet-Cookie: a=b`]) {
      const page = await postForm(publicUrl, '/follow-up', { code: typed });
      expect(page.status).toBe(404);
      expect(page.html).toContain('This code does not open anything.');
      expect(page.html).not.toContain(staffReply);
      expect(page.headers.get('set-cookie')).toBeNull();
    }
  });

  it('refuses bad input with a clear page and stores nothing of it', async () => {
    const before = [await count('intake_message'), await count('intake_conversation')];
    const raw = (body: string | Uint8Array, type = 'application/x-www-form-urlencoded') =>
      fetch(new URL('/messages', publicUrl), {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
    const cases: [string, () => Promise<{ status: number; text: string }>, number, string][] = [
      [
        'empty',
        () => answerOf(postForm(publicUrl, '/messages', { message: '' })),
        400,
        'Write a message first.',
      ],
      [
        'blank',
        () => answerOf(postForm(publicUrl, '/messages', { message: ' \n\t ' })),
        400,
        'Write a message first.',
      ],
      [
        '4,001 characters',
        () => answerOf(postForm(publicUrl, '/messages', { message: 'я'.repeat(4001) })),
        413,
        'The message is too long.',
      ],
      [
        'a body over the limit',
        () => textOf(raw(`message=${'a'.repeat(70 * 1024)}`)),
        413,
        'The message is too long.',
      ],
      [
        'binary',
        () => answerOf(postForm(publicUrl, '/messages', { message: 'ok\u0000\u0001\u0002' })),
        400,
        'characters that are not text',
      ],
      [
        'raw bytes that are not UTF-8',
        () => textOf(raw(Uint8Array.from([...Buffer.from('message='), 0xc3, 0x28, 0xff]))),
        400,
        'Nothing was stored',
      ],
      [
        'an escape that is not UTF-8',
        () => textOf(raw('message=%E0%A4%A')),
        400,
        'Nothing was stored',
      ],
      ['a repeated field', () => textOf(raw('message=a&message=b')), 400, 'Nothing was stored'],
      [
        'JSON',
        () => textOf(raw('{"message":"hi"}', 'application/json')),
        415,
        'Nothing was stored',
      ],
      [
        'multipart',
        () => textOf(raw('--x\r\n', 'multipart/form-data; boundary=x')),
        415,
        'Nothing was stored',
      ],
    ];
    for (const [name, send, status, words] of cases) {
      const answer = await send();
      expect([name, answer.status]).toEqual([name, status]);
      expect(answer.text).toContain(words);
      expect(answer.text).not.toMatch(/<script>alert/);
    }
    expect([await count('intake_message'), await count('intake_conversation')]).toEqual(before);

    // Header injection through the language field: ignored, and no header is written.
    const injected = await postForm(publicUrl, '/messages', {
      message: injection,
      lang: 'en\r\nSet-Cookie: tracked=1',
    });
    expect(injected.status).toBe(200);
    expect(injected.headers.get('set-cookie')).toBeNull();
    const injectedCode = receiptCodeIn(injected.html) ?? '';
    codes.push(injectedCode);
    // Script in a message and in a reply is stored sealed and shown as text, never run.
    const list = await listConversations(nadia);
    const id = list.conversations.find((c) => c.id !== conversationId)?.id ?? '';
    const keys = await keysOf(nadia);
    const view = await openConversation(nadia, keys, id);
    expect(view.messages[0]?.text).toBe(injection);
    await replyToConversation(nadia, await getInbox(nadia), view, injection);
    const page = await postForm(publicUrl, '/follow-up', { code: injectedCode });
    expect(page.html).not.toContain('<script>alert');
    expect(page.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    await markConversation(nadia, id, 'spam');
    expect((await listConversations(nadia)).conversations.map((c) => c.id)).toEqual([
      conversationId,
    ]);
    expect((await listConversations(nadia, 'spam')).conversations.map((c) => c.id)).toEqual([id]);
  });

  it('accepts a solved proof of work once', async () => {
    const page = await (await fetch(publicUrl)).text();
    const altcha = solveChallengeIn(page);
    expect(altcha).toBeDefined();
    const sent = await postForm(publicUrl, '/messages', {
      message: 'proof of work',
      altcha: altcha ?? '',
    });
    expect(sent.status).toBe(200);
    codes.push(receiptCodeIn(sent.html) ?? '');
  });

  it('opens a case from a conversation and links them; the case holds what the applicant wrote', async () => {
    const directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    const view = await openConversation(nadia, await keysOf(nadia), conversationId);
    const caseId = await openCaseFromConversation(nadia, directory, view, {
      title: 'Web applicant, Nalchik',
      riskLevel: 3,
      share: { general: [hotline], situation: [hotline] },
    });
    const opened = await openCase(nadia, await loadTeamKeyring(nadia), caseId);
    expect(opened.compartments.situation?.intake).toContain(first);
    const summary = (await listConversations(nadia)).conversations.find(
      (c) => c.id === conversationId,
    );
    expect(summary).toMatchObject({ status: 'linked', caseId });
    // A case the caller's teams do not hold cannot be linked, and says nothing about it.
    expect(await refusal(linkConversation(outsider, conversationId, caseId))).toBe('not_found');
    expect(await refusal(linkConversation(nadia, conversationId, 'no-such-case'))).toBe(
      'not_found',
    );
  });

  it('answers every inbox endpoint as the authorisation matrix says', async () => {
    const view = await openConversation(nadia, await keysOf(nadia), conversationId);
    const inbox = await getInbox(nadia);
    const sealed = (key: string) =>
      toBase64(sealTo(asBoxPublicKey(fromBase64(key)), utf8('Matrix: we read you.')));
    const body = {
      inboxKeyVersion: 1,
      inboxCopy: sealed(inbox.keys[0]?.boxPublicKey ?? ''),
      channelCopy: sealed(view.replyPublicKey ?? ''),
    };
    const endpoints: Record<string, (api: ApiClient) => Promise<unknown>> = {
      listConversations: (api) => api.call(listConversationsRoute, { query: {} }),
      getConversation: (api) => api.call(getConversationRoute, { params: { conversationId } }),
      replyToConversation: (api) =>
        api.call(replyToConversationRoute, { params: { conversationId }, body }),
      triageConversation: (api) =>
        api.call(triageConversationRoute, { params: { conversationId }, body: { status: 'open' } }),
    };
    const who: Record<string, ApiClient> = {
      anonymous: corridor.api,
      administrator: admin.api,
      'other team': outsider.api,
      'hotline team': timur.api,
    };
    const expected: Record<string, string> = {
      anonymous: 'unauthenticated',
      administrator: 'not_found',
      'other team': 'not_found',
      'hotline team': 'no error',
    };
    const answers: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const [name, call] of Object.entries(endpoints)) {
      for (const [member, api] of Object.entries(who)) {
        const key = `${name} by ${member}`;
        const result = await refusal(call(api));
        answers[key] = result;
        want[key] = expected[member] ?? '';
      }
    }
    expect(answers).toEqual(want);
    await markConversation(timur, conversationId, 'open');
    await linkConversation(
      nadia,
      conversationId,
      (await listConversations(nadia, 'spam')).conversations[0]?.caseId ?? conversationId,
    ).catch(() => undefined);
  });

  it('makes a new inbox key when a member leaves: what arrives after opens only for those who stay', async () => {
    const view = (await nadia.api.call(listTeamsRoute)).teams.find((t) => t.id === hotline);
    if (!view) throw new Error('no hotline team');
    await unlock(nadia.api, 'password of nadia');
    const timursKeys = await keysOf(timur);
    await removeTeamMember(nadia, view, timur.account.id);
    expect(await ensureInboxKey(nadia, await loadTeamKeyring(nadia))).toBe(true);
    expect(await getInbox(nadia)).toMatchObject({ keyVersion: 2, teamKeyVersion: 2 });
    const sent = await postForm(publicUrl, '/follow-up/reply', { code, message: afterRotation });
    expect(sent.status).toBe(200);
    const keys = await keysOf(nadia);
    expect([...keys.keys()]).toEqual([1, 2]);
    const opened = await openConversation(nadia, keys, conversationId);
    expect(opened.messages.at(-1)?.text).toBe(afterRotation);
    expect(opened.messages.filter((m) => m.text === null)).toEqual([]);
    expect(timursKeys.has(2)).toBe(false);
    expect(await refusal(listConversations(timur))).toBe('not_found');
  });

  it('leaves no message, reply, code or identifier in what a seizure gives up', async () => {
    const secrets = [
      first,
      staffReply,
      answer,
      afterRotation,
      'Ислам Дудаев',
      '+7 928 441 09 13',
      '+7 916 202 77 31',
      'Руслана',
      ...codes,
    ];
    for (const c of codes) secrets.push(c.replaceAll('-', ''));
    if (kind === 'sqlite') {
      const { found } = await searchSeizedData(corridor.database, secrets);
      expect(found).toEqual([]);
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(corridor.server.storage.db);
    }
    const { found, bytes } = await searchSeizedData(corridor.database, [
      ...secrets,
      ...corridor.secrets.filter((s) => s.length >= 8),
    ]);
    expect(bytes).toBeGreaterThan(10_000);
    expect(found).toEqual([]);
    // The search does read the data: what the server may know is there to be found.
    expect((await searchSeizedData(corridor.database, ['Hotline'])).found).toEqual(['Hotline']);
  });
});

async function answerOf(answer: Promise<{ status: number; html: string }>) {
  const { status, html } = await answer;
  return { status, text: html };
}

async function textOf(response: Promise<Response>) {
  const r = await response;
  return { status: r.status, text: await r.text() };
}

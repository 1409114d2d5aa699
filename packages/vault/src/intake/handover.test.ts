// The hotline inbox, complete: hand-over between operators and to a team queue (accept,
// decline, take back, time out with a fake clock, across a restart of the sweep), the
// navigation's counts, the suspected-infiltrator warning, bad input and the
// authorisation matrix of the new endpoints, on SQLite and PostgreSQL.
import { initCrypto, utf8 } from '@corridor/crypto';
import {
  answerHandoverRoute,
  handOverConversationRoute,
  handoverTargetsRoute,
  inboxCountsRoute,
  teamDirectoryRoute,
} from '@corridor/protocol';
import {
  acceptInbound,
  flagSuspectedContact,
  openStorage,
  returnOverdueHandovers,
} from '@corridor/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { ApiClient } from '../api/api-client.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { changeWorkflow, createCase, openCase } from '../cases/cases.ts';
import { recordVerification } from '../cases/verification.ts';
import { postForm } from '../testing/public-form.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { answerHandover, handOverConversation, handoverTargets, inboxCounts } from './handover.ts';
import {
  chooseHotlineTeam,
  ensureInboxKey,
  getInbox,
  linkConversation,
  listConversations,
  openConversation,
  openInboxKeys,
} from './inbox.ts';

describe.each(databaseKinds)('hand-over and warnings in the hotline inbox on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let nadia: MemberSession; // hotline operator
  let timur: MemberSession; // hotline operator, also in the night shift
  let zarina: MemberSession; // hotline operator
  let outsider: MemberSession; // coordination only
  let hotline: string;
  let nightShift: string;
  const deps = () => ({ storage: corridor.server.storage, clock: corridor.clock });

  async function arrive(text: string): Promise<string> {
    const known = new Set((await listConversations(nadia)).conversations.map((c) => c.id));
    const sent = await postForm(corridor.server.publicUrl, '/messages', { message: text });
    expect(sent.status).toBe(200);
    const added = (await listConversations(nadia)).conversations.find((c) => !known.has(c.id));
    if (!added) throw new Error('no conversation');
    return added.id;
  }
  /** A second between steps, so the audit trail's order is its time order. */
  const then = <T>(step: Promise<T>): Promise<T> => {
    corridor.tick(1);
    return step;
  };
  const summary = async (member: MemberSession, id: string) =>
    (await listConversations(member)).conversations.find((c) => c.id === id);
  const auditSteps = async (conversationId: string) =>
    (
      await corridor.server.storage.db
        .selectFrom('audit_entry')
        .select(['account_id', 'detail'])
        .where('action', '=', 'intake.handover')
        .where('detail', 'like', `${conversationId} %`)
        .orderBy('at')
        .orderBy('id')
        .execute()
    ).map((r) => [r.account_id, r.detail?.split(' ')[1]]);

  beforeAll(async () => {
    await initCrypto();
    corridor = await startTestCorridor(kind);
    admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['hotline_operator']);
    timur = await corridor.member('timur', ['hotline_operator']);
    zarina = await corridor.member('zarina', ['hotline_operator']);
    outsider = await corridor.member('outsider', ['case_coordinator']);
    hotline = await corridor.team(admin, 'Hotline', nadia, timur, zarina);
    nightShift = await corridor.team(admin, 'Night shift', timur);
    await corridor.team(admin, 'Coordination', outsider);
    await chooseHotlineTeam(admin, hotline);
    await ensureInboxKey(nadia, await loadTeamKeyring(nadia));
  });
  afterAll(() => corridor?.stop());

  it('counts unread messages per member for the navigation', async () => {
    const id = await arrive('Помогите, меня ищут.');
    expect(await inboxCounts(nadia)).toEqual({ unread: 1, handovers: 0 });
    const keys = await openInboxKeys(nadia, await loadTeamKeyring(nadia), await getInbox(nadia));
    await openConversation(nadia, keys, id);
    expect(await inboxCounts(nadia)).toEqual({ unread: 0, handovers: 0 });
    expect(await inboxCounts(timur)).toEqual({ unread: 1, handovers: 0 });
  });

  it('hands a conversation to a colleague who accepts it; every step is audited', async () => {
    const id = await arrive('Первое сообщение для передачи.');
    const targets = await handoverTargets(nadia);
    expect(targets.members.map((m) => m.handle)).toEqual(['timur', 'zarina']);
    expect(targets.teams.map((t) => t.name)).toContain('Night shift');
    expect(targets.timeoutMinutes).toBe(30);
    const { handoverId, deadline } = await handOverConversation(nadia, id, {
      to: 'member',
      accountId: timur.account.id,
    });
    expect(Date.parse(deadline) - corridor.clock().getTime()).toBe(30 * 60_000);
    expect((await summary(nadia, id))?.ownerId).toBe(nadia.account.id);
    expect((await summary(timur, id))?.handover).toMatchObject({
      id: handoverId,
      fromId: nadia.account.id,
      toAccountId: timur.account.id,
      forCaller: true,
    });
    expect((await summary(zarina, id))?.handover?.forCaller).toBe(false);
    expect((await inboxCounts(timur)).handovers).toBe(1);
    // Only the one it is offered to can answer it.
    expect(await refusal(answerHandover(zarina, handoverId, 'accept'))).toBe('not_found');
    expect(await refusal(answerHandover(nadia, handoverId, 'accept'))).toBe('invalid_request');
    await then(answerHandover(timur, handoverId, 'accept'));
    expect(await summary(nadia, id)).toMatchObject({ ownerId: timur.account.id, handover: null });
    expect(await refusal(answerHandover(timur, handoverId, 'decline'))).toBe('conflict');
    expect(await auditSteps(id)).toEqual([
      [nadia.account.id, 'offered'],
      [timur.account.id, 'accepted'],
    ]);
    // Now Timur's: Nadia can no longer hand it on.
    expect(
      await refusal(
        handOverConversation(nadia, id, { to: 'member', accountId: zarina.account.id }),
      ),
    ).toBe('forbidden');
  });

  it('returns it to its owner when declined, taken back, or not taken in time', async () => {
    const id = await arrive('Второе сообщение.');
    const first = await handOverConversation(nadia, id, {
      to: 'member',
      accountId: zarina.account.id,
    });
    await then(answerHandover(zarina, first.handoverId, 'decline'));
    expect(await summary(nadia, id)).toMatchObject({ ownerId: nadia.account.id, handover: null });

    const second = await then(handOverConversation(nadia, id, { to: 'team', teamId: nightShift }));
    // A team queue: any member of the team may take it, no one else.
    expect((await summary(timur, id))?.handover?.forCaller).toBe(true);
    expect((await summary(zarina, id))?.handover?.forCaller).toBe(false);
    expect(await refusal(answerHandover(zarina, second.handoverId, 'accept'))).toBe('not_found');
    await then(answerHandover(nadia, second.handoverId, 'decline'));
    expect((await summary(nadia, id))?.handover).toBeNull();

    const third = await then(
      handOverConversation(nadia, id, { to: 'member', accountId: timur.account.id }),
    );
    corridor.tick(29 * 60);
    expect((await summary(timur, id))?.handover?.id).toBe(third.handoverId);
    corridor.tick(61);
    // Read after the deadline: it is back with Nadia, and too late to accept.
    expect(await refusal(answerHandover(timur, third.handoverId, 'accept'))).toBe('conflict');
    expect(await summary(timur, id)).toMatchObject({ ownerId: nadia.account.id, handover: null });
    expect(await auditSteps(id)).toEqual([
      [nadia.account.id, 'offered'],
      [zarina.account.id, 'declined'],
      [nadia.account.id, 'offered'],
      [nadia.account.id, 'cancelled'],
      [nadia.account.id, 'offered'],
      [nadia.account.id, 'expired'],
    ]);
  });

  it('returns an overdue hand-over from the sweep of any instance, once, with no one reading', async () => {
    const id = await arrive('Третье сообщение.');
    const { handoverId } = await handOverConversation(nadia, id, {
      to: 'member',
      accountId: zarina.account.id,
    });
    corridor.tick(31 * 60);
    // A second instance (or this one after a restart) knows of the offer only from the
    // database. On PostgreSQL both sweep at once, the running server's twice; SQLite is
    // one process by design (its driver blocks the thread), so there they take turns.
    const other = await openStorage(corridor.database.config);
    try {
      const sweeps = [
        () => returnOverdueHandovers(other.db, corridor.clock),
        () => returnOverdueHandovers(corridor.server.storage.db, corridor.clock),
        () => corridor.server.purge().then(() => 0),
        () => returnOverdueHandovers(other.db, corridor.clock),
      ];
      const returned: number[] = [];
      if (kind === 'postgres') returned.push(...(await Promise.all(sweeps.map((s) => s()))));
      else for (const sweep of sweeps) returned.push(await sweep());
      expect(returned.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
    } finally {
      await other.close();
    }
    const row = await corridor.server.storage.db
      .selectFrom('intake_handover')
      .select(['status', 'resolved_at'])
      .where('id', '=', handoverId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'expired', resolved_at: corridor.clock().toISOString() });
    expect((await auditSteps(id)).filter(([, what]) => what === 'expired')).toHaveLength(1);
  });

  it('refuses bad hand-overs and bad answers', async () => {
    const id = await arrive('Четвёртое сообщение.');
    const offer = (body: unknown, conversationId = id) =>
      nadia.api.call(handOverConversationRoute, {
        params: { conversationId },
        body: body as { to: 'team'; teamId: string },
      });
    const cases: [string, () => Promise<unknown>, string][] = [
      ['to oneself', () => offer({ to: 'member', accountId: nadia.account.id }), 'invalid_request'],
      [
        'to someone outside the hotline team',
        () => offer({ to: 'member', accountId: outsider.account.id }),
        'invalid_request',
      ],
      [
        'to a team that does not exist',
        () => offer({ to: 'team', teamId: 'nope' }),
        'invalid_request',
      ],
      ['with no receiver', () => offer({ to: 'member' }), 'invalid_request'],
      ['to an unknown kind', () => offer({ to: 'partner', teamId: hotline }), 'invalid_request'],
      [
        'with an over-long id',
        () => offer({ to: 'team', teamId: 'x'.repeat(65) }),
        'invalid_request',
      ],
      ['not an object', () => offer('hello'), 'invalid_request'],
      [
        'of no such conversation',
        () => offer({ to: 'team', teamId: hotline }, 'no-such-conversation'),
        'not_found',
      ],
    ];
    const answers: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const [name, call, code] of cases) {
      answers[name] = await refusal(call());
      want[name] = code;
    }
    expect(answers).toEqual(want);
    await handOverConversation(nadia, id, { to: 'member', accountId: timur.account.id });
    expect(await refusal(offer({ to: 'member', accountId: zarina.account.id }))).toBe('conflict');
    const answer = (handoverId: string, body: unknown) =>
      timur.api.call(answerHandoverRoute, {
        params: { handoverId },
        body: body as { answer: 'accept' },
      });
    expect(await refusal(answer('no-such-handover', { answer: 'accept' }))).toBe('not_found');
    const pending = (await summary(timur, id))?.handover?.id ?? '';
    expect(await refusal(answer(pending, { answer: 'maybe' }))).toBe('invalid_request');
    expect(await refusal(answer(pending, {}))).toBe('invalid_request');
    await answer(pending, { answer: 'decline' });
  });

  it('answers every new endpoint as the authorisation matrix says', async () => {
    const id = await arrive('Пятое сообщение.');
    const offered = await arrive('Шестое сообщение.');
    const { handoverId } = await handOverConversation(nadia, offered, {
      to: 'member',
      accountId: timur.account.id,
    });
    const endpoints: Record<string, (api: ApiClient) => Promise<unknown>> = {
      inboxCounts: (api) => api.call(inboxCountsRoute),
      handoverTargets: (api) => api.call(handoverTargetsRoute),
      handOverConversation: (api) =>
        api.call(handOverConversationRoute, {
          params: { conversationId: id },
          body: { to: 'team', teamId: nightShift },
        }),
      answerHandover: (api) =>
        api.call(answerHandoverRoute, { params: { handoverId }, body: { answer: 'accept' } }),
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
        answers[`${name} by ${member}`] = await refusal(call(api));
        want[`${name} by ${member}`] = expected[member] ?? '';
      }
    }
    expect(answers).toEqual(want);
    const refused = await corridor.server.storage.db
      .selectFrom('audit_entry')
      .select('account_id')
      .where('action', '=', 'intake.refused')
      .where('detail', '=', id)
      .execute();
    expect(refused.map((r) => r.account_id).sort()).toEqual(
      [admin.account.id, outsider.account.id].sort(),
    );
  });

  it('warns on a suspected infiltrator: by the linked case, by a mark, and by the channel flag', async () => {
    const storage = corridor.server.storage;
    const telegram = await acceptInbound(deps(), {
      channel: 'telegram',
      routingIndex: 'routing-index-of-a-chat',
      body: utf8('Я тоже из Грозного, помогите.'),
      replyPublicKey: null,
    });
    expect((await summary(nadia, telegram.conversationId))?.suspectedContact).toBe(false);
    const directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    const caseId = await createCase(nadia, directory, {
      title: 'Telegram contact',
      riskLevel: 2,
      share: { general: [hotline], situation: [hotline] },
    });
    await linkConversation(nadia, telegram.conversationId, caseId);
    const open = async () => openCase(nadia, await loadTeamKeyring(nadia), caseId);
    await changeWorkflow(nadia, await open(), { stage: 'triage' });
    await changeWorkflow(nadia, await open(), { stage: 'verification' });
    await recordVerification(nadia, await open(), 'suspected_infiltrator', {
      methods: ['video_call'],
      reason: 'Refused to show his face; asked for names of others',
    });
    expect(await summary(nadia, telegram.conversationId)).toMatchObject({
      suspectedContact: true,
      suspectedCaseId: caseId,
    });
    const mark = await storage.db
      .selectFrom('infiltrator_mark')
      .selectAll()
      .where('blind_index', '=', 'routing-index-of-a-chat')
      .executeTakeFirstOrThrow();
    expect(mark).toMatchObject({ case_id: caseId, marked_by: nadia.account.id });

    // A later conversation whose routing index is marked warns at once, before any channel flag.
    const email = await acceptInbound(deps(), {
      channel: 'email',
      routingIndex: 'routing-index-of-an-address',
      body: utf8('Hello, I need help too.'),
      replyPublicKey: null,
    });
    expect(await flagSuspectedContact(deps(), email.conversationId)).toBe(false);
    await storage.db
      .insertInto('infiltrator_mark')
      .values({
        blind_index: 'routing-index-of-an-address',
        case_id: caseId,
        marked_by: nadia.account.id,
        marked_at: corridor.clock().toISOString(),
      })
      .execute();
    expect(await summary(timur, email.conversationId)).toMatchObject({
      suspectedContact: true,
      suspectedCaseId: caseId,
    });
    // The channel's flag stays even when the mark is lifted.
    expect(await flagSuspectedContact(deps(), email.conversationId)).toBe(true);
    await storage.db
      .deleteFrom('infiltrator_mark')
      .where('blind_index', '=', 'routing-index-of-an-address')
      .execute();
    expect(await summary(timur, email.conversationId)).toMatchObject({
      suspectedContact: true,
      suspectedCaseId: null,
    });
    // Linking a web conversation to a case already suspect flags it too.
    const web = await arrive('Ещё одно сообщение от того же человека.');
    expect((await summary(nadia, web))?.suspectedContact).toBe(false);
    await linkConversation(nadia, web, caseId);
    expect((await summary(nadia, web))?.suspectedContact).toBe(true);
  });
});

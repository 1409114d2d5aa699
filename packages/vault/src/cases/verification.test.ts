// Verification as a first-class record, through the client core against a whole server on
// SQLite and PostgreSQL: no one verifies alone, no case moves past `verification` without
// it or an override with a reason, bad steps refused; the registry of trusted referrers;
// the suspected-infiltrator hook for intake is tested beside it in the server.
import { appendCaseEventRoute, listCasesRoute, teamDirectoryRoute } from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { MemberSession } from '../auth/log-in.ts';
import {
  listReferrers,
  recordReferral,
  saveReferrer,
  trackRecord,
} from '../referrers/referrers.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { loadTeamKeyring } from './case-keys.ts';
import { appendToCase, changeWorkflow, createCase, type DirectoryTeam, openCase } from './cases.ts';
import {
  confirmVerified,
  overrideVerification,
  proposeVerified,
  recordVerification,
  verificationHistory,
} from './verification.ts';

describe.each(databaseKinds)('verification on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let nadia: MemberSession; // hotline operator
  let timur: MemberSession; // case coordinator, hotline too
  let alina: MemberSession; // shelter: general and location, no situation
  let outsider: MemberSession;
  let directory: DirectoryTeam[];
  let hotline: string;
  let shelter: string;

  const open = async (member: MemberSession, caseId: string) =>
    openCase(member, await loadTeamKeyring(member), caseId);
  const newCase = (title: string, riskLevel = 3) =>
    createCase(nadia, directory, {
      title,
      riskLevel,
      share: {
        general: [hotline, shelter],
        situation: [hotline],
        location: [hotline, shelter],
      },
    });
  /** Brings a new case to `verification`. */
  async function inVerification(title: string, riskLevel = 3): Promise<string> {
    const caseId = await newCase(title, riskLevel);
    await changeWorkflow(nadia, await open(nadia, caseId), { stage: 'triage' });
    await changeWorkflow(nadia, await open(nadia, caseId), { stage: 'verification' });
    return caseId;
  }

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
    admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['hotline_operator']);
    timur = await corridor.member('timur', ['case_coordinator']);
    alina = await corridor.member('alina', ['shelter_coordinator']);
    outsider = await corridor.member('outsider', ['hotline_operator']);
    hotline = await corridor.team(admin, 'Hotline', nadia, timur);
    shelter = await corridor.team(admin, 'Shelters', alina);
    await corridor.team(admin, 'Elsewhere', outsider);
    directory = (await nadia.api.call(teamDirectoryRoute)).teams;
  });
  afterAll(() => corridor?.stop());

  it('needs a second member to confirm `verified`; then the case may move to evacuation', async () => {
    const caseId = await inVerification('Verified by two');
    let view = await open(nadia, caseId);
    expect(view.summary.verification).toEqual({
      outcome: 'unverified',
      proposalSeq: null,
      proposedBy: null,
      overrideSeq: null,
    });
    expect(await refusal(changeWorkflow(nadia, view, { stage: 'evacuation' }))).toBe(
      'verification_required',
    );
    await recordVerification(nadia, view, 'partially_verified', {
      methods: ['interview'],
      reason: 'Story holds together; documents not seen yet',
    });
    // Partially verified is not enough to move people and reveal routes and shelters.
    view = await open(nadia, caseId);
    expect(view.summary.verification.outcome).toBe('partially_verified');
    expect(await refusal(changeWorkflow(nadia, view, { stage: 'shelter' }))).toBe(
      'verification_required',
    );

    await proposeVerified(nadia, view, {
      methods: ['video_call', 'trusted_referrer'],
      reason: 'Face matches the referrer’s photo',
    });
    view = await open(nadia, caseId);
    expect(view.summary.verification).toMatchObject({
      outcome: 'partially_verified',
      proposedBy: nadia.account.id,
      proposalSeq: view.summary.version,
    });
    // The proposer cannot confirm, and nothing is written when refused.
    expect(await refusal(confirmVerified(nadia, view, 'I am sure'))).toBe('second_member_required');
    expect((await open(nadia, caseId)).summary.version).toBe(view.summary.version);
    expect(await refusal(changeWorkflow(nadia, view, { stage: 'evacuation' }))).toBe(
      'verification_required',
    );

    // Only the pending proposal can be confirmed.
    const timurView = await open(timur, caseId);
    expect(await refusal(confirmVerified(timur, timurView, 'ok', 2))).toBe('invalid_request');
    await confirmVerified(timur, timurView, 'Watched the recording: agreed');
    view = await open(nadia, caseId);
    expect(view.timeline.problems).toEqual([]);
    expect(view.summary.verification).toEqual({
      outcome: 'verified',
      proposalSeq: null,
      proposedBy: null,
      overrideSeq: null,
    });
    const history = verificationHistory(view);
    expect(history.map((h) => [h.change.step, h.authorId])).toEqual([
      ['record', nadia.account.id],
      ['propose', nadia.account.id],
      ['confirm', timur.account.id],
    ]);
    expect(history[1]?.details).toEqual({
      methods: ['video_call', 'trusted_referrer'],
      reason: 'Face matches the referrer’s photo',
      referrer: null,
    });
    await changeWorkflow(nadia, view, { stage: 'evacuation' });
    expect((await open(nadia, caseId)).summary.stage).toBe('evacuation');

    // A member without `situation` sees the outcome and the steps, not the reasons.
    const shelterView = await open(alina, caseId);
    expect(shelterView.timeline.problems).toEqual([]);
    expect(shelterView.summary.verification.outcome).toBe('verified');
    expect(verificationHistory(shelterView).map((h) => h.details)).toEqual([null, null, null]);
    // Nor can they write a step: its reasons go under a key they do not hold.
    expect(
      await refusal(
        recordVerification(alina, shelterView, 'unverified', { methods: [], reason: 'x' }),
      ),
    ).toContain('does not hold the situation key');
  });

  it('lets a case move on with an override whose reason is encrypted and whose fact is visible', async () => {
    const caseId = await inVerification('Override', 5);
    let view = await open(nadia, caseId);
    // No reason, no override: refused before anything is sent.
    await expect(overrideVerification(nadia, view, '   ')).rejects.toMatchObject({
      code: 'reason_required',
    });
    await overrideVerification(nadia, view, 'Detained tomorrow otherwise; verify on the way');
    view = await open(nadia, caseId);
    expect(view.summary.verification.overrideSeq).toBe(view.summary.version);
    expect(view.timeline.entries.at(-1)?.kind).toBe('verification.overridden');
    await changeWorkflow(nadia, view, { stage: 'evacuation' });
    view = await open(nadia, caseId);
    // Found out on the way: marked, the case can go no further until someone records otherwise.
    await recordVerification(nadia, view, 'suspected_infiltrator', {
      methods: ['reference_check'],
      reason: 'The named friend does not exist',
    });
    view = await open(timur, caseId);
    expect(view.summary.verification).toMatchObject({
      outcome: 'suspected_infiltrator',
      overrideSeq: null,
    });
    expect(await refusal(changeWorkflow(timur, view, { stage: 'shelter' }))).toBe(
      'verification_required',
    );
    // An override cannot wave a suspected infiltrator through.
    expect(await refusal(overrideVerification(timur, view, 'Hurry'))).toBe('invalid_request');
    // Back to verification is always allowed.
    await changeWorkflow(timur, view, { stage: 'verification' });
    const suspected = await timur.api.call(listCasesRoute, {
      query: { verification: 'suspected_infiltrator' },
    });
    expect(suspected.cases.map((c) => c.id)).toEqual([caseId]);
    expect(
      (await timur.api.call(listCasesRoute, { query: { verification: 'verified' } })).cases.map(
        (c) => c.id,
      ),
    ).not.toContain(caseId);
  });

  it('refuses malformed verification steps', async () => {
    const caseId = await inVerification('Bad input');
    const view = await open(nadia, caseId);
    const step = (
      verification: unknown,
      options: { kind?: string; compartment?: 'general' | 'situation' } = {},
    ) =>
      appendToCase(
        nadia,
        view,
        options.compartment ?? 'situation',
        (options.kind ?? 'verification.recorded') as never,
        { methods: [], reason: 'x' },
        null,
        undefined,
        { verification: verification as never },
      );
    // An unknown outcome, and `verified` set without a second member.
    expect(await refusal(step({ step: 'record', outcome: 'maybe' }))).toBe('invalid_request');
    expect(await refusal(step({ step: 'record', outcome: 'verified' }))).toBe('invalid_request');
    // Confirming with no proposal pending.
    expect(
      await refusal(step({ step: 'confirm', proposalSeq: 1 }, { kind: 'verification.confirmed' })),
    ).toBe('invalid_request');
    expect(await refusal(confirmVerified(timur, await open(timur, caseId), 'ok'))).toBe(
      'invalid_request',
    );
    // A step under another kind, in another part, or a kind without its step.
    expect(await refusal(step({ step: 'propose' }))).toBe('invalid_request');
    expect(
      await refusal(step({ step: 'record', outcome: 'unverified' }, { compartment: 'general' })),
    ).toBe('invalid_request');
    expect(await refusal(step(undefined))).toBe('invalid_request');
    expect(
      await refusal(
        nadia.api.call(appendCaseEventRoute, {
          params: { caseId },
          body: {
            expectedVersion: view.summary.version,
            event: {
              seq: view.summary.version + 1,
              compartment: 'situation',
              keyVersion: 1,
              kind: 'verification.recorded',
              payload: 'AAAA',
              prevHash: view.timeline.head.hash,
              signature: 'A'.repeat(86),
              workflow: null,
              verification: { step: 'record', outcome: 'unverified', extra: 1 } as never,
            },
          },
        }),
      ),
    ).toBe('invalid_request');
    const after = await open(nadia, caseId);
    expect(after.summary.version).toBe(view.summary.version);
    expect(after.summary.verification.outcome).toBe('unverified');
  });

  it('notices a server that shows another outcome than the signed steps', async () => {
    const caseId = await inVerification('Forged outcome');
    const db = corridor.server.storage.db;
    await db
      .updateTable('case_file')
      .set({ verification: 'verified' })
      .where('id', '=', caseId)
      .execute();
    expect((await open(nadia, caseId)).timeline.problems).toContainEqual({
      seq: expect.any(Number),
      problem: 'summary_mismatch',
    });
    await db
      .updateTable('case_file')
      .set({ verification: 'unverified' })
      .where('id', '=', caseId)
      .execute();
    expect((await open(nadia, caseId)).timeline.problems).toEqual([]);
  });

  it('keeps a team’s referrers encrypted, with each one’s track record', async () => {
    const team = directory.find((t) => t.id === hotline) as DirectoryTeam;
    const ring = await loadTeamKeyring(nadia);
    const { id } = await saveReferrer(nadia, team, {
      name: 'Grozny friend network',
      kind: 'organisation',
      notes: 'Reached through Signal only',
      referrals: [],
    });
    let [referrer] = await listReferrers(nadia, ring, hotline);
    expect(referrer).toMatchObject({ id, version: 1, problem: null });
    if (!referrer) throw new Error('missing');
    await recordReferral(nadia, team, referrer, { caseId: 'case-a', result: 'proved_true' });
    [referrer] = await listReferrers(timur, await loadTeamKeyring(timur), hotline);
    if (!referrer) throw new Error('missing');
    await recordReferral(timur, team, referrer, { caseId: 'case-b', result: 'pending' });
    [referrer] = await listReferrers(nadia, ring, hotline);
    if (!referrer?.content) throw new Error('missing');
    await recordReferral(nadia, team, referrer, { caseId: 'case-b', result: 'proved_false' });
    [referrer] = await listReferrers(nadia, ring, hotline);
    if (!referrer?.content) throw new Error('missing');
    expect(referrer.version).toBe(4);
    expect(trackRecord(referrer.content)).toEqual({ provedTrue: 1, provedFalse: 1, pending: 0 });
    // A stale write is refused with the current version.
    const stale = await recordReferral(
      nadia,
      team,
      { ...referrer, version: 2 },
      {
        caseId: null,
        result: 'pending',
      },
    ).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'conflict', currentVersion: 4 });
    // Only the team: others get `not_found`, as for a team that does not exist.
    for (const member of [admin, outsider, alina]) {
      expect(await refusal(listReferrers(member, new Map(), hotline))).toBe('not_found');
      expect(await refusal(saveReferrer(member, team, referrer.content))).toBe('not_found');
    }
    // A record the server plants (sealed to the team's public key, which anyone can) or
    // alters does not check out.
    const db = corridor.server.storage.db;
    const row = await db
      .selectFrom('referrer')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('referrer')
      .set({ author_id: timur.account.id })
      .where('id', '=', id)
      .execute();
    expect((await listReferrers(nadia, ring, hotline))[0]).toMatchObject({
      content: null,
      problem: 'bad_signature',
    });
    await db
      .updateTable('referrer')
      .set({ author_id: row.author_id })
      .where('id', '=', id)
      .execute();
    expect((await listReferrers(nadia, ring, hotline))[0]?.problem).toBeNull();
  });
});

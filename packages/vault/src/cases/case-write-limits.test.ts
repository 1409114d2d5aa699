// Bounds on case writes, on SQLite and PostgreSQL: the per-account rate limit (set low
// here), the cap on events per case and on key versions per compartment — each refusal
// with its own code, and nothing changed by it — and re-keying a team's cases, which
// waits the limit out.
import {
  appendCaseEventRoute,
  getCaseRoute,
  listTeamsRoute,
  maxEventsPerCase,
  maxKeyVersions,
  revokeCaseAccessRoute,
  teamDirectoryRoute,
} from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import { type MemberSession, unlock } from '../auth/log-in.ts';
import { removeTeamMember } from '../teams/team-keys.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { loadTeamKeyring } from './case-keys.ts';
import {
  addNote,
  type CaseView,
  createCase,
  type DirectoryTeam,
  openCase,
  type RekeyOptions,
  type RekeyProgress,
  rekeyTeamCases,
  revokeCaseAccess,
} from './cases.ts';

const writesPerMinute = 4;

describe.each(databaseKinds)('case write limits on %s', (kind) => {
  let corridor: TestCorridor;
  let nadia: MemberSession;
  let timur: MemberSession;
  let directory: DirectoryTeam[];
  let hotline: string;
  let caseId: string;

  const open = async (member: MemberSession): Promise<CaseView> =>
    openCase(member, await loadTeamKeyring(member), caseId);
  /** A note's fate: 'no error' or the code it was refused with. */
  const note = async (member: MemberSession, text: string) =>
    refusal(addNote(member, await open(member), text));
  /** An unsigned event at the case's head: refused for its signature, unless refused first. */
  const unsignedAt = (view: CaseView) => ({
    seq: view.summary.version + 1,
    compartment: 'general' as const,
    keyVersion: 1,
    kind: 'note.added' as const,
    payload: 'AAAA',
    prevHash: view.timeline.head.hash,
    signature: 'A'.repeat(86),
    workflow: null,
  });

  beforeAll(async () => {
    corridor = await startTestCorridor(kind, { caseWritesPerMinute: writesPerMinute });
    const admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['hotline_operator']);
    timur = await corridor.member('timur', ['case_coordinator']);
    hotline = await corridor.team(admin, 'Hotline', nadia, timur);
    directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    caseId = await createCase(nadia, directory, {
      title: 'Ibra',
      riskLevel: 3,
      share: { general: [hotline], location: [hotline] },
    });
  });
  afterAll(() => corridor?.stop());

  it('refuses an account its writes past the limit for a minute, and only that account', async () => {
    // Opening the case was the first write of the minute.
    for (let i = 1; i < writesPerMinute; i += 1)
      expect(await note(nadia, `note ${i}`)).toBe('no error');
    const { version } = (await open(nadia)).summary;
    expect(await note(nadia, 'one too many')).toBe('rate_limited');
    await unlock(nadia.api, 'password of nadia');
    expect(
      await refusal(revokeCaseAccess(nadia, await open(nadia), 'location', null, directory)),
    ).toBe('rate_limited');
    // Nothing was written, and a colleague is not held back.
    expect((await open(timur)).summary.version).toBe(version);
    expect(await note(timur, 'from Timur')).toBe('no error');

    corridor.tick(61);
    // Refused writes did not count: the next minute has the whole limit again.
    for (let i = 0; i < writesPerMinute; i += 1)
      expect(await note(nadia, `later ${i}`)).toBe('no error');
    expect(await note(nadia, 'one too many')).toBe('rate_limited');
    const view = await open(timur);
    expect(view.timeline.problems).toEqual([]);
    expect(view.notes.map((n) => n.text)).not.toContain('one too many');
  });

  it('takes no ordinary event past the cap of events per case, changing nothing', async () => {
    corridor.tick(61);
    const db = corridor.server.storage.db;
    const view = await open(nadia);
    const { version } = view.summary;
    // A case at the cap, as far as the server is concerned.
    await db
      .updateTable('case_file')
      .set({ version: maxEventsPerCase })
      .where('id', '=', caseId)
      .execute();
    try {
      const append = nadia.api.call(appendCaseEventRoute, {
        params: { caseId },
        body: {
          expectedVersion: maxEventsPerCase,
          event: { ...unsignedAt(view), seq: maxEventsPerCase + 1 },
        },
      });
      expect(await refusal(append)).toBe('event_limit_reached');
      const stored = await db
        .selectFrom('case_event')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('case_id', '=', caseId)
        .executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(version);
    } finally {
      await db.updateTable('case_file').set({ version }).where('id', '=', caseId).execute();
    }
    expect(await note(nadia, 'below the cap')).toBe('no error');
  });

  it('gives no compartment a key version past the cap, changing nothing', async () => {
    corridor.tick(61);
    const db = corridor.server.storage.db;
    // Location as if re-keyed up to the cap.
    await db
      .insertInto('case_compartment_key')
      .values(
        Array.from({ length: maxKeyVersions - 1 }, (_, i) => ({
          case_id: caseId,
          compartment: 'location',
          key_version: i + 2,
          previous_key_wrapped: 'AAAA',
          created_at: corridor.clock().toISOString(),
        })),
      )
      .execute();
    try {
      await unlock(nadia.api, 'password of nadia');
      const view = await open(nadia);
      const before = await nadia.api.call(getCaseRoute, { params: { caseId } });
      const rotate = nadia.api.call(revokeCaseAccessRoute, {
        params: { caseId },
        body: {
          expectedVersion: view.summary.version,
          compartment: 'location',
          teamId: null,
          grants: [],
          previousKeyWrapped: 'AAAA',
          event: { ...unsignedAt(view), kind: 'key.rotated' },
        },
      });
      expect(await refusal(rotate)).toBe('key_version_limit_reached');
      const after = await nadia.api.call(getCaseRoute, { params: { caseId } });
      expect(after.summary.version).toBe(before.summary.version);
      expect(after.keys).toEqual(before.keys);
      expect(after.keyChain).toHaveLength(before.keyChain.length);
    } finally {
      await db
        .deleteFrom('case_compartment_key')
        .where('case_id', '=', caseId)
        .where('compartment', '=', 'location')
        .where('key_version', '>', 1)
        .execute();
    }
    // Below the cap, the same rotation goes through.
    await revokeCaseAccess(nadia, await open(nadia), 'location', null, directory);
    const view = await open(timur);
    expect(view.timeline.problems).toEqual([]);
    expect(view.timeline.entries.at(-1)?.kind).toBe('key.rotated');
  });

  /** Nadia gives every part the hotline holds a new key, on the team directory of now. */
  const rekeyHotline = async (options: RekeyOptions) => {
    const fresh = (await nadia.api.call(teamDirectoryRoute)).teams;
    return rekeyTeamCases(nadia, await loadTeamKeyring(nadia), hotline, fresh, options);
  };

  it('re-keys past the limit after a member leaves a team: waits the minute out and finishes', async () => {
    corridor.tick(61);
    // With the first case, six parts the hotline holds: more than a minute's writes.
    for (const title of ['Zarema', 'Aslan']) {
      await createCase(nadia, directory, {
        title,
        riskLevel: 2,
        share: { general: [hotline], location: [hotline] },
      });
    }
    corridor.tick(61);
    await unlock(nadia.api, 'password of nadia');
    const team = (await nadia.api.call(listTeamsRoute)).teams.find((t) => t.id === hotline);
    if (!team) throw new Error('no hotline team');
    await removeTeamMember(nadia, team, timur.account.id);

    const waits: number[] = [];
    const progress: RekeyProgress[] = [];
    const { rekeyed, left } = await rekeyHotline({
      onProgress: (p) => progress.push(p),
      // The server's clock moves on instead of the test sleeping.
      wait: async (ms) => {
        waits.push(ms);
        corridor.tick(ms / 1000);
      },
    });
    expect(left).toEqual([]);
    expect(rekeyed).toBe(6);
    expect(waits).toEqual([61_000]);
    expect(progress[0]).toEqual({ rekeyed: 0, total: 6, waitingMs: null });
    expect(progress).toContainEqual({ rekeyed: writesPerMinute, total: 6, waitingMs: 61_000 });
    expect(progress.at(-1)).toEqual({ rekeyed: 6, total: 6, waitingMs: null });
    const view = await open(nadia);
    expect(view.timeline.problems).toEqual([]);
    expect(view.timeline.entries.at(-1)?.kind).toBe('key.rotated');
    expect(await refusal(timur.api.call(getCaseRoute, { params: { caseId } }))).toBe('not_found');
  });

  it('says which parts are left when it may wait no longer, is stopped, or needs the password', async () => {
    corridor.tick(61);
    await unlock(nadia.api, 'password of nadia');
    const reasons = (left: { reason: string }[]) => left.map((l) => l.reason);
    // Not allowed to wait: the writes past the limit are not tried.
    const unwaited = await rekeyHotline({ maxWaitMs: 0 });
    expect(unwaited.rekeyed).toBe(writesPerMinute);
    expect(reasons(unwaited.left)).toEqual(['rate_limited', 'rate_limited']);

    // Stopped while waiting, with the real pause: it ends at once.
    corridor.tick(61);
    const controller = new AbortController();
    const stopped = await rekeyHotline({
      signal: controller.signal,
      onProgress: (p) => {
        if (p.waitingMs !== null) controller.abort();
      },
    });
    expect(stopped.rekeyed).toBe(writesPerMinute);
    expect(reasons(stopped.left)).toEqual(['stopped', 'stopped']);

    // A wait past the five minutes a password proof lasts: the rest need it proved again.
    corridor.tick(61);
    const late = await rekeyHotline({ wait: async () => corridor.tick(5 * 60) });
    expect(late.rekeyed).toBe(writesPerMinute);
    expect(reasons(late.left)).toEqual(['reauthentication_required', 'reauthentication_required']);
    expect((await open(nadia)).timeline.problems).toEqual([]);
  });
});

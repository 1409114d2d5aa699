// Bounds on case writes, on SQLite and PostgreSQL: the per-account rate limit (set low
// here), the cap on events per case and on key versions per compartment — each refusal
// with its own code, and nothing changed by it.
import {
  appendCaseEventRoute,
  getCaseRoute,
  maxEventsPerCase,
  maxKeyVersions,
  revokeCaseAccessRoute,
  teamDirectoryRoute,
} from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import { type MemberSession, unlock } from '../auth/log-in.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { loadTeamKeyring } from './case-keys.ts';
import {
  addNote,
  type CaseView,
  createCase,
  type DirectoryTeam,
  openCase,
  revokeCaseAccess,
} from './cases.ts';

const writesPerMinute = 4;

describe.each(databaseKinds)('case write limits on %s', (kind) => {
  let corridor: TestCorridor;
  let nadia: MemberSession;
  let timur: MemberSession;
  let directory: DirectoryTeam[];
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
    const hotline = await corridor.team(admin, 'Hotline', nadia, timur);
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
});

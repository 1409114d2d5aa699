// Reading a caseload in batches (`POST /api/cases/batch` through fetchCaseBatches) on
// SQLite and PostgreSQL: what each member gets, what the unlock workers make of it, one
// snapshot per read while someone writes, bad input, and the audit trail.
import { randomToken } from '@corridor/crypto';
import {
  type CaseDetail,
  getCaseBatchRoute,
  getCaseRoute,
  maxCaseBatch,
  teamDirectoryRoute,
} from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { createUnlockHandler, type LoadReply, type ReadReply } from '../unlock/unlock-requests.ts';
import { fetchCaseBatches } from './case-batches.ts';
import { loadTeamKeyring } from './case-keys.ts';
import { addNote, createCase, type DirectoryTeam, openCase } from './cases.ts';

type Detail = z.infer<typeof CaseDetail>;
const parsed = (batches: readonly string[]) =>
  batches.flatMap((json) => JSON.parse(json) as Detail[]);
const idsOf = (details: readonly Detail[]) => details.map((d) => d.summary.id);

describe.each(databaseKinds)('case batches on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let nadia: MemberSession; // hotline
  let alina: MemberSession; // shelters
  let outsider: MemberSession; // another team
  let directory: DirectoryTeam[];
  let teams: Record<'hotline' | 'shelter', string>;
  /** Two cases shared with the shelters, then one the hotline keeps to itself. */
  let caseIds: string[];
  /** A well-formed id no case has. */
  const unknownId = 'Q'.repeat(22);

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
    admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['hotline_operator']);
    alina = await corridor.member('alina', ['shelter_coordinator']);
    outsider = await corridor.member('outsider', ['hotline_operator']);
    teams = {
      hotline: await corridor.team(admin, 'Hotline', nadia),
      shelter: await corridor.team(admin, 'Shelters', alina),
    };
    await corridor.team(admin, 'Elsewhere', outsider);
    directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    const shared = {
      general: [teams.hotline, teams.shelter],
      location: [teams.hotline, teams.shelter],
    };
    caseIds = [
      await createCase(nadia, directory, {
        title: 'Zarema',
        riskLevel: 3,
        share: { ...shared, testimony: [teams.hotline] },
        details: { location: { town: 'Kazan' }, testimony: { statement: 'Они пришли ночью.' } },
      }),
      await createCase(nadia, directory, { title: 'Ibra', riskLevel: 4, share: shared }),
      await createCase(nadia, directory, {
        title: 'Sasha',
        riskLevel: 2,
        share: { general: [teams.hotline] },
      }),
    ];
  });
  afterAll(() => corridor?.stop());

  it('gives a member each case their teams hold, exactly as getCase answers it', async () => {
    const batches = await fetchCaseBatches(nadia, [...caseIds, unknownId, caseIds[0] ?? ''], 2);
    expect(batches).toHaveLength(2);
    const details = parsed(batches);
    expect(idsOf(details)).toEqual(caseIds);
    for (const detail of details) {
      const single = await nadia.api.call(getCaseRoute, { params: { caseId: detail.summary.id } });
      expect(detail).toEqual(single);
    }

    const alinas = parsed(await fetchCaseBatches(alina, caseIds));
    expect(idsOf(alinas)).toEqual(caseIds.slice(0, 2));
    const withheld = alinas[0]?.events.filter((e) => e.payload === null).map((e) => e.compartment);
    expect(withheld).toEqual(['testimony']);
    expect(alinas[0]?.keys.map((k) => k.compartment).sort()).toEqual(['general', 'location']);
  });

  it('hands the unlock workers a batch they load and read like any caseload', async () => {
    const [json] = await fetchCaseBatches(nadia, caseIds);
    const handle = createUnlockHandler();
    const ring = await loadTeamKeyring(nadia);
    const loaded = handle({ op: 'load', batch: 0, json: json ?? '', ring }) as LoadReply;
    expect(loaded).toMatchObject({ cases: 3, unopened: [] });
    const read = handle({ op: 'read', batch: 0 }) as ReadReply;
    expect(read.cases.map((c) => [c.title, c.problems])).toEqual([
      ['Zarema', []],
      ['Ibra', []],
      ['Sasha', []],
    ]);
  });

  it('gives an outsider and an administrator nothing for the same ids', async () => {
    expect(await fetchCaseBatches(outsider, caseIds)).toEqual(['[]']);
    expect(await fetchCaseBatches(admin, caseIds)).toEqual(['[]']);
    expect(await fetchCaseBatches(nadia, [unknownId])).toEqual(['[]']);
    const stranger = { api: corridor.api.withSession('x'.repeat(43)) };
    expect(await refusal(fetchCaseBatches(stranger, caseIds))).toBe('unauthenticated');
  });

  it('refuses malformed ids, an empty list and more than 250 ids with a 400', async () => {
    const ask = (ids: unknown) =>
      nadia.api
        .call(getCaseBatchRoute, { body: { ids } as never })
        .then(() => 'no error')
        .catch((error: { code: string; status: number }) => `${error.status} ${error.code}`);
    const tooMany = Array.from({ length: maxCaseBatch + 1 }, () => randomToken(16));
    expect(await ask(['not a case id'])).toBe('400 invalid_request');
    expect(await ask([`${caseIds[0]}x`])).toBe('400 invalid_request');
    expect(await ask([])).toBe('400 invalid_request');
    expect(await ask(tooMany)).toBe('400 invalid_request');
    expect(await ask(caseIds.join(','))).toBe('400 invalid_request');
    expect(await ask(tooMany.slice(0, maxCaseBatch))).toBe('no error');
    // The client splits rather than send more than the server takes.
    await expect(fetchCaseBatches(nadia, caseIds, maxCaseBatch + 1)).rejects.toThrow(RangeError);
    await expect(fetchCaseBatches(nadia, caseIds, 0)).rejects.toThrow(RangeError);
    expect(await fetchCaseBatches(nadia, [])).toEqual([]);
  });

  it('puts each case read, and each id refused, in the audit log', async () => {
    const db = corridor.server.storage.db;
    const entries = async (member: MemberSession) =>
      db
        .selectFrom('audit_entry')
        .select(['action', 'case_id', 'detail'])
        .where('account_id', '=', member.account.id)
        .where('action', 'in', ['case.read', 'case.refused'])
        .execute();
    const before = (await entries(alina)).length;
    await fetchCaseBatches(alina, [...caseIds, unknownId]);
    const after = (await entries(alina)).slice(before);
    const sorted = (rows: typeof after) =>
      rows.map((r) => `${r.action} ${r.case_id} ${r.detail}`).sort();
    expect(sorted(after)).toEqual(
      [
        `case.read ${caseIds[0]} null`,
        `case.read ${caseIds[1]} null`,
        `case.refused ${caseIds[2]} case.read`,
        `case.refused ${unknownId} case.read`,
      ].sort(),
    );
    // A refused request reads nothing, so records nothing.
    const total = (await entries(alina)).length;
    await refusal(alina.api.call(getCaseBatchRoute, { body: { ids: [] } }));
    expect((await entries(alina)).length).toBe(total);
  });

  it('reads each case in one snapshot while someone writes to it', async () => {
    const ring = await loadTeamKeyring(nadia);
    let writing = true;
    const writer = (async () => {
      try {
        for (let i = 0; i < 6; i += 1) {
          await addNote(nadia, await openCase(nadia, ring, caseIds[1] ?? ''), `note ${i}`);
        }
      } finally {
        writing = false;
      }
    })();
    const seen: Detail[] = [];
    while (writing) {
      seen.push(...parsed(await fetchCaseBatches(alina, caseIds)));
      seen.push(await alina.api.call(getCaseRoute, { params: { caseId: caseIds[1] ?? '' } }));
    }
    await writer;
    expect(seen.length).toBeGreaterThan(0);
    for (const detail of seen) {
      // The summary, events and keys agree: the version is the last event's seq.
      expect(detail.events.map((e) => e.seq)).toEqual(
        Array.from({ length: detail.summary.version }, (_, i) => i + 1),
      );
    }
    const last = await alina.api.call(getCaseRoute, { params: { caseId: caseIds[1] ?? '' } });
    expect(last.events.at(-1)?.kind).toBe('note.added');
  });
});

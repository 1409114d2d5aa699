// Shelters, beds and placements through the client core against a whole server on SQLite
// and PostgreSQL: addresses for the shelter team alone, no placement for a case that is
// not verified (an override does not help), beds taken, full shelters, dates out of order,
// two members giving away the last bed at once, decline, end, and a seizure search.
import {
  listCasePlacementsRoute,
  listSheltersRoute,
  listTeamsRoute,
  teamDirectoryRoute,
} from '@corridor/protocol';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchSeizedData } from '../../../../test-support/seizure.ts';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import {
  changeWorkflow,
  createCase,
  type DirectoryTeam,
  grantCaseAccess,
  openCase,
  revokeCaseAccess,
} from '../cases/cases.ts';
import {
  confirmVerified,
  overrideVerification,
  proposeVerified,
  recordVerification,
} from '../cases/verification.ts';
import { removeTeamMember } from '../teams/team-keys.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import {
  acceptPlacement,
  declinePlacement,
  endPlacement,
  listCasePlacements,
  listShelterPlacements,
  requestingTeams,
  requestPlacement,
} from './placements.ts';
import {
  listShelters,
  occupancySummary,
  resealShelters,
  type Shelter,
  type ShelterContent,
  saveShelter,
} from './shelters.ts';

const address = 'Tverskaya ulitsa 17, kv. 42, Moskva';
const rules = 'Никому не говорить адрес; не выходить после 22:00';
const keeper = 'Ask for Olga on +7 916 555 01 23';
const content = (extra = ''): ShelterContent => ({
  address: `${address}${extra}`,
  rules,
  keeper,
  notes: 'Buzzer broken; knock twice',
});

/** The value, or a failed test: a list lookup that must find something. */
function need<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new Error('expected a value');
  return value;
}

describe.each(databaseKinds)('shelters on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let nadia: MemberSession; // hotline operator and coordinator
  let timur: MemberSession; // case coordinator, confirms verification
  let alina: MemberSession; // shelter team
  let boris: MemberSession; // shelter team
  let outsider: MemberSession;
  let directory: DirectoryTeam[];
  let hotline: string;
  let shelterTeam: string;

  const ring = (member: MemberSession) => loadTeamKeyring(member);
  const open = async (member: MemberSession, caseId: string) =>
    openCase(member, await ring(member), caseId);
  const team = (id: string) => directory.find((t) => t.id === id) as DirectoryTeam;
  const sheltersOf = async (member: MemberSession) =>
    (await listShelters(member, await ring(member))).shelters;
  const shelterOf = async (member: MemberSession, id: string) =>
    (await sheltersOf(member)).find((s) => s.id === id) as Shelter;

  async function newCase(title: string): Promise<string> {
    const caseId = await createCase(nadia, directory, {
      title,
      riskLevel: 3,
      share: { general: [hotline], situation: [hotline], location: [hotline] },
    });
    await changeWorkflow(nadia, await open(nadia, caseId), { stage: 'triage' });
    await changeWorkflow(nadia, await open(nadia, caseId), { stage: 'verification' });
    return caseId;
  }
  async function verifiedCase(title: string): Promise<string> {
    const caseId = await newCase(title);
    await proposeVerified(nadia, await open(nadia, caseId), {
      methods: ['video_call'],
      reason: 'Known to the referrer',
    });
    await confirmVerified(timur, await open(timur, caseId), 'Agreed');
    return caseId;
  }
  async function newShelter(code: string, beds: string[]): Promise<Shelter> {
    const { id } = await saveShelter(alina, team(shelterTeam), {
      code,
      beds: beds.map((label) => ({ label })),
      content: content(` (${code})`),
    });
    return shelterOf(alina, id);
  }
  const request = async (
    caseId: string,
    shelterId: string,
    from: string,
    to: string | null = null,
    bedId: string | null = null,
  ) =>
    requestPlacement(nadia, await ring(nadia), await open(nadia, caseId), {
      shelterId,
      bedId,
      from,
      to,
    });
  const pendingOf = async (shelterId: string, placementId: string) =>
    need((await listShelterPlacements(alina, shelterId)).find((p) => p.id === placementId));

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
    admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['hotline_operator', 'case_coordinator']);
    timur = await corridor.member('timur', ['case_coordinator']);
    alina = await corridor.member('alina', ['shelter_coordinator']);
    boris = await corridor.member('boris', ['shelter_coordinator']);
    outsider = await corridor.member('outsider', ['case_coordinator']);
    hotline = await corridor.team(admin, 'Hotline', nadia, timur);
    shelterTeam = await corridor.team(admin, 'Shelters', alina, boris);
    await corridor.team(admin, 'Elsewhere', outsider);
    directory = (await nadia.api.call(teamDirectoryRoute)).teams;
  });
  afterAll(() => corridor?.stop());

  it('shows the address to the shelter team only; everyone else sees code and occupancy', async () => {
    const created = await newShelter('North House', ['1A', '1B', '2A']);
    expect(created).toMatchObject({
      code: 'North House',
      capacity: 3,
      occupied: 0,
      free: 3,
      problem: null,
      content: content(' (North House)'),
    });
    expect(created.beds.map((b) => b.label)).toEqual(['1A', '1B', '2A']);
    expect((await shelterOf(boris, created.id)).content?.address).toContain(address);

    for (const member of [nadia, outsider, admin]) {
      const seen = await shelterOf(member, created.id);
      expect(seen).toMatchObject({ code: 'North House', capacity: 3, free: 3, content: null });
      // Not even the sealed record reaches them.
      const raw = await member.api.call(listSheltersRoute);
      expect(raw.shelters.every((s) => s.record === null)).toBe(true);
      expect(JSON.stringify(raw)).not.toContain('sealedKey');
      expect(await refusal(listShelterPlacements(member, created.id))).toBe('not_found');
    }
    // A code that looks like an address line is refused (the server sees codes).
    expect(
      await refusal(
        saveShelter(alina, team(shelterTeam), {
          code: 'ul. Lesnaya 5, kv. 12',
          beds: [{ label: '1' }],
          content: content(),
        }),
      ),
    ).toBe('invalid_request');
    // Only a member of the team writes its shelters.
    expect(
      await refusal(
        saveShelter(nadia, team(shelterTeam), {
          code: 'Fake',
          beds: [{ label: '1' }],
          content: content(),
        }),
      ),
    ).toBe('not_found');

    // Editing: a stale version gets `conflict`, nothing changes.
    const next = await saveShelter(
      alina,
      team(shelterTeam),
      { code: 'North House', beds: [...created.beds, { label: '2B' }], content: content(' v2') },
      created,
    );
    expect(next.version).toBe(2);
    expect(
      await refusal(
        saveShelter(
          boris,
          team(shelterTeam),
          { code: 'X', beds: created.beds, content: content() },
          created,
        ),
      ),
    ).toBe('conflict');
    const edited = await shelterOf(alina, created.id);
    expect(edited).toMatchObject({ code: 'North House', capacity: 4, version: 2 });
    expect(edited.content?.address).toBe(`${address} v2`);
  });

  it('refuses a placement for a case that is not verified, even with an override', async () => {
    const shelter = await newShelter('Unverified Test', ['1']);
    const caseId = await newCase('Not verified');
    const today = new Date().toISOString().slice(0, 10);
    expect(await refusal(request(caseId, shelter.id, today))).toBe('not_verified');
    await overrideVerification(nadia, await open(nadia, caseId), 'Life in danger tonight');
    expect((await open(nadia, caseId)).summary.verification.overrideSeq).not.toBeNull();
    expect(await refusal(request(caseId, shelter.id, today))).toBe('not_verified');
    await recordVerification(nadia, await open(nadia, caseId), 'partially_verified', {
      methods: ['interview'],
      reason: 'Half a story',
    });
    expect(await refusal(request(caseId, shelter.id, today))).toBe('not_verified');
    expect(await listCasePlacements(nadia, await ring(nadia), caseId)).toEqual([]);
    expect(await listShelterPlacements(alina, shelter.id)).toEqual([]);
    // Each refusal is on record: who asked, for which case, when — no content.
    const refusals = await corridor.server.storage.db
      .selectFrom('audit_entry')
      .select(['account_id', 'detail'])
      .where('action', '=', 'shelter.placement')
      .where('case_id', '=', caseId)
      .execute();
    expect(refusals).toEqual(
      Array.from({ length: 3 }, () => ({
        account_id: nadia.account.id,
        detail: `refused ${shelter.id}`,
      })),
    );
  });

  it('places a verified case: the shelter team accepts into a bed, the coordinator reads the address', async () => {
    const shelter = await newShelter('Safe Flat', ['A', 'B']);
    const caseId = await verifiedCase('Placed');
    // Dates out of order, a bed of another shelter: refused, nothing written.
    expect(await refusal(request(caseId, shelter.id, '2026-12-10', '2026-12-01'))).toBe(
      'invalid_request',
    );
    expect(await refusal(request(caseId, shelter.id, '2026-12-10', '2026-12-10'))).toBe(
      'invalid_request',
    );
    // A member outside the case, and the shelter team (which does not hold it), cannot ask.
    const view = await open(nadia, caseId);
    expect(
      await refusal(
        requestPlacement(outsider, await ring(outsider), view, {
          shelterId: shelter.id,
          from: '2026-11-01',
          teamId: hotline,
        }),
      ),
    ).toBe('not_found');
    // Naming a team that is not the member's, or does not hold the case: `forbidden`.
    expect(
      await refusal(
        requestPlacement(nadia, await ring(nadia), view, {
          shelterId: shelter.id,
          from: '2026-11-01',
          teamId: shelterTeam,
        }),
      ),
    ).toBe('forbidden');
    expect(await listCasePlacements(nadia, await ring(nadia), caseId)).toEqual([]);

    const placementId = await request(caseId, shelter.id, '2026-11-01');
    const asked = await pendingOf(shelter.id, placementId);
    expect(asked).toMatchObject({ status: 'requested', caseId, bedId: null, address: null });
    expect((await shelterOf(nadia, shelter.id)).pending).toBe(1);

    const bedB = need(shelter.beds[1]).id;
    await acceptPlacement(alina, await shelterOf(alina, shelter.id), asked, bedB, directory);
    // Accepted once: a second decision is a conflict.
    expect(
      await refusal(
        acceptPlacement(boris, await shelterOf(boris, shelter.id), asked, bedB, directory),
      ),
    ).toBe('conflict');
    expect(await refusal(declinePlacement(boris, asked))).toBe('conflict');

    const [placed] = await listCasePlacements(nadia, await ring(nadia), caseId);
    expect(placed).toMatchObject({
      status: 'accepted',
      bedId: bedB,
      shelterCode: 'Safe Flat',
      addressProblem: null,
      openedAddress: { address: `${address} (Safe Flat)`, rules, keeper },
    });
    // The shelter team holds no key to the case: the case's placements are not theirs.
    expect(await refusal(listCasePlacements(alina, await ring(alina), caseId))).toBe('not_found');
    expect(await refusal(listCasePlacements(outsider, await ring(outsider), caseId))).toBe(
      'not_found',
    );
    expect(await refusal(admin.api.call(listCasePlacementsRoute, { params: { caseId } }))).toBe(
      'not_found',
    );
    const seen = await shelterOf(outsider, shelter.id);
    expect(seen).toMatchObject({ capacity: 2, occupied: 1, free: 1, content: null });
    expect(seen.beds.find((b) => b.id === bedB)?.occupied).toBe(true);
    expect(occupancySummary([seen])).toMatchObject({ capacity: 2, occupied: 1, free: 1 });

    // A bed someone stays in cannot be removed from the shelter.
    const current = await shelterOf(alina, shelter.id);
    expect(
      await refusal(
        saveShelter(
          alina,
          team(shelterTeam),
          { code: current.code, beds: [need(current.beds[0])], content: need(current.content) },
          current,
        ),
      ),
    ).toBe('conflict');

    // End: the person moved out; the bed is free again.
    expect(await refusal(endPlacement(nadia, need(placed), '2026-10-01'))).toBe('invalid_request');
    // Only the shelter team or the requesting team may end it.
    expect(await refusal(endPlacement(outsider, need(placed), '2026-11-20'))).toBe('not_found');
    expect(await refusal(endPlacement(admin, need(placed), '2026-11-20'))).toBe('not_found');
    await endPlacement(nadia, need(placed), '2026-11-20');
    const [ended] = await listCasePlacements(nadia, await ring(nadia), caseId);
    expect(ended).toMatchObject({ status: 'ended', to: '2026-11-20' });
    expect((await shelterOf(nadia, shelter.id)).occupied).toBe(0);
  });

  it('refuses a bed taken for overlapping dates and a full shelter; declines', async () => {
    const shelter = await newShelter('Small House', ['Only', 'Other']);
    const [only, other] = shelter.beds.map((b) => b.id) as [string, string];
    const first = await verifiedCase('First');
    const second = await verifiedCase('Second');
    const p1 = await request(first, shelter.id, '2027-01-01', '2027-02-01', only);
    await acceptPlacement(alina, shelter, await pendingOf(shelter.id, p1), only, directory);
    // Overlapping dates in that bed: `conflict`; after it ends, fine.
    expect(await refusal(request(second, shelter.id, '2027-01-15', '2027-03-01', only))).toBe(
      'conflict',
    );
    const later = await request(second, shelter.id, '2027-02-01', null, only);
    // The other bed for January too: then January is full.
    const p2 = await request(second, shelter.id, '2027-01-10', '2027-01-20', other);
    await acceptPlacement(alina, shelter, await pendingOf(shelter.id, p2), other, directory);
    const third = await verifiedCase('Third');
    expect(await refusal(request(third, shelter.id, '2027-01-12', '2027-01-14'))).toBe(
      'shelter_full',
    );
    // Accepting into a bed taken for those dates: `conflict`, nothing changed.
    const p3 = await request(third, shelter.id, '2027-01-20', '2027-01-25');
    expect(
      await refusal(
        acceptPlacement(alina, shelter, await pendingOf(shelter.id, p3), only, directory),
      ),
    ).toBe('conflict');
    expect((await pendingOf(shelter.id, p3)).status).toBe('requested');
    await declinePlacement(boris, await pendingOf(shelter.id, p3));
    expect(await pendingOf(shelter.id, p3)).toMatchObject({
      status: 'declined',
      decidedBy: boris.account.id,
    });
    expect((await pendingOf(shelter.id, later)).status).toBe('requested');
  });

  it('gives the last bed once when members accept into it at the same moment', async () => {
    const shelter = await newShelter('Last Bed', ['L1']);
    const bed = need(shelter.beds[0]).id;
    // Every stay overlaps the others and each has an end date, so the service's check under
    // the shelter's lock decides, not the index of open-ended stays. Through the whole API
    // the requests rarely overlap in time; placement-race.test.ts (server) forces them to.
    const pending = [];
    for (const [i, from] of ['01', '02', '03', '04'].entries()) {
      const caseId = await verifiedCase(`Race ${i}`);
      const id = await request(caseId, shelter.id, `2027-05-${from}`, '2027-05-20');
      pending.push(await pendingOf(shelter.id, id));
    }
    const results = await Promise.allSettled(
      pending.map((p, i) => acceptPlacement(i % 2 ? boris : alina, shelter, p, bed, directory)),
    );
    const codes = results.map((r) =>
      r.status === 'fulfilled' ? 'no error' : ((r.reason as { code?: string }).code ?? 'error'),
    );
    expect(codes.filter((c) => c === 'no error')).toHaveLength(1);
    expect(codes.filter((c) => c === 'conflict')).toHaveLength(3);
    const placements = await listShelterPlacements(alina, shelter.id);
    expect(placements.filter((p) => p.status === 'accepted')).toHaveLength(1);
    expect(placements.filter((p) => p.status === 'requested')).toHaveLength(3);
  });

  it('withholds the address once a case is no longer verified, and refuses to accept it', async () => {
    const shelter = await newShelter('Withheld', ['W1', 'W2']);
    const caseId = await verifiedCase('Turned suspect');
    const placed = await request(caseId, shelter.id, '2027-06-01');
    const pending = await request(caseId, shelter.id, '2027-08-01');
    await acceptPlacement(
      alina,
      shelter,
      await pendingOf(shelter.id, placed),
      need(shelter.beds[0]).id,
      directory,
    );
    await recordVerification(nadia, await open(nadia, caseId), 'suspected_infiltrator', {
      methods: ['interview'],
      reason: 'Story fell apart',
    });
    const placements = await listCasePlacements(nadia, await ring(nadia), caseId);
    expect(placements.every((p) => p.address === null && p.openedAddress === null)).toBe(true);
    expect(
      await refusal(
        acceptPlacement(
          alina,
          shelter,
          await pendingOf(shelter.id, pending),
          need(shelter.beds[1]).id,
          directory,
        ),
      ),
    ).toBe('not_verified');
    expect((await pendingOf(shelter.id, pending)).status).toBe('requested');
  });

  it('seals the address only to a team holding the case’s location, and shows it only to its members', async () => {
    // Nadia is in the hotline and in a coordination team; the case's `general` is shared
    // with both, its `location` with the hotline alone.
    const vera = await corridor.member('vera', ['case_coordinator']);
    const coordination = await corridor.team(admin, 'Coordination', nadia, vera);
    directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    const shelter = await newShelter('Location Gate', ['G1', 'G2']);
    const caseId = await createCase(nadia, directory, {
      title: 'Location gate',
      riskLevel: 3,
      share: { general: [hotline, coordination], situation: [hotline], location: [hotline] },
    });
    await changeWorkflow(nadia, await open(nadia, caseId), { stage: 'triage' });
    await changeWorkflow(nadia, await open(nadia, caseId), { stage: 'verification' });
    await proposeVerified(nadia, await open(nadia, caseId), {
      methods: ['video_call'],
      reason: 'Known to the referrer',
    });
    await confirmVerified(timur, await open(timur, caseId), 'Agreed');

    // The vault offers the hotline only; the server refuses the coordination team.
    const view = await open(nadia, caseId);
    expect(requestingTeams(view, await ring(nadia))).toEqual([hotline]);
    expect(
      await refusal(
        requestPlacement(nadia, await ring(nadia), view, {
          shelterId: shelter.id,
          from: '2027-09-01',
          teamId: coordination,
        }),
      ),
    ).toBe('forbidden');
    expect(await listShelterPlacements(alina, shelter.id)).toEqual([]);

    const placed = await request(caseId, shelter.id, '2027-09-01');
    await acceptPlacement(
      alina,
      shelter,
      await pendingOf(shelter.id, placed),
      need(shelter.beds[0]).id,
      directory,
    );
    const [seen] = await listCasePlacements(nadia, await ring(nadia), caseId);
    expect(seen?.openedAddress?.address).toBe(`${address} (Location Gate)`);
    // Vera holds the case's `general` but not its `location`: no sealed address reaches her.
    const [hers] = await listCasePlacements(vera, await ring(vera), caseId);
    expect(hers).toMatchObject({ status: 'accepted', address: null, openedAddress: null });

    // The location moves from the hotline to the coordination team while a request of the
    // hotline waits: accepting it would seal the address to the hotline — `forbidden`.
    const pending = await request(caseId, shelter.id, '2027-10-01');
    await grantCaseAccess(nadia, await open(nadia, caseId), 'location', team(coordination));
    await revokeCaseAccess(nadia, await open(nadia, caseId), 'location', hotline, directory);
    expect(
      await refusal(
        acceptPlacement(
          alina,
          shelter,
          await pendingOf(shelter.id, pending),
          need(shelter.beds[1]).id,
          directory,
        ),
      ),
    ).toBe('forbidden');
    expect((await pendingOf(shelter.id, pending)).status).toBe('requested');
    // The address sealed to the hotline is no longer handed out, even to Nadia, who holds
    // `location` now through the coordination team only.
    const after = await listCasePlacements(nadia, await ring(nadia), caseId);
    expect(after.every((p) => p.address === null)).toBe(true);
    expect(requestingTeams(await open(nadia, caseId), await ring(nadia))).toEqual([coordination]);
  });

  it('re-seals shelters to the team’s new key after a member leaves', async () => {
    const shelter = await newShelter('Rekeyed', ['R1']);
    expect(shelter.teamKeyVersion).toBe(team(shelterTeam).keyVersion);
    const { teams } = await alina.api.call(listTeamsRoute);
    const view = need(teams.find((t) => t.id === shelterTeam));
    await removeTeamMember(alina, view, boris.account.id);
    directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    expect(await resealShelters(alina, await ring(alina), directory)).toBeGreaterThan(0);
    const after = await shelterOf(alina, shelter.id);
    expect(after.teamKeyVersion).toBe(team(shelterTeam).keyVersion);
    expect(after.content?.address).toContain(address);
    expect(await refusal(listShelterPlacements(boris, shelter.id))).toBe('not_found');
    expect((await shelterOf(boris, shelter.id)).content).toBeNull();
  });

  it('leaves no address, rules or contact of a shelter on a seized disk', async () => {
    const first = await searchSeizedData(corridor.database, [address, rules, keeper]);
    expect(first.found).toEqual([]);
    if (corridor.server.storage.kind === 'sqlite') {
      // The WAL was searched as it is; now the main file after a checkpoint too.
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(corridor.server.storage.db);
    }
    const { found, bytes } = await searchSeizedData(corridor.database, [
      address,
      'Tverskaya',
      rules,
      keeper,
      '+7 916 555 01 23',
      'Buzzer broken',
      ...corridor.secrets,
    ]);
    expect(bytes).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });
});

// A member's caseload kept unlocked for the session against a real server, on SQLite and
// PostgreSQL: the first sync reads everything, later ones only what moved, a case whose
// part is taken away leaves the search, and signatures are verified in the background.
import { generateSignKeyPair, sign, toBase64, utf8 } from '@corridor/crypto';
import {
  getVerifiedHeadsRoute,
  maxVerifiedHeadsBytes,
  putVerifiedHeadsRoute,
  teamDirectoryRoute,
} from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import {
  addNote,
  createCase,
  type DirectoryTeam,
  openCase,
  revokeCaseAccess,
} from '../cases/cases.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { createCaseloadSync } from './caseload-sync.ts';
import { createNodeUnlockWorkers } from './node-workers.ts';
import { loadVerifiedHeads } from './verified-heads.ts';

describe.each(databaseKinds)('caseload sync on %s', (kind) => {
  let corridor: TestCorridor;
  let nadia: MemberSession; // hotline
  let alina: MemberSession; // shelters
  let directory: DirectoryTeam[];
  let teams: Record<'hotline' | 'shelter', string>;

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
    const admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['hotline_operator']);
    alina = await corridor.member('alina', ['shelter_coordinator']);
    teams = {
      hotline: await corridor.team(admin, 'Hotline', nadia),
      shelter: await corridor.team(admin, 'Shelters', alina),
    };
    directory = (await nadia.api.call(teamDirectoryRoute)).teams;
  });
  afterAll(() => corridor?.stop());

  it('reads every case once, then only what changed, and drops what is taken away', async () => {
    const both = { general: [teams.hotline, teams.shelter] };
    const zarema = await createCase(nadia, directory, {
      title: 'Zarema',
      riskLevel: 3,
      share: { ...both, location: [teams.hotline, teams.shelter] },
      details: { location: { town: 'Казань' } },
    });
    const ibra = await createCase(nadia, directory, {
      title: 'Ibra',
      riskLevel: 4,
      share: both,
    });
    const ring = await loadTeamKeyring(alina);
    const caseload = createCaseloadSync(alina, ring, () => createNodeUnlockWorkers(2));
    try {
      expect(await caseload.sync()).toEqual({ fetched: 2, unopened: [] });
      expect([...caseload.cases.values()].map((c) => c.title).sort()).toEqual(['Ibra', 'Zarema']);
      const found = async (query: string) =>
        (await caseload.search(query)).map((hit) => caseload.cases.get(hit.caseId)?.title);
      expect(await found('Казани')).toEqual(['Zarema']);
      expect(await caseload.sync()).toEqual({ fetched: 0, unopened: [] });

      await addNote(
        nadia,
        await openCase(nadia, await loadTeamKeyring(nadia), ibra),
        'Встреча у вокзала в Самаре.',
      );
      expect(await caseload.sync()).toEqual({ fetched: 1, unopened: [] });
      expect(await found('Самара')).toEqual(['Ibra']);
      expect(caseload.cases.get(ibra)?.version).toBe(2);
      expect(await caseload.verify()).toEqual(new Map());

      // The shelters lose every part of Zarema's case: it leaves their list and search.
      const view = await openCase(nadia, await loadTeamKeyring(nadia), zarema);
      await revokeCaseAccess(nadia, view, 'location', teams.shelter, directory);
      await revokeCaseAccess(
        nadia,
        await openCase(nadia, await loadTeamKeyring(nadia), zarema),
        'general',
        teams.shelter,
        directory,
      );
      await caseload.sync();
      expect([...caseload.cases.keys()]).toEqual([ibra]);
      expect(await found('Казани')).toEqual([]);
    } finally {
      await caseload.close();
    }
    expect(caseload.cases.size).toBe(0);
    expect(await caseload.search('Самара')).toEqual([]);
  });

  it('saves the heads it verified, signed, and trusts only its own signature on them', async () => {
    const ibra = await createCase(nadia, directory, {
      title: 'Ibra',
      riskLevel: 2,
      share: { general: [teams.hotline] },
    });
    const ring = await loadTeamKeyring(nadia);
    const first = createCaseloadSync(nadia, ring, () => createNodeUnlockWorkers(1));
    await first.sync();
    expect(first.headsState).toBe('none');
    await first.verify();
    await first.close();
    const saved = await loadVerifiedHeads(nadia);
    expect(saved.state).toBe('loaded');
    expect(saved.heads.get(ibra)).toMatchObject({ version: 1 });
    // Each member has only their own heads: Alina's (saved earlier) never held this case.
    expect((await loadVerifiedHeads(alina)).heads.has(ibra)).toBe(false);

    const next = createCaseloadSync(nadia, ring, () => createNodeUnlockWorkers(1));
    await next.sync();
    expect(next.headsState).toBe('loaded');
    expect(next.cases.get(ibra)?.problems).toEqual([]);
    await next.close();

    // Heads the member did not sign (the server's, say) are not used at all.
    const statement = JSON.stringify(['verified-heads', nadia.account.id, 'x', [[ibra, 9, 'x']]]);
    const forger = generateSignKeyPair();
    await nadia.api.call(putVerifiedHeadsRoute, {
      body: {
        statement,
        signature: toBase64(sign(forger.secretKey, 'verified-heads', utf8(statement))),
      },
    });
    expect(await loadVerifiedHeads(nadia)).toEqual({ heads: new Map(), state: 'forged' });
    const wary = createCaseloadSync(nadia, ring, () => createNodeUnlockWorkers(1));
    await wary.sync();
    expect(wary.headsState).toBe('forged');
    expect(wary.cases.get(ibra)?.problems).toEqual([]);
    await wary.verify();
    await wary.close();
    expect((await loadVerifiedHeads(nadia)).state).toBe('loaded');
  });

  it('refuses heads that are not a statement and signature, and changes nothing', async () => {
    const before = await nadia.api.call(getVerifiedHeadsRoute).catch(() => null);
    for (const body of [
      { statement: '', signature: 'A'.repeat(86) },
      { statement: 'x', signature: 'short' },
      { statement: 'x'.repeat(maxVerifiedHeadsBytes + 1), signature: 'A'.repeat(86) },
    ]) {
      await expect(nadia.api.call(putVerifiedHeadsRoute, { body })).rejects.toMatchObject({
        status: expect.any(Number),
      });
    }
    expect(await nadia.api.call(getVerifiedHeadsRoute).catch(() => null)).toEqual(before);
    // Without a session there are no heads to read or write.
    const body = { statement: '[]', signature: 'A'.repeat(86) };
    expect(await refusal(corridor.api.call(getVerifiedHeadsRoute))).toBe('unauthenticated');
    expect(await refusal(corridor.api.call(putVerifiedHeadsRoute, { body }))).toBe(
      'unauthenticated',
    );
  });
});

// The demo organisation's rescue operations and documentation, seeded in-process on SQLite
// and PostgreSQL and read back as its members would: what a new user of `npm start` finds
// on the shelters page, the dashboard, the alarms page and the case pages of issue 7, and
// the seeds-shaped report of issue 8.

import { join } from 'node:path';
import { listCasesRoute, listSheltersRoute, type Stage } from '@corridor/protocol';
import { createFileLogger, loadConfig, type RunningServer, startServer } from '@corridor/server';
import {
  buildReport,
  caseCheckins,
  caseExpenses,
  createApiClient,
  documentationDigest,
  evacuationPlan,
  followUps,
  fundsThreshold,
  listAlarms,
  listCasePlacements,
  listPartners,
  listReferrals,
  loadTeamKeyring,
  loadVocabularies,
  logIn,
  type MemberSession,
  openCase,
  relocation,
  seedsReportDefinition,
} from '@corridor/vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from '../../../../test-support/test-database.ts';
import { type DemoMember, seedDemo } from './seed-demo.ts';

/** Polls `read` until `check` passes (the alarm sweep runs every 100 ms here). */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > until) throw new Error(`never happened: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(databaseKinds)('the demo rescue operations on %s', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let members: DemoMember[];
  const sessions = new Map<string, MemberSession>();

  /** Logs a demo member in with one of their backup codes, once. */
  async function as(handle: string): Promise<MemberSession> {
    const known = sessions.get(handle);
    if (known) return known;
    const member = members.find((m) => m.handle === handle);
    if (!member) throw new Error(`no demo member ${handle}`);
    const session = await logIn(createApiClient({ baseUrl: server.staffUrl }), {
      handle,
      password: member.password,
      secondFactor: { backupCode: member.backupCodes[0] ?? '' },
      deviceLabel: 'demo test',
    });
    sessions.set(handle, session);
    return session;
  }
  async function caseIn(stage: Stage): Promise<string> {
    const coordinator = await as('coordinator');
    const { cases } = await coordinator.api.call(listCasesRoute, { query: {} });
    const found = cases.filter((c) => c.stage === stage);
    expect(found).toHaveLength(1);
    return found[0]?.id ?? '';
  }
  const open = async (member: MemberSession, caseId: string) =>
    openCase(member, await loadTeamKeyring(member), caseId);

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(
      loadConfig({
        CORRIDOR_DATA_DIR: database.dataDir,
        CORRIDOR_PUBLIC_PORT: '0',
        CORRIDOR_STAFF_PORT: '0',
        ...(database.config.kind === 'postgres' ? { DATABASE_URL: database.config.url } : {}),
      }),
      {
        mode: 'demo',
        logger: createFileLogger('info', join(database.dataDir, 'server.log')),
        webDistDir: database.dataDir,
        perAddressPerMinute: 10_000,
        alarmSweepIntervalMs: 100,
      },
    );
    members = await seedDemo(server);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await database?.dispose();
  });

  it('has two shelters sealed to the shelter team, and a verified case placed in a bed', async () => {
    const shelter = await as('shelter');
    const hotline = await as('hotline');
    const { shelters } = await shelter.api.call(listSheltersRoute);
    expect(shelters.map((s) => s.code).sort()).toEqual(['Reka', 'Sever']);
    expect(shelters.every((s) => s.record !== null)).toBe(true);
    expect(shelters.find((s) => s.code === 'Sever')?.occupied).toBe(1);
    // The hotline alone (no shelter team) sees codes and beds, never an address.
    const seen = (await hotline.api.call(listSheltersRoute)).shelters;
    expect(seen.every((s) => s.record === null)).toBe(true);

    const coordinator = await as('coordinator');
    const placed = await listCasePlacements(
      coordinator,
      await loadTeamKeyring(coordinator),
      await caseIn('shelter'),
    );
    expect(placed).toHaveLength(1);
    expect(placed[0]?.status).toBe('accepted');
    expect(placed[0]?.openedAddress?.address).toContain('fictional address');
  });

  it('has an evacuation with two legs, a checklist, expenses and check-ins, one overdue', async () => {
    const coordinator = await as('coordinator');
    const caseId = await caseIn('evacuation');
    const view = await open(coordinator, caseId);
    const plan = evacuationPlan(view);
    expect(plan.legs).toHaveLength(2);
    expect(plan.legs[1]?.leavesCountry).toBe(true);
    expect(plan.checklist.filter((i) => i.required).length).toBeGreaterThanOrEqual(2);

    const expenses = caseExpenses(view, await fundsThreshold(coordinator.api));
    expect(expenses.map((e) => e.state).sort()).toEqual(['approved', 'not_needed']);
    const approved = expenses.find((e) => e.state === 'approved');
    expect(approved?.decidedBy).not.toBe(approved?.authorId);

    const checkins = caseCheckins(view);
    expect(checkins).toHaveLength(2);
    const now = Date.now();
    expect(checkins.filter((c) => Date.parse(c.dueAt) < now)).toHaveLength(1);
    expect(checkins.filter((c) => Date.parse(c.dueAt) > now)).toHaveLength(1);
    // The overdue one raised an alarm for the coordinator at its deadline, and as that was
    // over half an hour ago, the next rung (the Hotline team) has fired as well.
    const raised = (member: MemberSession) =>
      eventually(
        async () => (await listAlarms(member)).alarms.filter((a) => a.caseId === caseId),
        (a) => a[0]?.rung === 1,
      );
    expect(await raised(coordinator)).toMatchObject([{ rung: 1, silent: false }]);
    expect(await raised(await as('hotline'))).toHaveLength(1);
  });

  it('has a relocation with a destination and follow-ups, and a referral to a partner', async () => {
    const coordinator = await as('coordinator');
    const caseId = await caseIn('relocation');
    const view = await open(coordinator, caseId);
    expect(relocation(view)?.destination.city).toContain('fictional');
    const ups = followUps(view);
    expect(ups.map((u) => u.days)).toEqual([30, 90, 180]);
    expect(ups.every((u) => u.checkin?.status === 'scheduled')).toBe(true);

    const partners = await listPartners(coordinator);
    expect(partners).toHaveLength(1);
    expect(partners[0]?.publicKey).not.toBeNull();
    const referrals = await listReferrals(coordinator, caseId);
    expect(referrals).toHaveLength(1);
    expect(referrals[0]).toMatchObject({ state: 'sent', mode: 'sealed' });
  });

  it('has documented cases whose report reproduces the seeds’ table, small counts hidden', async () => {
    const analyst = await as('analyst');
    const ring = await loadTeamKeyring(analyst);
    const { cases } = await analyst.api.call(listCasesRoute, { query: {} });
    const digests = [];
    for (const summary of cases) {
      const view = await open(analyst, summary.id);
      digests.push(documentationDigest(view.summary, view.timeline.entries));
    }
    expect(ring).toBeDefined();
    const today = new Date().toISOString().slice(0, 10);
    const report = buildReport(
      { ...seedsReportDefinition, to: today },
      digests,
      await loadVocabularies(analyst),
      { today, locale: 'en' },
    );
    const { rowKeys, columnKeys, protectedTable } = report.table;
    const cell = (row: string, column: string) =>
      protectedTable.cells[rowKeys.indexOf(row)]?.[columnKeys.indexOf(column)]?.value;
    const thisYear = today.slice(0, 4);
    expect(rowKeys).toEqual([
      'persons_evacuated',
      'persons_fled',
      'persons_detained',
      'persons_tortured',
      'persons_killed',
    ]);
    // 17 documented people and 3 of the older demo cases went on from evacuation; 6 and 1
    // were closed as relocated abroad — all today, by the signed workflow.
    expect(cell('persons_evacuated', thisYear)).toBe(20);
    expect(cell('persons_fled', thisYear)).toBe(7);
    // Held in 2017 and 2018; the twentieth person consented to internal use only.
    expect(cell('persons_detained', '2017')).toBe(14);
    expect(cell('persons_detained', '2018')).toBe(5);
    // Two relatives killed in 2018 are too few to print; hiding them alone would let them
    // be worked out from the totals, so the tortured and killed cells of both years go too,
    // while the rows' totals (13 tortured, 8 killed) are printed.
    for (const row of ['persons_tortured', 'persons_killed']) {
      expect([cell(row, '2017'), cell(row, '2018')]).toEqual([null, null]);
    }
    expect(protectedTable.rowTotals.map((c) => c.value)).toEqual([20, 7, 19, 13, 8]);
    expect(report.leftOut.consent.events).toBe(1);
    expect(report.warnings).toEqual([]);
  });
});

// The reports page in real Chromium, in English and Russian. A coordinator opens two
// cases for a team with a documentation member, who codes them: one with a testimony consenting to anonymised statistics and an event coded
// with a detention of six people at the Argun site, the torture of two of them and the
// killing of one (two small figures in one column, so the six can be published); one
// whose testimony consents to internal use only. She builds the seeds' table: the
// detained are counted, the two tortured and the one killed are hidden (a word and a reason, not a colour),
// the rule is stated and the event without consent is counted as left out. The CSV and
// PDF downloads carry the same table and rule (the PDF read back with pdf.js, Cyrillic
// included) and the HURIDOCS JSON only the consented event. axe finds nothing.
import { initCrypto } from '@corridor/crypto';
import { teamDirectoryRoute } from '@corridor/protocol';
import {
  buildReport,
  createCase,
  csvLine,
  defaultVocabularies,
  documentationDigest,
  loadTeamKeyring,
  type MemberSession,
  newRecordId,
  openCase,
  type ProtectedCell,
  type Report,
  saveTestimony,
  saveViolationEvent,
  seedsReportDefinition,
  setUpTeam,
  todayUtc,
} from '@corridor/vault';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { english, russian } from './pages/account-pages.ts';
import { reportWordsEnglish, reportWordsRussian } from './pages/report-pages.ts';
import { goTo, nodeSession as sessionOf, signedInPage } from './pages/staff-session.ts';
import { accessibilityViolations } from './support/axe.ts';
import { downloadedBytes } from './support/download.ts';
import { type RegisteredMember, registerMember } from './support/members.ts';
import { pdfText } from './support/pdf-text.ts';
import { useStage } from './support/stage.ts';

const stories = [
  { words: english, report: reportWordsEnglish },
  { words: russian, report: reportWordsRussian },
];

/** A testimony given on 2017-06-01 for `uses`, and an event coded on it. */
async function documentCase(
  session: MemberSession,
  caseId: string,
  uses: string[],
  detained: number,
  tortured: number,
): Promise<void> {
  const ring = await loadTeamKeyring(session);
  const today = todayUtc();
  const testimonyId = newRecordId();
  await saveTestimony(
    session,
    await openCase(session, ring, caseId),
    {
      id: testimonyId,
      text: 'Taken from home at night, held three days at the Argun site with five others.',
      language: 'ru',
      interviewDate: '2017-06-01',
      interviewer: 'Lena',
      consent: { uses, givenOn: '2017-06-01', expiresOn: null, method: 'written', note: '' },
    },
    defaultVocabularies,
    today,
  );
  const detention = newRecordId();
  const torture = newRecordId();
  const killing = newRecordId();
  const officer = newRecordId();
  const persons = Array.from({ length: detained }, (_, i) => ({
    id: newRecordId(),
    label: i === 0 ? 'The person' : `Detainee ${i}`,
    caseSubject: i === 0,
  }));
  const verification = { status: 'verified', date: '2017-06-10' };
  await saveViolationEvent(
    session,
    await openCase(session, ring, caseId),
    {
      id: newRecordId(),
      title: 'Held at the Argun site',
      startDate: '2017-04-01',
      endDate: '2017-04-03',
      place: 'argun_detention_site',
      sources: [testimonyId],
      acts: [
        {
          id: detention,
          type: 'secret_detention',
          startDate: '2017-04-01',
          endDate: '2017-04-03',
          methods: [],
          detentionPlace: 'argun_detention_site',
          verification,
          note: '',
        },
        {
          id: torture,
          type: 'torture',
          startDate: '2017-04-02',
          endDate: '2017-04-02',
          methods: ['beating'],
          detentionPlace: 'argun_detention_site',
          verification,
          note: '',
        },
        {
          id: killing,
          type: 'killing',
          startDate: '2017-04-03',
          endDate: '2017-04-03',
          methods: [],
          detentionPlace: 'argun_detention_site',
          verification,
          note: '',
        },
      ],
      persons: [...persons, { id: officer, label: 'Officer', caseSubject: false }],
      involvements: [
        ...persons.map((p) => ({
          personId: p.id,
          actId: detention,
          role: 'victim',
          perpetratorType: null,
        })),
        ...persons.slice(0, tortured).map((p) => ({
          personId: p.id,
          actId: torture,
          role: 'victim',
          perpetratorType: null,
        })),
        ...persons.slice(-1).map((p) => ({
          personId: p.id,
          actId: killing,
          role: 'victim',
          perpetratorType: null,
        })),
        { personId: officer, actId: detention, role: 'perpetrator', perpetratorType: 'police' },
        { personId: officer, actId: torture, role: 'perpetrator', perpetratorType: 'police' },
        { personId: officer, actId: killing, role: 'perpetrator', perpetratorType: 'police' },
      ],
      vocabularyVersions: Object.fromEntries(
        Object.values(defaultVocabularies).map((v) => [v.id, v.version]),
      ),
    },
    defaultVocabularies,
    today,
  );
}

describe.each(stories)('the reports page, in $words.locale', ({ words, report: w }) => {
  const stage = useStage();
  let lena: RegisteredMember;
  let nadiaMember: RegisteredMember;
  let expected: Report;

  const nodeSession = (member: RegisteredMember) => sessionOf(stage.corridor, member);

  beforeAll(async () => {
    await initCrypto();
    const adminMember = await registerMember(stage.corridor, 'admin', ['administrator']);
    nadiaMember = await registerMember(stage.corridor, 'nadia', ['case_coordinator']);
    lena = await registerMember(stage.corridor, 'lena', ['documentation', 'analyst']);
    const admin = await nodeSession(adminMember);
    const nadia = await nodeSession(nadiaMember);
    const session = await nodeSession(lena);
    // The coordinator opens the cases; the documentation member, in her team, codes them.
    const teamId = await setUpTeam(admin, 'Documentation', nadia, session);
    const directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    const share = { general: [teamId], testimony: [teamId] };
    const consented = await createCase(nadia, directory, {
      title: 'Argun, April 2017',
      riskLevel: 4,
      share,
    });
    const internal = await createCase(nadia, directory, {
      title: 'Internal only',
      riskLevel: 3,
      share,
    });
    await documentCase(
      session,
      consented,
      ['anonymised_statistics', 'united_nations', 'internal_only'],
      6,
      2,
    );
    await documentCase(session, internal, ['internal_only'], 1, 1);

    // What the page must show: the same report built here from the same digests.
    const ring = await loadTeamKeyring(session);
    const digests = await Promise.all(
      [consented, internal].map(async (caseId) => {
        const view = await openCase(session, ring, caseId);
        return documentationDigest(view.summary, view.timeline.entries);
      }),
    );
    expected = buildReport(
      { ...seedsReportDefinition, title: w.seedsTitle },
      digests,
      defaultVocabularies,
      { today: todayUtc(), locale: w.locale },
    );
  });

  it('builds the seeds table with hidden figures and the rule, and exports CSV, PDF and JSON', {
    timeout: 180_000,
  }, async () => {
    const violations: string[] = [];
    const audit = async (page: Page) => violations.push(...(await accessibilityViolations(page)));
    const page = await signedInPage(stage.browser, stage.corridor, lena, words, {
      acceptDownloads: true,
    });
    await page.getByRole('link', { name: w.nav, exact: true }).click();
    const build = page.getByRole('button', { name: w.build });
    await expect.poll(() => build.count(), { timeout: 30_000 }).toBe(1);
    await audit(page);
    await build.click();

    const table = page.getByRole('table', { name: w.seedsTitle });
    await expect.poll(() => table.count(), { timeout: 20_000 }).toBe(1);
    const grid = expected.table.protectedTable;
    const explain = (cell: ProtectedCell) =>
      cell.suppressed === 'primary' ? w.hiddenPrimary : w.hiddenSecondary;
    // Each figure as the page shows it: its number, or "hidden" with the reason in words.
    for (const [i, label] of expected.table.rowLabels.entries()) {
      const row = table.getByRole('row').filter({
        has: page.getByRole('rowheader', { name: label, exact: true }),
      });
      const cells = row.getByRole('cell');
      for (const [j, cell] of (grid.cells[i] ?? []).entries()) {
        const text = (await cells.nth(j).textContent()) ?? '';
        if (cell.value === null) {
          expect(text).toContain(w.hidden);
          expect(text).toContain(explain(cell));
        } else {
          expect(text).toBe(String(cell.value));
        }
      }
    }
    const detainedRow = expected.table.rowLabels.indexOf(w.detained);
    const tortured = expected.table.rowLabels.indexOf(w.tortured);
    expect(grid.cells[detainedRow]?.[0]?.value).toBe(6);
    expect(grid.cells[tortured]?.[0]?.suppressed).toBe('primary');
    expect(await table.getByRole('cell', { name: w.hiddenPrimary }).count()).toBeGreaterThan(0);

    // The rule and what was left out.
    expect(await page.getByText(w.ruleFirst, { exact: true }).count()).toBe(1);
    expect(await page.getByText(w.zeros, { exact: true }).count()).toBe(1);
    const leftOut = page.getByRole('definition').filter({
      has: page.locator(`xpath=preceding-sibling::dt[. = "${w.leftOutEvents}"]`),
    });
    expect(expected.leftOut.consent.events).toBe(1);
    expect(await leftOut.textContent()).toBe('1');
    await audit(page);

    // CSV: the header is the title, the periods and "Sum of cells"; the detained count is
    // there, and no line of column sums (the rows are different figures).
    const csv = new TextDecoder().decode(
      await downloadedBytes(page, () => page.getByRole('button', { name: w.csv }).click()),
    );
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(csvLine([w.seedsTitle, ...expected.table.columnLabels, w.sum]));
    expect(lines.filter((line) => line.startsWith(`${w.sum},`))).toHaveLength(1); // detention
    expect(lines.find((line) => line.startsWith(`${w.detained},`))).toMatch(/^[^,]+,6,/);
    expect(csv).toContain(w.ruleFirst);
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: w.downloaded }).count())
      .toBe(1);

    // PDF: read back with pdf.js, it carries the title, the figures, the markers and the rule.
    const pdf = await pdfText(
      await downloadedBytes(page, () => page.getByRole('button', { name: w.pdf }).click()),
    );
    expect(pdf).toContain(w.seedsTitle);
    expect(pdf).toContain(w.detained);
    expect(pdf).toContain(`${w.hidden}*`);
    expect(pdf.replace(/\s/g, '')).toContain(w.ruleFirst.replace(/\s/g, ''));
    expect(pdf.replace(/\s/g, '')).toContain(w.leftOutEvents.replace(/\s/g, ''));

    // HURIDOCS JSON: for a named body chosen for it (not the report's anonymised use);
    // only the consented event, and the other counted as left out.
    await page.getByRole('button', { name: w.json }).click();
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: w.jsonUseRequired }).count())
      .toBe(1);
    await page.getByLabel(w.jsonUse).selectOption({ label: w.unitedNations });
    const json = JSON.parse(
      new TextDecoder().decode(
        await downloadedBytes(page, () => page.getByRole('button', { name: w.json }).click()),
      ),
    ) as { events: unknown[]; leftOutForConsent: number; use: string; unreadableCases: number };
    expect(json.use).toBe('united_nations');
    expect(json.events).toHaveLength(1);
    expect(json.leftOutForConsent).toBe(1);
    expect(json.unreadableCases).toBe(0);
    await audit(page);

    // Another page and back: the page opens again from the menu.
    await goTo(page, '#/reports');
    await expect.poll(() => build.count(), { timeout: 20_000 }).toBe(1);
    await page.context().close();
    expect(violations).toEqual([]);
  });

  it('offers reports only to the documentation and analyst roles', async () => {
    const page = await signedInPage(stage.browser, stage.corridor, nadiaMember, words);
    expect(await page.getByRole('link', { name: w.nav, exact: true }).count()).toBe(0);
    await goTo(page, '#/reports');
    expect(await page.getByRole('button', { name: w.build }).count()).toBe(0);
    expect(await page.getByText(words.welcome).count()).toBe(1);
    await page.context().close();
  });
});

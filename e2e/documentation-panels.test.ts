// Documentation on the case page in real Chromium, in English and Russian: a member of
// the documentation team records a testimony — refused first without consent, then
// recorded with two consented uses, then one use withdrawn as a second version — codes a violation event with two acts (refused
// first for an act with no victim, the field named and nothing typed lost), attaches a
// file as evidence for the second act, verifies it (intact), and downloads a copy that
// is logged in the custody trail and is the file's very bytes. Then, on the Reports page,
// she builds the seeds' table with a threshold of 1 (one case: nothing would show at 5):
// the person counts as detained and tortured in 2017, and the CSV and PDF downloads carry
// the same figures and the rule (the PDF read back with pdf.js). axe finds nothing.
import { initCrypto } from '@corridor/crypto';
import { teamDirectoryRoute } from '@corridor/protocol';
import { createCase, setUpTeam } from '@corridor/vault';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { english, russian } from './pages/account-pages.ts';
import {
  documentationWordsEnglish,
  documentationWordsRussian,
} from './pages/documentation-pages.ts';
import { reportWordsEnglish, reportWordsRussian } from './pages/report-pages.ts';
import { openCasePage, nodeSession as sessionOf, signedInPage } from './pages/staff-session.ts';
import { accessibilityViolations } from './support/axe.ts';
import { downloadedBytes } from './support/download.ts';
import { type RegisteredMember, registerMember } from './support/members.ts';
import { pdfText } from './support/pdf-text.ts';
import { useStage } from './support/stage.ts';

const stories = [
  { words: english, story: documentationWordsEnglish, report: reportWordsEnglish },
  { words: russian, story: documentationWordsRussian, report: reportWordsRussian },
];

describe.each(stories)('documentation panels, in $words.locale', ({ words, story, report }) => {
  const stage = useStage();
  const members: Record<string, RegisteredMember> = {};
  const title = 'Detained at a checkpoint';
  const eventTitle = 'Detention in Argun, spring 2017';
  const evidenceTitle = 'Photo of the injuries';
  const photo = Buffer.from('JPEG bytes of a photo, kept exactly as they came');
  let caseId = '';

  beforeAll(async () => {
    await initCrypto();
    members.admin = await registerMember(stage.corridor, 'admin', ['administrator']);
    members.dasha = await registerMember(stage.corridor, 'dasha', [
      'case_coordinator',
      'documentation',
    ]);
    const admin = await sessionOf(stage.corridor, members.admin);
    const dasha = await sessionOf(stage.corridor, members.dasha);
    const teamId = await setUpTeam(admin, 'Documentation', dasha);
    const directory = (await dasha.api.call(teamDirectoryRoute)).teams;
    caseId = await createCase(dasha, directory, {
      title,
      riskLevel: 3,
      share: { general: [teamId], testimony: [teamId] },
    });
  });

  it('records a testimony with consent, codes two acts, verifies evidence, reports it in CSV and PDF', {
    timeout: 240_000,
  }, async () => {
    const violations: string[] = [];
    const audit = async (page: Page) => violations.push(...(await accessibilityViolations(page)));
    const page = await signedInPage(
      stage.browser,
      stage.corridor,
      members.dasha as RegisteredMember,
      words,
      { acceptDownloads: true },
    );
    await openCasePage(page, caseId, title);

    // A testimony: refused without consent, the text kept; recorded once consent is ticked.
    const testimonies = page.getByRole('region', { name: story.testimonies, exact: true });
    await testimonies.getByRole('button', { name: story.record }).click();
    await testimonies
      .getByLabel(story.statement, { exact: true })
      .fill('They held me in a basement in Argun for eleven days.');
    await testimonies.getByLabel(story.interviewDate, { exact: true }).fill('2017-04-20');
    await testimonies.getByLabel(story.interviewer, { exact: true }).fill('D. Petrova');
    await testimonies.getByRole('button', { name: story.saveTestimony }).click();
    await expect
      .poll(() => testimonies.getByRole('alert').filter({ hasText: story.consentRequired }).count())
      .toBe(1);
    expect(await testimonies.getByLabel(story.statement, { exact: true }).inputValue()).toMatch(
      /eleven days/,
    );
    await audit(page);
    await testimonies.getByRole('checkbox', { name: story.statistics, exact: true }).check();
    await testimonies.getByRole('checkbox', { name: story.unitedNations, exact: true }).check();
    await testimonies.getByRole('button', { name: story.saveTestimony }).click();
    await expect
      .poll(
        () =>
          testimonies.getByRole('heading', { level: 3 }).filter({ hasText: 'D. Petrova' }).count(),
        {
          timeout: 20_000,
        },
      )
      .toBe(1);
    expect(await testimonies.getByText(story.statistics).count()).toBeGreaterThan(0);
    await testimonies.getByRole('button', { name: story.showStatement }).click();
    expect(await testimonies.getByText(/eleven days/).count()).toBe(1);
    await audit(page);
    // The person withdraws sharing with the UN: a new version of the same testimony.
    await testimonies.getByRole('button', { name: story.changeConsent }).click();
    await testimonies.getByRole('checkbox', { name: story.unitedNations, exact: true }).uncheck();
    await audit(page);
    await testimonies.getByRole('button', { name: story.saveConsent }).click();
    await expect
      .poll(() => testimonies.getByText(story.twoVersions, { exact: true }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    expect(await testimonies.getByText(story.unitedNations).count()).toBe(0);

    // A violation event with two acts; the second first lacks a victim.
    const coded = page.getByRole('region', { name: story.violations, exact: true });
    await coded.getByRole('button', { name: story.code }).click();
    await coded.getByLabel(story.title, { exact: true }).fill(eventTitle);
    await coded.getByLabel(story.startDate, { exact: true }).first().fill('2017-03-28');
    await coded.getByLabel(story.place, { exact: true }).selectOption('argun');
    await coded.getByRole('checkbox', { name: /D\. Petrova/ }).check();
    const act1 = coded.getByRole('group', { name: story.act(1), exact: true });
    await act1.getByLabel(story.typeOfAct, { exact: true }).selectOption('abduction');
    await act1.getByLabel(story.startDate, { exact: true }).fill('2017-03-28');
    await coded.getByRole('button', { name: story.addAct }).click();
    const act2 = coded.getByRole('group', { name: story.act(2), exact: true });
    await act2.getByLabel(story.typeOfAct, { exact: true }).selectOption('torture');
    await act2.getByLabel(story.startDate, { exact: true }).fill('2017-03-29');
    await act2.getByRole('checkbox', { name: story.beating, exact: true }).check();
    await act2
      .getByLabel(story.detentionPlace, { exact: true })
      .selectOption('argun_detention_site');
    await coded.getByRole('button', { name: story.saveEvent }).click();
    await expect
      .poll(() => coded.getByRole('alert').filter({ hasText: story.actWithoutVictim }).count())
      .toBe(1);
    expect(await coded.getByLabel(story.title, { exact: true }).inputValue()).toBe(eventTitle);
    await audit(page);
    // The new involvement names the first person and the last act, as a victim.
    await coded.getByRole('button', { name: story.addInvolvement }).click();
    await coded.getByRole('button', { name: story.saveEvent }).click();
    const acts = coded.getByRole('table', { name: story.actsOf(eventTitle) });
    await expect.poll(() => acts.getByRole('row').count(), { timeout: 20_000 }).toBe(3);
    expect(await acts.getByText(story.argunPrison).count()).toBe(1);
    await audit(page);

    // Evidence: a file for the second act, verified intact, a copy downloaded and logged.
    const evidence = page.getByRole('region', { name: story.evidence, exact: true });
    await evidence.getByLabel(story.file, { exact: true }).setInputFiles({
      name: 'injuries.jpg',
      mimeType: 'image/jpeg',
      buffer: photo,
    });
    await evidence.getByLabel(story.evidenceTitle, { exact: true }).fill(evidenceTitle);
    await evidence.getByLabel(story.source, { exact: true }).fill("The person's own phone");
    await evidence.getByLabel(story.method, { exact: true }).fill('Copied by the interviewer');
    await evidence.getByLabel(story.supportsEvent, { exact: true }).selectOption({
      label: eventTitle,
    });
    await evidence.getByRole('checkbox', { name: story.tortureAct, exact: true }).check();
    await evidence.getByRole('button', { name: story.capture, exact: true }).click();
    const verify = evidence.getByRole('button', { name: story.verify(evidenceTitle) });
    await expect.poll(() => verify.count(), { timeout: 30_000 }).toBe(1);
    await audit(page);
    await verify.click();
    const custody = evidence.getByRole('table', { name: story.custodyOf(evidenceTitle) });
    await expect
      .poll(() => custody.getByRole('cell', { name: story.verified }).count(), { timeout: 20_000 })
      .toBe(1);
    expect(await evidence.getByText(story.intact, { exact: true }).count()).toBe(1);

    await evidence.getByLabel(story.copyFor, { exact: true }).fill('UN OHCHR');
    const copy = await downloadedBytes(page, () =>
      evidence.getByRole('button', { name: story.downloadCopy(evidenceTitle) }).click(),
    );
    expect(Buffer.from(copy).equals(photo)).toBe(true);
    await expect
      .poll(() => custody.getByRole('cell', { name: 'UN OHCHR' }).count(), { timeout: 20_000 })
      .toBe(1);
    expect(await custody.getByRole('cell', { name: story.copied, exact: true }).count()).toBe(1);
    await audit(page);

    // The report: the coded acts counted under the testimony's consent to statistics.
    await page.getByRole('link', { name: report.nav, exact: true }).click();
    const build = page.getByRole('button', { name: report.build });
    await expect.poll(() => build.count(), { timeout: 30_000 }).toBe(1);
    await page.getByLabel(report.threshold, { exact: true }).fill('1');
    await build.click();
    const table = page.getByRole('table', { name: report.seedsTitle });
    await expect.poll(() => table.count(), { timeout: 20_000 }).toBe(1);
    const rowOf = (label: string) =>
      table.getByRole('row').filter({
        has: page.getByRole('rowheader', { name: label, exact: true }),
      });
    // Columns: 2017, 2018. Abduction is a deprivation of liberty; torture is torture.
    expect(await rowOf(report.detained).getByRole('cell').first().textContent()).toBe('1');
    expect(await rowOf(report.tortured).getByRole('cell').first().textContent()).toBe('1');
    await audit(page);
    const csv = new TextDecoder().decode(
      await downloadedBytes(page, () => page.getByRole('button', { name: report.csv }).click()),
    );
    expect(csv.split('\r\n').find((line) => line.startsWith(`${report.detained},`))).toMatch(
      /^[^,]+,1,0/,
    );
    const pdf = await pdfText(
      await downloadedBytes(page, () => page.getByRole('button', { name: report.pdf }).click()),
    );
    expect(pdf).toContain(report.seedsTitle);
    expect(pdf).toContain(report.detained);
    expect(pdf.replace(/\s/g, '')).toContain(report.ruleAtOne.replace(/\s/g, ''));
    await audit(page);
    await page.context().close();

    expect(violations).toEqual([]);
  });
});

// Issue 7's acceptance, one rescue operation end to end in real Chromium on one Corridor.
// Nadia, a coordinator, opens a case in her browser; it is verified by her and Timur. She
// plans two legs, sends the person off on the first and schedules its safe-arrival
// check-in, due now with no grace, with a ladder of two rungs: herself, then Timur five
// minutes later. Nobody checks in: the sweep raises the alarm to her (navigation, banner,
// Alarms page, rung 1); the server's clock is moved on and the alarm escalates to
// Timur, who works in the other language (navigation, Alarms page, dashboard). The dashboard lists the
// overdue check-in and the evacuation first while it is overdue. Nadia records the
// check-in; the alarm resolves for both. Alina, of the shelter team, accepts the
// placement into a bed and Nadia reads the address. Nadia starts the relocation and
// downloads a referral of two chosen fields, sealed to the key of the partner the
// administrator registered; it opens with the partner's secret key. axe finds nothing on
// any page the story visits. The story runs in English (Timur in Russian) and in Russian
// (Timur in English).
import { generateBoxKeyPair, initCrypto, toBase64 } from '@corridor/crypto';
import { teamDirectoryRoute } from '@corridor/protocol';
import {
  createCase,
  loadTeamKeyring,
  openCase,
  openReferralPackage,
  saveEvacuationPlan,
  scheduleCheckin,
  setUpTeam,
} from '@corridor/vault';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { english, russian } from './pages/account-pages.ts';
import { caseWordsEnglish, caseWordsRussian, heading } from './pages/case-pages.ts';
import {
  addLeg,
  alarmWordsEnglish,
  alarmWordsRussian,
  dashboardWordsEnglish,
  dashboardWordsRussian,
  localMinuteNow,
  planWordsEnglish,
  planWordsRussian,
  relocationWordsEnglish,
  relocationWordsRussian,
  shelterWordsEnglish,
  shelterWordsRussian,
  verificationWordsEnglish,
  verificationWordsRussian,
} from './pages/rescue-pages.ts';
import { goTo, nodeSession, openCasePage, signedInPage } from './pages/staff-session.ts';
import { accessibilityViolations } from './support/axe.ts';
import { downloadedBytes } from './support/download.ts';
import { type RegisteredMember, registerMember } from './support/members.ts';
import { useStage } from './support/stage.ts';

const title = 'Aslan, hiding in Argun';
const otherTitle = 'Family from Gudermes';
const address = 'ul. Lesnaya 5, kv. 12, Tver';
const legs = [
  {
    from: 'Argun',
    to: 'Nalchik',
    transport: 'Car',
    departure: '2026-12-01T05:00',
    arrival: '2026-12-01T10:00',
  },
  {
    from: 'Nalchik',
    to: 'Moscow',
    transport: 'Train',
    departure: '2026-12-02T08:00',
    arrival: '2026-12-03T09:00',
  },
];
/** Every word of the pages in one language. */
const inEnglish = {
  words: english,
  cases: caseWordsEnglish,
  verification: verificationWordsEnglish,
  plan: planWordsEnglish,
  alarm: alarmWordsEnglish,
  dashboard: dashboardWordsEnglish,
  shelter: shelterWordsEnglish,
  relocation: relocationWordsEnglish,
};
const inRussian: typeof inEnglish = {
  words: russian,
  cases: caseWordsRussian,
  verification: verificationWordsRussian,
  plan: planWordsRussian,
  alarm: alarmWordsRussian,
  dashboard: dashboardWordsRussian,
  shelter: shelterWordsRussian,
  relocation: relocationWordsRussian,
};

// The second member, on the ladder's second rung, works in the other language.
const stories = [
  { locale: english.locale, ui: inEnglish, other: inRussian },
  { locale: russian.locale, ui: inRussian, other: inEnglish },
];

describe.each(stories)('a rescue operation, end to end, in $locale', ({ ui, other }) => {
  const { plan, alarm, relocation, verification, shelter } = ui;
  // The server's clock runs ahead by `ahead` ms: the story moves it on to the second rung
  // instead of waiting for it, and until then the rung cannot fire early (the first rung
  // must be seen alone). The sweep runs every half second.
  const secondRungMinutes = 5;
  const clock = { ahead: 0 };
  const stage = useStage({
    alarmSweepIntervalMs: 500,
    clock: () => new Date(Date.now() + clock.ahead),
  });
  const members: Record<string, RegisteredMember> = {};
  const partner = { keys: undefined as unknown as ReturnType<typeof generateBoxKeyPair> };

  beforeAll(async () => {
    await initCrypto();
    partner.keys = generateBoxKeyPair();
    members.admin = await registerMember(stage.corridor, 'admin', ['administrator']);
    members.nadia = await registerMember(stage.corridor, 'nadia', ['case_coordinator']);
    members.timur = await registerMember(stage.corridor, 'timur', ['case_coordinator']);
    members.alina = await registerMember(stage.corridor, 'alina', ['shelter_coordinator']);
    const admin = await nodeSession(stage.corridor, members.admin);
    const nadia = await nodeSession(stage.corridor, members.nadia);
    const timur = await nodeSession(stage.corridor, members.timur);
    const alina = await nodeSession(stage.corridor, members.alina);
    // The teams are set up as e2e/teams.test.ts does in the browser.
    const coordination = await setUpTeam(admin, 'Coordination', nadia, timur);
    await setUpTeam(admin, 'Shelter team', alina);

    // Another evacuation under way, its check-in due earlier than the story's but with a
    // day's grace: not overdue, so the dashboard must still list the story's case first.
    const directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    const otherId = await createCase(nadia, directory, {
      title: otherTitle,
      riskLevel: 3,
      share: { general: [coordination], location: [coordination] },
    });
    const open = async () => openCase(nadia, await loadTeamKeyring(nadia), otherId);
    await saveEvacuationPlan(nadia, await open(), {
      legs: [
        {
          from: 'Gudermes',
          to: 'Makhachkala',
          transport: 'Bus',
          departureAt: '2026-12-05T06:00:00.000Z',
          arrivalAt: '2026-12-05T12:00:00.000Z',
          escortId: null,
          coverStory: '',
          documents: '',
          money: null,
          leavesCountry: false,
        },
      ],
      checklist: [],
    });
    await scheduleCheckin(nadia, await open(), {
      ref: null,
      note: '',
      purpose: 'arrival',
      dueAt: new Date(Date.now() - 30 * 60_000).toISOString(),
      graceMinutes: 24 * 60,
      ladder: [{ afterMinutes: 0, accountIds: [nadia.account.id], teamIds: [] }],
      conversationId: null,
      words: null,
    });
  });

  const shows = (page: Page, text: string) =>
    expect.poll(() => page.getByText(text, { exact: false }).count(), { timeout: 20_000 });

  it('plans two legs, escalates a missed check-in, shelters, relocates and refers', {
    timeout: 300_000,
  }, async () => {
    const violations: string[] = [];
    const audit = async (page: Page) => violations.push(...(await accessibilityViolations(page)));
    const signedIn = (handle: string, words = ui.words) =>
      signedInPage(stage.browser, stage.corridor, members[handle] as RegisteredMember, words, {
        acceptDownloads: true,
      });

    // Alina, of the shelter team, adds a shelter with its address and two beds.
    const alina = await signedIn('alina');
    await alina.getByRole('link', { name: shelter.nav, exact: true }).click();
    const addShelter = alina.getByRole('region', { name: shelter.add });
    await addShelter.getByLabel(shelter.code).fill('Birch House');
    await addShelter.getByLabel(shelter.address).fill(address);
    await addShelter.getByLabel(shelter.rules).fill('No visitors');
    await addShelter.getByLabel(shelter.keeper).fill('Olga, Signal');
    await addShelter.getByLabel(shelter.beds, { exact: true }).fill('1A\n1B');
    await addShelter.getByRole('button', { name: shelter.addButton }).click();
    await shows(alina, shelter.added).toBe(1);
    await audit(alina);

    // Nadia opens the case; Location and Identity go to her team with the notes.
    const cw = ui.cases;
    const nadia = await signedIn('nadia');
    await nadia.getByRole('link', { name: cw.cases, exact: true }).click();
    await nadia.getByRole('link', { name: cw.newCase }).click();
    await expect.poll(() => heading(nadia).textContent()).toBe(cw.newCaseHeading);
    await expect
      .poll(() => nadia.getByRole('checkbox').count(), { timeout: 20_000 })
      .toBeGreaterThan(5);
    await nadia.getByLabel(cw.title).fill(title);
    await nadia.getByLabel(cw.name, { exact: true }).fill('Aslan Dudayev');
    for (const part of verification.parts) {
      await nadia.getByLabel(verification.share('Coordination', part), { exact: true }).check();
    }
    await audit(nadia);
    await nadia.getByRole('button', { name: cw.open }).click();
    await expect.poll(() => heading(nadia).textContent(), { timeout: 20_000 }).toBe(title);
    const caseId = decodeURIComponent(new URL(nadia.url()).hash.replace(/^#\/cases\//, ''));
    expect(caseId).not.toBe('');
    await audit(nadia);

    // She moves it to verification and proposes `verified`…
    for (const next of [verification.triage, verification.verification]) {
      await nadia.getByLabel(verification.moveTo).selectOption({ label: next });
      await nadia.getByRole('button', { name: verification.apply }).click();
      await expect
        .poll(() => nadia.locator('.case-facts').textContent(), { timeout: 20_000 })
        .toContain(next);
    }
    await nadia.getByRole('checkbox', { name: verification.method }).check();
    await nadia.getByLabel(verification.reason).fill('Video call: face and story match');
    await nadia
      .getByLabel(verification.outcome)
      .selectOption({ label: verification.proposeVerified });
    await nadia.getByRole('button', { name: verification.record }).click();
    await shows(nadia, verification.cannotConfirmOwn).toBe(1);

    // …which Timur, a second member, confirms.
    const timur = await signedIn('timur', other.words);
    await openCasePage(timur, caseId, title);
    await timur.getByLabel(other.verification.confirmReason).fill('Watched the call recording');
    await timur.getByRole('button', { name: other.verification.confirm }).click();
    await expect
      .poll(() => timur.locator('.case-facts').textContent(), { timeout: 20_000 })
      .toContain(other.verification.verified);
    await audit(timur);

    // Nadia plans two legs and sends the person off on the first.
    await openCasePage(nadia, caseId, title);
    for (const leg of legs) await addLeg(nadia, plan, leg);
    expect(await nadia.getByTestId('evacuation-leg').count()).toBe(2);
    await nadia.getByRole('button', { name: plan.markDeparted(1), exact: true }).click();
    await expect
      .poll(() => nadia.getByTestId('leg-status').first().textContent(), { timeout: 20_000 })
      .toBe(plan.departed);
    await audit(nadia);

    // The safe arrival of leg 1 is due now, no grace; herself first, Timur five minutes on.
    const checkins = nadia.getByRole('region', { name: alarm.checkins });
    await checkins
      // The select's name holds its chosen option after the label's words.
      .getByLabel(alarm.belongsTo)
      .selectOption({ label: alarm.leg(1, 'Argun', 'Nalchik') });
    await checkins.getByLabel(alarm.due, { exact: true }).fill(await localMinuteNow(nadia));
    await checkins.getByLabel(alarm.grace, { exact: true }).fill('0');
    await checkins
      .getByTestId('rung-0')
      .getByRole('listbox', { name: alarm.members })
      .selectOption({ label: 'nadia' });
    const rung2 = checkins.getByTestId('rung-1');
    await rung2.getByLabel(alarm.afterMinutes, { exact: true }).fill(String(secondRungMinutes));
    await rung2.getByRole('listbox', { name: alarm.members }).selectOption({ label: 'timur' });
    await checkins.getByRole('button', { name: alarm.schedule, exact: true }).click();
    await expect
      .poll(() => checkins.getByTestId('checkin-row').count(), { timeout: 20_000 })
      .toBe(1);
    expect(await checkins.getByTestId('checkin-row').textContent()).toContain(
      alarm.leg(1, 'Argun', 'Nalchik'),
    );

    // Nobody checks in: the first rung, Nadia, is alarmed wherever she is.
    const nadiaNav = nadia.getByRole('navigation');
    await expect
      .poll(() => nadiaNav.getByRole('link', { name: alarm.navWith, exact: true }).count(), {
        timeout: 40_000,
      })
      .toBe(1);
    await expect
      .poll(() => nadia.getByRole('alert').filter({ hasText: alarm.banner }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await audit(nadia);
    await nadiaNav.getByRole('link', { name: alarm.navWith, exact: true }).click();
    await expect
      .poll(() => heading(nadia).textContent(), { timeout: 20_000 })
      .toBe(alarm.alarmsHeading);
    const nadiaAlarm = nadia.getByTestId('alarm');
    await expect.poll(() => nadiaAlarm.count(), { timeout: 20_000 }).toBe(1);
    expect(await nadiaAlarm.getAttribute('data-kind')).toBe('missed_arrival');
    expect(await nadiaAlarm.getByRole('heading').textContent()).toContain(alarm.missedArrival);
    expect(await nadiaAlarm.getByTestId('alarm-rung').textContent()).toBe('1');
    await audit(nadia);

    // Timur, who works in the other language, has not been reached by the second rung yet.
    const ta = other.alarm;
    const timurNav = timur.getByRole('navigation');
    await expect
      .poll(() => timurNav.getByRole('link', { name: ta.nav, exact: true }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await timurNav.getByRole('link', { name: ta.nav, exact: true }).click();
    await expect
      .poll(() => heading(timur).textContent(), { timeout: 20_000 })
      .toBe(ta.alarmsHeading);
    await shows(timur, ta.noAlarms).toBe(1);
    await audit(timur);

    // Five minutes on (the server's clock moves; the story does not wait), nobody has
    // acknowledged: the ladder's second rung alarms Timur.
    clock.ahead = secondRungMinutes * 60_000 + 1_000;
    await expect
      .poll(() => timurNav.getByRole('link', { name: ta.navWith, exact: true }).count(), {
        timeout: 40_000,
      })
      .toBe(1);
    // He is on the Alarms page already: it lists the alarm at the second rung.
    await goTo(timur, '#/alarms');
    const timurAlarm = timur.getByTestId('alarm');
    await expect.poll(() => timurAlarm.count(), { timeout: 20_000 }).toBe(1);
    expect(await timurAlarm.getByRole('heading').textContent()).toContain(ta.missedArrival);
    expect(await timurAlarm.getByTestId('alarm-rung').textContent()).toBe('2');
    await audit(timur);
    // Nadia's page shows the alarm moved on to rung 2 as well.
    await goTo(nadia, '#/alarms');
    await expect
      .poll(() => nadia.getByTestId('alarm').getByTestId('alarm-rung').textContent(), {
        timeout: 20_000,
      })
      .toBe('2');

    // Timur's dashboard, in Russian: the overdue check-in, and its evacuation listed first.
    const td = other.dashboard;
    await timurNav.getByRole('link', { name: td.nav, exact: true }).click();
    await expect.poll(() => heading(timur).textContent(), { timeout: 20_000 }).toBe(td.heading);
    const overdueTimur = timur.getByRole('table', { name: td.overdue });
    await expect
      .poll(() => overdueTimur.getByRole('link', { name: title }).count(), { timeout: 20_000 })
      .toBe(1);
    const evacuationsTimur = timur.getByRole('table', { name: td.evacuations }).locator('tbody tr');
    await expect.poll(() => evacuationsTimur.count(), { timeout: 20_000 }).toBe(2);
    expect(await evacuationsTimur.first().textContent()).toContain(title);
    expect(await evacuationsTimur.first().textContent()).toContain(td.overdueMark);
    expect(await evacuationsTimur.first().textContent()).toContain('Argun → Nalchik');
    expect(await evacuationsTimur.nth(1).textContent()).toContain(otherTitle);
    expect(await evacuationsTimur.nth(1).textContent()).not.toContain(td.overdueMark);
    await shows(timur, td.alarms).toBe(1);
    await audit(timur);

    // Nadia's, in English, says the same.
    const den = ui.dashboard;
    await nadiaNav.getByRole('link', { name: den.nav, exact: true }).click();
    await expect.poll(() => heading(nadia).textContent(), { timeout: 20_000 }).toBe(den.heading);
    const evacuationsNadia = nadia
      .getByRole('table', { name: den.evacuations })
      .locator('tbody tr');
    await expect.poll(() => evacuationsNadia.count(), { timeout: 20_000 }).toBe(2);
    expect(await evacuationsNadia.first().textContent()).toContain(title);
    expect(await evacuationsNadia.first().textContent()).toContain(`— ${den.overdueMark}`);
    await expect
      .poll(
        () =>
          nadia
            .getByRole('table', { name: den.overdue })
            .getByRole('link', { name: title })
            .count(),
        { timeout: 20_000 },
      )
      .toBe(1);
    await audit(nadia);

    // The person calls from Nalchik: Nadia records the check-in, late, and the alarm resolves.
    await openCasePage(nadia, caseId, title);
    await checkins.getByRole('button', { name: alarm.recordSafe }).click();
    await expect
      .poll(() => checkins.getByTestId('checkin-status').first().textContent(), {
        timeout: 20_000,
      })
      .toContain(alarm.late);
    await expect
      .poll(() => nadiaNav.getByRole('link', { name: alarm.nav, exact: true }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await audit(nadia);
    await goTo(timur, '#/alarms');
    await shows(timur, ta.noAlarms).toBe(1);
    await expect
      .poll(() => timurNav.getByRole('link', { name: ta.nav, exact: true }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    // Nothing is overdue any more on his dashboard.
    await timurNav.getByRole('link', { name: td.nav, exact: true }).click();
    await shows(timur, td.noneOverdue).toBe(1);
    await audit(timur);
    await timur.context().close();

    // Nadia asks the shelter team for a bed; Alina accepts into 1B.
    await openCasePage(nadia, caseId, title);
    const placement = nadia.getByRole('region', { name: shelter.panel });
    await expect
      .poll(() => placement.getByLabel(shelter.shelter).count(), { timeout: 20_000 })
      .toBe(1);
    await placement.getByRole('button', { name: shelter.request }).click();
    await shows(nadia, shelter.requested).toBe(1);
    await audit(nadia);
    await goTo(alina, '#/shelters');
    const bed = alina.getByLabel(shelter.bedFor(caseId.slice(0, 6)));
    await expect.poll(() => bed.count(), { timeout: 20_000 }).toBe(1);
    await bed.selectOption({ label: shelter.freeBed('1B') });
    await alina.getByRole('button', { name: shelter.accept, exact: true }).click();
    await shows(alina, shelter.accepted).toBe(1);
    await audit(alina);
    await alina.context().close();

    // Nadia reads where to bring him.
    await openCasePage(nadia, caseId, title);
    await shows(nadia, address).toBe(1);
    await shows(nadia, shelter.bedLine('1B')).toBe(1);
    await audit(nadia);

    // She starts the relocation…
    const relocationPanel = nadia.getByRole('region', { name: relocation.relocation, exact: true });
    await relocationPanel.getByRole('button', { name: relocation.start }).click();
    await relocationPanel.getByLabel(relocation.country, { exact: true }).fill('DE');
    await relocationPanel.getByLabel(relocation.city, { exact: true }).fill('Hamburg');
    await relocationPanel.getByLabel(relocation.route, { exact: true }).selectOption('asylum');
    await relocationPanel.getByRole('button', { name: relocation.save }).click();
    await expect
      .poll(() => relocationPanel.getByText('DE, Hamburg').count(), { timeout: 20_000 })
      .toBe(1);
    await audit(nadia);

    // Meanwhile the administrator registers the partner organisation with its public key.
    const admin = await signedIn('admin');
    await admin.getByRole('link', { name: relocation.partnersNav, exact: true }).click();
    await admin.getByLabel(relocation.partnerName, { exact: true }).fill('Haven Berlin');
    await admin.getByLabel(relocation.partnerCountry, { exact: true }).fill('DE');
    await admin
      .getByLabel(relocation.partnerKey, { exact: true })
      .fill(toBase64(partner.keys.publicKey));
    await admin.getByRole('button', { name: relocation.register }).click();
    await expect
      .poll(() => admin.getByRole('status').filter({ hasText: relocation.registered }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await audit(admin);
    await admin.context().close();
    // Back on the case, the referral panel lists the partner just registered.
    await openCasePage(nadia, caseId, title);

    // …and refers him to the partner with two chosen fields, with his consent.
    const referrals = nadia.getByRole('region', { name: relocation.referrals, exact: true });
    const partnerChoice = referrals.getByRole('combobox', { name: relocation.partner });
    await expect.poll(() => partnerChoice.count(), { timeout: 20_000 }).toBe(1);
    await partnerChoice.selectOption({ label: 'Haven Berlin (DE)' });
    await referrals.getByRole('checkbox', { name: /Aslan Dudayev/ }).check();
    await referrals.getByRole('checkbox', { name: /Hamburg/ }).check();
    await referrals
      .getByLabel(relocation.consentHow, { exact: true })
      .fill('agreed on a call today');
    await audit(nadia);
    const file = await downloadedBytes(nadia, () =>
      referrals.getByRole('button', { name: relocation.make }).click(),
    );
    const pkg = openReferralPackage(file, { keyPair: partner.keys });
    expect(Object.keys(pkg.fields).sort()).toEqual(['identity.name', 'relocation.summary']);
    expect(pkg.fields['identity.name']).toBe('Aslan Dudayev');
    expect(pkg.fields['relocation.summary']).toContain('Hamburg');
    // Nothing of the route or the shelter went with it.
    const opened = JSON.stringify(pkg);
    for (const secret of ['Argun', 'Nalchik', address]) expect(opened).not.toContain(secret);
    await expect
      .poll(() => referrals.getByRole('cell', { name: relocation.sent, exact: true }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await audit(nadia);

    // The dashboard now counts the relocation to Germany.
    await nadiaNav.getByRole('link', { name: den.nav, exact: true }).click();
    await expect.poll(() => heading(nadia).textContent(), { timeout: 20_000 }).toBe(den.heading);
    await expect
      .poll(() => nadia.getByRole('rowheader', { name: den.germany }).count(), { timeout: 20_000 })
      .toBe(1);
    await audit(nadia);
    await nadia.context().close();

    expect(violations).toEqual([]);
  });
});

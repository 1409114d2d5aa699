// Editable vocabularies in real Chromium: the administrator chooses the vocabulary team on
// the administration page; a documentation member of that team adds a place term with
// English and Russian labels (sealed to the team in the browser), is told clearly when an
// id is taken, and a team member who reads the app in Russian sees the new place with its
// Russian label. axe finds nothing on any of the pages.
import { setUpTeam } from '@corridor/vault';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { english, russian } from './pages/account-pages.ts';
import { goTo, nodeSession, signedInPage } from './pages/staff-session.ts';
import { accessibilityViolations } from './support/axe.ts';
import { type RegisteredMember, registerMember } from './support/members.ts';
import { useStage } from './support/stage.ts';

const place = {
  id: 'bakery_basement',
  en: 'Basement under the bakery',
  ru: 'Подвал под пекарней',
};

describe('vocabularies', () => {
  const stage = useStage();
  const members: Record<string, RegisteredMember> = {};

  beforeAll(async () => {
    members.admin = await registerMember(stage.corridor, 'admin', ['administrator']);
    members.dasha = await registerMember(stage.corridor, 'dasha', ['documentation']);
    members.nadia = await registerMember(stage.corridor, 'nadia', ['case_coordinator']);
    const admin = await nodeSession(stage.corridor, members.admin);
    const dasha = await nodeSession(stage.corridor, members.dasha);
    const nadia = await nodeSession(stage.corridor, members.nadia);
    await setUpTeam(admin, 'Documentation', dasha, nadia);
  });

  it('adds a place term that a team member then reads in Russian', {
    timeout: 180_000,
  }, async () => {
    const violations: string[] = [];
    const audit = async (page: Page) => violations.push(...(await accessibilityViolations(page)));
    const signedIn = (handle: string, words: typeof english) =>
      signedInPage(stage.browser, stage.corridor, members[handle] as RegisteredMember, words);

    // The administrator chooses the vocabulary team.
    const admin = await signedIn('admin', english);
    await admin.getByRole('link', { name: english.administration, exact: true }).click();
    const setting = admin.getByRole('region', { name: 'Vocabulary team', exact: true });
    await expect
      .poll(() => setting.getByRole('combobox', { name: 'Team' }).count(), { timeout: 20_000 })
      .toBe(1);
    await setting.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'Documentation' });
    await setting.getByRole('button', { name: 'Choose the team' }).click();
    await expect
      .poll(() => setting.getByRole('status').textContent(), { timeout: 20_000 })
      .toBe('The vocabulary team is now Documentation.');
    await audit(admin);
    await admin.context().close();

    // A documentation member of the team adds a place under Grozny.
    const dasha = await signedIn('dasha', english);
    await dasha.getByRole('link', { name: 'Vocabularies', exact: true }).click();
    await expect
      .poll(() => dasha.getByText('Kept by the team Documentation.').count(), { timeout: 20_000 })
      .toBe(1);
    const add = dasha.getByRole('region', { name: 'Add a term', exact: true });
    await add.getByLabel(/^Id/).fill(place.id);
    await add.getByRole('combobox', { name: 'Broader term' }).selectOption('grozny');
    await add.getByLabel('English label', { exact: true }).fill(place.en);
    await add.getByLabel('Russian label', { exact: true }).fill(place.ru);
    await add.getByRole('button', { name: 'Add the term' }).click();
    await expect
      .poll(() => dasha.getByRole('status').filter({ hasText: 'Saved' }).textContent(), {
        timeout: 20_000,
      })
      .toBe('Saved: Places is now at version 1.');
    const tree = dasha.getByRole('region', { name: 'Places: terms', exact: true });
    const added = tree.locator(`li[data-term="${place.id}"]`);
    expect(await added.locator('span[lang="en"]').first().textContent()).toBe(place.en);
    // It sits under Grozny.
    expect(await tree.locator(`li[data-term="grozny"] li[data-term="${place.id}"]`).count()).toBe(
      1,
    );
    await audit(dasha);

    // The same id again: refused, and said why.
    await add.getByLabel(/^Id/).fill(place.id);
    await add.getByLabel('English label', { exact: true }).fill('Another place');
    await add.getByLabel('Russian label', { exact: true }).fill('Другое место');
    await add.getByRole('button', { name: 'Add the term' }).click();
    await expect
      .poll(() => dasha.getByRole('alert').first().textContent(), { timeout: 20_000 })
      .toContain(`The id “${place.id}” is already used`);
    await audit(dasha);
    await dasha.context().close();

    // A team member reading in Russian sees the place with its Russian label.
    const nadia = await signedIn('nadia', russian);
    await goTo(nadia, '#/vocabularies');
    await expect
      .poll(() => nadia.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 })
      .toBe('Словари');
    const russianTree = nadia.getByRole('region', { name: 'Места: термины', exact: true });
    await expect
      .poll(
        () =>
          russianTree.locator(`li[data-term="${place.id}"] span[lang="ru"]`).first().textContent(),
        {
          timeout: 20_000,
        },
      )
      .toBe(place.ru);
    expect(
      await nadia.getByText('Изменяют их участники команды словарей', { exact: false }).count(),
    ).toBe(1);
    // She reads; the forms to change are not offered.
    expect(await nadia.getByRole('button', { name: 'Добавить термин' }).count()).toBe(0);
    await audit(nadia);
    await nadia.context().close();

    expect(violations).toEqual([]);
  });
});

// Partners and referrals through the client core against a whole server on SQLite and
// PostgreSQL: the partner registry and who may change it, the consent gate, packages of
// only the chosen fields (sealed or password), the partner's answer page, the states and
// the transitions refused, who may see a case's referrals, the audit trail, and what a
// seizure of the server finds (no shared value, no package).
import { generateBoxKeyPair, keyFingerprint, sha256, toBase64 } from '@corridor/crypto';
import {
  appendCaseEventRoute,
  createReferralRoute,
  type Partner,
  partnerRecordPurpose,
  partnerRecordStatement,
  teamDirectoryRoute,
} from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchSeizedData } from '../../../../test-support/seizure.ts';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { writeEvent } from '../cases/case-events.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import {
  type CaseView,
  createCase,
  currentKey,
  type DirectoryTeam,
  openCase,
} from '../cases/cases.ts';
import { saveRelocation } from '../relocation/relocation.ts';
import { signStatement } from '../shelters/shelter-records.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import {
  checkPartner,
  checkPartners,
  createPartner,
  listPartners,
  removePartner,
  updatePartner,
} from './partners.ts';
import { referralFieldOptions } from './referral-fields.ts';
import { openReferralPackage, packageMode } from './referral-package.ts';
import {
  listReferrals,
  makeReferral,
  type NewReferral,
  referralDetails,
  revokeReferral,
} from './referrals.ts';

const secretName = 'Aslan Zaurbekovich Secretname';
const secretPhone = '+7 928 555 01 23';
const secretCity = 'Hamburg-Altona-Secretcity';
const secretThreat = 'brothers from the village are searching';
const password = 'a long password for the partner';

describe.each(databaseKinds)('referrals on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let timur: MemberSession; // case coordinator, hotline
  let alina: MemberSession; // shelter team: general only
  let outsider: MemberSession;
  let directory: DirectoryTeam[];
  let hotline: string;
  let shelter: string;
  const havenKeys = { pair: undefined as unknown as ReturnType<typeof generateBoxKeyPair> };
  let haven: Partner; // has a key
  let rainbow: Partner; // no key
  let caseId: string;
  const packages: Uint8Array[] = [];

  const open = async (member: MemberSession, id = caseId) =>
    openCase(member, await loadTeamKeyring(member), id);
  const referral = (view: CaseView, over: Partial<NewReferral> = {}): NewReferral => ({
    partner: haven,
    fields: ['identity.name', 'relocation.summary'],
    consent: { basis: 'consent', how: 'said yes on a call, 25 Nov' },
    lock: { mode: 'sealed' },
    from: { organisation: 'The Network', member: 'Timur' },
    responseBaseUrl: corridor.server.publicUrl,
    ...over,
    ...(view ? {} : {}),
  });
  const page = (token: string, init?: RequestInit) =>
    fetch(new URL(`referral/${token}`, corridor.server.publicUrl), init);
  const answer = (token: string, what: string) =>
    page(token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `answer=${what}&lang=en`,
    });

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
    admin = await corridor.member('admin', ['administrator']);
    timur = await corridor.member('timur', ['case_coordinator']);
    alina = await corridor.member('alina', ['shelter_coordinator']);
    outsider = await corridor.member('outsider', ['case_coordinator']);
    hotline = await corridor.team(admin, 'Hotline', timur);
    shelter = await corridor.team(admin, 'Shelters', alina);
    await corridor.team(admin, 'Elsewhere', outsider);
    directory = (await timur.api.call(teamDirectoryRoute)).teams;
    havenKeys.pair = generateBoxKeyPair();
    haven = await createPartner(admin, {
      name: 'Haven Berlin',
      country: 'DE',
      publicKey: toBase64(havenKeys.pair.publicKey),
      notificationEmail: 'intake@haven.example',
    });
    rainbow = await createPartner(admin, {
      name: 'Rainbow Railroad Toronto',
      country: 'CA',
      publicKey: null,
      notificationEmail: null,
    });
    caseId = await createCase(timur, directory, {
      title: 'Referral case',
      riskLevel: 4,
      share: {
        general: [hotline, shelter],
        identity: [hotline],
        situation: [hotline],
        location: [hotline],
      },
      details: {
        identity: { name: secretName, phone: secretPhone },
        situation: { threat: secretThreat },
      },
    });
    await saveRelocation(timur, await open(timur), {
      destination: { country: 'DE', city: secretCity },
      route: 'asylum',
      steps: [],
      status: 'in_progress',
      arrivalDate: null,
    });
  });
  afterAll(() => corridor?.stop());

  it('partners: administrators register, edit and remove; members read; others refused', async () => {
    expect((await listPartners(timur)).map((p) => p.name)).toEqual([
      'Haven Berlin',
      'Rainbow Railroad Toronto',
    ]);
    expect(
      await refusal(
        createPartner(timur, {
          name: 'X',
          country: 'FR',
          publicKey: null,
          notificationEmail: null,
        }),
      ),
    ).toBe('forbidden');
    const input = (p: Partner) => ({
      name: p.name,
      country: p.country,
      publicKey: p.publicKey,
      notificationEmail: p.notificationEmail,
    });
    expect(await refusal(updatePartner(timur, haven, input(haven)))).toBe('forbidden');
    expect(await refusal(removePartner(timur, haven.id))).toBe('forbidden');
    expect(
      await refusal(
        createPartner(admin, {
          name: 'Bad',
          country: 'Germany',
          publicKey: null,
          notificationEmail: null,
        }),
      ),
    ).toBe('invalid_request');
    const temp = await createPartner(admin, {
      name: 'Temporary',
      country: 'NL',
      publicKey: null,
      notificationEmail: null,
    });
    const edited = await updatePartner(admin, temp, {
      name: 'Temporary Amsterdam',
      country: 'NL',
      publicKey: null,
      notificationEmail: 'a@b.example',
    });
    expect(edited.version).toBe(2);
    expect(await refusal(updatePartner(admin, temp, input(edited)))).toBe('conflict');
    await removePartner(admin, temp.id);
    expect((await listPartners(timur)).some((p) => p.id === temp.id)).toBe(false);
    expect(await refusal(removePartner(admin, temp.id))).toBe('not_found');
  });

  it('offers each readable field with its value, unticked; none of them is chosen for the member', async () => {
    const options = referralFieldOptions(await open(timur));
    expect(options.map((o) => o.name)).toEqual([
      'identity.name',
      'identity.phone',
      'situation.threat',
      'relocation.summary',
    ]);
    expect(options.find((o) => o.name === 'relocation.summary')?.value).toContain(secretCity);
  });

  it('refuses without consent or override, without fields, or sealed to a keyless partner: nothing written', async () => {
    const view = await open(timur);
    const version = view.timeline.head.version;
    expect(
      await refusal(
        makeReferral(timur, view, referral(view, { consent: { basis: 'consent', how: ' ' } })),
      ),
    ).toBe('consent_required');
    expect(
      await refusal(
        makeReferral(timur, view, referral(view, { consent: { basis: 'override', reason: '' } })),
      ),
    ).toBe('consent_required');
    expect(await refusal(makeReferral(timur, view, referral(view, { fields: [] })))).toBe(
      'fields_required',
    );
    expect(
      await refusal(makeReferral(timur, view, referral(view, { fields: ['identity.age'] }))),
    ).toBe('field_unknown');
    expect(await refusal(makeReferral(timur, view, referral(view, { partner: rainbow })))).toBe(
      'partner_has_no_key',
    );
    // The server refuses it too, with a correctly signed event: nothing changes.
    const { event } = writeEvent(
      timur,
      caseId,
      view.timeline.head,
      'general',
      currentKey(view.keys, 'general'),
      'referral.sent',
      { referralId: 'x' },
    );
    const body = {
      referralId: 'AAAAAAAAAAAAAAAAAAAAAA',
      partnerId: rainbow.id,
      fields: ['identity.name'],
      consent: 'consent' as const,
      mode: 'sealed' as const,
      packageSha256: '0'.repeat(64),
      responseDigest: 'B'.repeat(43),
      expectedVersion: version,
      event,
    };
    expect(await refusal(timur.api.call(createReferralRoute, { params: { caseId }, body }))).toBe(
      'partner_has_no_key',
    );
    // A `referral.sent` event without its referral is refused on the ordinary path.
    expect(
      await refusal(
        timur.api.call(appendCaseEventRoute, {
          params: { caseId },
          body: { expectedVersion: version, event },
        }),
      ),
    ).toBe('invalid_request');
    expect((await open(timur)).timeline.head.version).toBe(version);
    expect(await listReferrals(timur, caseId)).toEqual([]);
  });

  it('seals a package of ONLY the chosen fields to the partner; the partner accepts, then finishes', async () => {
    const view = await open(timur);
    const made = await makeReferral(timur, view, referral(view));
    packages.push(made.file);
    expect(packageMode(made.file)).toBe('sealed');
    expect(made.referral.packageSha256).toBe(sha256(made.file));
    const pkg = openReferralPackage(made.file, { keyPair: havenKeys.pair });
    expect(Object.keys(pkg.fields).sort()).toEqual(['identity.name', 'relocation.summary']);
    expect(pkg.fields['identity.name']).toBe(secretName);
    expect(JSON.stringify(pkg)).not.toContain(secretPhone);
    expect(JSON.stringify(pkg)).not.toContain(secretThreat);
    expect(pkg.to.name).toBe('Haven Berlin');
    expect(pkg.response.url).toBe(
      new URL(`referral/${pkg.response.token}`, corridor.server.publicUrl).href,
    );
    expect(() => openReferralPackage(made.file, { keyPair: generateBoxKeyPair() })).toThrow();

    // What the server keeps: names of fields, basis, mode, digest; the timeline has the details.
    expect(made.referral).toMatchObject({
      state: 'sent',
      fields: ['identity.name', 'relocation.summary'],
      consent: 'consent',
      mode: 'sealed',
      partnerName: 'Haven Berlin',
    });
    const details = referralDetails(await open(timur)).get(made.referral.id);
    expect(details?.consent).toEqual({ basis: 'consent', how: 'said yes on a call, 25 Nov' });
    expect(details?.fields).toEqual(['identity.name', 'relocation.summary']);

    // The partner's page: no JavaScript, no case content; a bad step changes nothing.
    const shown = await page(pkg.response.token);
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain('Haven Berlin');
    expect(html).not.toContain(secretName);
    expect(html).not.toMatch(/<script/);
    expect((await answer(pkg.response.token, 'done')).status).toBe(409);
    expect((await answer(pkg.response.token, 'accept')).status).toBe(200);
    expect((await answer(pkg.response.token, 'decline')).status).toBe(409);
    expect((await page('A'.repeat(43))).status).toBe(404);
    let [listed] = await listReferrals(timur, caseId);
    expect(listed?.state).toBe('accepted');
    expect(listed?.changes.map((c) => [c.state, c.by])).toEqual([
      ['sent', timur.account.id],
      ['accepted', null],
    ]);
    expect((await answer(pkg.response.token, 'done')).status).toBe(200);
    [listed] = await listReferrals(timur, caseId);
    expect(listed?.state).toBe('done');
    expect(await refusal(revokeReferral(timur, caseId, made.referral.id))).toBe('conflict');
  });

  it('locks a package with a password for a partner without a key; revoking stops the link', async () => {
    const view = await open(timur);
    const made = await makeReferral(
      timur,
      view,
      referral(view, {
        partner: rainbow,
        fields: ['situation.threat', 'identity.phone'],
        consent: { basis: 'override', reason: 'cannot reach him; life in danger' },
        lock: { mode: 'password', password },
      }),
    );
    packages.push(made.file);
    expect(packageMode(made.file)).toBe('password');
    const pkg = openReferralPackage(made.file, { password });
    expect(pkg.fields).toEqual({ 'identity.phone': secretPhone, 'situation.threat': secretThreat });
    expect(() => openReferralPackage(made.file, { password: `${password}!` })).toThrow();
    expect(made.referral.consent).toBe('override');

    const revoked = await revokeReferral(timur, caseId, made.referral.id);
    expect(revoked.state).toBe('revoked');
    expect((await answer(pkg.response.token, 'accept')).status).toBe(409);
    expect(await refusal(revokeReferral(timur, caseId, made.referral.id))).toBe('conflict');
  });

  it('refuses to seal to a partner record the administrator did not sign as it is', async () => {
    const db = corridor.server.storage.db;
    const current = async () => (await listPartners(timur)).find((p) => p.id === haven.id);
    const honest = await current();
    if (!honest) throw new Error('haven');
    expect(await checkPartner(timur, honest)).toEqual({
      problem: null,
      fingerprint: keyFingerprint(havenKeys.pair.publicKey),
    });
    expect(honest).toMatchObject({ signedBy: admin.account.id, signerIsAdministrator: true });
    const original = await db
      .selectFrom('partner')
      .select(['public_key', 'record_signature', 'signed_by'])
      .where('id', '=', haven.id)
      .executeTakeFirstOrThrow();
    const attempt = async () => {
      const view = await open(timur);
      const partner = await current();
      if (!partner) throw new Error('haven');
      const code = await refusal(makeReferral(timur, view, referral(view, { partner })));
      expect((await open(timur)).summary.version).toBe(view.summary.version);
      return { code, check: await checkPartner(timur, partner) };
    };

    // Someone with the database swaps in their own key: sealing refuses, and the
    // fingerprint shown is no longer the partner's.
    const attacker = generateBoxKeyPair();
    await db
      .updateTable('partner')
      .set({ public_key: toBase64(attacker.publicKey) })
      .where('id', '=', haven.id)
      .execute();
    expect(await attempt()).toEqual({
      code: 'partner_unverified',
      check: { problem: 'bad_signature', fingerprint: keyFingerprint(attacker.publicKey) },
    });

    // …and signs it as a member who is not an administrator.
    const forged = { ...honest, publicKey: toBase64(attacker.publicKey) };
    await db
      .updateTable('partner')
      .set({
        record_signature: signStatement(
          timur,
          partnerRecordPurpose,
          partnerRecordStatement(forged),
        ),
        signed_by: timur.account.id,
      })
      .where('id', '=', haven.id)
      .execute();
    expect((await attempt()).check.problem).toBe('signer_not_administrator');
    expect((await attempt()).code).toBe('partner_unverified');

    // A record saved before records were signed.
    await db
      .updateTable('partner')
      .set({ record_signature: null, signed_by: null })
      .where('id', '=', haven.id)
      .execute();
    expect(await attempt()).toMatchObject({
      code: 'partner_unverified',
      check: { problem: 'unsigned' },
    });
    // The list check says the same of every partner at once; the keyless one is fine.
    const checks = await checkPartners(timur, await listPartners(timur));
    expect(checks.get(haven.id)?.problem).toBe('unsigned');
    expect(checks.get(rainbow.id)).toEqual({ problem: null, fingerprint: null });

    await db.updateTable('partner').set(original).where('id', '=', haven.id).execute();
    expect((await checkPartner(timur, (await current()) as Partner)).problem).toBeNull();
  });

  it('a declined referral stays declined', async () => {
    const view = await open(timur);
    const made = await makeReferral(timur, view, referral(view, { fields: ['identity.name'] }));
    packages.push(made.file);
    const token = openReferralPackage(made.file, { keyPair: havenKeys.pair }).response.token;
    expect((await answer(token, 'decline')).status).toBe(200);
    expect((await answer(token, 'accept')).status).toBe(409);
    expect(await refusal(revokeReferral(timur, caseId, made.referral.id))).toBe('conflict');
  });

  it('only members holding the case’s `general` see its referrals; administrators do not', async () => {
    expect((await listReferrals(alina, caseId)).length).toBe(3);
    expect(await refusal(listReferrals(outsider, caseId))).toBe('not_found');
    expect(await refusal(listReferrals(admin, caseId))).toBe('not_found');
    expect(await refusal(revokeReferral(outsider, caseId, 'AAAAAAAAAAAAAAAAAAAAAA'))).toBe(
      'not_found',
    );
    const view = await open(timur);
    expect(await refusal(makeReferral(outsider, view, referral(view)))).toBe('not_found');
  });

  it('logs what was shared with whom, never a value', async () => {
    const rows = await corridor.server.storage.db
      .selectFrom('audit_entry')
      .select(['action', 'account_id', 'case_id', 'detail'])
      .where('action', 'in', ['referral.sent', 'referral.state', 'partner.write'])
      .orderBy('at')
      .execute();
    const sent = rows.filter((r) => r.action === 'referral.sent');
    expect(sent).toHaveLength(3);
    expect(sent[0]?.detail).toContain(
      `to ${haven.id} sealed consent fields identity.name,relocation.summary`,
    );
    expect(sent[1]?.detail).toContain(`to ${rainbow.id} password override`);
    expect(
      rows
        .filter((r) => r.action === 'referral.state')
        .map((r) => r.detail?.split(' ').slice(1).join(' ')),
    ).toEqual(['accepted by partner', 'done by partner', 'revoked', 'declined by partner']);
    expect(rows.filter((r) => r.action === 'partner.write').length).toBeGreaterThanOrEqual(5);
    const all = JSON.stringify(rows);
    for (const secret of [secretName, secretPhone, secretCity, secretThreat]) {
      expect(all).not.toContain(secret);
    }
  });

  it('leaves no shared value, destination city or package on the seized server', async () => {
    const { found, bytes } = await searchSeizedData(corridor.database, [
      secretName,
      secretPhone,
      secretCity,
      secretThreat,
      password,
    ]);
    expect(bytes).toBeGreaterThan(0);
    expect(found).toEqual([]);
    // The packages themselves never went to the server, not even as bytes.
    const tails = packages.map((p) => p.subarray(p.length - 48));
    expect((await searchSeizedData(corridor.database, tails)).found).toEqual([]);
  });
});

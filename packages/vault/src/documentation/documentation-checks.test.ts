// The documentation records' checks without a server: every refusal code a testimony or a
// coded event can meet, with the path of the field at fault; the consent rule; and the
// reader, which counts only stored records that pass the same checks.
import { initCrypto } from '@corridor/crypto';
import { mergeVocabulary } from '@corridor/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../cases/case-events.ts';
import type { CaseSummary } from '../cases/cases.ts';
import { documentationDigest } from './documentation-digest.ts';
import { DocumentationInputError } from './documentation-input-error.ts';
import { newRecordId } from './record-ids.ts';
import type { Testimony, ViolationEvent } from './records.ts';
import {
  allowingTestimonies,
  checkTestimony,
  consentAllows,
  eventConsentAllows,
  readTestimonies,
} from './testimonies.ts';
import { checkViolationEvent, readViolationEvents } from './violations.ts';
import { defaultVocabularies, type Vocabularies } from './vocabularies.ts';

const today = '2026-11-26';
const id = (n: number) => `${'A'.repeat(20)}${String(n).padStart(2, '0')}`;

const testimony: Testimony = {
  id: id(1),
  text: 'They held me in the basement for twelve days.',
  language: 'ru',
  interviewDate: '2026-11-20',
  interviewer: ' Zarema ',
  consent: {
    uses: ['anonymised_statistics', 'united_nations', 'anonymised_statistics'],
    givenOn: '2026-11-20',
    expiresOn: '2027-11-20',
    method: 'oral_recorded',
    note: 'Recorded on the interviewer’s phone.',
  },
};

const event: ViolationEvent = {
  id: id(10),
  title: ' Detention in Argun ',
  startDate: '2017-03-01',
  endDate: '2017-03-20',
  place: 'argun',
  sources: [id(1), id(1)],
  acts: [
    {
      id: id(11),
      type: 'secret_detention',
      startDate: '2017-03-01',
      endDate: '2017-03-12',
      methods: [],
      detentionPlace: 'argun_detention_site',
      verification: { status: 'corroborated', date: '2026-11-21' },
      note: 'Held with eleven others.',
    },
    {
      id: id(12),
      type: 'torture',
      startDate: '2017-03-02',
      endDate: null,
      methods: ['electric_shocks', 'beating'],
      detentionPlace: null,
      verification: { status: 'unverified', date: '2026-11-21' },
      note: '',
    },
  ],
  persons: [
    { id: id(20), label: ' The person ', caseSubject: true },
    { id: id(21), label: 'Guard in uniform', caseSubject: false },
  ],
  involvements: [
    { personId: id(20), actId: id(11), role: 'victim', perpetratorType: null },
    { personId: id(20), actId: id(12), role: 'victim', perpetratorType: 'police' },
    { personId: id(21), actId: id(12), role: 'perpetrator', perpetratorType: 'security_forces' },
    { personId: id(21), actId: id(12), role: 'perpetrator', perpetratorType: 'security_forces' },
  ],
  vocabularyVersions: {},
};

/** The code and path a check throws, or 'no error'. */
function refused(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (error) {
    if (!(error instanceof DocumentationInputError)) throw error;
    return error.path === null ? error.code : `${error.code} ${error.path}`;
  }
}

const act = (i: number) => event.acts[i] as ViolationEvent['acts'][number];
const withAct = (i: number, change: Partial<ViolationEvent['acts'][number]>): ViolationEvent => ({
  ...event,
  acts: event.acts.map((a, at) => (at === i ? { ...a, ...change } : a)),
});
const checkEvent = (e: ViolationEvent, vocabularies: Vocabularies = defaultVocabularies) =>
  checkViolationEvent(e, vocabularies, [id(1)], today);

/** Vocabularies with one term retired (as an organisation may). */
function retiring(kind: keyof Vocabularies, termId: string): Vocabularies {
  const merged = mergeVocabulary(defaultVocabularies[kind], [{ op: 'retire', id: termId }]);
  if (!merged.ok) throw new Error(merged.code);
  return { ...defaultVocabularies, [kind]: merged.vocabulary };
}

beforeAll(() => initCrypto());

describe('testimony checks', () => {
  it('tidies a good testimony: interviewer trimmed, uses once each, text as given', () => {
    const checked = checkTestimony(testimony, defaultVocabularies, today);
    expect(checked.interviewer).toBe('Zarema');
    expect(checked.consent?.uses).toEqual(['anonymised_statistics', 'united_nations']);
    expect(checked.text).toBe(testimony.text);
  });

  it('refuses a testimony without consent, with unknown, retired or vague uses', () => {
    const consent = testimony.consent as NonNullable<Testimony['consent']>;
    const withConsent = (change: Partial<typeof consent>) => ({
      ...testimony,
      consent: { ...consent, ...change },
    });
    const check = (t: Testimony, v = defaultVocabularies) =>
      refused(() => checkTestimony(t, v, today));
    expect(check({ ...testimony, consent: null })).toBe('consent_required consent');
    expect(check(withConsent({ uses: ['anonymised_statistics', 'tv_interview'] }))).toBe(
      'consent_use_unknown consent.uses.1',
    );
    // A term of another vocabulary is no consent use either.
    expect(check(withConsent({ uses: ['torture'] }))).toBe('consent_use_unknown consent.uses.0');
    expect(check(testimony, retiring('consent_uses', 'united_nations'))).toBe(
      'retired_term consent.uses.1',
    );
    expect(check(withConsent({ uses: ['sharing_with_named_bodies'] }))).toBe(
      'consent_body_required consent.uses.0',
    );
    expect(check(withConsent({ uses: ['sharing_with_named_bodies', 'osce'] }))).toBe('no error');
    expect(check(withConsent({ uses: [] }))).toBe('consent_required consent.uses');
  });

  it('keeps a use retired since the testimony was recorded when it is saved again', () => {
    const vocabularies = retiring('consent_uses', 'united_nations');
    expect(refused(() => checkTestimony(testimony, vocabularies, today, testimony))).toBe(
      'no error',
    );
  });

  it('refuses bad dates, blank text, a bad language and oversized text', () => {
    const check = (t: Testimony) => refused(() => checkTestimony(t, defaultVocabularies, today));
    const consent = testimony.consent as NonNullable<Testimony['consent']>;
    expect(check({ ...testimony, interviewDate: '2026-11-27' })).toBe(
      'date_in_future interviewDate',
    );
    expect(check({ ...testimony, interviewDate: '2026-02-30' })).toBe('date_invalid interviewDate');
    expect(check({ ...testimony, consent: { ...consent, givenOn: '2026-12-01' } })).toBe(
      'date_in_future consent.givenOn',
    );
    expect(check({ ...testimony, consent: { ...consent, expiresOn: '2026-11-19' } })).toBe(
      'consent_expired_before_given consent.expiresOn',
    );
    expect(check({ ...testimony, text: '  \n ' })).toBe('text_required text');
    expect(check({ ...testimony, interviewer: ' ' })).toBe('text_required interviewer');
    expect(check({ ...testimony, language: 'Russian' })).toBe('language_invalid language');
    expect(check({ ...testimony, text: 'x'.repeat(200_001) })).toBe('too_large text');
  });
});

describe('the consent rule', () => {
  const consent = testimony.consent as NonNullable<Testimony['consent']>;
  const allows = (c: Testimony['consent'], use: string, on = today) =>
    consentAllows(c, use, on, defaultVocabularies);

  it('allows a listed use until the consent expires, and internal use always', () => {
    expect(allows(consent, 'anonymised_statistics')).toBe(true);
    expect(allows(consent, 'anonymised_statistics', '2027-11-20')).toBe(true);
    expect(allows(consent, 'anonymised_statistics', '2027-11-21')).toBe(false);
    expect(allows(consent, 'anonymised_quotes')).toBe(false);
    expect(allows(consent, 'internal_only', '2030-01-01')).toBe(true);
    expect(allows(null, 'internal_only')).toBe(true);
    expect(allows(null, 'anonymised_statistics')).toBe(false);
    expect(allows({ ...consent, expiresOn: null }, 'anonymised_statistics', '2099-01-01')).toBe(
      true,
    );
  });

  it('shares with a named body only if that body is named', () => {
    expect(allows(consent, 'united_nations')).toBe(true);
    expect(allows(consent, 'courts')).toBe(false);
    expect(
      allows({ ...consent, uses: ['sharing_with_named_bodies', 'osce'] }, 'united_nations'),
    ).toBe(false);
    // The group alone names no one: it allows nothing, even when listed.
    expect(
      allows({ ...consent, uses: ['sharing_with_named_bodies'] }, 'sharing_with_named_bodies'),
    ).toBe(false);
    // A use that is no term (a typo in a report definition) is never allowed.
    expect(allows({ ...consent, uses: ['tv'] }, 'tv')).toBe(false);
  });
});

describe('consent of coded events', () => {
  const consent = testimony.consent as NonNullable<Testimony['consent']>;
  const testimonies = [
    { id: id(1), consent },
    { id: id(2), consent: { ...consent, uses: ['courts'], expiresOn: '2026-12-31' } },
    { id: id(3), consent: null },
  ];
  const allows = (sources: string[], use: string, on = today) =>
    eventConsentAllows(
      { sources },
      allowingTestimonies(testimonies, use, on, defaultVocabularies),
      use,
    );

  it('allows a use when at least one source testimony allows it', () => {
    expect(allows([id(3), id(1)], 'anonymised_statistics')).toBe(true);
    expect(allows([id(2)], 'anonymised_statistics')).toBe(false);
    expect(allows([id(1), id(2)], 'courts')).toBe(true);
    // Expired: the only source allowing courts ends with 2026.
    expect(allows([id(1), id(2)], 'courts', '2027-01-01')).toBe(false);
  });

  it('leaves out an event with no sources, or sources not in the case, but for internal work', () => {
    expect(allows([], 'anonymised_statistics')).toBe(false);
    expect(allows([id(9)], 'anonymised_statistics')).toBe(false);
    expect(allows([], 'internal_only')).toBe(true);
  });
});

describe('violation event checks', () => {
  it('tidies a good event: trimmed texts, sources and involvements once, versions recorded', () => {
    const checked = checkEvent(event);
    expect(checked.title).toBe('Detention in Argun');
    expect(checked.persons[0]?.label).toBe('The person');
    expect(checked.sources).toEqual([id(1)]);
    expect(checked.involvements).toHaveLength(3);
    // A perpetrator type on a victim means nothing: it is dropped.
    expect(checked.involvements[1]?.perpetratorType).toBeNull();
    expect(checked.vocabularyVersions).toMatchObject({ act_types: 1, places: 1, consent_uses: 1 });
  });

  it('refuses unknown, retired and misplaced terms with their paths', () => {
    expect(refused(() => checkEvent(withAct(0, { type: 'kidnap' })))).toBe(
      'unknown_term acts.0.type',
    );
    expect(refused(() => checkEvent(withAct(0, { type: 'police' })))).toBe(
      'wrong_vocabulary acts.0.type',
    );
    expect(refused(() => checkEvent(withAct(1, { methods: ['beating', 'drowning'] })))).toBe(
      'unknown_term acts.1.methods.1',
    );
    expect(refused(() => checkEvent(withAct(0, { detentionPlace: 'torture' })))).toBe(
      'wrong_vocabulary acts.0.detentionPlace',
    );
    expect(refused(() => checkEvent({ ...event, place: 'atlantis' }))).toBe('unknown_term place');
    expect(
      refused(() => checkEvent(withAct(0, { verification: { status: 'rumour', date: today } }))),
    ).toBe('unknown_term acts.0.verification.status');
    const roles = event.involvements.map((x, i) => (i === 0 ? { ...x, role: 'witness' } : x));
    expect(refused(() => checkEvent({ ...event, involvements: roles }))).toBe(
      'unknown_term involvements.0.role',
    );
    const types = event.involvements.map((x, i) =>
      i === 2 ? { ...x, perpetratorType: 'aliens' } : x,
    );
    expect(refused(() => checkEvent({ ...event, involvements: types }))).toBe(
      'unknown_term involvements.2.perpetratorType',
    );
    // Retiring a branch retires its terms for new coding; an earlier version keeps them.
    const noPrivacy = retiring('act_types', 'deprivation_of_liberty');
    expect(refused(() => checkEvent(event, noPrivacy))).toBe('retired_term acts.0.type');
    expect(refused(() => checkViolationEvent(event, noPrivacy, [id(1)], today, event))).toBe(
      'no error',
    );
  });

  it('refuses dates out of order, in the future, or not calendar dates', () => {
    expect(refused(() => checkEvent({ ...event, endDate: '2017-02-28' }))).toBe(
      'dates_out_of_order endDate',
    );
    expect(refused(() => checkEvent(withAct(0, { endDate: '2017-02-28' })))).toBe(
      'dates_out_of_order acts.0.endDate',
    );
    expect(refused(() => checkEvent(withAct(1, { startDate: '2017-02-27' })))).toBe(
      'dates_out_of_order acts.1.startDate',
    );
    expect(refused(() => checkEvent(withAct(1, { startDate: '2017-03-21' })))).toBe(
      'dates_out_of_order acts.1.startDate',
    );
    expect(refused(() => checkEvent({ ...event, startDate: '2026-12-01', endDate: null }))).toBe(
      'date_in_future startDate',
    );
    expect(
      refused(() =>
        checkEvent(withAct(0, { verification: { status: 'verified', date: '2027-01-01' } })),
      ),
    ).toBe('date_in_future acts.0.verification.date');
    expect(refused(() => checkEvent({ ...event, startDate: '2017-02-29' }))).toBe(
      'date_invalid startDate',
    );
  });

  it('refuses an act without a victim, a perpetrator without a type, and broken links', () => {
    const without = (i: number) => event.involvements.filter((_, at) => at !== i);
    expect(refused(() => checkEvent({ ...event, involvements: without(0) }))).toBe(
      'act_without_victim acts.0',
    );
    const untyped = event.involvements.map((x, i) =>
      i === 2 ? { ...x, perpetratorType: null } : x,
    );
    expect(refused(() => checkEvent({ ...event, involvements: untyped }))).toBe(
      'perpetrator_type_required involvements.2.perpetratorType',
    );
    const stranger = event.involvements.map((x, i) => (i === 1 ? { ...x, personId: id(99) } : x));
    expect(refused(() => checkEvent({ ...event, involvements: stranger }))).toBe(
      'person_unknown involvements.1.personId',
    );
    const nowhere = event.involvements.map((x, i) => (i === 1 ? { ...x, actId: id(99) } : x));
    expect(refused(() => checkEvent({ ...event, involvements: nowhere }))).toBe(
      'act_unknown involvements.1.actId',
    );
    expect(refused(() => checkEvent({ ...event, sources: [id(1), id(2)] }))).toBe(
      'source_unknown sources.1',
    );
    const twoSubjects = event.persons.map((p) => ({ ...p, caseSubject: true }));
    expect(refused(() => checkEvent({ ...event, persons: twoSubjects }))).toBe(
      'case_subject_twice persons.1.caseSubject',
    );
    expect(refused(() => checkEvent({ ...event, acts: [act(0), act(0)] }))).toBe(
      'duplicate_id acts.1.id',
    );
    expect(refused(() => checkEvent({ ...event, title: ' ' }))).toBe('text_required title');
    expect(refused(() => checkEvent({ ...event, acts: [] }))).toBe('act_required acts');
  });

  it('counts a narrower victim role the organisation added as a victim', () => {
    const merged = mergeVocabulary(defaultVocabularies.involvement_roles, [
      { op: 'add', id: 'direct_victim', parent: 'victim', labels: { en: 'Direct', ru: 'Прямой' } },
    ]);
    if (!merged.ok) throw new Error(merged.code);
    const vocabularies = { ...defaultVocabularies, involvement_roles: merged.vocabulary };
    const roles = event.involvements.map((x, i) => (i === 0 ? { ...x, role: 'direct_victim' } : x));
    expect(refused(() => checkEvent({ ...event, involvements: roles }, vocabularies))).toBe(
      'no error',
    );
  });

  it('makes ids of 22 URL-safe characters', () => {
    const made = new Set(Array.from({ length: 50 }, newRecordId));
    expect(made.size).toBe(50);
    for (const made1 of made) expect(made1).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('reading stored documentation', () => {
  let seq = 0;
  const entry = (kind: TimelineEntry['kind'], content: unknown, compartment = 'testimony') =>
    ({
      seq: ++seq,
      kind,
      compartment,
      authorId: 'author',
      createdAt: '2026-11-26T10:00:00.000Z',
      workflow: null,
      task: null,
      keyIds: null,
      content,
    }) as TimelineEntry;
  const summary = (compartments: string[]): CaseSummary =>
    ({
      id: 'case-1',
      stage: 'shelter',
      closedReason: null,
      assigneeId: null,
      riskLevel: 3,
      version: 1,
      createdAt: '2026-11-01T08:00:00.000Z',
      updatedAt: '2026-11-26T10:00:00.000Z',
      compartments,
      openTasks: 0,
      nextDueAt: null,
      verification: { outcome: 'verified' },
    }) as unknown as CaseSummary;

  it('counts only records that pass; the latest version is the record; the rest are problems', () => {
    seq = 0;
    const checked = checkEvent(event);
    const entries = [
      entry('testimony.recorded', testimony),
      entry('testimony.recorded', { ...testimony, text: 'Corrected.' }),
      entry('testimony.recorded', { ...testimony, id: id(2), consent: null }),
      entry('violation.coded', checked),
      // An act without a victim, stored by a browser that skipped the checks:
      entry('violation.coded', {
        ...checked,
        id: id(30),
        involvements: checked.involvements.slice(1),
      }),
      // A good event, then a bad version of it: the bad latest version wins, and is left out.
      entry('violation.coded', { ...checked, id: id(31) }),
      entry('violation.coded', { ...checked, id: id(31), endDate: '2017-01-01' }),
      // Terms unknown to these vocabularies still read (an organisation's own place, or its
      // narrower victim role): terms are the report's to judge, with its vocabularies.
      entry('violation.coded', {
        ...checked,
        id: id(32),
        place: 'organisation_own_place',
        involvements: checked.involvements.map((x, i) =>
          i === 0 ? { ...x, role: 'held_victim' } : x,
        ),
      }),
      entry('violation.coded', { nonsense: true }),
      entry('violation.coded', checked, 'general'),
      entry('testimony.recorded', null),
    ];
    const view = { timeline: { entries } };
    const read = readTestimonies(view);
    expect(read.testimonies.map((t) => [t.id, t.text, t.versions, t.seq])).toEqual([
      [id(1), 'Corrected.', 2, 2],
      [id(2), testimony.text, 1, 3],
    ]);
    const events = readViolationEvents(view);
    expect(events.events.map((e) => e.id)).toEqual([id(10), id(32)]);
    expect(events.problems).toEqual([
      { seq: 5, kind: 'violation', code: 'act_without_victim' },
      { seq: 7, kind: 'violation', code: 'dates_out_of_order' },
      { seq: 9, kind: 'violation', code: 'invalid_record' },
      { seq: 10, kind: 'violation', code: 'wrong_compartment' },
    ]);

    const digest = documentationDigest(summary(['general', 'testimony']), entries);
    expect(digest.readsTestimony).toBe(true);
    expect(digest.testimonies.map((t) => t.id)).toEqual([id(1), id(2)]);
    expect(digest.events.map((e) => e.id)).toEqual([id(10), id(32)]);
    expect(JSON.stringify(digest)).not.toContain('Held with eleven others');
    expect(JSON.stringify(digest)).not.toContain('Corrected.');
    expect(digest.problems.map((p) => [p.seq, p.kind, p.code])).toEqual([
      [5, 'violation', 'act_without_victim'],
      [7, 'violation', 'dates_out_of_order'],
      [9, 'violation', 'invalid_record'],
      [10, 'violation', 'wrong_compartment'],
    ]);
    expect(digest.outcomes).toEqual({ evacuatedOn: null, relocatedOn: null, relocatedTo: null });
    expect(digest.openedAt).toBe('2026-11-01T08:00:00.000Z');

    const blind = documentationDigest(summary(['general']), entries);
    expect(blind).toMatchObject({
      readsTestimony: false,
      testimonies: [],
      events: [],
      problems: [],
    });
  });

  it('keeps the perpetrator type of a role the defaults do not know, for the report to judge', () => {
    seq = 0;
    const checked = checkEvent(event);
    const entries = [
      entry('testimony.recorded', testimony),
      entry('violation.coded', {
        ...checked,
        involvements: checked.involvements.map((x) =>
          x.role === 'perpetrator' ? { ...x, role: 'ordering_official' } : x,
        ),
      }),
    ];
    const [read] = readViolationEvents({ timeline: { entries } }).events;
    expect(read?.involvements.find((x) => x.role === 'ordering_official')?.perpetratorType).toBe(
      'security_forces',
    );
    // A known role that is no perpetrator's still loses a type it should not carry.
    expect(read?.involvements.find((x) => x.role === 'victim')?.perpetratorType).toBeNull();
  });

  it('takes outcomes from the signed workflow when the plan and relocation are not readable', () => {
    seq = 0;
    const move = (stage: string, createdAt: string, closedReason?: string) =>
      ({
        ...entry('workflow.changed', null, 'general'),
        createdAt,
        workflow: { stage, ...(closedReason ? { closedReason } : {}) },
      }) as TimelineEntry;
    const entries = [
      move('triage', '2026-01-01T10:00:00.000Z'),
      move('evacuation', '2026-01-05T10:00:00.000Z'),
      move('shelter', '2026-01-09T10:00:00.000Z'),
      move('evacuation', '2026-02-01T10:00:00.000Z'),
      move('relocation', '2026-02-03T10:00:00.000Z'),
      move('closed', '2026-04-30T10:00:00.000Z', 'relocated'),
    ];
    const digest = documentationDigest(summary(['general', 'testimony']), entries);
    expect(digest.outcomes).toEqual({
      evacuatedOn: '2026-01-09',
      relocatedOn: '2026-04-30',
      relocatedTo: null,
    });
    const settled = documentationDigest(summary(['general']), [
      ...entries.slice(0, 5),
      move('closed', '2026-04-30T10:00:00.000Z', 'settled_in_country'),
    ]);
    expect(settled.outcomes).toEqual({
      evacuatedOn: '2026-01-09',
      relocatedOn: null,
      relocatedTo: null,
    });
  });

  it('keeps the first capture of an evidence id; a later record claiming it is a problem', () => {
    seq = 0;
    const hash = (c: string) => c.repeat(64);
    const file = (sha256: string) => ({
      blobId: 'B'.repeat(22),
      name: 'photo.jpg',
      type: 'image/jpeg',
      size: 10,
      sha256,
      original: { size: 10, sha256 },
      metadataRemoved: null,
      key: 'K'.repeat(43),
    });
    const evidence = (attachmentSeq: number, sha256: string) => ({
      id: id(40),
      kind: 'file',
      title: 'Photo of the injuries',
      attachmentSeq,
      url: null,
      sha256,
      size: 10,
      capturedAt: '2026-11-26T09:00:00.000Z',
      source: 'The person’s phone',
      method: 'Copied by the interviewer',
      eventId: null,
      actIds: [],
    });
    const entries = [
      entry('attachment.added', file(hash('a'))),
      entry('evidence.recorded', evidence(1, hash('a'))),
      // A substitute file and a record claiming the same evidence id, with its hash:
      entry('attachment.added', file(hash('b'))),
      entry('evidence.recorded', evidence(3, hash('b'))),
    ];
    const digest = documentationDigest(summary(['general', 'testimony']), entries);
    expect(digest.evidence.map((e) => [e.evidence.sha256, e.evidence.attachmentSeq])).toEqual([
      [hash('a'), 1],
    ]);
    expect(digest.problems).toEqual([{ seq: 4, kind: 'evidence', code: 'evidence_rewritten' }]);
  });
});

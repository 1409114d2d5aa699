import type { Stage } from '@corridor/protocol';
import {
  type Act,
  captureEvidence,
  type Involvement,
  loadTeamKeyring,
  type MemberSession,
  newRecordId,
  openCase,
  type Person,
  saveTestimony,
  saveViolationEvent,
  type Testimony,
  type Vocabularies,
  vocabularyVersions,
} from '@corridor/vault';

/**
 * Issue 8's documentation in the demo organisation: twenty fictional people who were held
 * in 2017–18, each with a testimony taken with consent and the violations it describes
 * coded as an event with acts (detention at a named site, torture, forced naming of
 * others, a phone searched, a relative killed), so the seeds' table — evacuated, fled,
 * detained, tortured, killed, by year — comes out of a report over the demo with real
 * suppression at the default threshold. Every person, date and detail here is invented.
 */
export interface DocumentedPerson {
  readonly title: string;
  /** The stages the case moves through after `new` (verified before evacuation). */
  readonly path: readonly Stage[];
  readonly closedReason?: 'relocated' | 'settled_in_country';
  readonly year: 2017 | 2018;
  readonly month: number;
  readonly site:
    | 'argun_detention_site'
    | 'tsotsi_yurt_detention_site'
    | 'chechnya_unknown_detention_site';
  readonly daysHeld: number;
  readonly tortured: boolean;
  readonly forcedToName: boolean;
  readonly phoneSeized: boolean;
  /** A relative was killed by the family afterwards (the person reports it). */
  readonly relativeKilled: boolean;
  readonly consent: readonly string[];
  readonly status: 'verified' | 'corroborated';
}

const sites = [
  'argun_detention_site',
  'tsotsi_yurt_detention_site',
  'chechnya_unknown_detention_site',
] as const;

/** The documented people, made by rule so the figures are easy to check by hand. */
export const documentedPeople: readonly DocumentedPerson[] = Array.from({ length: 20 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  const path: Stage[] =
    i < 11
      ? ['triage', 'verification', 'evacuation', 'shelter', 'closed']
      : i < 17
        ? ['triage', 'verification', 'evacuation', 'shelter', 'relocation', 'closed']
        : ['triage'];
  return {
    title:
      i % 2 === 0
        ? `Documented case ${n}, held in 2017–18 (fictional)`
        : `Задокументированный случай ${n} (вымышленный)`,
    path,
    // Held years ago: those evacuated have since settled in the country or moved abroad.
    ...(i < 17
      ? { closedReason: i < 11 ? ('settled_in_country' as const) : ('relocated' as const) }
      : {}),
    year: i < 14 ? 2017 : 2018,
    month: 2 + (i % 6),
    site: sites[i % 3] ?? 'argun_detention_site',
    daysHeld: 3 + ((i * 5) % 19),
    tortured: i % 2 === 0 || i === 9 || i === 15 || i === 17,
    forcedToName: i % 4 === 0,
    phoneSeized: i % 5 === 0,
    relativeKilled: [1, 3, 5, 7, 9, 11, 15, 17].includes(i),
    consent:
      i === 19
        ? ['internal_only']
        : [
            'internal_only',
            'anonymised_statistics',
            ...(i % 2 === 0 ? ['anonymised_quotes'] : []),
            ...(i % 3 === 0 ? ['sharing_with_named_bodies', 'united_nations'] : []),
          ],
    status: i % 3 === 2 ? 'corroborated' : 'verified',
  };
});

const date = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function act(
  type: string,
  startDate: string,
  endDate: string | null,
  status: string,
  extra: Partial<Act> = {},
): Act {
  return {
    id: newRecordId(),
    type,
    startDate,
    endDate,
    methods: [],
    detentionPlace: null,
    verification: { status, date: addDays(endDate ?? startDate, 60) },
    note: '',
    ...extra,
  };
}

/** The testimony and the coded event of one documented person. */
export function documentationOf(
  person: DocumentedPerson,
  vocabularies: Vocabularies,
): { testimony: Testimony; event: Parameters<typeof saveViolationEvent>[2] } {
  const start = date(person.year, person.month, 10);
  const end = addDays(start, person.daysHeld - 1);
  const testimony: Testimony = {
    id: newRecordId(),
    text: `Fictional statement for the demo: detained on ${start}, held ${person.daysHeld} days${
      person.tortured ? ', beaten and given electric shocks' : ''
    }${person.forcedToName ? ', made to name acquaintances' : ''}. Nothing here is real.`,
    language: 'en',
    interviewDate: addDays(end, 30),
    interviewer: 'Demo interviewer',
    consent: {
      uses: [...person.consent],
      givenOn: addDays(end, 30),
      expiresOn: null,
      method: 'oral_recorded',
      note: '',
    },
  };
  const subject: Person = { id: newRecordId(), label: 'The person', caseSubject: true };
  const officers: Person = { id: newRecordId(), label: 'Officers (fictional)', caseSubject: false };
  const persons: Person[] = [subject, officers];
  const acts: Act[] = [
    act('secret_detention', start, end, person.status, { detentionPlace: person.site }),
  ];
  if (person.tortured) {
    acts.push(
      act('torture', addDays(start, 1), addDays(start, 1), person.status, {
        methods: ['beating', 'electric_shocks'],
        detentionPlace: person.site,
      }),
    );
  }
  if (person.forcedToName) {
    acts.push(act('forced_disclosure_of_identities', addDays(start, 1), null, person.status));
  }
  if (person.phoneSeized)
    acts.push(act('seizure_of_phone_or_contacts', start, start, person.status));
  const involvements: Involvement[] = acts.flatMap((a) => [
    { personId: subject.id, actId: a.id, role: 'victim', perpetratorType: null },
    { personId: officers.id, actId: a.id, role: 'perpetrator', perpetratorType: 'security_forces' },
  ]);
  if (person.relativeKilled) {
    const relative: Person = {
      id: newRecordId(),
      label: 'A cousin (fictional)',
      caseSubject: false,
    };
    const family: Person = {
      id: newRecordId(),
      label: 'Relatives (fictional)',
      caseSubject: false,
    };
    persons.push(relative, family);
    const killing = act('honour_killing', addDays(end, 20), addDays(end, 20), 'corroborated');
    acts.push(killing);
    involvements.push(
      { personId: relative.id, actId: killing.id, role: 'victim', perpetratorType: null },
      { personId: family.id, actId: killing.id, role: 'perpetrator', perpetratorType: 'family' },
      { personId: subject.id, actId: killing.id, role: 'source', perpetratorType: null },
    );
  }
  return {
    testimony,
    event: {
      id: newRecordId(),
      title: `Detention in ${person.year} (fictional)`,
      startDate: start,
      endDate:
        acts
          .map((a) => a.endDate ?? a.startDate)
          .sort()
          .at(-1) ?? end,
      place: person.site,
      sources: [testimony.id],
      acts,
      persons,
      involvements,
      vocabularyVersions: vocabularyVersions(vocabularies),
    },
  };
}

/**
 * Writes each documented person's testimony and coded event, as the documentation member,
 * and one piece of evidence (a fictional medical note, hashed at capture) on the first.
 */
export async function seedDemoDocumentation(
  documentation: MemberSession,
  caseIds: ReadonlyMap<string, string>,
  vocabularies: Vocabularies,
  now: Date = new Date(),
): Promise<void> {
  const ring = await loadTeamKeyring(documentation);
  const today = now.toISOString().slice(0, 10);
  for (const [i, person] of documentedPeople.entries()) {
    const caseId = caseIds.get(person.title);
    if (!caseId) throw new Error(`documented demo case "${person.title}" is missing`);
    const { testimony, event } = documentationOf(person, vocabularies);
    await saveTestimony(
      documentation,
      await openCase(documentation, ring, caseId),
      testimony,
      vocabularies,
      today,
    );
    await saveViolationEvent(
      documentation,
      await openCase(documentation, ring, caseId),
      event,
      vocabularies,
      today,
    );
    if (i === 0) {
      const note = new TextEncoder().encode(
        'Fictional medical note for the Corridor demo: bruising consistent with beating.\n',
      );
      await captureEvidence(
        documentation,
        await openCase(documentation, ring, caseId),
        {
          title: 'Medical note (fictional)',
          source: 'A clinic the person visited after release (fictional)',
          method: 'Photographed by the interviewer',
          eventId: event.id,
          actIds: event.acts.slice(0, 2).map((a) => a.id),
          file: {
            name: 'medical-note.txt',
            type: 'text/plain',
            size: note.length,
            content: [note],
          },
        },
        now,
      );
    }
  }
}

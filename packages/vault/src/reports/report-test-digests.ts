// Hand-made digests for the report tests: small enough to count by hand.
import type {
  DigestEvent,
  DigestTestimony,
  DocumentationDigest,
} from '../documentation/documentation-digest-types.ts';
import type { Act, Consent, Involvement, Person } from '../documentation/records.ts';

export function consent(uses: string[], expiresOn: string | null = null): Consent {
  return { uses, givenOn: '2017-06-01', expiresOn, method: 'written', note: '' };
}

export function testimony(id: string, given: Consent | null): DigestTestimony {
  return { id, interviewDate: '2017-06-01', language: 'ru', consent: given };
}

export function act(
  id: string,
  type: string,
  startDate: string,
  endDate: string | null = startDate,
  extra: Partial<Omit<Act, 'note'>> = {},
): Omit<Act, 'note'> {
  return {
    id,
    type,
    startDate,
    endDate,
    methods: [],
    detentionPlace: null,
    verification: { status: 'verified', date: '2017-08-01' },
    ...extra,
  };
}

export const subject = (id = 'subject'): Person => ({ id, label: 'The person', caseSubject: true });
export const other = (id: string, label = `Detainee ${id}`): Person => ({
  id,
  label,
  caseSubject: false,
});

export function victim(personId: string, actId: string): Involvement {
  return { personId, actId, role: 'victim', perpetratorType: null };
}

export function perpetrator(personId: string, actId: string, type: string | null): Involvement {
  return { personId, actId, role: 'perpetrator', perpetratorType: type };
}

export function event(
  id: string,
  fields: Partial<DigestEvent> & Pick<DigestEvent, 'acts' | 'persons' | 'involvements'>,
): DigestEvent {
  return {
    id,
    title: `Event ${id}`,
    startDate: fields.acts[0]?.startDate ?? '2017-04-01',
    endDate: null,
    place: null,
    sources: ['t1'],
    vocabularyVersions: { act_types: 1 },
    ...fields,
  };
}

export function digest(
  caseId: string,
  fields: Partial<Omit<DocumentationDigest, 'outcomes'>> & {
    outcomes?: Partial<DocumentationDigest['outcomes']>;
  } = {},
): DocumentationDigest {
  const { outcomes, ...rest } = fields;
  return {
    caseId,
    stage: 'relocation',
    closedReason: null,
    openedAt: '2017-04-01T00:00:00.000Z',
    readsTestimony: true,
    testimonies: [testimony('t1', consent(['anonymised_statistics', 'united_nations']))],
    events: [],
    evidence: [],
    spending: { byCategory: [], byMonth: [] },
    problems: [],
    ...rest,
    outcomes: { evacuatedOn: null, relocatedOn: null, relocatedTo: null, ...outcomes },
  };
}

/**
 * Three cases worked through in the tests:
 * - A: evacuated 2017-05-10, fled to Germany 2017-09-01. Event in the Argun secret prison:
 *   a1 abduction 1–3 Apr 2017 of the person and of detainee B (3 days each); a2 torture
 *   2 Apr 2017 of the person by police.
 * - B: evacuated 2018-02-01, relocated within Russia 2018-03-01. Event in Grozny: b1 secret
 *   detention 10 Jun – 10 Jul 2017 (31 days), b2 ill-treatment 11 Jun 2017. Event in
 *   Moscow: b3 arbitrary detention from 5 Jan 2018, not ended.
 * - C: still in progress. Event with no place: c1 honour killing of K by family 1 Apr
 *   2018, c2 threats to the person 1 Apr 2018.
 */
export function threeCases(): DocumentationDigest[] {
  return [
    digest('A', {
      outcomes: { evacuatedOn: '2017-05-10', relocatedOn: '2017-09-01', relocatedTo: 'DE' },
      events: [
        event('eA1', {
          place: 'argun_detention_site',
          acts: [
            act('a1', 'abduction', '2017-04-01', '2017-04-03'),
            act('a2', 'torture', '2017-04-02'),
          ],
          persons: [subject(), other('B'), other('P', 'Officer')],
          involvements: [
            victim('subject', 'a1'),
            victim('B', 'a1'),
            victim('subject', 'a2'),
            perpetrator('P', 'a2', 'police'),
          ],
        }),
      ],
    }),
    digest('B', {
      outcomes: { evacuatedOn: '2018-02-01', relocatedOn: '2018-03-01', relocatedTo: 'RU' },
      events: [
        event('eB1', {
          place: 'grozny',
          acts: [
            act('b1', 'secret_detention', '2017-06-10', '2017-07-10'),
            act('b2', 'ill_treatment', '2017-06-11'),
          ],
          persons: [subject('s2')],
          involvements: [victim('s2', 'b1'), victim('s2', 'b2')],
        }),
        event('eB2', {
          place: 'moscow',
          acts: [act('b3', 'arbitrary_detention', '2018-01-05', null)],
          persons: [subject('s3')],
          involvements: [victim('s3', 'b3')],
        }),
      ],
    }),
    digest('C', {
      stage: 'triage',
      events: [
        event('eC1', {
          acts: [act('c1', 'honour_killing', '2018-04-01'), act('c2', 'threats', '2018-04-01')],
          persons: [subject(), other('K'), other('F', 'Uncle')],
          involvements: [
            victim('K', 'c1'),
            perpetrator('F', 'c1', 'family'),
            victim('subject', 'c2'),
            perpetrator('F', 'c2', 'family'),
          ],
        }),
      ],
    }),
  ];
}

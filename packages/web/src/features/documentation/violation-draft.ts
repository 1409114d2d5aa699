import type { ViolationEvent } from '@corridor/vault';

/** An act as the form holds it: every field a string, as inputs give them. */
export interface ActDraft {
  readonly id: string;
  type: string;
  startDate: string;
  endDate: string;
  methods: string[];
  detentionPlace: string;
  verificationStatus: string;
  verificationDate: string;
  note: string;
}

export interface PersonDraft {
  readonly id: string;
  label: string;
  caseSubject: boolean;
}

export interface InvolvementDraft {
  /** Only for React's list: involvements have no id of their own. */
  readonly key: string;
  personId: string;
  actId: string;
  role: string;
  perpetratorType: string;
}

/** The coding form's state; kept whole across a refusal so nothing typed is lost. */
export interface ViolationDraft {
  readonly id: string;
  title: string;
  startDate: string;
  endDate: string;
  place: string;
  sources: string[];
  acts: ActDraft[];
  persons: PersonDraft[];
  involvements: InvolvementDraft[];
}

/** Ids for new acts, persons and involvement rows; `newRecordId` from the vault in use. */
export type MakeId = () => string;

export const emptyAct = (newId: MakeId, today: string): ActDraft => ({
  id: newId(),
  type: '',
  startDate: '',
  endDate: '',
  methods: [],
  detentionPlace: '',
  verificationStatus: 'unverified',
  verificationDate: today,
  note: '',
});

export const emptyPerson = (newId: MakeId, caseSubject: boolean, label = ''): PersonDraft => ({
  id: newId(),
  label,
  caseSubject,
});

export const emptyInvolvement = (newId: MakeId, personId = '', actId = ''): InvolvementDraft => ({
  key: newId(),
  personId,
  actId,
  role: 'victim',
  perpetratorType: '',
});

/**
 * A new event's draft: one act, the case's subject as a person and their involvement as
 * its victim — the shape nearly every coding starts from, so the coder changes rather
 * than builds it.
 */
export function newDraft(newId: MakeId, today: string, subjectLabel: string): ViolationDraft {
  const act = emptyAct(newId, today);
  const subject = emptyPerson(newId, true, subjectLabel);
  return {
    id: newId(),
    title: '',
    startDate: '',
    endDate: '',
    place: '',
    sources: [],
    acts: [act],
    persons: [subject],
    involvements: [emptyInvolvement(newId, subject.id, act.id)],
  };
}

/**
 * The draft of a coded event, to recode it: a save is a new version of the same id,
 * coded against the vocabularies as they are now.
 */
export function draftOf(event: ViolationEvent, newId: MakeId): ViolationDraft {
  return {
    id: event.id,
    title: event.title,
    startDate: event.startDate,
    endDate: event.endDate ?? '',
    place: event.place ?? '',
    sources: [...event.sources],
    acts: event.acts.map((act) => ({
      id: act.id,
      type: act.type,
      startDate: act.startDate,
      endDate: act.endDate ?? '',
      methods: [...act.methods],
      detentionPlace: act.detentionPlace ?? '',
      verificationStatus: act.verification.status,
      verificationDate: act.verification.date,
      note: act.note,
    })),
    persons: event.persons.map((person) => ({ ...person })),
    involvements: event.involvements.map((involvement) => ({
      key: newId(),
      personId: involvement.personId,
      actId: involvement.actId,
      role: involvement.role,
      perpetratorType: involvement.perpetratorType ?? '',
    })),
  };
}

const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/**
 * The record a draft states, for `checkViolationEvent` to judge: empty optional fields
 * become null, a perpetrator type only for a perpetrator, and the vocabulary versions it
 * is coded against now.
 */
export function eventOf(
  draft: ViolationDraft,
  vocabularyVersions: Readonly<Record<string, number>>,
): ViolationEvent {
  return {
    id: draft.id,
    title: draft.title.trim(),
    startDate: draft.startDate,
    endDate: orNull(draft.endDate),
    place: orNull(draft.place),
    sources: [...draft.sources],
    acts: draft.acts.map((act) => ({
      id: act.id,
      type: act.type,
      startDate: act.startDate,
      endDate: orNull(act.endDate),
      methods: [...act.methods],
      detentionPlace: orNull(act.detentionPlace),
      verification: { status: act.verificationStatus, date: act.verificationDate },
      note: act.note.trim(),
    })),
    persons: draft.persons.map((person) => ({
      id: person.id,
      label: person.label.trim(),
      caseSubject: person.caseSubject,
    })),
    involvements: draft.involvements.map((involvement) => ({
      personId: involvement.personId,
      actId: involvement.actId,
      role: involvement.role,
      perpetratorType:
        involvement.role === 'perpetrator' ? orNull(involvement.perpetratorType) : null,
    })),
    vocabularyVersions: { ...vocabularyVersions },
  };
}

/**
 * The draft without an act, and without the involvements naming it: an involvement of
 * a removed act would be refused as `act_unknown` on a row the coder can no longer see.
 */
export function withoutAct(draft: ViolationDraft, actId: string): ViolationDraft {
  return {
    ...draft,
    acts: draft.acts.filter((act) => act.id !== actId),
    involvements: draft.involvements.filter((involvement) => involvement.actId !== actId),
  };
}

/** The draft without a person, and without the involvements naming them. */
export function withoutPerson(draft: ViolationDraft, personId: string): ViolationDraft {
  return {
    ...draft,
    persons: draft.persons.filter((person) => person.id !== personId),
    involvements: draft.involvements.filter((involvement) => involvement.personId !== personId),
  };
}

import { describe, expect, it } from 'vitest';
import {
  draftOf,
  emptyAct,
  emptyInvolvement,
  eventOf,
  newDraft,
  withoutAct,
  withoutPerson,
} from './violation-draft.ts';

let counter = 0;
const newId = () => `id${String(counter++).padStart(20, '0')}`;
const versions = { act_types: 1, places: 2 };

describe("the coding form's draft", () => {
  it("starts with one act and the case's person as its victim", () => {
    const draft = newDraft(newId, '2026-11-26', 'The person');
    expect(draft.acts).toHaveLength(1);
    expect(draft.persons).toEqual([
      { id: draft.persons[0]?.id, label: 'The person', caseSubject: true },
    ]);
    expect(draft.involvements[0]).toMatchObject({
      personId: draft.persons[0]?.id,
      actId: draft.acts[0]?.id,
      role: 'victim',
    });
  });

  it('states a record: empty optional fields null, a perpetrator type only for a perpetrator', () => {
    const draft = newDraft(newId, '2026-11-26', 'Subject');
    const act = {
      ...(draft.acts[0] ?? emptyAct(newId, '')),
      type: 'torture',
      startDate: '2017-03-01',
    };
    const officer = { id: newId(), label: ' Officer ', caseSubject: false };
    const event = eventOf(
      {
        ...draft,
        title: '  Detention in Argun ',
        startDate: '2017-03-01',
        place: 'argun',
        acts: [act],
        persons: [...draft.persons, officer],
        involvements: [
          { ...(draft.involvements[0] ?? emptyInvolvement(newId)), perpetratorType: 'police' },
          {
            ...emptyInvolvement(newId, officer.id, act.id),
            role: 'perpetrator',
            perpetratorType: 'police',
          },
        ],
      },
      versions,
    );
    expect(event.title).toBe('Detention in Argun');
    expect(event.endDate).toBeNull();
    expect(event.acts[0]).toMatchObject({
      endDate: null,
      detentionPlace: null,
      verification: { status: 'unverified', date: '2026-11-26' },
    });
    expect(event.persons[1]?.label).toBe('Officer');
    expect(event.involvements.map((i) => i.perpetratorType)).toEqual([null, 'police']);
    expect(event.vocabularyVersions).toEqual(versions);
  });

  it('round-trips a coded event, so recoding keeps its ids', () => {
    const draft = newDraft(newId, '2026-11-26', 'Subject');
    const event = eventOf({ ...draft, title: 'T', startDate: '2017-03-01' }, versions);
    expect(eventOf(draftOf(event, newId), versions)).toEqual(event);
  });

  it('drops the involvements of a removed act or person', () => {
    const draft = newDraft(newId, '2026-11-26', 'Subject');
    const second = emptyAct(newId, '2026-11-26');
    const two = {
      ...draft,
      acts: [...draft.acts, second],
      involvements: [
        ...draft.involvements,
        emptyInvolvement(newId, draft.persons[0]?.id, second.id),
      ],
    };
    expect(withoutAct(two, second.id).involvements).toEqual(draft.involvements);
    const nobody = withoutPerson(two, draft.persons[0]?.id ?? '');
    expect(nobody.persons).toEqual([]);
    expect(nobody.involvements).toEqual([]);
  });
});

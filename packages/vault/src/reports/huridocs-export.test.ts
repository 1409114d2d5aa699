import { defaultVocabularies } from '@corridor/protocol';
import { describe, expect, it } from 'vitest';
import { HuridocsExportError, huridocsExport, huridocsExportUses } from './huridocs-export.ts';
import { consent, digest, testimony, threeCases } from './report-test-digests.ts';

const today = '2026-11-26';

describe('huridocsExport', () => {
  it('exports coded events as event → acts → involvements with term labels and versions', () => {
    const { document, leftOut } = huridocsExport(threeCases(), defaultVocabularies, {
      use: 'united_nations',
      today,
    });
    expect(leftOut).toBe(0);
    expect(document.format).toBe('corridor-huridocs-events');
    expect(document.use).toBe('united_nations');
    expect(document.vocabularies).toMatchObject({ act_types: 1, places: 1, consent_uses: 1 });
    expect(document.events.map((e) => e.id)).toEqual(['eA1', 'eB1', 'eB2', 'eC1']);
    const [first] = document.events;
    expect(first?.place).toEqual({
      id: 'argun_detention_site',
      vocabulary: 'places',
      labels: { en: 'Secret prison in Argun', ru: 'Тайная тюрьма в Аргуне' },
    });
    expect(first?.vocabularyVersions).toEqual({ act_types: 1 });
    const torture = first?.acts[1];
    expect(torture?.type.labels).toEqual({ en: 'Torture', ru: 'Пытки' });
    expect(torture?.verification.status.id).toBe('verified');
    expect(torture?.involvements).toEqual([
      {
        personId: 'subject',
        role: {
          id: 'victim',
          vocabulary: 'involvement_roles',
          labels: { en: 'Victim', ru: 'Пострадавший' },
        },
        perpetratorType: null,
      },
      {
        personId: 'P',
        role: {
          id: 'perpetrator',
          vocabulary: 'involvement_roles',
          labels: { en: 'Perpetrator', ru: 'Исполнитель нарушения' },
        },
        perpetratorType: {
          id: 'police',
          vocabulary: 'perpetrator_types',
          labels: { en: 'Police', ru: 'Полиция' },
        },
      },
    ]);
  });

  it('replaces person labels and titles unless consent allows named publication', () => {
    const anonymous = huridocsExport(threeCases(), defaultVocabularies, {
      use: 'united_nations',
      today,
    });
    const first = anonymous.document.events[0];
    expect(first?.title).toBe('Event 1');
    expect(first?.persons.map((p) => p.label)).toEqual(['Person 1', 'Person 2', 'Person 3']);
    const text = JSON.stringify(anonymous.document);
    expect(text).not.toContain('Officer');
    expect(text).not.toContain('Detainee');
    expect(text).not.toContain('Event eA1');

    const [a] = threeCases();
    if (a === undefined) throw new Error('fixture');
    const named = huridocsExport(
      [{ ...a, testimonies: [testimony('t1', consent(['united_nations', 'named_publication']))] }],
      defaultVocabularies,
      { use: 'united_nations', today },
    );
    expect(named.document.events[0]?.title).toBe('Event eA1');
    expect(named.document.events[0]?.persons.map((p) => p.label)).toEqual([
      'The person',
      'Detainee B',
      'Officer',
    ]);
  });

  it('leaves out and counts events without consent for the use', () => {
    const cases = [
      ...threeCases(),
      digest('X', {
        testimonies: [testimony('t1', consent(['anonymised_statistics']))],
        events: threeCases()[1]?.events ?? [],
      }),
      digest('Y', {
        testimonies: [testimony('t1', consent(['united_nations'], '2020-01-01'))],
        events: threeCases()[2]?.events ?? [],
      }),
    ];
    const { document, leftOut } = huridocsExport(cases, defaultVocabularies, {
      use: 'united_nations',
      today,
    });
    expect(leftOut).toBe(3);
    expect(document.leftOutForConsent).toBe(3);
    expect(document.events).toHaveLength(4);
    const courts = huridocsExport(cases, defaultVocabularies, { use: 'courts', today });
    expect(courts.leftOut).toBe(7);
    expect(courts.document.events).toEqual([]);
  });

  it('carries no testimony text, consent notes or act notes', () => {
    const [a] = threeCases();
    if (a === undefined) throw new Error('fixture');
    const withNotes = {
      ...a,
      testimonies: [
        {
          ...testimony('t1', {
            ...consent(['united_nations', 'named_publication']),
            note: 'SECRET-NOTE',
          }),
          text: 'SECRET-TESTIMONY',
        },
      ],
      events: a.events.map((e) => ({
        ...e,
        acts: e.acts.map((x) => ({ ...x, note: 'SECRET-ACT-NOTE' })),
      })),
    };
    const text = JSON.stringify(
      huridocsExport([withNotes], defaultVocabularies, { use: 'united_nations', today }).document,
    );
    expect(text).not.toMatch(/SECRET/);
  });

  it('refuses a use that is no consent term', () => {
    expect(() => huridocsExport([], defaultVocabularies, { use: 'torture', today })).toThrow(
      HuridocsExportError,
    );
  });
});

describe('huridocsExport for a named body', () => {
  it('offers named publication and the named bodies only', () => {
    expect(huridocsExportUses(defaultVocabularies)).toEqual([
      'named_publication',
      'united_nations',
      'osce',
      'courts',
    ]);
  });

  it('refuses internal use and anonymised statistics with a clear error', () => {
    for (const use of ['internal_only', 'anonymised_statistics', 'sharing_with_named_bodies']) {
      const refused = (() => {
        try {
          huridocsExport(threeCases(), defaultVocabularies, { use, today });
          return null;
        } catch (caught) {
          return caught;
        }
      })();
      expect(refused).toBeInstanceOf(HuridocsExportError);
      expect((refused as HuridocsExportError).code).toBe('use_not_for_export');
      expect((refused as Error).message).toMatch(/named body/);
    }
  });

  it('keeps to the date range and verified acts, and counts unreadable cases', () => {
    const cases = threeCases();
    const unverified = digest('U', {
      events: [
        {
          ...(cases[0]?.events[0] as NonNullable<(typeof cases)[0]>['events'][0]),
          id: 'eU',
          acts: (cases[0]?.events[0]?.acts ?? []).map((a, i) =>
            i === 0 ? { ...a, verification: { status: 'unverified', date: '2017-08-01' } } : a,
          ),
        },
      ],
    });
    const locked = digest('L', { readsTestimony: false });
    const all = [...cases, unverified, locked];
    const in2017 = huridocsExport(all, defaultVocabularies, {
      use: 'united_nations',
      today,
      from: '2017-01-01',
      to: '2017-12-31',
    });
    // eB2 (2018) and eC1 (2018) are outside the range.
    expect(in2017.document.events.map((e) => e.id)).toEqual(['eA1', 'eU', 'eB1']);
    expect(in2017.unreadableCases).toBe(1);
    expect(in2017.document.unreadableCases).toBe(1);
    expect(in2017.document).toMatchObject({ from: '2017-01-01', to: '2017-12-31' });

    const verified = huridocsExport(all, defaultVocabularies, {
      use: 'united_nations',
      today,
      from: '2017-01-01',
      to: '2017-12-31',
      verifiedOnly: true,
    });
    const eU = verified.document.events.find((e) => e.id === 'eU');
    // The unverified abduction is dropped with its involvements; the torture stays.
    expect(eU?.acts.map((a) => a.id)).toEqual(['a2']);
    expect(eU?.acts[0]?.involvements.map((i) => i.personId)).toEqual(['subject', 'P']);
    expect(verified.document.verifiedOnly).toBe(true);

    expect(() =>
      huridocsExport(all, defaultVocabularies, {
        use: 'united_nations',
        today,
        from: '2018-01-01',
        to: '2017-01-01',
      }),
    ).toThrow(HuridocsExportError);
  });
});

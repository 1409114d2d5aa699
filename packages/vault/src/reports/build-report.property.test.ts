// Properties over random caseloads: every act in range is counted or accounted for
// (left out for consent, left out as unverified), every breakdown of the same acts adds
// up to the same total, and a person is never counted twice in a cell.
import { defaultVocabularies } from '@corridor/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocumentationDigest } from '../documentation/documentation-digest-types.ts';
import { buildReport } from './build-report.ts';
import { ReportDefinitionSchema } from './report-definition.ts';
import {
  act,
  consent,
  digest,
  event,
  other,
  subject,
  testimony,
  victim,
} from './report-test-digests.ts';

const actTypes = [
  'abduction',
  'secret_detention',
  'torture',
  'ill_treatment',
  'killing',
  'threats',
];
const places = [null, 'argun_detention_site', 'grozny', 'moscow', 'belarus'];
const statuses = ['verified', 'corroborated', 'unverified'];
const uses = [['anonymised_statistics'], ['internal_only'], ['united_nations']];

const actArbitrary = fc.record({
  type: fc.constantFrom(...actTypes),
  day: fc.integer({ min: 0, max: 900 }),
  length: fc.option(fc.integer({ min: 0, max: 40 })),
  place: fc.constantFrom(...places),
  status: fc.constantFrom(...statuses),
  victims: fc.subarray(['subject', 'x', 'y'], { minLength: 1 }),
});
const caseArbitrary = fc.record({
  uses: fc.constantFrom(...uses),
  events: fc.array(fc.array(actArbitrary, { minLength: 1, maxLength: 4 }), { maxLength: 3 }),
});

const dateOf = (day: number) => new Date(Date.UTC(2017, 0, 1 + day)).toISOString().slice(0, 10);

type CaseInput = typeof caseArbitrary extends fc.Arbitrary<infer T> ? T : never;

function caseload(cases: CaseInput[]): DocumentationDigest[] {
  return cases.map((c, i) =>
    digest(`c${i}`, {
      testimonies: [testimony('t1', consent(c.uses))],
      events: c.events.map((acts, e) =>
        event(`e${e}`, {
          place: 'chechnya',
          acts: acts.map((a, k) =>
            act(
              `a${k}`,
              a.type,
              dateOf(a.day),
              a.length === null ? null : dateOf(a.day + a.length),
              {
                detentionPlace: a.place,
                verification: { status: a.status, date: '2019-01-01' },
              },
            ),
          ),
          persons: [subject(), other('x'), other('y')],
          involvements: acts.flatMap((a, k) => a.victims.map((v) => victim(v, `a${k}`))),
        }),
      ),
    }),
  );
}

const base = { title: 'P', from: '2017-03-01', to: '2018-12-31', threshold: 1 } as const;

describe('buildReport properties', () => {
  it('accounts for every act in range, and every breakdown adds up to the same total', () => {
    fc.assert(
      fc.property(
        fc.array(caseArbitrary, { maxLength: 8 }),
        fc.boolean(),
        (cases, verifiedOnly) => {
          const digests = caseload(cases);
          const inRange = digests
            .flatMap((d) => d.events.flatMap((e) => e.acts))
            .filter((a) => a.startDate >= base.from && a.startDate <= base.to).length;
          const totals = (['act_type', 'place', 'outcome', 'perpetrator_type'] as const).map(
            (rows) => {
              const report = buildReport(
                ReportDefinitionSchema.parse({ ...base, measures: ['acts'], rows, verifiedOnly }),
                digests,
                defaultVocabularies,
                { today: '2026-11-26', locale: 'en' },
              );
              expect(report.warnings).toEqual([]);
              const total = report.table.protectedTable.grandTotal.value ?? -1;
              expect(total + report.leftOut.consent.acts + report.leftOut.unverified).toBe(inRange);
              return total;
            },
          );
          expect(new Set(totals).size).toBe(1);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never counts a person more often in a cell than there are persons', () => {
    fc.assert(
      fc.property(fc.array(caseArbitrary, { minLength: 1, maxLength: 6 }), (cases) => {
        const digests = caseload(cases);
        const report = buildReport(
          ReportDefinitionSchema.parse({
            ...base,
            measures: ['victims', 'persons_detained', 'persons_tortured', 'persons_killed'],
            use: 'internal_only',
          }),
          digests,
          defaultVocabularies,
          { today: '2026-11-26', locale: 'en' },
        );
        // Three persons a case, two years: no cell can hold more than 3 × cases.
        for (const line of report.table.protectedTable.cells) {
          for (const cell of line) expect(cell.value ?? 0).toBeLessThanOrEqual(3 * cases.length);
        }
        // Victims over the whole range: at most the distinct persons there are.
        const all = buildReport(
          ReportDefinitionSchema.parse({
            ...base,
            measures: ['victims'],
            columns: 'none',
            use: 'internal_only',
          }),
          digests,
          defaultVocabularies,
          { today: '2026-11-26', locale: 'en' },
        );
        const persons = new Set(
          digests.flatMap((d) =>
            d.events.flatMap((e) =>
              e.acts
                .filter((a) => a.startDate >= base.from && a.startDate <= base.to)
                .flatMap((a) =>
                  e.involvements
                    .filter((v) => v.actId === a.id)
                    .map((v) => `${d.caseId}:${v.personId}`),
                ),
            ),
          ),
        );
        expect(all.table.protectedTable.grandTotal.value).toBe(persons.size);
      }),
      { numRuns: 100 },
    );
  });
});

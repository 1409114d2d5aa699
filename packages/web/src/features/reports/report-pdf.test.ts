// The PDF a report exports, rendered in Node by pdfmake with the Roboto the browser build
// bundles, and read back with pdf.js: the title, the hidden-figure markers, the rule and
// what was left out are there as text, in English and in Russian (Cyrillic survives).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defaultVocabularies } from '@corridor/protocol';
import { buildReport, type Report, type UnlockedCase } from '@corridor/vault';
import i18next, { type TFunction } from 'i18next';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import pdfmake from 'pdfmake';
import { beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../i18n/messages.ts';
import { reportPdfDocument } from './report-pdf.ts';
import { cellText, ruleLines } from './report-text.ts';

type Digest = UnlockedCase['documentation'];

/** A case whose person was detained in Argun and tortured, with consent or without. */
function detainedCase(caseId: string, startDate: string, days: number, consented: boolean): Digest {
  const end = new Date(`${startDate}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + days - 1);
  const endDate = end.toISOString().slice(0, 10);
  const act = (id: string, type: string, last: string | null) => ({
    id,
    type,
    startDate,
    endDate: last,
    methods: [],
    detentionPlace: type === 'arbitrary_detention' ? 'argun_detention_site' : null,
    verification: { status: 'verified', date: startDate },
  });
  return {
    caseId,
    stage: 'relocation',
    closedReason: null,
    openedAt: `${startDate}T00:00:00.000Z`,
    readsTestimony: true,
    testimonies: [
      {
        id: 't1',
        interviewDate: startDate,
        language: 'ru',
        consent: consented
          ? {
              uses: ['anonymised_statistics'],
              givenOn: startDate,
              expiresOn: null,
              method: 'written',
              note: '',
            }
          : null,
      },
    ],
    events: [
      {
        id: `e-${caseId}`,
        title: 'Held in Argun',
        startDate,
        endDate,
        place: 'argun_detention_site',
        sources: ['t1'],
        acts: [act('d', 'arbitrary_detention', endDate), act('t', 'torture', startDate)],
        persons: [{ id: 'p', label: 'The person', caseSubject: true }],
        involvements: [
          { personId: 'p', actId: 'd', role: 'victim', perpetratorType: null },
          { personId: 'p', actId: 't', role: 'victim', perpetratorType: null },
        ],
        vocabularyVersions: { act_types: 1 },
      },
    ],
    evidence: [],
    outcomes: { evacuatedOn: null, relocatedOn: null, relocatedTo: null },
    spending: { byCategory: [], byMonth: [] },
    problems: [],
  };
}

/** Seven detained in 2017 (published), two in 2018 (hidden), six in 2019, one without consent. */
const digests: Digest[] = [
  ...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id, i) =>
    detainedCase(id, `2017-0${4 + (i % 3)}-0${1 + i}`, 3 + i, true),
  ),
  detainedCase('h', '2018-02-01', 4, true),
  detainedCase('i', '2018-03-01', 10, true),
  ...['k', 'l', 'm', 'n', 'o', 'p'].map((id, i) =>
    detainedCase(id, `2019-0${1 + i}-01`, 2 + i, true),
  ),
  detainedCase('j', '2017-05-01', 2, false),
];

function reportIn(locale: 'en' | 'ru'): Report {
  return buildReport(
    {
      title: locale === 'ru' ? 'Задержанные в Аргуне' : 'Detained in Argun',
      measures: ['persons_detained', 'persons_tortured'],
      rows: 'measure',
      columns: 'period',
      period: 'year',
      placeDepth: 2,
      from: '2017-01-01',
      to: '2019-12-31',
      verifiedOnly: false,
      use: 'anonymised_statistics',
      threshold: 5,
      rounding: 'none',
    },
    digests,
    defaultVocabularies,
    { today: '2026-11-26', locale },
  );
}

const translator = async (language: 'en' | 'ru'): Promise<TFunction> => {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { en: { translation: messages.en }, ru: { translation: messages.ru } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  return instance.t;
};

// A 1×1 PNG: the chart pictures the page takes from its canvases.
const pixel =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const fontDirectory = join(
  dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')),
  'fonts',
  'Roboto',
);

beforeAll(() => {
  // The browser build has these four files in its virtual file system; Node reads them.
  pdfmake.setFonts({
    Roboto: {
      normal: join(fontDirectory, 'Roboto-Regular.ttf'),
      bold: join(fontDirectory, 'Roboto-Medium.ttf'),
      italics: join(fontDirectory, 'Roboto-Italic.ttf'),
      bolditalics: join(fontDirectory, 'Roboto-MediumItalic.ttf'),
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => path.startsWith(fontDirectory));
});

async function pdfText(bytes: Uint8Array): Promise<string> {
  const document = await getDocument({ data: bytes, useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await document.destroy();
  return pages.join('\n').replace(/\s+/g, ' ');
}

describe.each(['en', 'ru'] as const)('the report PDF in %s', (language) => {
  it('prints the title, the table with hidden markers, the rule and what was left out', async () => {
    const t = await translator(language);
    const report = reportIn(language);
    const grid = report.table.protectedTable;
    // The fixture is built so 2018's figures are below the threshold.
    expect(grid.rule.primaryCount).toBeGreaterThan(0);
    expect(report.leftOut.consent.events).toBe(1);

    const definition = reportPdfDocument(
      report,
      { t, language, vocabularies: defaultVocabularies },
      [{ title: report.charts[0]?.title ?? 'chart', png: pixel }],
    );
    const buffer = await pdfmake.createPdf(definition).getBuffer();
    const text = await pdfText(new Uint8Array(buffer));

    expect(text).toContain(report.definition.title);
    expect(text).toContain(`${t('reports.disclosure.hiddenCell')}*`);
    for (const line of ruleLines(t, report.rule)) {
      expect(text.replace(/\s/g, '')).toContain(line.replace(/\s/g, ''));
    }
    expect(text).toContain(t('reports.result.leftOutEvents'));
    for (const label of report.table.rowLabels) expect(text).toContain(label);
    const published = grid.cells.flat().find((cell) => cell.value !== null && cell.value > 0);
    expect(published).toBeDefined();
    if (published) expect(text).toContain(cellText(t, published, language));
    if (language === 'ru') expect(text).toContain('Как защищены цифры');
  });
});

describe('the report PDF document', () => {
  it('turns to landscape when the table has many columns', async () => {
    const t = await translator('en');
    const monthly = buildReport(
      {
        title: 'By month',
        measures: ['persons_detained'],
        rows: 'measure',
        columns: 'period',
        period: 'month',
        placeDepth: 2,
        from: '2017-01-01',
        to: '2017-12-31',
        verifiedOnly: false,
        use: 'anonymised_statistics',
        threshold: 5,
        rounding: 'none',
      },
      digests,
      defaultVocabularies,
      { today: '2026-11-26', locale: 'en' },
    );
    const document = reportPdfDocument(
      monthly,
      { t, language: 'en', vocabularies: defaultVocabularies },
      [],
    );
    expect(document.pageOrientation).toBe('landscape');
  });
});

describe.each(['en', 'ru'] as const)('the report PDF, made to be published, in %s', (language) => {
  it('gives the number of warnings, not the cases, records or terms they concern', async () => {
    const t = await translator(language);
    const flawed: Digest = {
      ...detainedCase('case-id-secret', '2017-04-01', 3, true),
      problems: [{ seq: 4242, kind: 'violation', code: 'unknown_term' }],
    };
    const report = buildReport(
      {
        title: 'Detained',
        measures: ['persons_detained', 'persons_tortured'],
        rows: 'measure',
        columns: 'period',
        period: 'year',
        placeDepth: 2,
        from: '2017-01-01',
        to: '2019-12-31',
        verifiedOnly: false,
        use: 'anonymised_statistics',
        threshold: 1,
        rounding: 'none',
      },
      [...digests, flawed],
      defaultVocabularies,
      { today: '2026-11-26', locale: language },
    );
    expect(report.warnings).toHaveLength(1);
    const text = await pdfText(
      new Uint8Array(
        await pdfmake
          .createPdf(
            reportPdfDocument(report, { t, language, vocabularies: defaultVocabularies }, []),
          )
          .getBuffer(),
      ),
    );
    const squeezed = text.replace(/\s/g, '');
    expect(squeezed).toContain(t('reports.result.warningsCount', { count: 1 }).replace(/\s/g, ''));
    expect(text).not.toContain('case-id-secret');
    expect(text).not.toContain('4242');
    // Sums of cells are labelled as such; the rows are two measures, so no column sums.
    expect(text).toContain(t('reports.result.total'));
    expect(squeezed).toContain(t('reports.result.sumNote').replace(/\s/g, ''));
    expect(squeezed).toContain(t('reports.result.noColumnSum').replace(/\s/g, ''));
    const document = reportPdfDocument(
      report,
      { t, language, vocabularies: defaultVocabularies },
      [],
    );
    const table = document.content as { table?: { body: unknown[][] } }[];
    const body = table.find((part) => part.table !== undefined)?.table?.body ?? [];
    // Header and two measure rows: no row of column sums.
    expect(body).toHaveLength(3);
  });
});

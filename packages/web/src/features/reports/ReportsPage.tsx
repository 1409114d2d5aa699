import {
  buildReport,
  huridocsExport,
  type MemberSession,
  type Report,
  type ReportDefinition,
  reportCsv,
  type UnlockedCase,
} from '@corridor/vault';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { useKeyring } from '../cases/use-case-data.ts';
import { useUnlockedCases } from '../cases/use-unlocked-cases.ts';
import { localToday } from '../documentation/dates.ts';
import { useVocabularyState } from '../documentation/use-vocabularies.ts';
import { downloadFile, reportFileName } from './download-file.ts';
import { ReportForm } from './ReportForm.tsx';
import { ReportResult } from './ReportResult.tsx';
import { type ChartPicture, reportPdf } from './report-pdf.ts';
import { reportLocale } from './report-text.ts';

/**
 * Reports over the cases this member's browser decrypted: each case's documentation
 * digest (made in the unlock workers, no testimony text) is counted here, protected by
 * disclosure control, shown with its rule and what was left out, and exported as CSV,
 * PDF or HURIDOCS-shaped JSON. Nothing of it reaches the server.
 */
export function ReportsPage({ session }: { session: MemberSession }) {
  const { t, i18n } = useTranslation();
  const { ring } = useKeyring(session);
  const { unlocked, error } = useUnlockedCases(session, ring);
  // The organisation's own terms label the rows: wait for them, or an act coded with a
  // term only the organisation added would be a warning until they arrive.
  const { vocabularies, loaded } = useVocabularyState(session);
  const [definition, setDefinition] = useState<ReportDefinition | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const canvases = useRef(new Map<string, HTMLCanvasElement>());
  const locale = reportLocale(i18n.language);

  const digests = useMemo<UnlockedCase['documentation'][]>(
    () => (unlocked ? [...unlocked.cases.values()].map((found) => found.documentation) : []),
    [unlocked],
  );
  const caseTitles = useMemo(
    () =>
      new Map(
        unlocked ? [...unlocked.cases.values()].map((found) => [found.caseId, found.title]) : [],
      ),
    [unlocked],
  );
  // Built again when the language or the caseload changes: labels come in the report.
  const built = useMemo((): { report: Report } | { failure: unknown } | null => {
    if (!definition || !unlocked || !loaded) return null;
    try {
      return {
        report: buildReport(definition, digests, vocabularies, { today: localToday(), locale }),
      };
    } catch (caught) {
      return { failure: caught };
    }
  }, [definition, unlocked, loaded, digests, vocabularies, locale]);
  const report = built && 'report' in built ? built.report : null;

  const onCanvas = useCallback((id: string, canvas: HTMLCanvasElement | null) => {
    if (canvas) canvases.current.set(id, canvas);
    else canvases.current.delete(id);
  }, []);

  async function runExport(make: () => Promise<string>) {
    setExporting(true);
    setExportError(null);
    setStatus(t('reports.export.making'));
    try {
      setStatus(await make());
    } catch (caught) {
      setStatus(null);
      setExportError(t('reports.export.failed', { reason: errorMessage(t, caught) }));
    } finally {
      setExporting(false);
    }
  }

  const exportCsv = (shown: Report) =>
    runExport(async () => {
      const name = reportFileName(shown.definition.title, shown.builtOn, 'csv');
      // A byte-order mark, so spreadsheet programs read Cyrillic as UTF-8.
      downloadFile(
        `\uFEFF${reportCsv(shown, locale, vocabularies)}`,
        name,
        'text/csv;charset=utf-8',
      );
      return t('reports.export.done', { name });
    });

  const exportJson = (shown: Report) =>
    runExport(async () => {
      const today = localToday();
      const exported = huridocsExport(digests, vocabularies, { use: shown.definition.use, today });
      const name = reportFileName('huridocs-events', today, 'json');
      downloadFile(JSON.stringify(exported.document, null, 2), name, 'application/json');
      return t('reports.export.jsonDone', {
        name,
        events: exported.document.events.length,
        count: exported.leftOut,
      });
    });

  const exportPdf = (shown: Report) =>
    runExport(async () => {
      const pictures: ChartPicture[] = [];
      for (const chart of shown.charts) {
        const canvas = canvases.current.get(chart.id);
        if (canvas) pictures.push({ title: chart.title, png: canvas.toDataURL('image/png') });
      }
      const pdf = await reportPdf(shown, { t, language: i18n.language, vocabularies }, pictures);
      const name = reportFileName(shown.definition.title, shown.builtOn, 'pdf');
      downloadFile(pdf, name, 'application/pdf');
      return t('reports.export.done', { name });
    });

  return (
    <section aria-labelledby="reports-title" className="reports">
      <h1 id="reports-title">{t('reports.title')}</h1>
      <p className="hint">{t('reports.intro')}</p>
      {error !== null && <ErrorAlert message={errorMessage(t, error)} />}
      {!unlocked || !loaded ? (
        <p aria-live="polite">{t('reports.loading')}</p>
      ) : (
        <>
          <p>{t('reports.casesRead', { count: unlocked.cases.size })}</p>
          <ReportForm vocabularies={vocabularies} onBuild={setDefinition} />
        </>
      )}
      {built && 'failure' in built && <ErrorAlert message={errorMessage(t, built.failure)} />}
      {report && (
        <>
          <ReportResult
            report={report}
            vocabularies={vocabularies}
            caseTitles={caseTitles}
            onCanvas={onCanvas}
          />
          <section aria-labelledby="report-export" className="report-export">
            <h2 id="report-export">{t('reports.export.heading')}</h2>
            <div className="inline-form">
              <button type="button" disabled={exporting} onClick={() => void exportCsv(report)}>
                {t('reports.export.csv')}
              </button>
              <button type="button" disabled={exporting} onClick={() => void exportPdf(report)}>
                {t('reports.export.pdf')}
              </button>
              <button type="button" disabled={exporting} onClick={() => void exportJson(report)}>
                {t('reports.export.json')}
              </button>
            </div>
            <p role="status">{status}</p>
            <ErrorAlert message={exportError} />
          </section>
        </>
      )}
    </section>
  );
}

import { defaultVocabularies } from '@corridor/protocol';
import {
  buildReport,
  huridocsExport,
  huridocsExportUses,
  type MemberSession,
  type Report,
  type ReportDefinition,
  reportCsv,
  type UnlockedCase,
} from '@corridor/vault';
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { useKeyring } from '../cases/use-case-data.ts';
import { useUnlockedCases } from '../cases/use-unlocked-cases.ts';
import { localToday } from '../documentation/dates.ts';
import { useVocabularyState } from '../documentation/use-vocabularies.ts';
import { downloadFile } from '../shared/download-file.ts';
import { ReportForm } from './ReportForm.tsx';
import { ReportResult } from './ReportResult.tsx';
import { reportFileName } from './report-file-name.ts';
import { type ChartPicture, reportPdf } from './report-pdf.ts';
import { consentUseLabel, reportLocale } from './report-text.ts';

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
  // useVocabularyState falls back to the very `defaultVocabularies` object when loading
  // fails; a load that works builds a new object. So the same object once loaded means the
  // organisation's vocabularies could not be had, and the member is told.
  const vocabulariesFailed = loaded && vocabularies === defaultVocabularies;
  const id = useId();
  const [exportUse, setExportUse] = useState('');
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
  // Records the unlock workers could not read or check, over all cases: said before any
  // report is built (a report lists them as warnings).
  const problems = useMemo(
    () => digests.reduce((sum, digest) => sum + digest.problems.length, 0),
    [digests],
  );
  const exportUses = useMemo(() => huridocsExportUses(vocabularies), [vocabularies]);
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

  // Events name people and places: exported only for a named body or publication with
  // name (its own choice, not the report's use), over the report's dates and verification.
  const exportJson = (shown: Report) => {
    if (!exportUses.includes(exportUse)) {
      setStatus(null);
      setExportError(t('reports.export.jsonUseRequired'));
      return;
    }
    return runExport(async () => {
      const today = localToday();
      const exported = huridocsExport(digests, vocabularies, {
        use: exportUse,
        today,
        from: shown.definition.from,
        to: shown.definition.to,
        verifiedOnly: shown.definition.verifiedOnly,
      });
      const name = reportFileName('huridocs-events', today, 'json');
      downloadFile(JSON.stringify(exported.document, null, 2), name, 'application/json');
      return t('reports.export.jsonDone', {
        name,
        events: exported.document.events.length,
        count: exported.leftOut,
        unreadable: exported.unreadableCases,
      });
    });
  };

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
      {vocabulariesFailed && (
        <p role="note" className="notice">
          {t('reports.notice.vocabulariesFailed')}
        </p>
      )}
      {problems > 0 && (
        <p role="note" className="notice">
          {t('reports.notice.problems', { count: problems })}
        </p>
      )}
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
            <label>
              {t('reports.export.jsonUse')}
              <select
                value={exportUse}
                aria-describedby={`${id}-json-use-hint`}
                onChange={(event) => setExportUse(event.target.value)}
              >
                <option value="">{t('reports.export.jsonUseChoose')}</option>
                {exportUses.map((use) => (
                  <option key={use} value={use}>
                    {consentUseLabel(vocabularies, use, i18n.language)}
                  </option>
                ))}
              </select>
            </label>
            <p id={`${id}-json-use-hint`} className="hint">
              {t('reports.export.jsonUseHint')}
            </p>
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

import { listCasesRoute, type Stage, stages } from '@corridor/protocol';
import {
  type CaseIndex,
  type CaseSummary,
  createCaseIndex,
  type MemberSession,
  openCase,
  type TeamKeyring,
} from '@corridor/vault';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { useHandles, useKeyring } from './use-case-data.ts';

interface Filters {
  stage: Stage | '';
  minRisk: number;
  mine: boolean;
  overdue: boolean;
}

/**
 * Titles are encrypted: each case is opened in this browser (and each opening is
 * audited), its title shown and its content added to the in-memory search index.
 */
function useOpenedCases(
  session: MemberSession,
  ring: TeamKeyring | null,
  cases: CaseSummary[] | null,
  index: CaseIndex,
) {
  const [titles, setTitles] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!ring || !cases) return;
    let cancelled = false;
    void (async () => {
      for (const summary of cases.slice(0, 100)) {
        if (cancelled) return;
        try {
          const view = await openCase(session, ring, summary.id);
          index.addCase(summary.id, view);
          if (!cancelled) setTitles((prev) => ({ ...prev, [summary.id]: view.title ?? '' }));
        } catch {
          // Left blank; the case page shows why.
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [session, ring, cases, index]);
  return titles;
}

/** The cases the member's teams hold, filtered by what the server may know. */
export function CasesPage({ session }: { session: MemberSession }) {
  const { t, i18n } = useTranslation();
  const [filters, setFilters] = useState<Filters>({
    stage: '',
    minRisk: 0,
    mine: false,
    overdue: false,
  });
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { ring } = useKeyring(session);
  // In memory only: it goes with this page, and never reaches storage or the server.
  const index = useMemo(() => createCaseIndex(), []);
  const titles = useOpenedCases(session, ring, cases, index);
  const [query, setQuery] = useState('');
  // Searched on every render: the index is in memory and answers in milliseconds.
  const hits = query.trim() ? index.search(query) : null;
  const shown =
    cases && hits ? hits.flatMap((hit) => cases.filter((c) => c.id === hit.caseId)) : cases;
  const whereFound = new Map(hits?.map((hit) => [hit.caseId, hit.fields]) ?? []);
  const handleOf = useHandles(session);

  useEffect(() => {
    session.api
      .call(listCasesRoute, {
        query: {
          ...(filters.stage ? { stage: filters.stage } : {}),
          ...(filters.minRisk > 0 ? { minRisk: filters.minRisk } : {}),
          ...(filters.mine ? { assigneeId: session.account.id } : {}),
          ...(filters.overdue ? { overdue: 'true' as const } : {}),
        },
      })
      .then(
        (result) => setCases(result.cases),
        (caught: unknown) => setError(errorMessage(t, caught)),
      );
  }, [session, filters, t]);

  function filter(event: FormEvent<HTMLFormElement>) {
    const form = new FormData(event.currentTarget);
    setFilters({
      stage: String(form.get('stage') ?? '') as Stage | '',
      minRisk: Number(form.get('minRisk') ?? 0),
      mine: form.get('mine') === 'on',
      overdue: form.get('overdue') === 'on',
    });
  }

  return (
    <section aria-labelledby="cases-heading">
      <h1 id="cases-heading">{t('cases.heading')}</h1>
      <p>
        <a href="#/cases/new" className="button-link">
          {t('cases.new')}
        </a>
      </p>
      <form className="filters" onChange={filter} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('cases.stage')}
          <select name="stage" defaultValue="">
            <option value="">{t('cases.anyStage')}</option>
            {stages.map((stage) => (
              <option key={stage} value={stage}>
                {t(`stages.${stage}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('cases.minRisk')}
          <select name="minRisk" defaultValue="0">
            {[0, 1, 2, 3, 4, 5].map((risk) => (
              <option key={risk} value={risk}>
                {risk === 0 ? t('cases.anyRisk') : `≥ ${risk}`}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" name="mine" />
          {t('cases.mine')}
        </label>
        <label className="checkbox">
          <input type="checkbox" name="overdue" />
          {t('cases.overdue')}
        </label>
      </form>
      <search>
        <label>
          {t('cases.search')}
          <input
            type="search"
            id="case-search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            autoComplete="off"
          />
        </label>
        <p className="hint">{t('cases.searchHint')}</p>
      </search>
      <ErrorAlert message={error} />
      {shown?.length === 0 && <p>{hits ? t('cases.noHits') : t('cases.none')}</p>}
      {shown && shown.length > 0 && (
        <table>
          <caption className="visually-hidden">{t('cases.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cases.title')}</th>
              <th scope="col">{t('cases.stage')}</th>
              <th scope="col">{t('cases.risk')}</th>
              <th scope="col">{t('cases.assignee')}</th>
              <th scope="col">{t('cases.nextDue')}</th>
              <th scope="col">{t('cases.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((summary) => (
              <tr key={summary.id}>
                <td>
                  <a href={`#/cases/${summary.id}`}>
                    {titles[summary.id] || t('cases.untitled', { id: summary.id.slice(0, 6) })}
                  </a>
                  {whereFound.has(summary.id) && (
                    <span className="hint">
                      {' '}
                      ({t('cases.foundIn')}{' '}
                      {whereFound
                        .get(summary.id)
                        ?.map((field) =>
                          field === 'title' || field === 'notes'
                            ? t(`cases.field.${field}`)
                            : t(`compartments.${field}`),
                        )
                        .join(', ')}
                      )
                    </span>
                  )}
                </td>
                <td>{t(`stages.${summary.stage}`)}</td>
                <td>{summary.riskLevel}</td>
                <td>{handleOf(summary.assigneeId)}</td>
                <td>
                  {summary.nextDueAt
                    ? new Date(summary.nextDueAt).toLocaleString(i18n.language)
                    : '—'}
                  {summary.nextDueAt && summary.nextDueAt < new Date().toISOString() && (
                    <strong> {t('tasks.overdue')}</strong>
                  )}
                </td>
                <td>{new Date(summary.updatedAt).toLocaleString(i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

import {
  listCasesRoute,
  type Stage,
  stages,
  type VerificationOutcome,
  verificationOutcomes,
} from '@corridor/protocol';
import type { CaseHit, CaseSummary, MemberSession, TeamKeyring } from '@corridor/vault';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { useCaseloads } from './caseload-store.ts';
import { useHandles, useKeyring } from './use-case-data.ts';
import { useUnlockedCases } from './use-unlocked-cases.ts';

interface Filters {
  stage: Stage | '';
  minRisk: number;
  mine: boolean;
  overdue: boolean;
  verification: VerificationOutcome | '';
}

/** Searches the unlocked caseload as the query changes; null while there is no query. */
function useSearch(
  session: MemberSession,
  ring: TeamKeyring | null,
  query: string,
  generation: number,
) {
  const [hits, setHits] = useState<CaseHit[] | null>(null);
  const caseloads = useCaseloads();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation is a caseload that grew: search it again
  useEffect(() => {
    if (!ring || !query.trim()) {
      setHits(null);
      return;
    }
    let stale = false;
    caseloads
      .caseloadFor(session, ring)
      .search(query)
      .then(
        (found) => stale || setHits(found),
        () => stale || setHits([]),
      );
    return () => {
      stale = true;
    };
  }, [session, ring, query, generation, caseloads]);
  return hits;
}

/** The cases the member's teams hold, filtered by what the server may know. */
export function CasesPage({ session }: { session: MemberSession }) {
  const { t, i18n } = useTranslation();
  const [filters, setFilters] = useState<Filters>({
    stage: '',
    minRisk: 0,
    mine: false,
    overdue: false,
    verification: '',
  });
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { ring } = useKeyring(session);
  const { unlocked, error: unlockError } = useUnlockedCases(session, ring);
  const [query, setQuery] = useState('');
  const hits = useSearch(session, ring, query, unlocked?.generation ?? 0);
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
          ...(filters.verification ? { verification: filters.verification } : {}),
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
      verification: String(form.get('verification') ?? '') as VerificationOutcome | '',
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
        <label>
          {t('cases.verification')}
          <select name="verification" defaultValue="">
            <option value="">{t('cases.anyVerification')}</option>
            {verificationOutcomes.map((outcome) => (
              <option key={outcome} value={outcome}>
                {t(`outcomes.${outcome}`)}
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
      <p role="status" className="hint">
        {unlocked
          ? t('cases.unlocked', { count: unlocked.cases.size })
          : ring && !unlockError && t('cases.unlocking')}
      </p>
      <ErrorAlert message={error ?? (unlockError ? errorMessage(t, unlockError) : null)} />
      {unlocked?.headsForged && <p role="alert">{t('cases.headsForged')}</p>}
      {shown?.length === 0 && <p>{hits ? t('cases.noHits') : t('cases.none')}</p>}
      {shown && shown.length > 0 && (
        <table>
          <caption className="visually-hidden">{t('cases.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cases.title')}</th>
              <th scope="col">{t('cases.stage')}</th>
              <th scope="col">{t('cases.risk')}</th>
              <th scope="col">{t('cases.verification')}</th>
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
                    {unlocked?.cases.get(summary.id)?.title ||
                      t('cases.untitled', { id: summary.id.slice(0, 6) })}
                  </a>
                  {(unlocked?.cases.get(summary.id)?.problems.length ||
                    unlocked?.badSignatures.has(summary.id)) && (
                    <strong className="warning"> {t('cases.doesNotCheckOut')}</strong>
                  )}
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
                <td>
                  {summary.verification.outcome === 'suspected_infiltrator' ? (
                    <strong className="outcome-suspected_infiltrator">
                      ⚠ {t('outcomes.suspected_infiltrator')}
                    </strong>
                  ) : (
                    t(`outcomes.${summary.verification.outcome}`)
                  )}
                </td>
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

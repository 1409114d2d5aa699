import { stages } from '@corridor/protocol';
import {
  type CheckinState,
  coordinatorDashboard,
  loadCaseloadCheckinStates,
  type MemberSession,
  occupancySummary,
} from '@corridor/vault';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAlarms } from '../alarms/use-alarms.ts';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { useKeyring } from '../cases/use-case-data.ts';
import { useUnlockedCases } from '../cases/use-unlocked-cases.ts';
import { formatMoney } from '../funds/money.ts';
import { useShelters } from '../shelters/use-shelters.ts';

/**
 * What the server knows of the caseload's check-ins: those the evacuee made by word (safe,
 * or under duress) are in no signed event. Asked again at each caseload sync; a failure
 * leaves the dashboard on the signed events alone.
 */
function useServerCheckinStates(session: MemberSession, generation: number): CheckinState[] {
  const [states, setStates] = useState<CheckinState[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation is a caseload that changed: ask again
  useEffect(() => {
    let stale = false;
    loadCaseloadCheckinStates(session).then(
      (found) => stale || setStates(found),
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [session, generation]);
  return states;
}

/**
 * The coordinators' overview: cases by stage, overdue check-ins first, evacuations under
 * way with their next check-in, shelter occupancy and relocations by destination. All of
 * it is computed here from the cases this member's browser decrypted.
 */
export function DashboardPage({ session }: { session: MemberSession }) {
  const { t, i18n } = useTranslation();
  const { ring } = useKeyring(session);
  const { unlocked, error } = useUnlockedCases(session, ring);
  const { shelters } = useShelters(session, ring);
  const alarms = useAlarms(session);
  const states = useServerCheckinStates(session, unlocked?.generation ?? 0);
  const board = useMemo(
    () =>
      unlocked
        ? coordinatorDashboard(
            [...unlocked.cases.values()].map(({ caseId, title, rescue }) => ({
              caseId,
              title,
              rescue,
            })),
            new Date(),
            states,
          )
        : null,
    [unlocked, states],
  );
  const occupancy = shelters ? occupancySummary(shelters) : null;
  const when = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(iso),
    );
  const countryName = (code: string) =>
    new Intl.DisplayNames([i18n.language], { type: 'region', fallback: 'code' }).of(code) ?? code;
  const money = (amountMinor: number, currency: string) =>
    formatMoney(amountMinor, currency, i18n.language);
  const month = (key: string) =>
    new Intl.DateTimeFormat(i18n.language, {
      year: 'numeric',
      month: 'long',
      timeZone: 'UTC',
    }).format(new Date(`${key}-01T00:00:00Z`));
  const caseLink = (caseId: string, title: string | null) => (
    <a href={`#/cases/${caseId}`}>{title ?? t('dashboard.untitled')}</a>
  );

  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      <h1 id="dashboard-title">{t('dashboard.title')}</h1>
      <p className="hint">{t('dashboard.intro')}</p>
      {error !== null && <ErrorAlert message={errorMessage(t, error)} />}
      {alarms.unacknowledged > 0 && (
        <p className="alarm-banner">
          <a href="#/alarms">{t('dashboard.alarms', { count: alarms.unacknowledged })}</a>
        </p>
      )}
      {!board ? (
        <p aria-live="polite">{t('dashboard.loading')}</p>
      ) : (
        <>
          <h2>{t('dashboard.overdue.title')}</h2>
          {board.overdueCheckins.length === 0 ? (
            <p>{t('dashboard.overdue.none')}</p>
          ) : (
            <table>
              <caption className="visually-hidden">{t('dashboard.overdue.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.case')}</th>
                  <th scope="col">{t('dashboard.overdue.purpose')}</th>
                  <th scope="col">{t('dashboard.overdue.due')}</th>
                  <th scope="col">{t('dashboard.overdue.since')}</th>
                </tr>
              </thead>
              <tbody>
                {board.overdueCheckins.map((row) => (
                  <tr key={row.checkinId} className="overdue">
                    <td>{caseLink(row.caseId, row.title)}</td>
                    <td>
                      {t(`dashboard.purpose.${row.purpose}`)}
                      {row.duress && <strong> — {t('dashboard.overdue.duress')}</strong>}
                    </td>
                    <td>{when(row.dueAt)}</td>
                    <td>{when(row.overdueSince)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2>{t('dashboard.evacuations.title')}</h2>
          {board.evacuations.length === 0 ? (
            <p>{t('dashboard.evacuations.none')}</p>
          ) : (
            <table>
              <caption className="visually-hidden">{t('dashboard.evacuations.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.case')}</th>
                  <th scope="col">{t('dashboard.evacuations.leg')}</th>
                  <th scope="col">{t('dashboard.evacuations.progress')}</th>
                  <th scope="col">{t('dashboard.evacuations.next')}</th>
                </tr>
              </thead>
              <tbody>
                {board.evacuations.map((row) => (
                  <tr key={row.caseId} className={row.nextCheckin?.overdue ? 'overdue' : undefined}>
                    <td>{caseLink(row.caseId, row.title)}</td>
                    <td>
                      {row.current
                        ? t(`dashboard.evacuations.${row.current.status}`, {
                            from: row.current.from,
                            to: row.current.to,
                          })
                        : ''}
                    </td>
                    <td>
                      {t('dashboard.evacuations.arrived', { arrived: row.arrived, legs: row.legs })}
                    </td>
                    <td>
                      {row.nextCheckin
                        ? `${when(row.nextCheckin.dueAt)}${row.nextCheckin.overdue ? ` — ${t('dashboard.evacuations.overdue')}` : ''}`
                        : t('dashboard.evacuations.noCheckin')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2>{t('dashboard.stages.title')}</h2>
          <table>
            <caption className="visually-hidden">{t('dashboard.stages.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.stages.stage')}</th>
                <th scope="col">{t('dashboard.stages.cases')}</th>
              </tr>
            </thead>
            <tbody>
              {stages.map((stage) => (
                <tr key={stage}>
                  <th scope="row">{t(`stages.${stage}`)}</th>
                  <td>{board.byStage[stage]}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>{t('dashboard.shelters.title')}</h2>
          {!occupancy || occupancy.shelters.length === 0 ? (
            <p>{t('dashboard.shelters.none')}</p>
          ) : (
            <>
              <p>
                {t('dashboard.shelters.total', {
                  occupied: occupancy.occupied,
                  capacity: occupancy.capacity,
                  free: occupancy.free,
                })}
              </p>
              <table>
                <caption className="visually-hidden">{t('dashboard.shelters.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.shelters.code')}</th>
                    <th scope="col">{t('dashboard.shelters.occupied')}</th>
                    <th scope="col">{t('dashboard.shelters.free')}</th>
                  </tr>
                </thead>
                <tbody>
                  {occupancy.shelters.map((row) => (
                    <tr key={row.id}>
                      <th scope="row">{row.code}</th>
                      <td>
                        {row.occupied} / {row.capacity}
                      </td>
                      <td>{row.free}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}

          <h2>{t('dashboard.destinations.title')}</h2>
          {board.destinations.length === 0 ? (
            <p>{t('dashboard.destinations.none')}</p>
          ) : (
            <table>
              <caption className="visually-hidden">{t('dashboard.destinations.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.destinations.country')}</th>
                  <th scope="col">{t('dashboard.destinations.cases')}</th>
                  <th scope="col">{t('dashboard.destinations.underway')}</th>
                </tr>
              </thead>
              <tbody>
                {board.destinations.map((row) => (
                  <tr key={row.country}>
                    <th scope="row">{countryName(row.country)}</th>
                    <td>{row.cases}</td>
                    <td>{row.underway}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>{t('dashboard.spending.title')}</h2>
          {board.spending.byCategory.length === 0 ? (
            <p>{t('dashboard.spending.none')}</p>
          ) : (
            <>
              <table>
                <caption>{t('dashboard.spending.byCategory')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.spending.category')}</th>
                    <th scope="col">{t('dashboard.spending.spent')}</th>
                    <th scope="col">{t('dashboard.spending.pending')}</th>
                  </tr>
                </thead>
                <tbody>
                  {board.spending.byCategory.map((row) => (
                    <tr key={`${row.key} ${row.currency}`}>
                      <th scope="row">{t(`funds.category.${row.key}`)}</th>
                      <td>{money(row.spentMinor, row.currency)}</td>
                      <td>{money(row.pendingMinor, row.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <table>
                <caption>{t('dashboard.spending.byMonth')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.spending.month')}</th>
                    <th scope="col">{t('dashboard.spending.spent')}</th>
                    <th scope="col">{t('dashboard.spending.pending')}</th>
                  </tr>
                </thead>
                <tbody>
                  {board.spending.byMonth.map((row) => (
                    <tr key={`${row.key} ${row.currency}`}>
                      <th scope="row">{month(row.key)}</th>
                      <td>{money(row.spentMinor, row.currency)}</td>
                      <td>{money(row.pendingMinor, row.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  );
}

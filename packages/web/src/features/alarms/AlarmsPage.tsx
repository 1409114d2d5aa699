import { acknowledgeAlarm, type MemberAlarm, type MemberSession } from '@corridor/vault';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { announceAlarmsChanged, useAlarms } from './use-alarms.ts';

/** A short reference to a case for labels: the start of its id (titles are encrypted). */
const caseRef = (caseId: string) => caseId.slice(0, 8);

/**
 * The member's alarms, unacknowledged first and newest first: what kind (a duress alarm
 * marked, with what that means), the case, when it was due and raised, the rung reached,
 * and a button to acknowledge it, which stops the escalation.
 */
export function AlarmsPage({ session }: { session: MemberSession }) {
  const { t, i18n } = useTranslation();
  const { alarms, failed, refresh } = useAlarms(session);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const time = (iso: string) =>
    new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  async function acknowledge(alarm: MemberAlarm) {
    setBusy(true);
    setError(null);
    try {
      await acknowledgeAlarm(session, alarm.id);
      setStatus(t('alarms.acknowledged'));
      announceAlarmsChanged();
      refresh();
    } catch (caught) {
      const code = (caught as { code?: string }).code ?? 'internal';
      setError(t(`errors.${code}`, { defaultValue: t('errors.internal') }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>{t('alarms.heading')}</h1>
      <p>{t('alarms.intro')}</p>
      <p role="status">{status}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {failed && (
        <p role="alert" className="error">
          {t('alarms.loadFailed')}{' '}
          <button type="button" onClick={refresh}>
            {t('alarms.reload')}
          </button>
        </p>
      )}
      {alarms.length === 0 ? (
        <p>{t('alarms.none')}</p>
      ) : (
        <ul className="alarm-list" aria-label={t('alarms.list')}>
          {alarms.map((alarm) => (
            <li
              key={alarm.id}
              data-testid="alarm"
              data-kind={alarm.kind}
              className={alarm.acknowledgedAt ? 'alarm acknowledged' : 'alarm'}
            >
              <h2>
                {alarm.silent ? (
                  <strong>{t(`alarms.kind.${alarm.kind}`)}</strong>
                ) : (
                  t(`alarms.kind.${alarm.kind}`)
                )}
                {' · '}
                {t(`alarms.purpose.${alarm.purpose}`)}
              </h2>
              {alarm.silent && <p className="warning">{t('alarms.silentHint')}</p>}
              <dl>
                <dt>{t('alarms.caseLabel')}</dt>
                <dd>
                  <a href={`#/cases/${alarm.caseId}`}>
                    {t('alarms.openCase')} {caseRef(alarm.caseId)}
                  </a>
                </dd>
                <dt>{t('alarms.due')}</dt>
                <dd>
                  <time dateTime={alarm.dueAt}>{time(alarm.dueAt)}</time>
                </dd>
                <dt>{t('alarms.raised')}</dt>
                <dd>
                  <time dateTime={alarm.raisedAt}>{time(alarm.raisedAt)}</time>
                </dd>
                <dt>{t('alarms.rung')}</dt>
                <dd data-testid="alarm-rung">
                  {t('alarms.rungValue', { number: alarm.rung + 1 })}
                </dd>
                <dt>{t('alarms.state')}</dt>
                <dd>
                  {alarm.acknowledgedAt
                    ? t('alarms.acknowledgedAt', { time: time(alarm.acknowledgedAt) })
                    : t('alarms.waiting')}
                </dd>
              </dl>
              {!alarm.acknowledgedAt && (
                <button
                  type="button"
                  disabled={busy}
                  aria-label={t('alarms.acknowledgeLabel', { case: caseRef(alarm.caseId) })}
                  onClick={() => void acknowledge(alarm)}
                >
                  {t('alarms.acknowledge')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

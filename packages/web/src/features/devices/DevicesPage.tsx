import { listSessionsRoute, revokeSessionRoute } from '@corridor/protocol';
import type { ApiClient } from '@corridor/vault';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { TelegramAlertsPanel } from '../telegram-alerts/TelegramAlertsPanel.tsx';
import { SecurityKeysPanel } from './SecurityKeysPanel.tsx';

type Sessions = Awaited<ReturnType<typeof listSessions>>;
const listSessions = (api: ApiClient) => api.call(listSessionsRoute).then((r) => r.sessions);

/** The member's open sessions, each can be ended — e.g. the one on a phone that was taken. */
export function DevicesPage({ api }: { api: ApiClient }) {
  const { t, i18n } = useTranslation();
  const [sessions, setSessions] = useState<Sessions | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    listSessions(api).then(setSessions, (caught: unknown) => setError(errorMessage(t, caught)));
  }, [api, t]);
  useEffect(load, [load]);

  async function revoke(sessionId: string) {
    try {
      await api.call(revokeSessionRoute, { params: { sessionId } });
      load();
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  }

  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  return (
    <section aria-labelledby="devices-heading">
      <h1 id="devices-heading">{t('devices.heading')}</h1>
      <p>{t('devices.explanation')}</p>
      <p>{t('devices.takenUnlocked')}</p>
      <ErrorAlert message={error} />
      {sessions && (
        <table>
          <caption className="visually-hidden">{t('devices.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('devices.device')}</th>
              <th scope="col">{t('devices.started')}</th>
              <th scope="col">{t('devices.lastSeen')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('devices.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id}>
                <td>{session.deviceLabel}</td>
                <td>{when(session.createdAt)}</td>
                <td>{when(session.lastSeenAt)}</td>
                <td>
                  {session.current ? (
                    t('devices.thisDevice')
                  ) : (
                    <button type="button" onClick={() => void revoke(session.id)}>
                      {t('devices.end')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <SecurityKeysPanel api={api} />
      <TelegramAlertsPanel api={api} />
    </section>
  );
}

import {
  createAlertLinkCodeRoute,
  telegramAlertStateRoute,
  unlinkTelegramAlertsRoute,
} from '@corridor/protocol';
import type { ApiClient } from '@corridor/vault';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';

type AlertState = Awaited<ReturnType<typeof loadState>>;
const loadState = (api: ApiClient) => api.call(telegramAlertStateRoute);

/**
 * Whether the member's alarms also reach them through the organisation's Telegram bot.
 * Turning it on gives a one-time code to send to the bot; the notice says only that an
 * alarm waits, never which case, so the phone it lands on gives nothing away.
 */
export function TelegramAlertsPanel({ api }: { api: ApiClient }) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<AlertState | null>(null);
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    loadState(api).then(setState, (caught: unknown) => setError(errorMessage(t, caught)));
  }, [api, t]);
  useEffect(load, [load]);

  async function requestCode() {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const language = i18n.language.startsWith('ru') ? 'ru' : 'en';
      setCode(await api.call(createAlertLinkCodeRoute, { body: { language } }));
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  }

  async function turnOff() {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      setState(await api.call(unlinkTelegramAlertsRoute));
      setCode(null);
      setStatus(t('telegramAlerts.turnedOff'));
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  }

  function checkAgain() {
    setStatus(null);
    loadState(api).then(
      (next) => {
        setState(next);
        if (next.linked) setCode(null);
        setStatus(next.linked ? t('telegramAlerts.nowOn') : t('telegramAlerts.notYet'));
      },
      (caught: unknown) => setError(errorMessage(t, caught)),
    );
  }

  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  return (
    <section aria-labelledby="telegram-alerts-heading" className="panel">
      <h2 id="telegram-alerts-heading">{t('telegramAlerts.heading')}</h2>
      <p>{t('telegramAlerts.explanation')}</p>
      <ErrorAlert message={error} />
      <p role="status">{status}</p>
      {state && !state.available && <p>{t('telegramAlerts.unavailable')}</p>}
      {state?.available && state.linked && state.linkedAt && (
        <>
          <p>{t('telegramAlerts.on', { since: when(state.linkedAt) })}</p>
          <button type="button" disabled={busy} onClick={() => void turnOff()}>
            {t('telegramAlerts.turnOff')}
          </button>
        </>
      )}
      {state?.available && !state.linked && (
        <>
          <p>{t('telegramAlerts.off')}</p>
          {code ? (
            <>
              <p>{t('telegramAlerts.sendCode')}</p>
              <label>
                {t('telegramAlerts.codeLabel')}
                <input
                  readOnly
                  value={`/alerts ${code.code}`}
                  className="link-code"
                  onFocus={(event) => event.currentTarget.select()}
                />
              </label>
              <p className="hint">
                {t('telegramAlerts.codeExpires', { time: when(code.expiresAt) })}
              </p>
              <button type="button" onClick={checkAgain}>
                {t('telegramAlerts.checkAgain')}
              </button>{' '}
              <button type="button" disabled={busy} onClick={() => void requestCode()}>
                {t('telegramAlerts.newCode')}
              </button>
            </>
          ) : (
            <button type="button" disabled={busy} onClick={() => void requestCode()}>
              {t('telegramAlerts.turnOn')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

import {
  type ApiClient,
  enrolSecurityKey,
  listSecurityKeys,
  removeSecurityKey,
  type SecurityKey,
} from '@corridor/vault';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browserAuthenticator } from '../auth/browser-authenticator.ts';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert, useSecondFactor } from '../auth/form-parts.tsx';
import { needsReauthentication, useSessionActions } from '../session/session-context.ts';

/**
 * The member's security keys and passkeys: a second factor that cannot be phished, used
 * at login in place of the authenticator app's code. Adding one needs a code from the
 * app (or a backup code) too; adding or removing one asks for the password again if it
 * was proved over five minutes ago.
 */
export function SecurityKeysPanel({ api }: { api: ApiClient }) {
  const { t, i18n } = useTranslation();
  const { reauthenticate } = useSessionActions();
  const [keys, setKeys] = useState<SecurityKey[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const secondFactor = useSecondFactor();

  const load = useCallback(() => {
    listSecurityKeys(api).then(setKeys, (caught: unknown) => setError(errorMessage(t, caught)));
  }, [api, t]);
  useEffect(load, [load]);

  const refused = (caught: unknown) => {
    if (needsReauthentication(caught)) reauthenticate();
    else setError(errorMessage(t, caught));
  };

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const label = String(form.get('label') ?? '').trim();
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const key = await enrolSecurityKey(api, browserAuthenticator, label, secondFactor.read(form));
      formElement.reset();
      setStatus(t('securityKeys.added', { label: key.label }));
      load();
    } catch (caught) {
      refused(caught);
    } finally {
      setBusy(false);
    }
  }

  async function remove(key: SecurityKey) {
    if (!window.confirm(t('securityKeys.confirmRemove', { label: key.label }))) return;
    setError(null);
    setStatus(null);
    try {
      await removeSecurityKey(api, key.id);
      setStatus(t('securityKeys.removed', { label: key.label }));
      load();
    } catch (caught) {
      refused(caught);
    }
  }

  const when = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(i18n.language) : t('securityKeys.never');
  return (
    <section aria-labelledby="security-keys-heading" className="panel">
      <h2 id="security-keys-heading">{t('securityKeys.heading')}</h2>
      <p>{t('securityKeys.explanation')}</p>
      <ErrorAlert message={error} />
      <p role="status">{status}</p>
      {keys && keys.length === 0 && <p>{t('securityKeys.none')}</p>}
      {keys && keys.length > 0 && (
        <table>
          <caption className="visually-hidden">{t('securityKeys.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('securityKeys.label')}</th>
              <th scope="col">{t('securityKeys.added_at')}</th>
              <th scope="col">{t('securityKeys.lastUsed')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('devices.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id}>
                <td>{key.label}</td>
                <td>{when(key.createdAt)}</td>
                <td>{when(key.lastUsedAt)}</td>
                <td>
                  <button type="button" onClick={() => void remove(key)}>
                    {t('securityKeys.remove', { label: key.label })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(event) => void add(event)}>
        <label>
          {t('securityKeys.newLabel')}
          <input name="label" required maxLength={80} autoComplete="off" />
        </label>
        <p className="hint">{t('securityKeys.proveFactor')}</p>
        {secondFactor.field}
        <button type="submit" disabled={busy}>
          {busy ? t('securityKeys.waiting') : t('securityKeys.add')}
        </button>
      </form>
    </section>
  );
}

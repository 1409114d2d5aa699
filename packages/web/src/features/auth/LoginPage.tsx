import { type ApiClient, logIn, type MemberSession } from '@corridor/vault';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from './error-message.ts';

/** Handle, password and a second factor; the password never leaves the browser (OPAQUE). */
export function LoginPage({
  api,
  onLoggedIn,
}: {
  api: ApiClient;
  onLoggedIn: (session: MemberSession) => void;
}) {
  const { t } = useTranslation();
  const [useBackupCode, setUseBackupCode] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const code = String(form.get('code') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      const session = await logIn(api, {
        handle: String(form.get('handle') ?? '').trim(),
        password: String(form.get('password') ?? ''),
        secondFactor: useBackupCode ? { backupCode: code } : { totpCode: code },
        deviceLabel: navigator.userAgent.slice(0, 80) || 'browser',
      });
      onLoggedIn(session);
    } catch (caught) {
      setError(errorMessage(t, caught));
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="login-heading" className="panel narrow">
      <h1 id="login-heading">{t('login.heading')}</h1>
      <form
        onSubmit={(event) => void submit(event)}
        aria-describedby={error ? 'login-error' : undefined}
      >
        <label>
          {t('login.handle')}
          <input name="handle" autoComplete="username" required maxLength={40} />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <label>
          {useBackupCode ? t('login.backupCode') : t('login.totpCode')}
          <input
            name="code"
            inputMode={useBackupCode ? 'text' : 'numeric'}
            autoComplete="one-time-code"
            required
            maxLength={useBackupCode ? 20 : 6}
          />
        </label>
        <button type="button" className="link" onClick={() => setUseBackupCode(!useBackupCode)}>
          {useBackupCode ? t('login.useTotp') : t('login.useBackupCode')}
        </button>
        {error && (
          <p id="login-error" role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('login.working') : t('login.submit')}
        </button>
      </form>
      <p>
        <a href="#/invite">{t('login.haveInvitation')}</a>
      </p>
      <p>
        <a href="#/recover">{t('login.forgotPassword')}</a>
      </p>
    </section>
  );
}

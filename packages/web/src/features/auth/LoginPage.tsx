import { type ApiClient, logIn, type MemberSession } from '@corridor/vault';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthPanel } from './AuthPanel.tsx';
import { errorMessage } from './error-message.ts';
import { ErrorAlert, useSecondFactor } from './form-parts.tsx';

/** Handle, password and a second factor; the password never leaves the browser (OPAQUE). */
export function LoginPage({
  api,
  onLoggedIn,
}: {
  api: ApiClient;
  onLoggedIn: (session: MemberSession) => void;
}) {
  const { t } = useTranslation();
  const secondFactor = useSecondFactor(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const session = await logIn(api, {
        handle: String(form.get('handle') ?? '').trim(),
        password: String(form.get('password') ?? ''),
        secondFactor: secondFactor.read(form),
        deviceLabel: navigator.userAgent.slice(0, 80) || 'browser',
      });
      onLoggedIn(session);
    } catch (caught) {
      setError(errorMessage(t, caught));
      setBusy(false);
    }
  }

  return (
    <AuthPanel id="login-heading" heading={t('login.heading')}>
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
        {secondFactor.field}
        <ErrorAlert message={error} id="login-error" />
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
    </AuthPanel>
  );
}

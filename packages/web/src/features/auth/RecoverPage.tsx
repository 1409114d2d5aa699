import { type ApiClient, recoverAccount } from '@corridor/vault';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthPanel } from './AuthPanel.tsx';
import { errorMessage } from './error-message.ts';
import { ErrorAlert, NewPasswordFields, passwordsMatch, useSecondFactor } from './form-parts.tsx';

/**
 * A lost password: the recovery code (checked in this browser — the server never had
 * it), a second factor, and a new password. Shows the new recovery code once.
 */
export function RecoverPage({ api }: { api: ApiClient }) {
  const { t } = useTranslation();
  const secondFactor = useSecondFactor();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [newCode, setNewCode] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (!passwordsMatch(form)) {
      setError(t('signUp.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { recoveryCode } = await recoverAccount(api, {
        handle: String(form.get('handle') ?? '').trim(),
        recoveryCode: String(form.get('recoveryCode') ?? ''),
        secondFactor: secondFactor.read(form),
        newPassword: String(form.get('password') ?? ''),
      });
      setNewCode(recoveryCode);
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  }

  if (newCode) {
    return (
      <AuthPanel id="recovered-heading" heading={t('recover.doneHeading')}>
        <p>{t('recover.newCodeExplanation')}</p>
        <p className="code-block" data-testid="new-recovery-code">
          {newCode}
        </p>
        <p>
          <a href="#/">{t('signUp.backToLogin')}</a>
        </p>
      </AuthPanel>
    );
  }

  return (
    <AuthPanel id="recover-heading" heading={t('recover.heading')}>
      <p>{t('recover.intro')}</p>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          {t('login.handle')}
          <input name="handle" autoComplete="username" required maxLength={40} />
        </label>
        <label>
          {t('recover.recoveryCode')}
          <input name="recoveryCode" required maxLength={60} autoComplete="off" />
        </label>
        {secondFactor.field}
        <NewPasswordFields label={t('recover.newPassword')} />
        <ErrorAlert message={error} />
        <button type="submit" disabled={busy}>
          {busy ? t('login.working') : t('recover.submit')}
        </button>
      </form>
      <p>
        <a href="#/">{t('signUp.backToLogin')}</a>
      </p>
    </AuthPanel>
  );
}

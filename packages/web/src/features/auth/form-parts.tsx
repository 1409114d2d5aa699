import type { SecondFactor } from '@corridor/vault';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A refusal, announced to screen readers as it appears. */
export function ErrorAlert({ message, id }: { message: string | null; id?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="error">
      {message}
    </p>
  );
}

/** A new password typed twice (`password`, `confirm`); the form checks they match. */
export function NewPasswordFields({ label }: { label: string }) {
  const { t } = useTranslation();
  return (
    <>
      <label>
        {label}
        <input
          name="password"
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
        />
      </label>
      <label>
        {t('signUp.confirm')}
        <input name="confirm" type="password" required minLength={10} autoComplete="new-password" />
      </label>
    </>
  );
}

/** True when the two password fields of a form agree. */
export const passwordsMatch = (form: FormData): boolean =>
  form.get('password') === form.get('confirm');

/**
 * The second factor: a code from the authenticator app, or — one switch away — a backup
 * code. `read` turns the form's `code` field into what the vault expects.
 */
export function useSecondFactor() {
  const { t } = useTranslation();
  const [useBackupCode, setUseBackupCode] = useState(false);
  const field = (
    <>
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
    </>
  );
  const read = (form: FormData): SecondFactor => {
    const code = String(form.get('code') ?? '').trim();
    return useBackupCode ? { backupCode: code } : { totpCode: code };
  };
  return { field, read };
}

import type { CodeFactor, SecondFactor } from '@corridor/vault';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browserAuthenticator } from './browser-authenticator.ts';

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

type FactorKind = 'totp' | 'securityKey' | 'backup';

/**
 * The second factor: a code from the authenticator app, a security key (at login), or a
 * backup code, chosen with radio buttons. `read` turns the form into what the vault expects.
 */
export function useSecondFactor<const K extends boolean = false>(
  withSecurityKey?: K,
): { field: ReactNode; read: (form: FormData) => K extends true ? SecondFactor : CodeFactor } {
  const { t } = useTranslation();
  const name = useId();
  const [kind, setKind] = useState<FactorKind>('totp');
  const kinds: FactorKind[] = withSecurityKey
    ? ['totp', 'securityKey', 'backup']
    : ['totp', 'backup'];
  const field = (
    <>
      <fieldset className="choices">
        <legend>{t('login.factor.legend')}</legend>
        {kinds.map((option) => (
          <label key={option}>
            <input
              type="radio"
              name={name}
              value={option}
              checked={kind === option}
              onChange={() => setKind(option)}
            />
            {t(`login.factor.${option}`)}
          </label>
        ))}
      </fieldset>
      {kind === 'securityKey' ? (
        <p className="hint">{t('login.securityKeyHint')}</p>
      ) : (
        <label key={kind}>
          {kind === 'backup' ? t('login.backupCode') : t('login.totpCode')}
          <input
            name="code"
            inputMode={kind === 'backup' ? 'text' : 'numeric'}
            autoComplete="one-time-code"
            required
            maxLength={kind === 'backup' ? 20 : 6}
          />
        </label>
      )}
    </>
  );
  const read = (form: FormData): SecondFactor => {
    const code = String(form.get('code') ?? '').trim();
    if (kind === 'securityKey') return { securityKey: browserAuthenticator };
    return kind === 'backup' ? { backupCode: code } : { totpCode: code };
  };
  return { field, read: read as (form: FormData) => K extends true ? SecondFactor : CodeFactor };
}

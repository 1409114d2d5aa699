import { type ApiClient, type SignUpResult, signUp } from '@corridor/vault';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthPanel } from './AuthPanel.tsx';
import { errorMessage } from './error-message.ts';
import { ErrorAlert, NewPasswordFields, passwordsMatch } from './form-parts.tsx';

type Step =
  | { kind: 'details' }
  | { kind: 'totp'; secret: string; qr: string }
  | { kind: 'done'; result: SignUpResult };

/**
 * Sign-up with an invitation: handle and password, then the authenticator app (QR code
 * and a code from it), then the recovery code and backup codes, shown once.
 */
export function SignUpPage({
  api,
  invitation,
  onDone,
}: {
  api: ApiClient;
  invitation: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: 'details' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const codeWaiter = useRef<((code: string) => void) | null>(null);

  async function submitDetails(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    if (!passwordsMatch(form)) {
      setError(t('signUp.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await signUp(api, {
        invitationToken: String(form.get('invitation') ?? invitation).trim(),
        handle: String(form.get('handle') ?? '').trim(),
        password,
        enrolTotp: async (secret, uri) => {
          // Fetched only now: only the authenticator step draws a QR code.
          const { toDataURL } = await import('qrcode');
          const qr = await toDataURL(uri, { margin: 1, width: 220 });
          setBusy(false);
          setStep({ kind: 'totp', secret, qr });
          return new Promise<string>((resolve) => {
            codeWaiter.current = resolve;
          });
        },
      });
      setStep({ kind: 'done', result });
    } catch (caught) {
      setError(errorMessage(t, caught));
      setStep({ kind: 'details' });
    } finally {
      setBusy(false);
    }
  }

  function submitCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    codeWaiter.current?.(String(new FormData(event.currentTarget).get('code') ?? '').trim());
  }

  const errorBox = <ErrorAlert message={error} />;

  if (step.kind === 'totp') {
    return (
      <AuthPanel id="totp-heading" heading={t('signUp.totpHeading')}>
        <p>{t('signUp.totpExplanation')}</p>
        <img src={step.qr} alt={t('signUp.qrAlt')} width={220} height={220} />
        <p>
          {t('signUp.secretLabel')} <code data-testid="totp-secret">{step.secret}</code>
        </p>
        <form onSubmit={submitCode}>
          <label>
            {t('login.totpCode')}
            <input
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              maxLength={6}
            />
          </label>
          <button type="submit" disabled={busy}>
            {t('signUp.confirmCode')}
          </button>
        </form>
      </AuthPanel>
    );
  }

  if (step.kind === 'done') {
    return (
      <AuthPanel id="codes-heading" heading={t('signUp.codesHeading')}>
        <p>{t('signUp.recoveryExplanation')}</p>
        <p className="code-block" data-testid="recovery-code">
          {step.result.recoveryCode}
        </p>
        <p>{t('signUp.backupExplanation')}</p>
        <ul className="code-list" data-testid="backup-codes">
          {step.result.backupCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <button type="button" onClick={onDone}>
          {t('signUp.writtenDown')}
        </button>
      </AuthPanel>
    );
  }

  return (
    <AuthPanel id="signup-heading" heading={t('signUp.heading')}>
      <p>{t('signUp.intro')}</p>
      <form onSubmit={(event) => void submitDetails(event)}>
        <label>
          {t('signUp.invitation')}
          <input
            name="invitation"
            defaultValue={invitation}
            required
            maxLength={128}
            autoComplete="off"
          />
        </label>
        <label>
          {t('signUp.handle')}
          <input
            name="handle"
            required
            minLength={3}
            maxLength={40}
            autoComplete="username"
            aria-describedby="handle-hint"
          />
        </label>
        <p id="handle-hint" className="hint">
          {t('signUp.handleHint')}
        </p>
        <NewPasswordFields label={t('login.password')} />
        {errorBox}
        <button type="submit" disabled={busy}>
          {busy ? t('login.working') : t('signUp.submit')}
        </button>
      </form>
      <p>
        <a href="#/">{t('signUp.backToLogin')}</a>
      </p>
    </AuthPanel>
  );
}

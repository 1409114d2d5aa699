import { type ApiClient, unlock } from '@corridor/vault';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthPanel } from './AuthPanel.tsx';
import { errorMessage } from './error-message.ts';
import { ErrorAlert } from './form-parts.tsx';

type Unlocked = Awaited<ReturnType<typeof unlock>>;

/** The app locked itself and dropped the keys; the password alone brings them back. */
export function UnlockPage({
  api,
  handle,
  onUnlocked,
  onLogOut,
  reason,
}: {
  api: ApiClient;
  handle: string;
  reason: 'idle' | 'confirm';
  onUnlocked: (unlocked: Unlocked) => void;
  onLogOut: () => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onUnlocked(
        await unlock(api, String(new FormData(event.currentTarget).get('password') ?? '')),
      );
    } catch (caught) {
      setError(errorMessage(t, caught));
      setBusy(false);
    }
  }

  return (
    <AuthPanel
      id="unlock-heading"
      heading={reason === 'confirm' ? t('unlock.confirmHeading') : t('unlock.heading')}
    >
      <p>
        {reason === 'confirm'
          ? t('unlock.confirmExplanation', { handle })
          : t('unlock.explanation', { handle })}
      </p>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <ErrorAlert message={error} />
        <button type="submit" disabled={busy}>
          {t('unlock.submit')}
        </button>
      </form>
      <button type="button" className="link" onClick={onLogOut}>
        {t('session.logOut')}
      </button>
    </AuthPanel>
  );
}

import type { FundsThreshold } from '@corridor/protocol';
import { type ApiClient, fundsThreshold, setFundsThreshold } from '@corridor/vault';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { needsReauthentication, useSessionActions } from '../session/session-context.ts';
import { formatMoney, toMajorText, toMinor } from './money.ts';

/**
 * The organisation's approval threshold, on the administration page: spending above it
 * (or in another currency) needs a second member's approval. Administrators set it; the
 * amount is policy, not case data, and every member's browser reads it.
 */
export function FundsThresholdForm({ api }: { api: ApiClient }) {
  const { t, i18n } = useTranslation();
  const [threshold, setThreshold] = useState<FundsThreshold | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { reauthenticate } = useSessionActions();

  useEffect(() => {
    fundsThreshold(api).then(setThreshold, (caught: unknown) => setError(errorMessage(t, caught)));
  }, [api, t]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const currency = String(form.get('currency') ?? '')
      .trim()
      .toUpperCase();
    const amountMinor = toMinor(String(form.get('amount') ?? ''), currency);
    setError(null);
    setMessage(null);
    if (Number.isNaN(amountMinor) || !/^[A-Z]{3}$/.test(currency)) {
      setError(t('funds.errors.invalid_threshold'));
      return;
    }
    try {
      const saved = await setFundsThreshold(api, { amountMinor, currency });
      setThreshold(saved);
      setMessage(
        t('funds.thresholdSaved', {
          amount: formatMoney(saved.amountMinor, saved.currency, i18n.language),
        }),
      );
    } catch (caught) {
      if (needsReauthentication(caught)) reauthenticate();
      else setError(errorMessage(t, caught));
    }
  }

  return (
    <section aria-labelledby="funds-threshold-heading" className="panel">
      <h2 id="funds-threshold-heading">{t('funds.thresholdHeading')}</h2>
      <p>{t('funds.thresholdExplanation')}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {threshold && (
        <form
          onSubmit={(event) => void submit(event)}
          className="inline-form"
          key={`${threshold.amountMinor}-${threshold.currency}`}
        >
          <label>
            {t('funds.thresholdAmount')}
            <input
              name="amount"
              inputMode="decimal"
              required
              maxLength={20}
              defaultValue={toMajorText(threshold.amountMinor, threshold.currency)}
            />
          </label>
          <label>
            {t('funds.currency')}
            <input
              name="currency"
              required
              maxLength={3}
              size={4}
              defaultValue={threshold.currency}
            />
          </label>
          <button type="submit">{t('funds.saveThreshold')}</button>
        </form>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}

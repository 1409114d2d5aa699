import {
  type CaseReferral,
  type CaseView,
  checkPartners,
  listPartners,
  listReferrals,
  type MemberSession,
  makeReferral,
  type Partner,
  type PartnerCheck,
  ReferralInputError,
  referralFieldOptions,
  referralResponseBaseUrl,
  revokeReferral,
} from '@corridor/vault';
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { PartnerKey } from '../partners/PartnerKey.tsx';

/** The last package made, offered again in case the browser held the first download back. */
interface Download {
  readonly url: string;
  readonly name: string;
  readonly bytes: number;
}

function offerDownload(file: Uint8Array, name: string): Download {
  const url = URL.createObjectURL(
    new Blob([file as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  return { url, name, bytes: file.length };
}

/**
 * Referrals of this case to partner organisations: the list with states (and revoking),
 * and a new referral — partner, the fields to share (each shown with its value, none
 * ticked), the consent gate, and how to lock the package. The package is built, locked
 * and offered for download in this browser; only its SHA-256 reaches the server.
 */
export function ReferralPanel({
  session,
  view,
  onChanged,
}: {
  session: MemberSession;
  view: CaseView;
  /** The case changed (a `referral.sent` event): reload it. */
  onChanged: () => Promise<unknown>;
}) {
  const { t, i18n } = useTranslation();
  const caseId = view.summary.id;
  const id = useId();
  const [referrals, setReferrals] = useState<CaseReferral[]>([]);
  const [partners, setPartners] = useState<Partner[]>([]);
  const [checks, setChecks] = useState<Map<string, PartnerCheck>>(new Map());
  const [partnerId, setPartnerId] = useState('');
  const [mode, setMode] = useState<'sealed' | 'password'>('sealed');
  const [basis, setBasis] = useState<'consent' | 'override'>('consent');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [download, setDownload] = useState<Download | null>(null);
  const holdsGeneral = view.summary.compartments.includes('general');

  const load = useCallback(async () => {
    setReferrals(await listReferrals(session, caseId));
  }, [session, caseId]);

  useEffect(() => {
    if (!holdsGeneral) return;
    load().catch((caught: unknown) => setError(errorMessage(t, caught)));
    listPartners(session)
      .then(async (listed) => {
        setPartners(listed);
        setChecks(await checkPartners(session, listed));
      })
      .catch(() => setPartners([]));
  }, [load, session, holdsGeneral, t]);

  useEffect(
    () => () => {
      if (download) URL.revokeObjectURL(download.url);
    },
    [download],
  );

  if (!holdsGeneral) return null;
  const options = referralFieldOptions(view);
  const partner = partners.find((p) => p.id === partnerId);
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    if (!partner) {
      setError(t('referrals.errors.partner_required'));
      return;
    }
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const made = await makeReferral(session, view, {
        partner,
        fields: form.getAll('field').map(String),
        consent:
          basis === 'consent'
            ? { basis, how: String(form.get('consentHow') ?? '') }
            : { basis, reason: String(form.get('overrideReason') ?? '') },
        lock:
          mode === 'sealed'
            ? { mode }
            : { mode, password: String(form.get('packagePassword') ?? '') },
        from: {
          organisation: String(form.get('organisation') ?? '').trim(),
          member: session.account.handle,
        },
        responseBaseUrl: await referralResponseBaseUrl(session),
      });
      setDownload(offerDownload(made.file, made.fileName));
      formElement.reset();
      setStatus(t('referrals.made', { partner: partner.name }));
      await load();
      await onChanged();
    } catch (caught) {
      // The server's `partner_has_no_key` (a key removed meanwhile) reads as the browser's.
      const code = (caught as { code?: string }).code;
      setError(
        caught instanceof ReferralInputError || code === 'partner_has_no_key'
          ? t(`referrals.errors.${code}`)
          : errorMessage(t, caught),
      );
    } finally {
      setBusy(false);
    }
  }

  async function revoke(referral: CaseReferral) {
    setBusy(true);
    setError(null);
    try {
      await revokeReferral(session, caseId, referral.id);
      setStatus(t('referrals.revoked', { partner: referral.partnerName }));
      await load();
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="referrals-heading" className="panel">
      <h2 id="referrals-heading">{t('referrals.heading')}</h2>
      {status && <p role="status">{status}</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {download && (
        <p>
          <a href={download.url} download={download.name}>
            {t('referrals.downloadAgain', { name: download.name, count: download.bytes })}
          </a>
        </p>
      )}
      <button
        type="button"
        disabled={busy}
        onClick={() => void load().catch((caught: unknown) => setError(errorMessage(t, caught)))}
      >
        {t('referrals.refresh')}
      </button>
      {referrals.length === 0 ? (
        <p>{t('referrals.none')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('referrals.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('referrals.partner')}</th>
              <th scope="col">{t('referrals.state')}</th>
              <th scope="col">{t('referrals.fieldsShared')}</th>
              <th scope="col">{t('referrals.sentAt')}</th>
              <th scope="col">{t('referrals.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {referrals.map((r) => (
              <tr key={r.id}>
                <td>{r.partnerName}</td>
                <td>{t(`referrals.states.${r.state}`)}</td>
                <td>{r.fields.join(', ')}</td>
                <td>{when(r.createdAt)}</td>
                <td>
                  {(r.state === 'sent' || r.state === 'accepted') && (
                    <button type="button" disabled={busy} onClick={() => void revoke(r)}>
                      {t('referrals.revoke', { partner: r.partnerName })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <form onSubmit={(e) => void submit(e)} aria-labelledby="new-referral-heading">
        <h3 id="new-referral-heading">{t('referrals.newHeading')}</h3>
        {partners.length === 0 ? (
          <p>{t('referrals.noPartners')}</p>
        ) : (
          <>
            <label htmlFor={`${id}-partner`}>{t('referrals.partner')}</label>
            <select
              id={`${id}-partner`}
              name="partner"
              required
              value={partnerId}
              onChange={(e) => setPartnerId(e.target.value)}
            >
              <option value="">{t('referrals.choosePartner')}</option>
              {partners.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.country}){p.publicKey ? '' : ` — ${t('referrals.noKey')}`}
                </option>
              ))}
            </select>
            {partner?.publicKey && (
              <div aria-live="polite">
                <PartnerKey partner={partner} check={checks.get(partner.id)} />
              </div>
            )}
          </>
        )}
        <fieldset>
          <legend>{t('referrals.fieldsLegend')}</legend>
          <p className="hint">{t('referrals.fieldsHint')}</p>
          {options.length === 0 && <p>{t('referrals.noFields')}</p>}
          {options.map((o) => (
            <label key={o.name} className="field-choice">
              <input type="checkbox" name="field" value={o.name} />
              <span>
                {t(`referrals.sources.${o.source}`)} — {o.label}:{' '}
                <span className="field-value">{o.value}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('referrals.consentLegend')}</legend>
          <label>
            <input
              type="radio"
              name="basis"
              value="consent"
              checked={basis === 'consent'}
              onChange={() => setBasis('consent')}
            />
            {t('referrals.consentGiven')}
          </label>
          <label>
            <input
              type="radio"
              name="basis"
              value="override"
              checked={basis === 'override'}
              onChange={() => setBasis('override')}
            />
            {t('referrals.consentOverride')}
          </label>
          {basis === 'consent' ? (
            <label>
              {t('referrals.consentHow')}
              <textarea name="consentHow" rows={2} maxLength={2000} />
            </label>
          ) : (
            <label>
              {t('referrals.overrideReason')}
              <textarea name="overrideReason" rows={2} maxLength={2000} />
            </label>
          )}
        </fieldset>
        <fieldset>
          <legend>{t('referrals.modeLegend')}</legend>
          <label>
            <input
              type="radio"
              name="mode"
              value="sealed"
              checked={mode === 'sealed'}
              onChange={() => setMode('sealed')}
            />
            {t('referrals.modeSealed')}
          </label>
          <label>
            <input
              type="radio"
              name="mode"
              value="password"
              checked={mode === 'password'}
              onChange={() => setMode('password')}
            />
            {t('referrals.modePassword')}
          </label>
          {mode === 'password' && (
            <label>
              {t('referrals.packagePassword')}
              <input
                type="password"
                name="packagePassword"
                autoComplete="new-password"
                minLength={12}
                required
              />
            </label>
          )}
        </fieldset>
        <label>
          {t('referrals.organisation')}
          <input name="organisation" maxLength={200} />
        </label>
        <button type="submit" disabled={busy || partners.length === 0}>
          {t('referrals.make')}
        </button>
      </form>
    </section>
  );
}

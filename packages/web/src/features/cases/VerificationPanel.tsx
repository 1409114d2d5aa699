import {
  isCleared,
  type VerificationMethod,
  type VerificationOutcome,
  verificationMethods,
  verificationOutcomes,
} from '@corridor/protocol';
import {
  type CaseView,
  confirmVerified,
  type DirectoryTeam,
  type MemberSession,
  overrideVerification,
  proposeVerified,
  type ReferralResult,
  recordReferral,
  recordVerification,
  type TeamKeyring,
  verificationHistory,
} from '@corridor/vault';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type TeamReferrer, useReferrers } from '../referrers/use-referrers.ts';
import type { ApplyChange as Apply } from './case-panel.ts';

/**
 * Verification: how the request was checked and what it showed (encrypted in
 * `situation`), the outcome (the server's to see and gate moves on), `verified` only with
 * a second member's confirmation, and an override with a reason for emergencies.
 */
export function VerificationPanel({
  session,
  view,
  apply,
  busy,
  handleOf,
  ring,
  directory,
}: {
  session: MemberSession;
  view: CaseView;
  apply: Apply;
  busy: boolean;
  handleOf: (accountId: string | null) => string;
  ring: TeamKeyring | null;
  directory: readonly DirectoryTeam[] | null;
}) {
  const { t, i18n } = useTranslation();
  const { referrers, reload } = useReferrers(session, ring, directory);
  const [inputError, setInputError] = useState<string | null>(null);
  const verification = view.summary.verification;
  const history = verificationHistory(view);
  const holdsSituation = view.summary.compartments.includes('situation');
  const proposedByMe = verification.proposedBy === session.account.id;
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  const referrerOf = (id: string | undefined) => referrers?.find((r) => r.id === id);
  const referrerName = (id: string | undefined) =>
    referrerOf(id)?.content?.name ?? t('verification.unknownReferrer');

  /** Tells the referrer's registry how the referral went; the case change stands either way. */
  async function noteReferral(referrer: TeamReferrer | undefined, result: ReferralResult) {
    if (!referrer?.content) return;
    try {
      await recordReferral(session, referrer.team, referrer, { caseId: view.summary.id, result });
      await reload();
    } catch {
      // The registry can be updated from the referrers page.
    }
  }

  function submitRecord(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const outcome = String(form.get('outcome')) as VerificationOutcome;
    const methods = form.getAll('method').map(String) as VerificationMethod[];
    const reason = String(form.get('reason') ?? '').trim();
    const referrer = referrerOf(String(form.get('referrer') ?? '') || undefined);
    if (!reason) return setInputError(t('verification.reasonRequired'));
    if (outcome === 'verified' && methods.length === 0) {
      return setInputError(t('verification.methodsRequired'));
    }
    setInputError(null);
    const details = {
      methods,
      reason,
      referrer: referrer ? { teamId: referrer.team.id, referrerId: referrer.id } : null,
    };
    void apply(
      async (v) => {
        if (outcome === 'verified') await proposeVerified(session, v, details);
        else await recordVerification(session, v, outcome, details);
        await noteReferral(
          referrer,
          outcome === 'suspected_infiltrator' ? 'proved_false' : 'pending',
        );
      },
      outcome === 'verified' ? t('verification.proposed') : t('verification.recorded'),
    ).then(() => formElement.reset());
  }

  function submitConfirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const reason = String(new FormData(formElement).get('reason') ?? '').trim();
    if (!reason) return setInputError(t('verification.reasonRequired'));
    setInputError(null);
    const proposal = history.find((h) => h.seq === verification.proposalSeq);
    void apply(async (v) => {
      await confirmVerified(session, v, reason);
      await noteReferral(referrerOf(proposal?.details?.referrer?.referrerId), 'proved_true');
    }, t('verification.confirmed')).then(() => formElement.reset());
  }

  function submitOverride(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const reason = String(new FormData(formElement).get('reason') ?? '').trim();
    if (!reason) return setInputError(t('verification.reasonRequired'));
    setInputError(null);
    void apply((v) => overrideVerification(session, v, reason), t('verification.overridden')).then(
      () => formElement.reset(),
    );
  }

  return (
    <section aria-labelledby="verification-heading" className="panel">
      <h2 id="verification-heading">{t('verification.heading')}</h2>
      <p>
        {t('verification.outcomeLabel')}{' '}
        <strong className={`outcome outcome-${verification.outcome}`}>
          {t(`outcomes.${verification.outcome}`)}
        </strong>
        {verification.overrideSeq !== null && ` · ${t('verification.overrideInForce')}`}
      </p>
      <p className="hint">
        {isCleared(verification) ? t('verification.cleared') : t('verification.notCleared')}
      </p>
      {verification.proposalSeq !== null && (
        <div className="notice">
          <p>{t('verification.pending', { handle: handleOf(verification.proposedBy) })}</p>
          {proposedByMe ? (
            <p>{t('verification.cannotConfirmOwn')}</p>
          ) : (
            holdsSituation && (
              <form onSubmit={submitConfirm}>
                <label>
                  {t('verification.confirmReason')}
                  <input name="reason" maxLength={2000} autoComplete="off" />
                </label>
                <button type="submit" disabled={busy}>
                  {t('verification.confirm')}
                </button>
              </form>
            )
          )}
        </div>
      )}
      {inputError && (
        <p role="alert" className="error">
          {inputError}
        </p>
      )}
      {history.length > 0 && (
        <ol className="verification-history">
          {history.map((entry) => (
            <li key={entry.seq}>
              <strong>
                {entry.change.step === 'record'
                  ? t(`outcomes.${entry.change.outcome}`)
                  : t(`verification.steps.${entry.change.step}`)}
              </strong>{' '}
              · {handleOf(entry.authorId)} · {when(entry.createdAt)}
              {entry.details ? (
                <>
                  {entry.details.methods.length > 0 && (
                    <> · {entry.details.methods.map((m) => t(`methods.${m}`)).join(', ')}</>
                  )}
                  {entry.details.referrer && (
                    <>
                      {' '}
                      · {t('verification.referrer')}:{' '}
                      {referrerName(entry.details.referrer.referrerId)}
                    </>
                  )}
                  <p className="prewrap">{entry.details.reason || t('verification.noReason')}</p>
                </>
              ) : (
                ` (${t('case.sealed')})`
              )}
            </li>
          ))}
        </ol>
      )}
      {!holdsSituation ? (
        <p>{t('verification.needsSituation')}</p>
      ) : (
        <>
          <form onSubmit={submitRecord}>
            <fieldset>
              <legend>{t('verification.methodsLegend')}</legend>
              {verificationMethods.map((method) => (
                <label key={method} className="checkbox">
                  <input type="checkbox" name="method" value={method} />
                  {t(`methods.${method}`)}
                </label>
              ))}
            </fieldset>
            <label>
              {t('verification.referrer')}
              <select name="referrer" defaultValue="">
                <option value="">{t('verification.noReferrer')}</option>
                {referrers
                  ?.filter((r) => r.content)
                  .map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.content?.name} ({r.team.name})
                    </option>
                  ))}
              </select>
            </label>
            <label>
              {t('verification.outcomeLabel')}
              <select name="outcome" defaultValue="partially_verified">
                {verificationOutcomes.map((outcome) => (
                  <option key={outcome} value={outcome}>
                    {outcome === 'verified'
                      ? t('verification.proposeVerified')
                      : t(`outcomes.${outcome}`)}
                  </option>
                ))}
              </select>
            </label>
            <p className="hint">{t('verification.twoMembersHint')}</p>
            <label>
              {t('verification.reason')}
              <textarea name="reason" rows={3} maxLength={20_000} />
            </label>
            <button type="submit" disabled={busy}>
              {t('verification.record')}
            </button>
          </form>
          {!isCleared(verification) && verification.outcome !== 'suspected_infiltrator' && (
            <form onSubmit={submitOverride}>
              <label>
                {t('verification.overrideReason')}
                <textarea name="reason" rows={2} maxLength={20_000} />
              </label>
              <p className="hint">{t('verification.overrideHint')}</p>
              <button type="submit" disabled={busy}>
                {t('verification.override')}
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}

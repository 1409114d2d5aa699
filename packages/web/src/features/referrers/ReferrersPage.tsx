import {
  type MemberSession,
  type ReferralResult,
  recordReferral,
  saveReferrer,
  trackRecord,
} from '@corridor/vault';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { useDirectory, useKeyring } from '../cases/use-case-data.ts';
import { type TeamReferrer, useReferrers } from './use-referrers.ts';

/**
 * The registries of trusted referrers of the member's teams: who refers people to us and
 * how often their referrals proved true. Encrypted to each team; read in this browser.
 */
export function ReferrersPage({ session }: { session: MemberSession }) {
  const { t, i18n } = useTranslation();
  const { ring } = useKeyring(session);
  const directory = useDirectory(session);
  const { referrers, reload } = useReferrers(session, ring, directory);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const myTeams = directory?.filter((team) => ring?.has(team.id)) ?? [];

  async function run(change: () => Promise<unknown>, done: string) {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await change();
      await reload();
      setStatus(done);
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  }

  function submitNew(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const team = myTeams.find((d) => d.id === form.get('team'));
    const name = String(form.get('name') ?? '').trim();
    if (!team || !name) return;
    void run(
      () =>
        saveReferrer(session, team, {
          name,
          kind: form.get('kind') === 'organisation' ? 'organisation' : 'person',
          notes: String(form.get('notes') ?? ''),
          referrals: [],
        }),
      t('referrers.added'),
    ).then(() => formElement.reset());
  }

  function submitReferral(referrer: TeamReferrer, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const result = String(form.get('result')) as ReferralResult;
    const caseId = String(form.get('caseId') ?? '').trim() || null;
    void run(
      () => recordReferral(session, referrer.team, referrer, { caseId, result }),
      t('referrers.referralRecorded'),
    ).then(() => formElement.reset());
  }

  return (
    <section aria-labelledby="referrers-heading">
      <h1 id="referrers-heading">{t('referrers.heading')}</h1>
      <p>{t('referrers.intro')}</p>
      <ErrorAlert message={error} />
      <p role="status">{status}</p>
      {referrers?.length === 0 && <p>{t('referrers.none')}</p>}
      {referrers && referrers.length > 0 && (
        <table>
          <caption className="visually-hidden">{t('referrers.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('referrers.name')}</th>
              <th scope="col">{t('referrers.team')}</th>
              <th scope="col">{t('referrers.trackRecord')}</th>
              <th scope="col">{t('referrers.referrals')}</th>
            </tr>
          </thead>
          <tbody>
            {referrers.map((referrer) => {
              const content = referrer.content;
              const record = content ? trackRecord(content) : null;
              return (
                <tr key={`${referrer.team.id}-${referrer.id}`}>
                  <td>
                    {content ? (
                      <>
                        <strong>{content.name}</strong> · {t(`referrers.kinds.${content.kind}`)}
                        {content.notes && <p className="prewrap hint">{content.notes}</p>}
                      </>
                    ) : (
                      <strong className="warning">
                        {referrer.problem === 'bad_signature'
                          ? t('referrers.badSignature')
                          : t('referrers.unreadable')}
                      </strong>
                    )}
                  </td>
                  <td>{referrer.team.name}</td>
                  <td>
                    {record &&
                      t('referrers.record', {
                        provedTrue: record.provedTrue,
                        provedFalse: record.provedFalse,
                        pending: record.pending,
                      })}
                  </td>
                  <td>
                    {content && (
                      <>
                        <ul>
                          {content.referrals.map((referral) => (
                            <li key={`${referral.caseId}-${referral.at}`}>
                              {referral.caseId ? (
                                <a href={`#/cases/${referral.caseId}`}>
                                  {t('referrers.caseLink', { id: referral.caseId.slice(0, 6) })}
                                </a>
                              ) : (
                                t('referrers.noCase')
                              )}{' '}
                              · {new Date(referral.at).toLocaleDateString(i18n.language)} ·{' '}
                              {t(`referrers.results.${referral.result}`)}
                            </li>
                          ))}
                        </ul>
                        <form
                          className="inline-form"
                          onSubmit={(event) => submitReferral(referrer, event)}
                        >
                          <label>
                            {t('referrers.caseId')}
                            <input name="caseId" maxLength={43} autoComplete="off" />
                          </label>
                          <label>
                            {t('referrers.result')}
                            <select name="result" defaultValue="proved_true">
                              <option value="proved_true">
                                {t('referrers.results.proved_true')}
                              </option>
                              <option value="proved_false">
                                {t('referrers.results.proved_false')}
                              </option>
                              <option value="pending">{t('referrers.results.pending')}</option>
                            </select>
                          </label>
                          <button type="submit" disabled={busy}>
                            {t('referrers.recordReferral', { name: content.name })}
                          </button>
                        </form>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h2>{t('referrers.addHeading')}</h2>
      {myTeams.length === 0 ? (
        <p>{t('referrers.noTeams')}</p>
      ) : (
        <form onSubmit={submitNew}>
          <label>
            {t('referrers.team')}
            <select name="team">
              {myTeams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('referrers.name')}
            <input name="name" required maxLength={200} autoComplete="off" />
          </label>
          <label>
            {t('referrers.kind')}
            <select name="kind" defaultValue="person">
              <option value="person">{t('referrers.kinds.person')}</option>
              <option value="organisation">{t('referrers.kinds.organisation')}</option>
            </select>
          </label>
          <label>
            {t('referrers.notes')}
            <textarea name="notes" rows={2} maxLength={5000} />
          </label>
          <button type="submit" disabled={busy || !ring}>
            {t('referrers.add')}
          </button>
        </form>
      )}
    </section>
  );
}

import { type Compartment, compartments } from '@corridor/protocol';
import { type CaseFields, createCase, type MemberSession } from '@corridor/vault';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { fieldCompartments } from './case-fields.ts';
import { FieldInputs, readFields } from './FieldInputs.tsx';
import { useDirectory, useKeyring } from './use-case-data.ts';

/**
 * Opens a case. Everything typed here is encrypted in this browser, each part under its
 * own key, sealed only to the teams ticked for it.
 */
export function NewCasePage({ session }: { session: MemberSession }) {
  const { t } = useTranslation();
  const directory = useDirectory(session);
  const { ring } = useKeyring(session);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mine = (teamId: string) => ring?.has(teamId) ?? false;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!directory) return;
    const form = new FormData(event.currentTarget);
    const share: Partial<Record<Compartment, string[]>> = {};
    for (const compartment of compartments) {
      const teams = form.getAll(`share.${compartment}`).map(String);
      if (teams.length > 0) share[compartment] = teams;
    }
    if (!share.general?.some(mine)) {
      setError(t('newCase.needOwnTeam'));
      return;
    }
    const details: Partial<Record<Compartment, CaseFields>> = {};
    for (const compartment of fieldCompartments) {
      const fields = readFields(form, compartment);
      if (Object.keys(fields).length === 0) continue;
      if (!share[compartment]?.length) {
        setError(t('newCase.shareWhatYouWrite', { part: t(`compartments.${compartment}`) }));
        return;
      }
      details[compartment] = fields;
    }
    setBusy(true);
    setError(null);
    try {
      const caseId = await createCase(session, directory, {
        title: String(form.get('title') ?? '').trim(),
        riskLevel: Number(form.get('riskLevel') ?? 0),
        share,
        details,
        assigneeId: session.account.id,
      });
      window.location.hash = `#/cases/${caseId}`;
    } catch (caught) {
      setError(errorMessage(t, caught));
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="new-case-heading">
      <h1 id="new-case-heading">{t('newCase.heading')}</h1>
      <p>{t('newCase.intro')}</p>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          {t('newCase.title')}
          <input name="title" required maxLength={120} autoComplete="off" />
        </label>
        <p className="hint">{t('newCase.titleHint')}</p>
        <label>
          {t('cases.risk')}
          <select name="riskLevel" defaultValue="2">
            {[0, 1, 2, 3, 4, 5].map((risk) => (
              <option key={risk} value={risk}>
                {t(`risk.${risk}`)}
              </option>
            ))}
          </select>
        </label>
        {fieldCompartments.map((compartment) => (
          <fieldset key={compartment}>
            <legend>{t(`compartments.${compartment}`)}</legend>
            <FieldInputs compartment={compartment} />
          </fieldset>
        ))}
        <fieldset>
          <legend>{t('newCase.shareLegend')}</legend>
          <p className="hint">{t('newCase.shareHint')}</p>
          {directory?.length === 0 && <p>{t('newCase.noTeams')}</p>}
          {ring && directory && (
            <table>
              <caption className="visually-hidden">{t('newCase.shareLegend')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('newCase.team')}</th>
                  {compartments.map((compartment) => (
                    <th scope="col" key={compartment}>
                      {t(`compartments.${compartment}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {directory?.map((team) => (
                  <tr key={team.id}>
                    <th scope="row">{team.name}</th>
                    {compartments.map((compartment) => (
                      <td key={compartment}>
                        <input
                          type="checkbox"
                          name={`share.${compartment}`}
                          value={team.id}
                          defaultChecked={mine(team.id)}
                          aria-label={t('newCase.shareCheckbox', {
                            team: team.name,
                            part: t(`compartments.${compartment}`),
                          })}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </fieldset>
        <ErrorAlert message={error} />
        <button type="submit" disabled={busy || !directory || !ring}>
          {busy ? t('newCase.working') : t('newCase.submit')}
        </button>
      </form>
    </section>
  );
}

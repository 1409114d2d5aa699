import {
  type CasePlacement,
  type CaseView,
  listCasePlacements,
  type MemberSession,
  requestingTeams,
  requestPlacement,
} from '@corridor/vault';
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { useDirectory, useKeyring } from '../cases/use-case-data.ts';
import { shelterError, useShelters } from './use-shelters.ts';

/**
 * On a case: ask a shelter to take the person in (verified cases only — the server
 * refuses the rest), follow the request, and once accepted read where to bring them: the
 * address sealed to the coordinator's team, opened in this browser.
 */
export function PlacementPanel({ session, view }: { session: MemberSession; view: CaseView }) {
  const { t } = useTranslation();
  const id = useId();
  const { ring } = useKeyring(session);
  const directory = useDirectory(session);
  const { shelters, today } = useShelters(session, ring);
  const [placements, setPlacements] = useState<CasePlacement[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const caseId = view.summary.id;
  const holdsGeneral = view.summary.compartments.includes('general');
  const verified = view.summary.verification.outcome === 'verified';
  const teams = ring ? requestingTeams(view, ring) : [];
  const teamName = (teamId: string) => directory?.find((d) => d.id === teamId)?.name ?? teamId;
  const open = shelters?.filter((s) => s.free > 0) ?? [];
  const chosenShelter = open.find((s) => s.id === chosen) ?? open[0];

  const reload = useCallback(async () => {
    if (!ring || !holdsGeneral) return;
    try {
      setPlacements(await listCasePlacements(session, ring, caseId));
    } catch (caught) {
      setError(shelterError(t, caught));
    }
  }, [session, ring, caseId, holdsGeneral, t]);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (!holdsGeneral) return null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const shelterId = String(form.get('shelter') ?? '');
    const from = String(form.get('from') ?? '');
    const to = String(form.get('to') ?? '') || null;
    const teamId = String(form.get('team') ?? '') || undefined;
    const bedId = String(form.get('bed') ?? '') || null;
    if (!ring || !shelterId || !from) return;
    if (to !== null && to <= from) {
      setError(t('shelters.errors.dates'));
      return;
    }
    setBusy(true);
    setError(null);
    setStatus(null);
    requestPlacement(session, ring, view, { shelterId, bedId, from, to, teamId })
      .then(async () => {
        await reload();
        setStatus(t('shelters.requested'));
        formElement.reset();
      })
      .catch((caught: unknown) => setError(shelterError(t, caught)))
      .finally(() => setBusy(false));
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="panel">
      <h2 id={`${id}-heading`}>{t('shelters.panelHeading')}</h2>
      <ErrorAlert message={error} />
      <p role="status">{status}</p>
      <h3>{t('shelters.placementsHeading')}</h3>
      {placements?.length === 0 && <p>{t('shelters.noPlacements')}</p>}
      {placements && placements.length > 0 && (
        <ul>
          {placements.map((p) => (
            <li key={p.id}>
              {t('shelters.placementLine', {
                code: p.shelterCode,
                from: p.from,
                to: p.to ?? t('shelters.openEnded'),
                status: t(`shelters.statuses.${p.status}`),
              })}
              {p.bedId && (
                <>
                  {' · '}
                  {t('shelters.bedLine', {
                    bed:
                      shelters
                        ?.find((s) => s.id === p.shelterId)
                        ?.beds.find((b) => b.id === p.bedId)?.label ?? '—',
                  })}
                </>
              )}
              {p.openedAddress && (
                <dl aria-label={t('shelters.addressHeading')}>
                  <dt>{t('shelters.address')}</dt>
                  <dd className="prewrap">{p.openedAddress.address}</dd>
                  <dt>{t('shelters.rules')}</dt>
                  <dd className="prewrap">{p.openedAddress.rules}</dd>
                  <dt>{t('shelters.keeper')}</dt>
                  <dd>{p.openedAddress.keeper}</dd>
                </dl>
              )}
              {p.addressProblem === 'bad_signature' && (
                <p className="warning">{t('shelters.addressForged')}</p>
              )}
              {(p.status === 'accepted' || p.status === 'ended') &&
                !p.openedAddress &&
                p.addressProblem !== 'bad_signature' && (
                  <p className="hint">{t('shelters.addressWithheld')}</p>
                )}
            </li>
          ))}
        </ul>
      )}
      <p>{t('shelters.panelIntro')}</p>
      {!verified && <p className="warning">{t('shelters.notVerified')}</p>}
      {verified && shelters && open.length === 0 && <p>{t('shelters.noShelters')}</p>}
      {verified && open.length > 0 && ring && teams.length === 0 && (
        <p className="hint">{t('shelters.noLocationTeam')}</p>
      )}
      {verified && open.length > 0 && teams.length > 0 && (
        <form onSubmit={submit} className="inline-form">
          <label>
            {t('shelters.shelter')}
            <select
              name="shelter"
              required
              value={chosenShelter?.id}
              onChange={(event) => setChosen(event.currentTarget.value)}
            >
              {open.map((s) => (
                <option key={s.id} value={s.id}>
                  {t('shelters.freeOption', { code: s.code, count: s.free })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('shelters.bed')}
            <select name="bed" defaultValue="" key={chosenShelter?.id}>
              <option value="">{t('shelters.anyBed')}</option>
              {chosenShelter?.beds.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.label} ({b.occupied ? t('shelters.bedTaken') : t('shelters.bedFree')})
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('shelters.from')}
            <input type="date" name="from" required defaultValue={today ?? undefined} />
          </label>
          <label>
            {t('shelters.to')}
            <input type="date" name="to" />
          </label>
          {teams.length > 1 && (
            <label>
              {t('shelters.requestTeam')}
              <select name="team">
                {teams.map((teamId) => (
                  <option key={teamId} value={teamId}>
                    {teamName(teamId)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="submit" disabled={busy}>
            {t('shelters.request')}
          </button>
        </form>
      )}
    </section>
  );
}

import {
  type DirectoryTeam,
  type MemberSession,
  occupancySummary,
  resealShelters,
  type Shelter,
  type ShelterInput,
  saveShelter,
  sheltersToReseal,
} from '@corridor/vault';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { useDirectory, useKeyring } from '../cases/use-case-data.ts';
import { ShelterForm } from './ShelterForm.tsx';
import { ShelterPlacements } from './ShelterPlacements.tsx';
import { shelterError, useShelters } from './use-shelters.ts';

/**
 * Shelters: occupancy and free beds of all at a glance, for every member; for members of
 * a shelter's team, its address, rules and beds (decrypted here), editing, and the
 * placement requests waiting for them.
 */
export function SheltersPage({ session }: { session: MemberSession }) {
  const { t } = useTranslation();
  const { ring } = useKeyring(session);
  const directory = useDirectory(session);
  const { shelters, today, error: loadError, reload } = useShelters(session, ring);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const myTeams = directory?.filter((team) => ring?.has(team.id)) ?? [];
  const teamName = (id: string) => directory?.find((d) => d.id === id)?.name ?? '';
  const mine = shelters?.filter((s) => ring?.has(s.teamId)) ?? [];
  const stale = shelters && directory ? sheltersToReseal(shelters, directory) : [];

  async function run(change: () => Promise<unknown>, done: string, saving = false) {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await change();
      await reload();
      setStatus(done);
    } catch (caught) {
      const conflict = (caught as { code?: string }).code === 'conflict';
      setError(saving && conflict ? t('shelters.errors.saveConflict') : shelterError(t, caught));
    } finally {
      setBusy(false);
    }
  }

  const save =
    (shelter?: Shelter) => (team: DirectoryTeam, input: ShelterInput, form: HTMLFormElement) =>
      void run(
        () => saveShelter(session, team, input, shelter),
        shelter ? t('shelters.saved') : t('shelters.added'),
        true,
      ).then(() => {
        if (!shelter) form.reset();
      });

  const total = shelters ? occupancySummary(shelters) : null;

  return (
    <section aria-labelledby="shelters-heading">
      <h1 id="shelters-heading">{t('shelters.heading')}</h1>
      <p>{t('shelters.intro')}</p>
      <ErrorAlert message={error ?? (loadError ? shelterError(t, loadError) : null)} />
      <p role="status">{status}</p>
      {!shelters && !loadError && <p>{t('shelters.loading')}</p>}
      {shelters?.length === 0 && <p>{t('shelters.none')}</p>}
      {total && shelters && shelters.length > 0 && (
        <section aria-labelledby="occupancy-heading" className="panel">
          <h2 id="occupancy-heading">{t('shelters.occupancyHeading')}</h2>
          <p>
            {t('shelters.total', {
              count: total.capacity,
              occupied: total.occupied,
              free: total.free,
            })}
          </p>
          <table>
            <caption className="visually-hidden">{t('shelters.occupancyHeading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('shelters.code')}</th>
                <th scope="col">{t('shelters.capacity')}</th>
                <th scope="col">{t('shelters.occupied')}</th>
                <th scope="col">{t('shelters.free')}</th>
                <th scope="col">{t('shelters.pending')}</th>
                <th scope="col">{t('shelters.team')}</th>
              </tr>
            </thead>
            <tbody>
              {shelters.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    {ring?.has(s.teamId) ? <a href={`#shelter-${s.id}`}>{s.code}</a> : s.code}
                  </th>
                  <td>{s.capacity}</td>
                  <td>{t('shelters.occupancy', { count: s.capacity, occupied: s.occupied })}</td>
                  <td>{s.free}</td>
                  <td>{s.pending}</td>
                  <td>
                    {teamName(s.teamId)}
                    {ring?.has(s.teamId) && ` · ${t('shelters.yours')}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {stale.length > 0 && (
        <p>
          {t('shelters.reseal', { count: stale.length })}{' '}
          <button
            type="button"
            disabled={busy || !ring || !directory}
            onClick={() => {
              if (ring && directory)
                void run(() => resealShelters(session, ring, directory), t('shelters.resealed'));
            }}
          >
            {t('shelters.resealButton')}
          </button>
        </p>
      )}

      {mine.map((shelter) => (
        <section
          key={shelter.id}
          id={`shelter-${shelter.id}`}
          aria-labelledby={`shelter-heading-${shelter.id}`}
          className="panel"
        >
          <h2 id={`shelter-heading-${shelter.id}`}>
            {t('shelters.detailHeading', { code: shelter.code })}
          </h2>
          {shelter.content ? (
            <dl>
              <dt>{t('shelters.address')}</dt>
              <dd className="prewrap">{shelter.content.address}</dd>
              <dt>{t('shelters.rules')}</dt>
              <dd className="prewrap">{shelter.content.rules}</dd>
              <dt>{t('shelters.keeper')}</dt>
              <dd>{shelter.content.keeper}</dd>
              <dt>{t('shelters.notes')}</dt>
              <dd className="prewrap">{shelter.content.notes}</dd>
              <dt>{t('shelters.beds')}</dt>
              <dd>
                <ul>
                  {shelter.beds.map((b) => (
                    <li key={b.id}>
                      {b.label}: {b.occupied ? t('shelters.bedTaken') : t('shelters.bedFree')}
                    </li>
                  ))}
                </ul>
              </dd>
            </dl>
          ) : (
            <p className="warning">
              {shelter.problem === 'bad_signature'
                ? t('shelters.badSignature')
                : t('shelters.unreadable')}
            </p>
          )}
          {directory && today && (
            <ShelterPlacements
              session={session}
              shelter={shelter}
              directory={directory}
              today={today}
              busy={busy}
              run={run}
            />
          )}
          {shelter.content && (
            <details>
              <summary>{t('shelters.editHeading', { code: shelter.code })}</summary>
              <ShelterForm teams={myTeams} shelter={shelter} busy={busy} onSave={save(shelter)} />
            </details>
          )}
        </section>
      ))}

      {myTeams.length > 0 &&
        (mine.length > 0 || session.account.roles.includes('shelter_coordinator')) && (
          <section className="panel" aria-label={t('shelters.addHeading')}>
            <ShelterForm teams={myTeams} busy={busy} onSave={save()} />
          </section>
        )}
    </section>
  );
}

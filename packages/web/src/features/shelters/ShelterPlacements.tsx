import {
  acceptPlacement,
  type DirectoryTeam,
  declinePlacement,
  endPlacement,
  listShelterPlacements,
  type MemberSession,
  type Placement,
  type Shelter,
} from '@corridor/vault';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A shelter's requests and stays, for its team: accept into a free bed (the address is
 * sealed to the requesting team in this browser), decline, or end a stay.
 */
export function ShelterPlacements({
  session,
  shelter,
  directory,
  today,
  busy,
  run,
}: {
  session: MemberSession;
  shelter: Shelter;
  directory: readonly DirectoryTeam[];
  today: string;
  busy: boolean;
  run: (change: () => Promise<unknown>, done: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [placements, setPlacements] = useState<Placement[] | null>(null);
  const reload = useCallback(async () => {
    try {
      setPlacements(await listShelterPlacements(session, shelter.id));
    } catch {
      setPlacements([]);
    }
  }, [session, shelter.id]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const label = (bedId: string | null) => shelter.beds.find((b) => b.id === bedId)?.label ?? '—';
  const caseRef = (p: Placement) => p.caseId.slice(0, 6);
  const after = (change: () => Promise<unknown>, done: string) => run(change, done).then(reload);

  function accept(placement: Placement, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const bedId = String(new FormData(event.currentTarget).get('bed') ?? '');
    if (!bedId) return;
    void after(
      () => acceptPlacement(session, shelter, placement, bedId, directory),
      t('shelters.accepted'),
    );
  }

  function end(placement: Placement, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const on = String(new FormData(event.currentTarget).get('on') ?? '');
    if (!on) return;
    void after(() => endPlacement(session, placement, on), t('shelters.ended'));
  }

  return (
    <section aria-labelledby={`requests-${shelter.id}`}>
      <h3 id={`requests-${shelter.id}`}>{t('shelters.requestsHeading')}</h3>
      {placements?.length === 0 && <p>{t('shelters.noRequests')}</p>}
      {placements && placements.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('shelters.case')}</th>
              <th scope="col">{t('shelters.dates')}</th>
              <th scope="col">{t('shelters.bed')}</th>
              <th scope="col">{t('shelters.status')}</th>
              <th scope="col">{t('shelters.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {placements.map((p) => (
              <tr key={p.id}>
                <td>{caseRef(p)}</td>
                <td>
                  {p.from} – {p.to ?? t('shelters.openEnded')}
                </td>
                <td>{label(p.bedId)}</td>
                <td>{t(`shelters.statuses.${p.status}`)}</td>
                <td>
                  {p.status === 'requested' && shelter.content && (
                    <>
                      <form className="inline-form" onSubmit={(event) => accept(p, event)}>
                        <label>
                          {t('shelters.chooseBed', { case: caseRef(p) })}
                          <select name="bed" defaultValue={p.bedId ?? ''} required>
                            {shelter.beds.map((b) => (
                              <option key={b.id} value={b.id}>
                                {b.label} (
                                {b.occupied ? t('shelters.bedTaken') : t('shelters.bedFree')})
                              </option>
                            ))}
                          </select>
                        </label>
                        <button type="submit" disabled={busy}>
                          {t('shelters.accept')}
                        </button>
                      </form>
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() =>
                          void after(() => declinePlacement(session, p), t('shelters.declined'))
                        }
                      >
                        {t('shelters.decline')}
                      </button>
                    </>
                  )}
                  {p.status === 'accepted' && (
                    <form className="inline-form" onSubmit={(event) => end(p, event)}>
                      <label>
                        {t('shelters.endOn')}
                        <input
                          type="date"
                          name="on"
                          required
                          min={p.from}
                          max={p.to ?? undefined}
                          defaultValue={today < p.from ? p.from : today}
                        />
                      </label>
                      <button type="submit" disabled={busy}>
                        {t('shelters.end')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

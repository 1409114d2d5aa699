import { findAccountRoute, listTeamsRoute, teamDirectoryRoute } from '@corridor/protocol';
import {
  addTeamMember,
  initialiseTeamKey,
  loadTeamKeyring,
  type MemberSession,
  rekeyTeamCases,
  removeTeamMember,
  type TeamView,
} from '@corridor/vault';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { needsReauthentication, useSessionActions } from '../session/session-context.ts';

/**
 * The member's teams. Adding a member seals the team key to them in this browser;
 * removing one makes a new team key here for everyone who stays.
 */
export function TeamsPage({ session }: { session: MemberSession }) {
  const { t } = useTranslation();
  const [teams, setTeams] = useState<TeamView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const { reauthenticate } = useSessionActions();

  const load = useCallback(() => {
    session.api.call(listTeamsRoute).then(
      (result) => setTeams(result.teams),
      (caught: unknown) => setError(errorMessage(t, caught)),
    );
  }, [session, t]);
  useEffect(load, [load]);

  async function act(run: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await run();
      load();
    } catch (caught) {
      if (needsReauthentication(caught)) reauthenticate();
      else setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  }

  /** Removes a member; what the team holds then gets new keys the one who left never had. */
  function remove(team: TeamView, accountId: string) {
    void act(async () => {
      await removeTeamMember(session, team, accountId);
      const { teams: directory } = await session.api.call(teamDirectoryRoute);
      const ring = await loadTeamKeyring(session);
      const { rekeyed, left } = await rekeyTeamCases(session, ring, team.id, directory, {
        // One write per part, and the server takes only so many a minute: show how far it is.
        onProgress: ({ rekeyed: done, total, waitingMs }) => {
          const progress = t('teams.rekeying', { count: total, done });
          const seconds = Math.ceil((waitingMs ?? 0) / 1000);
          setStatus(
            waitingMs === null
              ? progress
              : `${progress} ${t('teams.rekeyWaiting', { count: seconds })}`,
          );
        },
      });
      const unfinished = left.filter((l) => l.reason !== 'not_held' && l.reason !== 'failed');
      setStatus(
        left.length === 0
          ? t('teams.rekeyed', { count: rekeyed })
          : unfinished.length > 0
            ? t('teams.rekeyUnfinished', { count: unfinished.length, done: rekeyed })
            : t('teams.rekeyedPartly', { count: rekeyed, left: left.length }),
      );
    });
  }

  function add(team: TeamView, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const handle = String(new FormData(event.currentTarget).get('handle') ?? '').trim();
    event.currentTarget.reset();
    void act(async () => {
      const account = await session.api.call(findAccountRoute, { params: { handle } });
      await addTeamMember(session, team, account.accountId);
    });
  }

  return (
    <section aria-labelledby="teams-heading">
      <h1 id="teams-heading">{t('teams.heading')}</h1>
      <p>{t('teams.explanation')}</p>
      <ErrorAlert message={error} />
      <p role="status">{status}</p>
      {teams?.length === 0 && <p>{t('teams.none')}</p>}
      {teams?.map((team) => (
        <section
          key={team.id}
          aria-labelledby={`team-${team.id}`}
          className="panel"
          data-testid="team"
        >
          <h2 id={`team-${team.id}`}>{team.name}</h2>
          {team.keyVersion === 0 ? (
            <>
              <p>{t('teams.noKeyYet')}</p>
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void act(() => initialiseTeamKey(session, team.id).then(() => undefined))
                }
              >
                {t('teams.makeKey')}
              </button>
            </>
          ) : (
            <>
              <p>{t('teams.keyVersion', { version: team.keyVersion })}</p>
              <ul aria-label={t('teams.members')}>
                {team.members.map((member) => (
                  <li key={member.accountId}>
                    {member.handle}{' '}
                    {member.accountId !== session.account.id && (
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() => remove(team, member.accountId)}
                      >
                        {t('teams.remove', { handle: member.handle })}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              <form onSubmit={(event) => add(team, event)}>
                <label>
                  {t('teams.addLabel')}
                  <input name="handle" required maxLength={40} />
                </label>
                <button type="submit" disabled={busy}>
                  {t('teams.add')}
                </button>
              </form>
            </>
          )}
        </section>
      ))}
    </section>
  );
}

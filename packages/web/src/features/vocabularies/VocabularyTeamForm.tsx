import { teamDirectoryRoute } from '@corridor/protocol';
import {
  type ApiClient,
  type DirectoryTeam,
  setVocabularyTeam,
  vocabularySetting,
} from '@corridor/vault';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { needsReauthentication, useSessionActions } from '../session/session-context.ts';

/**
 * The administrator's choice of vocabulary team, on the administration page. The team id
 * is an organisation setting the server may know; the vocabularies themselves are sealed
 * to that team and the administrator, outside it, never reads them.
 */
export function VocabularyTeamForm({ api }: { api: ApiClient }) {
  const { t } = useTranslation();
  const [teams, setTeams] = useState<DirectoryTeam[] | null>(null);
  const [teamId, setTeamId] = useState<string | null | undefined>(undefined);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { reauthenticate } = useSessionActions();

  useEffect(() => {
    Promise.all([api.call(teamDirectoryRoute), vocabularySetting(api)]).then(
      ([directory, setting]) => {
        setTeams(directory.teams);
        setTeamId(setting.teamId);
      },
      (caught: unknown) => setError(errorMessage(t, caught)),
    );
  }, [api, t]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = String(new FormData(event.currentTarget).get('team') ?? '') || null;
    setError(null);
    setMessage(null);
    try {
      const saved = await setVocabularyTeam(api, chosen);
      setTeamId(saved.teamId);
      const name = teams?.find((team) => team.id === saved.teamId)?.name;
      setMessage(
        name ? t('vocabularies.admin.saved', { team: name }) : t('vocabularies.admin.savedNone'),
      );
    } catch (caught) {
      if (needsReauthentication(caught)) reauthenticate();
      else setError(errorMessage(t, caught));
    }
  }

  return (
    <section aria-labelledby="vocabulary-team-heading" className="panel">
      <h2 id="vocabulary-team-heading">{t('vocabularies.admin.heading')}</h2>
      <p>{t('vocabularies.admin.explanation')}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {teams && teamId !== undefined && (
        <form onSubmit={(event) => void submit(event)} className="inline-form" key={teamId ?? ''}>
          <label>
            {t('vocabularies.admin.label')}
            <select name="team" defaultValue={teamId ?? ''}>
              <option value="">{t('vocabularies.admin.none')}</option>
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('vocabularies.admin.save')}</button>
        </form>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}

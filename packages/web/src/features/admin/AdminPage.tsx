import {
  createInvitationRoute,
  createTeamRoute,
  findAccountRoute,
  type Role,
  RoleSchema,
} from '@corridor/protocol';
import type { ApiClient } from '@corridor/vault';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { FundsThresholdForm } from '../funds/FundsThresholdForm.tsx';
import { needsReauthentication, useSessionActions } from '../session/session-context.ts';
import { VocabularyTeamForm } from '../vocabularies/VocabularyTeamForm.tsx';
import { MembersPanel } from './MembersPanel.tsx';

const roles = RoleSchema.options;

/** Administrators invite members and create teams; they hold no team's keys. */
export function AdminPage({ api, selfId }: { api: ApiClient; selfId: string }) {
  const { t } = useTranslation();
  const [invitation, setInvitation] = useState<{ token: string; expiresAt: string } | null>(null);
  const [teamMessage, setTeamMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { reauthenticate } = useSessionActions();

  async function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const chosen = roles.filter((role) => form.get(`role-${role}`) === 'on') as Role[];
    setError(null);
    try {
      setInvitation(
        await api.call(createInvitationRoute, {
          body: { roles: chosen, expiresInHours: Number(form.get('hours') ?? 48) },
        }),
      );
    } catch (caught) {
      if (needsReauthentication(caught)) reauthenticate();
      else setError(errorMessage(t, caught));
    }
  }

  async function createTeam(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    setTeamMessage(null);
    try {
      const first = await api.call(findAccountRoute, {
        params: { handle: String(form.get('firstMember') ?? '').trim() },
      });
      const name = String(form.get('name') ?? '').trim();
      await api.call(createTeamRoute, { body: { name, firstMemberId: first.accountId } });
      setTeamMessage(t('admin.teamCreated', { name, handle: first.handle }));
    } catch (caught) {
      if (needsReauthentication(caught)) reauthenticate();
      else setError(errorMessage(t, caught));
    }
  }

  const link = invitation ? `${window.location.origin}/#/invite/${invitation.token}` : '';
  return (
    <section aria-labelledby="admin-heading">
      <h1 id="admin-heading">{t('admin.heading')}</h1>
      <ErrorAlert message={error} />
      <MembersPanel api={api} selfId={selfId} />
      <FundsThresholdForm api={api} />
      <VocabularyTeamForm api={api} />
      <section aria-labelledby="invite-heading" className="panel">
        <h2 id="invite-heading">{t('admin.inviteHeading')}</h2>
        <form onSubmit={(event) => void invite(event)}>
          <fieldset>
            <legend>{t('admin.roles')}</legend>
            {roles.map((role) => (
              <label key={role} className="checkbox">
                <input type="checkbox" name={`role-${role}`} /> {t(`roles.${role}`)}
              </label>
            ))}
          </fieldset>
          <label>
            {t('admin.validHours')}
            <input name="hours" type="number" min={1} max={168} defaultValue={48} required />
          </label>
          <button type="submit">{t('admin.createInvitation')}</button>
        </form>
        {invitation && (
          <div role="status">
            <p>
              {t('admin.invitationCreated', {
                until: new Date(invitation.expiresAt).toLocaleString(),
              })}
            </p>
            <p className="code-block" data-testid="invitation-link">
              {link}
            </p>
          </div>
        )}
      </section>
      <section aria-labelledby="team-heading" className="panel">
        <h2 id="team-heading">{t('admin.teamHeading')}</h2>
        <p>{t('admin.teamExplanation')}</p>
        <form onSubmit={(event) => void createTeam(event)}>
          <label>
            {t('admin.teamName')}
            <input name="name" required maxLength={60} />
          </label>
          <label>
            {t('admin.firstMember')}
            <input name="firstMember" required maxLength={40} />
          </label>
          <button type="submit">{t('admin.createTeam')}</button>
        </form>
        {teamMessage && <p role="status">{teamMessage}</p>}
      </section>
    </section>
  );
}

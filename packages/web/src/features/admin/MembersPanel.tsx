import { disableAccountRoute, listAccountsRoute } from '@corridor/protocol';
import type { ApiClient } from '@corridor/vault';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { needsReauthentication, useSessionActions } from '../session/session-context.ts';

type Account = { id: string; handle: string; roles: string[]; status: 'active' | 'disabled' };

/** Every account, its roles and status; an administrator can disable one (not themself). */
export function MembersPanel({ api, selfId }: { api: ApiClient; selfId: string }) {
  const { t } = useTranslation();
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { reauthenticate } = useSessionActions();

  const load = useCallback(() => {
    api.call(listAccountsRoute).then(
      (result) => setAccounts(result.accounts),
      (caught: unknown) => setError(errorMessage(t, caught)),
    );
  }, [api, t]);
  useEffect(load, [load]);

  async function disable(account: Account) {
    if (!window.confirm(t('admin.confirmDisable', { handle: account.handle }))) return;
    try {
      await api.call(disableAccountRoute, { params: { accountId: account.id } });
      load();
    } catch (caught) {
      if (needsReauthentication(caught)) reauthenticate();
      else setError(errorMessage(t, caught));
    }
  }

  return (
    <section aria-labelledby="members-heading" className="panel">
      <h2 id="members-heading">{t('admin.membersHeading')}</h2>
      <ErrorAlert message={error} />
      {accounts && (
        <table>
          <caption className="visually-hidden">{t('admin.membersHeading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('login.handle')}</th>
              <th scope="col">{t('admin.roles')}</th>
              <th scope="col">{t('admin.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('devices.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.id}>
                <td>{account.handle}</td>
                <td>{account.roles.map((role) => t(`roles.${role}`)).join(', ')}</td>
                <td>{t(`admin.${account.status}`)}</td>
                <td>
                  {account.status === 'active' && account.id !== selfId && (
                    <button type="button" onClick={() => void disable(account)}>
                      {t('admin.disable', { handle: account.handle })}
                    </button>
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

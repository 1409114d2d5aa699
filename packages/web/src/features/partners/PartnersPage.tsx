import {
  checkPartners,
  createPartner,
  listPartners,
  type MemberSession,
  type Partner,
  type PartnerCheck,
  type PartnerInput,
  removePartner,
  updatePartner,
} from '@corridor/vault';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { needsReauthentication, useSessionActions } from '../session/session-context.ts';
import { PartnerKey } from './PartnerKey.tsx';

function readPartner(form: FormData): PartnerInput {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  return {
    name: text('name'),
    country: text('country').toUpperCase(),
    publicKey: text('publicKey') || null,
    notificationEmail: text('notificationEmail') || null,
  };
}

function PartnerFields({ partner, prefix }: { partner?: Partner; prefix: string }) {
  const { t } = useTranslation();
  return (
    <>
      <label>
        {t('partners.name')}
        <input name="name" required maxLength={200} defaultValue={partner?.name ?? ''} />
      </label>
      <label>
        {t('partners.country')}
        <input
          name="country"
          required
          maxLength={2}
          pattern="[A-Za-z]{2}"
          defaultValue={partner?.country ?? ''}
        />
      </label>
      <label>
        {t('partners.publicKey')}
        <input
          name="publicKey"
          maxLength={43}
          pattern="[A-Za-z0-9_\-]{43}"
          defaultValue={partner?.publicKey ?? ''}
          aria-describedby={`${prefix}-key-hint`}
          autoComplete="off"
        />
      </label>
      <p id={`${prefix}-key-hint`} className="hint">
        {t('partners.publicKeyHint')}
      </p>
      <label>
        {t('partners.email')}
        <input
          name="notificationEmail"
          type="email"
          maxLength={254}
          defaultValue={partner?.notificationEmail ?? ''}
        />
      </label>
    </>
  );
}

/**
 * The partner organisations referrals may go to (administrators): name, country, the
 * public key their packages are sealed to, and where "a referral is waiting" is e-mailed.
 */
export function PartnersPage({ session }: { session: MemberSession }) {
  const { t } = useTranslation();
  const { reauthenticate } = useSessionActions();
  const [partners, setPartners] = useState<Partner[] | null>(null);
  const [checks, setChecks] = useState<Map<string, PartnerCheck>>(new Map());
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isAdmin = session.account.roles.includes('administrator');

  const reload = useCallback(async () => {
    const listed = await listPartners(session);
    setPartners(listed);
    setChecks(await checkPartners(session, listed));
  }, [session]);
  useEffect(() => {
    reload().catch((caught: unknown) => setError(errorMessage(t, caught)));
  }, [reload, t]);

  async function run(change: () => Promise<unknown>, done: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await change();
      await reload();
      setStatus(done);
      return true;
    } catch (caught) {
      if (needsReauthentication(caught)) reauthenticate();
      else setError(errorMessage(t, caught));
      return false;
    } finally {
      setBusy(false);
    }
  }

  function submitNew(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const input = readPartner(new FormData(formElement));
    void run(() => createPartner(session, input), t('partners.added', { name: input.name })).then(
      (ok) => ok && formElement.reset(),
    );
  }

  function submitEdit(partner: Partner, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = readPartner(new FormData(event.currentTarget));
    void run(() => updatePartner(session, partner, input), t('partners.saved')).then(
      (ok) => ok && setEditing(null),
    );
  }

  return (
    <section aria-labelledby="partners-heading">
      <h1 id="partners-heading">{t('partners.heading')}</h1>
      <p>{t('partners.intro')}</p>
      <ErrorAlert message={error} />
      <p role="status">{status}</p>
      {partners?.length === 0 && <p>{t('partners.none')}</p>}
      {partners && partners.length > 0 && (
        <table>
          <caption className="visually-hidden">{t('partners.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('partners.name')}</th>
              <th scope="col">{t('partners.country')}</th>
              <th scope="col">{t('partners.key')}</th>
              <th scope="col">{t('partners.email')}</th>
              {isAdmin && <th scope="col">{t('partners.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {partners.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.country}</td>
                <td>
                  <PartnerKey partner={p} check={checks.get(p.id)} />
                </td>
                <td>{p.notificationEmail ?? ''}</td>
                {isAdmin && (
                  <td>
                    {editing === p.id ? (
                      <form
                        onSubmit={(e) => submitEdit(p, e)}
                        aria-label={t('partners.editOf', { name: p.name })}
                      >
                        <PartnerFields partner={p} prefix={`edit-${p.id}`} />
                        <button type="submit" disabled={busy}>
                          {t('partners.save')}
                        </button>
                        <button type="button" onClick={() => setEditing(null)}>
                          {t('partners.cancel')}
                        </button>
                      </form>
                    ) : (
                      <>
                        <button type="button" onClick={() => setEditing(p.id)}>
                          {t('partners.edit', { name: p.name })}
                        </button>
                        <button
                          type="button"
                          disabled={busy}
                          onClick={() =>
                            void run(
                              () => removePartner(session, p.id),
                              t('partners.removed', { name: p.name }),
                            )
                          }
                        >
                          {t('partners.remove', { name: p.name })}
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isAdmin && (
        <>
          <h2 id="new-partner-heading">{t('partners.addHeading')}</h2>
          <form onSubmit={submitNew} aria-labelledby="new-partner-heading">
            <PartnerFields prefix="new" />
            <button type="submit" disabled={busy}>
              {t('partners.add')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

import { teamDirectoryRoute } from '@corridor/protocol';
import {
  type ConversationSummary,
  type ConversationView,
  chooseHotlineTeam,
  type DirectoryTeam,
  ensureInboxKey,
  getInbox,
  type Inbox,
  type InboxKeys,
  linkConversation,
  listConversations,
  loadTeamKeyring,
  type MemberSession,
  markConversation,
  openCaseFromConversation,
  openConversation,
  openInboxKeys,
  replyToConversation,
} from '@corridor/vault';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';

interface Loaded {
  readonly inbox: Inbox;
  readonly keys: InboxKeys;
  readonly conversations: readonly ConversationSummary[];
  readonly unreadTotal: number;
  readonly directory: readonly DirectoryTeam[];
}

/**
 * The hotline inbox: conversations listed from what the server may know (channel,
 * status, times, unread counts); a conversation's messages opened here, in the browser,
 * with the inbox key the team holds; replies sealed here to the applicant and the inbox.
 */
export function InboxPage({ session }: { session: MemberSession }) {
  const { t, i18n } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [open, setOpen] = useState<ConversationView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [reply, setReply] = useState('');
  const [caseId, setCaseId] = useState('');
  const [title, setTitle] = useState('');
  const isAdmin = session.account.roles.includes('administrator');

  const load = useCallback(async () => {
    try {
      const ring = await loadTeamKeyring(session);
      let inbox = await getInbox(session);
      // The first hotline member to open the inbox makes its key, and a new one after
      // the team key rotates, so what arrives next is closed to whoever left.
      if (await ensureInboxKey(session, ring, inbox)) inbox = await getInbox(session);
      const directory = (await session.api.call(teamDirectoryRoute)).teams;
      if (!inbox.member) {
        setLoaded({ inbox, keys: new Map(), conversations: [], unreadTotal: 0, directory });
        return;
      }
      const keys = await openInboxKeys(session, ring, inbox);
      const list = await listConversations(session);
      setLoaded({
        inbox,
        keys,
        conversations: list.conversations,
        unreadTotal: list.unreadTotal,
        directory,
      });
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  }, [session, t]);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(work: () => Promise<unknown>, done: string) {
    setError(null);
    setStatus(null);
    try {
      await work();
      setStatus(done);
      await load();
      if (open && loaded) {
        setOpen(await openConversation(session, loaded.keys, open.conversation.id));
      }
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  }

  async function show(id: string) {
    if (!loaded) return;
    setError(null);
    setStatus(null);
    try {
      setOpen(await openConversation(session, loaded.keys, id));
      await load();
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  }

  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  const inbox = loaded?.inbox;

  function onReply(event: FormEvent) {
    event.preventDefault();
    if (!open || !inbox || reply.trim() === '') return;
    void act(async () => {
      await replyToConversation(session, inbox, open, reply);
      setReply('');
    }, t('inbox.replySent'));
  }

  function onLink(event: FormEvent) {
    event.preventDefault();
    if (!open || caseId.trim() === '') return;
    void act(
      () => linkConversation(session, open.conversation.id, caseId.trim()),
      t('inbox.linked'),
    );
  }

  function onOpenCase(event: FormEvent) {
    event.preventDefault();
    if (!open || !inbox?.teamId || title.trim() === '') return;
    const team = inbox.teamId;
    void act(
      () =>
        openCaseFromConversation(session, loaded?.directory ?? [], open, {
          title: title.trim(),
          riskLevel: 1,
          share: { general: [team], situation: [team] },
        }),
      t('inbox.caseOpened'),
    );
  }

  return (
    <section aria-labelledby="inbox-heading">
      <h1 id="inbox-heading">{t('inbox.heading')}</h1>
      <p>{t('inbox.intro')}</p>
      <ErrorAlert message={error} />
      <p role="status">{status}</p>
      {inbox && !inbox.teamId && (
        <>
          <p>{t('inbox.noTeam')}</p>
          {isAdmin && (
            <ul className="plain-list">
              {loaded?.directory.map((team) => (
                <li key={team.id}>
                  <button
                    type="button"
                    onClick={() =>
                      void act(() => chooseHotlineTeam(session, team.id), t('inbox.teamChosen'))
                    }
                  >
                    {t('inbox.chooseTeam', { team: team.name })}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {inbox?.teamId && !inbox.member && <p>{t('inbox.notMember')}</p>}
      {inbox?.member && (
        <>
          <h2>{t('inbox.unread', { count: loaded?.unreadTotal ?? 0 })}</h2>
          {loaded?.conversations.length === 0 && <p>{t('inbox.none')}</p>}
          <ul className="inbox-list">
            {loaded?.conversations.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  aria-current={open?.conversation.id === c.id ? 'true' : undefined}
                  onClick={() => void show(c.id)}
                >
                  {t('inbox.item', {
                    channel: t(`inbox.channel.${c.channel}`),
                    status: t(`inbox.status.${c.status}`),
                    when: when(c.lastMessageAt),
                  })}
                  {c.unread > 0 && (
                    <strong> · {t('inbox.unreadShort', { count: c.unread })}</strong>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {open && (
        <article aria-labelledby="conversation-heading">
          <h2 id="conversation-heading">
            {t('inbox.conversation', { channel: t(`inbox.channel.${open.conversation.channel}`) })}
          </h2>
          <ol className="conversation">
            {open.messages.map((m) => (
              <li key={m.id}>
                <p className="meta">
                  {m.direction === 'inbound' ? t('inbox.fromApplicant') : t('inbox.fromTeam')} ·{' '}
                  {when(m.at)}
                </p>
                <p className="message-text">{m.text ?? t('inbox.unopenable')}</p>
              </li>
            ))}
          </ol>
          {open.replyPublicKey && (
            <form onSubmit={onReply}>
              <label htmlFor="inbox-reply">{t('inbox.reply')}</label>
              <textarea
                id="inbox-reply"
                rows={4}
                maxLength={4000}
                value={reply}
                onChange={(e) => setReply(e.target.value)}
              />
              <button type="submit">{t('inbox.send')}</button>
            </form>
          )}
          <div className="actions">
            <button
              type="button"
              onClick={() =>
                void act(
                  () => markConversation(session, open.conversation.id, 'spam'),
                  t('inbox.marked'),
                )
              }
            >
              {t('inbox.markSpam')}
            </button>
            <button
              type="button"
              onClick={() =>
                void act(
                  () => markConversation(session, open.conversation.id, 'closed'),
                  t('inbox.marked'),
                )
              }
            >
              {t('inbox.close')}
            </button>
          </div>
          <form onSubmit={onLink}>
            <label htmlFor="inbox-case-id">{t('inbox.caseId')}</label>
            <input id="inbox-case-id" value={caseId} onChange={(e) => setCaseId(e.target.value)} />
            <button type="submit">{t('inbox.link')}</button>
          </form>
          <form onSubmit={onOpenCase}>
            <label htmlFor="inbox-case-title">{t('inbox.caseTitle')}</label>
            <input id="inbox-case-title" value={title} onChange={(e) => setTitle(e.target.value)} />
            <button type="submit">{t('inbox.openCase')}</button>
          </form>
        </article>
      )}
    </section>
  );
}

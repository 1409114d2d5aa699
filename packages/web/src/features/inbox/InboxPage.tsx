import { teamDirectoryRoute } from '@corridor/protocol';
import {
  answerHandover,
  type ConversationSummary,
  type ConversationView,
  chooseHotlineTeam,
  copyIntakeFileToCase,
  type DirectoryTeam,
  ensureInboxKey,
  getInbox,
  type HandoverChoices,
  handOverConversation,
  handoverTargets,
  type Inbox,
  type InboxKeys,
  type IntakeFile,
  linkConversation,
  listConversations,
  loadTeamKeyring,
  type MemberSession,
  markConversation,
  openCase,
  openCaseFromConversation,
  openConversation,
  openInboxKeys,
  openIntakeFile,
  replyToConversation,
  type TeamKeyring,
} from '@corridor/vault';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { type ConversationActions, ConversationPanel } from './ConversationPanel.tsx';
import { useCaseTitles } from './use-case-titles.ts';
import { announceInboxChanged } from './use-inbox-counts.ts';

interface Loaded {
  readonly inbox: Inbox;
  readonly ring: TeamKeyring;
  readonly keys: InboxKeys;
  readonly conversations: readonly ConversationSummary[];
  readonly unreadTotal: number;
  readonly directory: readonly DirectoryTeam[];
  readonly targets: HandoverChoices | null;
}

/**
 * The hotline inbox: conversations from every channel listed from what the server may
 * know (channel, status, times, unread counts, hand-overs, the suspected-contact flag);
 * a conversation's messages opened here, in the browser, with the inbox key the team
 * holds; replies sealed here to the applicant's channel and the inbox.
 */
export function InboxPage({ session }: { session: MemberSession }) {
  const { t, i18n } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [open, setOpen] = useState<ConversationView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [casesOpened, setCasesOpened] = useState(0);
  const isAdmin = session.account.roles.includes('administrator');
  const cases = useCaseTitles(session, loaded?.inbox.member ? loaded.ring : null, casesOpened);

  const load = useCallback(async () => {
    try {
      const ring = await loadTeamKeyring(session);
      let inbox = await getInbox(session);
      // The first hotline member to open the inbox makes its key, and a new one after
      // the team key rotates, so what arrives next is closed to whoever left.
      if (await ensureInboxKey(session, ring, inbox)) inbox = await getInbox(session);
      const directory = (await session.api.call(teamDirectoryRoute)).teams;
      if (!inbox.member) {
        setLoaded({
          inbox,
          ring,
          keys: new Map(),
          conversations: [],
          unreadTotal: 0,
          directory,
          targets: null,
        });
        return;
      }
      const keys = await openInboxKeys(session, ring, inbox);
      const [list, targets] = await Promise.all([
        listConversations(session),
        handoverTargets(session),
      ]);
      setLoaded({
        inbox,
        ring,
        keys,
        conversations: list.conversations,
        unreadTotal: list.unreadTotal,
        directory,
        targets,
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
      announceInboxChanged();
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  }

  async function download(file: IntakeFile, original: boolean) {
    setError(null);
    try {
      const name = file.record?.name ?? 'file';
      const blob = await new Response(
        openIntakeFile(session, file, { stripMetadata: !original }),
      ).blob();
      const url = URL.createObjectURL(
        new Blob([blob], { type: file.record?.type || 'application/octet-stream' }),
      );
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  }

  /** Copies files into a case (its `situation` part), where their metadata is removed. */
  async function copyFiles(caseId: string, files: readonly IntakeFile[]) {
    if (!loaded) return;
    for (const file of files) {
      if (!file.record) continue;
      const view = await openCase(session, loaded.ring, caseId);
      await copyIntakeFileToCase(session, view, 'situation', file);
    }
  }

  async function show(id: string) {
    if (!loaded) return;
    setError(null);
    setStatus(null);
    try {
      setOpen(await openConversation(session, loaded.keys, id));
      await load();
      announceInboxChanged();
      document.getElementById('conversation-heading')?.focus();
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  }

  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  const inbox = loaded?.inbox;
  const handles = useMemo(
    () => new Map(loaded?.targets?.members.map((m) => [m.id, m.handle]) ?? []),
    [loaded?.targets],
  );
  const offered = loaded?.conversations.filter((c) => c.handover?.forCaller) ?? [];

  const actions: ConversationActions | null =
    open && inbox
      ? {
          reply: (text) =>
            act(() => replyToConversation(session, inbox, open, text), t('inbox.replySent')),
          mark: (to) =>
            act(() => markConversation(session, open.conversation.id, to), t('inbox.marked')),
          link: (caseId) =>
            act(() => linkConversation(session, open.conversation.id, caseId), t('inbox.linked')),
          openCase: (title) => {
            const team = inbox.teamId ?? '';
            return act(async () => {
              const caseId = await openCaseFromConversation(
                session,
                loaded?.directory ?? [],
                open,
                { title, riskLevel: 1, share: { general: [team], situation: [team] } },
              );
              // What the applicant sent goes with their words into the new case.
              await copyFiles(
                caseId,
                open.messages.flatMap((m) => (m.direction === 'inbound' ? m.attachments : [])),
              );
              setCasesOpened((n) => n + 1);
            }, t('inbox.caseOpened'));
          },
          handOver: (to) =>
            act(
              () => handOverConversation(session, open.conversation.id, to),
              t('inbox.handedOver'),
            ),
          download,
          copyToCase: (file) =>
            act(async () => {
              if (open.conversation.caseId) await copyFiles(open.conversation.caseId, [file]);
            }, t('inbox.copied')),
          answer: (handoverId, answer) =>
            act(
              () => answerHandover(session, handoverId, answer),
              t(answer === 'accept' ? 'inbox.accepted' : 'inbox.declined'),
            ),
        }
      : null;

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
      {inbox?.member && offered.length > 0 && (
        <section aria-labelledby="offered-heading">
          <h2 id="offered-heading">{t('inbox.offered', { count: offered.length })}</h2>
          <ul className="plain-list">
            {offered.map((c) => (
              <li key={c.id}>
                <button type="button" onClick={() => void show(c.id)}>
                  {t('inbox.offeredItem', {
                    channel: t(`inbox.channel.${c.channel}`),
                    from: handles.get(c.handover?.fromId ?? '') ?? '',
                    deadline: when(c.handover?.deadline ?? c.lastMessageAt),
                  })}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
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
                  {c.suspectedContact && (
                    <strong className="warning"> · {t('inbox.suspectedShort')}</strong>
                  )}
                  {c.handover && <span> · {t('inbox.handoverShort')}</span>}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {open && actions && (
        <ConversationPanel
          view={open}
          selfId={session.account.id}
          handles={handles}
          targets={loaded?.targets ?? null}
          cases={cases}
          actions={actions}
        />
      )}
    </section>
  );
}

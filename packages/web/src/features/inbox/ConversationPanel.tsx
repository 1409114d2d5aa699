import type {
  ConversationView,
  HandoverChoices,
  HandoverTarget,
  IntakeFile,
} from '@corridor/vault';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseChoice } from './use-case-titles.ts';

export interface ConversationActions {
  reply(text: string): Promise<void>;
  mark(status: 'spam' | 'closed'): Promise<void>;
  link(caseId: string): Promise<void>;
  openCase(title: string): Promise<void>;
  handOver(to: HandoverTarget): Promise<void>;
  answer(handoverId: string, answer: 'accept' | 'decline'): Promise<void>;
  /** Decrypts a file here and saves it; `original` keeps its image metadata. */
  download(file: IntakeFile, original: boolean): Promise<void>;
  /** Copies a file into the linked case's attachments. */
  copyToCase(file: IntakeFile): Promise<void>;
}

const sizeOf = (bytes: number, language: string) =>
  new Intl.NumberFormat(language, {
    style: 'unit',
    unit: 'kilobyte',
    maximumFractionDigits: 0,
  }).format(Math.max(1, Math.ceil(bytes / 1024)));

/** One conversation, opened in the browser, with everything the operator can do with it. */
export function ConversationPanel({
  view,
  selfId,
  handles,
  targets,
  cases,
  actions,
}: {
  view: ConversationView;
  selfId: string;
  handles: ReadonlyMap<string, string>;
  targets: HandoverChoices | null;
  cases: readonly CaseChoice[] | null;
  actions: ConversationActions;
}) {
  const { t, i18n } = useTranslation();
  const [reply, setReply] = useState('');
  const [caseId, setCaseId] = useState('');
  const [title, setTitle] = useState('');
  const [target, setTarget] = useState('');
  const c = view.conversation;
  const channel = t(`inbox.channel.${c.channel}`);
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  const who = (id: string | null) =>
    id === null ? t('inbox.nobody') : id === selfId ? t('inbox.you') : (handles.get(id) ?? id);
  const teamName = (id: string) => targets?.teams.find((team) => team.id === id)?.name ?? id;
  const handover = c.handover;
  const mine = c.ownerId === null || c.ownerId === selfId;

  function submit(event: FormEvent, work: () => Promise<void> | undefined) {
    event.preventDefault();
    void work();
  }

  return (
    <article aria-labelledby="conversation-heading">
      <h2 id="conversation-heading" tabIndex={-1}>
        {t('inbox.conversation', { channel })}
      </h2>
      {c.suspectedContact && (
        <div role="alert" className="warning infiltrator">
          <strong>{t('inbox.suspectedHeading')}</strong>{' '}
          {c.suspectedCaseId ? (
            <>
              {t('inbox.suspectedByCase')}{' '}
              <a href={`#/cases/${c.suspectedCaseId}`}>{t('inbox.suspectedCase')}</a>
            </>
          ) : (
            t('inbox.suspected')
          )}
        </div>
      )}
      <p>
        {t('inbox.owner', { owner: who(c.ownerId) })}
        {c.caseId && (
          <>
            {' · '}
            <a href={`#/cases/${c.caseId}`}>{t('inbox.openLinkedCase')}</a>
          </>
        )}
      </p>
      {handover && (
        <div className="notice">
          <p>
            {t('inbox.handoverPending', {
              from: who(handover.fromId),
              to: handover.toAccountId
                ? who(handover.toAccountId)
                : t('inbox.teamQueue', { team: teamName(handover.toTeamId ?? '') }),
              deadline: when(handover.deadline),
            })}
          </p>
          {handover.forCaller && (
            <>
              <button type="button" onClick={() => void actions.answer(handover.id, 'accept')}>
                {t('inbox.accept')}
              </button>{' '}
              <button type="button" onClick={() => void actions.answer(handover.id, 'decline')}>
                {t('inbox.decline')}
              </button>
            </>
          )}
          {handover.fromId === selfId && (
            <button type="button" onClick={() => void actions.answer(handover.id, 'decline')}>
              {t('inbox.takeBack')}
            </button>
          )}
        </div>
      )}
      <ol className="conversation">
        {view.messages.map((m) => (
          <li key={m.id}>
            <p className="meta">
              {m.direction === 'inbound' ? t('inbox.fromApplicant') : t('inbox.fromTeam')} ·{' '}
              {when(m.at)}
            </p>
            <p className="message-text">{m.text ?? t('inbox.unopenable')}</p>
            {m.attachments.length > 0 && (
              <ul className="files" aria-label={t('inbox.files')}>
                {m.attachments.map((file) => (
                  <li key={file.id}>
                    {file.record ? (
                      <>
                        {file.record.name} · {file.record.type} ·{' '}
                        {sizeOf(file.record.size, i18n.language)}{' '}
                        <button type="button" onClick={() => void actions.download(file, false)}>
                          {t('inbox.download', { name: file.record.name })}
                        </button>{' '}
                        <button type="button" onClick={() => void actions.download(file, true)}>
                          {t('inbox.downloadOriginal')}
                        </button>
                        {c.caseId && (
                          <>
                            {' '}
                            <button type="button" onClick={() => void actions.copyToCase(file)}>
                              {t('inbox.copyToCase')}
                            </button>
                          </>
                        )}
                      </>
                    ) : (
                      t('inbox.fileUnopenable')
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      {view.messages.some((m) => m.attachments.length > 0) && (
        <p className="hint">{t('inbox.downloadHint')}</p>
      )}
      {view.replyPublicKey ? (
        <form
          onSubmit={(e) =>
            submit(e, () =>
              reply.trim() === '' ? undefined : actions.reply(reply).then(() => setReply('')),
            )
          }
        >
          <label htmlFor="inbox-reply">{t('inbox.replyBy', { channel })}</label>
          <textarea
            id="inbox-reply"
            rows={4}
            maxLength={4000}
            value={reply}
            onChange={(e) => setReply(e.target.value)}
          />
          <button type="submit">{t('inbox.send')}</button>
        </form>
      ) : (
        <p>{t('inbox.noReplies', { channel })}</p>
      )}
      <div className="actions">
        <button type="button" onClick={() => void actions.mark('spam')}>
          {t('inbox.markSpam')}
        </button>
        <button type="button" onClick={() => void actions.mark('closed')}>
          {t('inbox.close')}
        </button>
      </div>
      {mine && !handover && targets && (
        <form
          onSubmit={(e) =>
            submit(e, () => {
              const [kind, id] = target.split(':');
              if (!id) return undefined;
              return actions.handOver(
                kind === 'team' ? { to: 'team', teamId: id } : { to: 'member', accountId: id },
              );
            })
          }
        >
          <label htmlFor="inbox-handover">
            {c.caseId ? t('inbox.handOverWithCase') : t('inbox.handOverTo')}
          </label>
          <select id="inbox-handover" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">{t('inbox.choose')}</option>
            <optgroup label={t('inbox.operators')}>
              {targets.members.map((m) => (
                <option key={m.id} value={`member:${m.id}`}>
                  {m.handle}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('inbox.teamQueues')}>
              {targets.teams.map((team) => (
                <option key={team.id} value={`team:${team.id}`}>
                  {team.name}
                </option>
              ))}
            </optgroup>
          </select>
          <button type="submit">{t('inbox.handOver')}</button>
          <p className="hint">{t('inbox.handOverHint', { count: targets.timeoutMinutes })}</p>
        </form>
      )}
      <form onSubmit={(e) => submit(e, () => (caseId ? actions.link(caseId) : undefined))}>
        <label htmlFor="inbox-case">{t('inbox.linkTo')}</label>
        <select id="inbox-case" value={caseId} onChange={(e) => setCaseId(e.target.value)}>
          <option value="">{cases === null ? t('inbox.casesLoading') : t('inbox.choose')}</option>
          {cases?.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.title}
            </option>
          ))}
        </select>
        <button type="submit">{t('inbox.link')}</button>
      </form>
      <form
        onSubmit={(e) =>
          submit(e, () => (title.trim() === '' ? undefined : actions.openCase(title.trim())))
        }
      >
        <label htmlFor="inbox-case-title">{t('inbox.caseTitle')}</label>
        <input id="inbox-case-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        <button type="submit">{t('inbox.openCase')}</button>
      </form>
    </article>
  );
}

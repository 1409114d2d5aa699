import { listMentions, type MemberSession, type Mention, markMentionsRead } from '@corridor/vault';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { useHandles } from '../cases/use-case-data.ts';
import { announceMentionsChanged } from './use-mentions.ts';

/**
 * Where the member was mentioned: by whom, in which case, when. The note itself is read
 * on the case page, decrypted there; the server sent only where to look.
 */
export function MentionsPage({ session }: { session: MemberSession }) {
  const { t, i18n } = useTranslation();
  const handleOf = useHandles(session);
  const [mentions, setMentions] = useState<Mention[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setMentions((await listMentions(session)).mentions);
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  }, [session, t]);
  useEffect(() => {
    void load();
  }, [load]);

  async function markRead(which: readonly Mention[], done: string | null) {
    setError(null);
    try {
      await markMentionsRead(session, which);
      announceMentionsChanged();
      if (done) setStatus(done);
      await load();
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  }

  const unread = mentions?.filter((m) => m.readAt === null) ?? [];
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  return (
    <section aria-labelledby="mentions-heading">
      <h1 id="mentions-heading">{t('mentions.heading')}</h1>
      <p>{t('mentions.intro')}</p>
      <ErrorAlert message={error} />
      <p role="status">{status}</p>
      {mentions?.length === 0 && <p>{t('mentions.none')}</p>}
      {unread.length > 0 && (
        <button type="button" onClick={() => void markRead(unread, t('mentions.allMarked'))}>
          {t('mentions.markAllRead')}
        </button>
      )}
      <ul className="mentions">
        {mentions?.map((mention) => {
          const label = t('mentions.item', {
            author: handleOf(mention.authorId),
            case: mention.caseId.slice(0, 6),
            seq: mention.seq,
          });
          return (
            <li key={`${mention.caseId}-${mention.seq}`}>
              {mention.readAt === null && <strong>{t('mentions.unread')} · </strong>}
              <a
                href={`#/cases/${mention.caseId}`}
                onClick={() => {
                  // Opening it is reading it; the page changes whether or not this lands.
                  if (mention.readAt === null) void markRead([mention], null);
                }}
              >
                {label}
              </a>{' '}
              · {when(mention.createdAt)}
              {mention.readAt === null && (
                <>
                  {' '}
                  <button
                    type="button"
                    onClick={() => void markRead([mention], t('mentions.marked'))}
                  >
                    {t('mentions.markRead', { item: label })}
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

import type { MemberSession } from '@corridor/vault';
import { useTranslation } from 'react-i18next';
import { useUnreadMentions } from './use-mentions.ts';

/** The navigation's way to the member's mentions, saying how many are unread. */
export function MentionsLink({ session }: { session: MemberSession }) {
  const { t } = useTranslation();
  const unread = useUnreadMentions(session);
  return (
    <a href="#/mentions">
      {unread > 0 ? t('nav.mentionsUnread', { count: unread }) : t('nav.mentions')}
    </a>
  );
}

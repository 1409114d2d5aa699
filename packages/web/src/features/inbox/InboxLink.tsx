import type { MemberSession } from '@corridor/vault';
import { useTranslation } from 'react-i18next';
import { useInboxCounts } from './use-inbox-counts.ts';

/** The navigation's way to the hotline inbox, saying what waits there for the member. */
export function InboxLink({ session }: { session: MemberSession }) {
  const { t } = useTranslation();
  const { unread, handovers } = useInboxCounts(session);
  let label = t('nav.inbox');
  if (unread > 0 && handovers > 0) {
    label = t('nav.inboxBoth', {
      unread: t('nav.inboxUnread', { count: unread }),
      handovers: t('nav.inboxHandovers', { count: handovers }),
    });
  } else if (unread > 0) {
    label = t('nav.inboxWith', { what: t('nav.inboxUnread', { count: unread }) });
  } else if (handovers > 0) {
    label = t('nav.inboxWith', { what: t('nav.inboxHandovers', { count: handovers }) });
  }
  return <a href="#/inbox">{label}</a>;
}

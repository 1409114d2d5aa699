import { inboxCounts, type MemberSession } from '@corridor/vault';
import { useCallback, useEffect, useState } from 'react';

/** Told when this tab read a conversation or answered a hand-over, so the count catches up. */
const changed = 'corridor:inbox-changed';
export const announceInboxChanged = () => window.dispatchEvent(new Event(changed));

/**
 * Unread hotline messages and hand-overs waiting for this member: asked on each page
 * change, when this tab changes something, and every minute (a message can arrive at any
 * time, and an unanswered hand-over returns to its owner). Outside the hotline team the
 * server answers `not_found`: nothing to show.
 */
export function useInboxCounts(session: MemberSession): { unread: number; handovers: number } {
  const [counts, setCounts] = useState({ unread: 0, handovers: 0 });
  const refresh = useCallback(() => {
    inboxCounts(session).then(setCounts, () => setCounts({ unread: 0, handovers: 0 }));
  }, [session]);
  useEffect(() => {
    refresh();
    const timer = window.setInterval(refresh, 60_000);
    window.addEventListener('hashchange', refresh);
    window.addEventListener(changed, refresh);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('hashchange', refresh);
      window.removeEventListener(changed, refresh);
    };
  }, [refresh]);
  return counts;
}

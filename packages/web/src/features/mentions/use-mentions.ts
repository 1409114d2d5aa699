import { listMentions, type MemberSession, mentionableMembers } from '@corridor/vault';
import { useCallback, useEffect, useState } from 'react';

/** Told when mentions may have changed here (marked read), so the count catches up at once. */
const changed = 'corridor:mentions-changed';
export const announceMentionsChanged = () => window.dispatchEvent(new Event(changed));

/**
 * How many of the member's mentions are unread: asked on each page change, when this
 * tab marks some read, and every few minutes. Each ask is an audit entry, so not often.
 */
export function useUnreadMentions(session: MemberSession): number {
  const [unread, setUnread] = useState(0);
  const refresh = useCallback(() => {
    listMentions(session, { unreadOnly: true }).then(
      (result) => setUnread(result.unread),
      () => undefined,
    );
  }, [session]);
  useEffect(() => {
    refresh();
    const timer = window.setInterval(refresh, 5 * 60_000);
    window.addEventListener('hashchange', refresh);
    window.addEventListener(changed, refresh);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('hashchange', refresh);
      window.removeEventListener(changed, refresh);
    };
  }, [refresh]);
  return unread;
}

/** Whom a note on the case can mention (members who read its notes), once per page. */
export function useMentionable(session: MemberSession, caseId: string) {
  const [members, setMembers] = useState<Awaited<ReturnType<typeof mentionableMembers>> | null>(
    null,
  );
  useEffect(() => {
    mentionableMembers(session, caseId).then(setMembers, () => setMembers([]));
  }, [session, caseId]);
  return members;
}

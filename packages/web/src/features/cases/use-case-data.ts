import { getAccountKeysRoute, teamDirectoryRoute } from '@corridor/protocol';
import {
  type DirectoryTeam,
  loadTeamKeyring,
  type MemberSession,
  type TeamKeyring,
} from '@corridor/vault';
import { useCallback, useEffect, useRef, useState } from 'react';

/** The member's team keys, opened once per page (they stay in memory with the session). */
export function useKeyring(session: MemberSession) {
  const [ring, setRing] = useState<TeamKeyring | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    loadTeamKeyring(session).then(setRing, setError);
  }, [session]);
  return { ring, error };
}

/** Every team with a key: whom a case can be shared with. */
export function useDirectory(session: MemberSession) {
  const [teams, setTeams] = useState<DirectoryTeam[] | null>(null);
  useEffect(() => {
    session.api.call(teamDirectoryRoute).then(
      (result) => setTeams(result.teams),
      () => setTeams([]),
    );
  }, [session]);
  return teams;
}

/** Members' handles by account id, asked for once each. */
export function useHandles(session: MemberSession) {
  const cache = useRef(new Map<string, string>());
  const [, setVersion] = useState(0);
  const handleOf = useCallback(
    (accountId: string | null): string => {
      if (!accountId) return '';
      const known = cache.current.get(accountId);
      if (known !== undefined) return known;
      cache.current.set(accountId, '…');
      session.api.call(getAccountKeysRoute, { params: { accountId } }).then(
        (keys) => {
          cache.current.set(accountId, keys.handle);
          setVersion((v) => v + 1);
        },
        () => cache.current.set(accountId, '?'),
      );
      return '…';
    },
    [session],
  );
  return handleOf;
}

import {
  type DirectoryTeam,
  listReferrers,
  type MemberSession,
  type Referrer,
  type TeamKeyring,
} from '@corridor/vault';
import { useCallback, useEffect, useState } from 'react';

/** A referrer with the team whose registry holds it. */
export interface TeamReferrer extends Referrer {
  readonly team: DirectoryTeam;
}

/**
 * The registries of every team the member belongs to, opened in this browser. A team
 * whose registry fails to load is left out rather than hiding the others.
 */
export function useReferrers(
  session: MemberSession,
  ring: TeamKeyring | null,
  directory: readonly DirectoryTeam[] | null,
) {
  const [referrers, setReferrers] = useState<TeamReferrer[] | null>(null);
  const reload = useCallback(async () => {
    if (!ring || !directory) return;
    const all: TeamReferrer[] = [];
    for (const team of directory.filter((d) => ring.has(d.id))) {
      try {
        for (const referrer of await listReferrers(session, ring, team.id)) {
          all.push({ ...referrer, team });
        }
      } catch {
        // Left out: the page says what it could read.
      }
    }
    setReferrers(all);
  }, [session, ring, directory]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { referrers, reload };
}

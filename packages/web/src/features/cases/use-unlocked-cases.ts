import type { MemberSession, TeamKeyring, TimelineProblem, UnlockedCase } from '@corridor/vault';
import { useEffect, useState } from 'react';
import { useCaseloads } from './caseload-store.ts';

export interface Unlocked {
  readonly cases: ReadonlyMap<string, UnlockedCase>;
  /** The server gave back verified heads this member did not sign. */
  readonly headsForged: boolean;
  /** Cases with an event whose signature failed, found after they were listed. */
  readonly badSignatures: ReadonlyMap<string, TimelineProblem[]>;
  /** Bumped at each sync, so searches run again over what it added. */
  readonly generation: number;
}

/**
 * Titles and content are encrypted: every case the member may read is fetched, checked
 * and decrypted in this browser's workers (each read audited), listed by title and
 * searchable; signatures are verified after, in the background.
 */
export function useUnlockedCases(session: MemberSession, ring: TeamKeyring | null) {
  const [unlocked, setUnlocked] = useState<Unlocked | null>(null);
  const [error, setError] = useState<unknown>(null);
  const caseloads = useCaseloads();
  useEffect(() => {
    if (!ring) return;
    const caseload = caseloads.caseloadFor(session, ring);
    let cancelled = false;
    const show = (badSignatures: ReadonlyMap<string, TimelineProblem[]>) => {
      if (cancelled) return;
      setUnlocked((before) => ({
        cases: new Map(caseload.cases),
        headsForged: caseload.headsState === 'forged',
        badSignatures: new Map(badSignatures),
        generation: (before?.generation ?? 0) + 1,
      }));
    };
    caseload
      .sync()
      .then(() => {
        // What this session already found stays shown while the new cases are checked.
        show(caseload.badSignatures);
        return caseload.verify();
      })
      .then(show, (caught: unknown) => {
        if (!cancelled) setError(caught);
      });
    return () => {
      cancelled = true;
    };
  }, [session, ring, caseloads]);
  return { unlocked, error };
}

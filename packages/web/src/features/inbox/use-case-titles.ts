import type { MemberSession, TeamKeyring } from '@corridor/vault';
import { useEffect, useState } from 'react';
import { useCaseloads } from '../cases/caseload-store.ts';

export interface CaseChoice {
  readonly id: string;
  readonly title: string;
}

/**
 * The member's cases by title, to link a conversation to one: titles are encrypted, so
 * they come from the caseload unlocked in this browser (the case list's own), sorted.
 */
export function useCaseTitles(
  session: MemberSession,
  ring: TeamKeyring | null,
  generation: number,
): readonly CaseChoice[] | null {
  const caseloads = useCaseloads();
  const [choices, setChoices] = useState<readonly CaseChoice[] | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation is a case opened here: read the caseload again
  useEffect(() => {
    if (!ring) return;
    let stale = false;
    const caseload = caseloads.caseloadFor(session, ring);
    caseload.sync().then(
      () => {
        if (stale) return;
        setChoices(
          [...caseload.cases.values()]
            .map((c) => ({ id: c.caseId, title: c.title ?? c.caseId }))
            .sort((a, b) => a.title.localeCompare(b.title)),
        );
      },
      () => stale || setChoices([]),
    );
    return () => {
      stale = true;
    };
  }, [session, ring, caseloads, generation]);
  return choices;
}

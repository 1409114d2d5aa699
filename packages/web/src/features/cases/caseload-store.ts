import {
  type CaseloadSync,
  createCaseloadSync,
  type MemberSession,
  type TeamKeyring,
} from '@corridor/vault';
import { createWebUnlockWorkers } from '@corridor/vault/web-workers';

// One caseload per tab, for the session that unlocked it: coming back to the case list
// fetches only what changed. Plaintext lives in its workers until `closeCaseload`.
let current: { readonly session: MemberSession; readonly caseload: CaseloadSync } | null = null;

/** The session's caseload, unlocked in Web Workers (one per core). */
export function caseloadFor(session: MemberSession, ring: TeamKeyring): CaseloadSync {
  if (current?.session === session) return current.caseload;
  closeCaseload();
  const caseload = createCaseloadSync(session, ring, () => createWebUnlockWorkers());
  current = { session, caseload };
  return caseload;
}

/** Ends the workers and what they hold: on lock, log-out and quick exit. */
export function closeCaseload(): void {
  const ending = current;
  current = null;
  void ending?.caseload.close();
}

import {
  type CaseloadSync,
  createCaseloadSync,
  type MemberSession,
  type TeamKeyring,
} from '@corridor/vault';
import { createWebUnlockWorkers } from '@corridor/vault/web-workers';
import { createContext, useContext } from 'react';

/**
 * The signed-in member's caseload, unlocked in Web Workers (one per core) for as long as
 * the session is unlocked: coming back to the case list fetches only what changed. The
 * app holds one and closes it on lock, log-out and quick exit, ending the workers and
 * the plaintext they hold.
 */
export interface CaseloadHolder {
  caseloadFor(session: MemberSession, ring: TeamKeyring): CaseloadSync;
  close(): void;
}

export function createCaseloadHolder(): CaseloadHolder {
  let current: { readonly session: MemberSession; readonly caseload: CaseloadSync } | null = null;
  const close = () => {
    const ending = current;
    current = null;
    void ending?.caseload.close();
  };
  return {
    caseloadFor(session, ring) {
      if (current?.session === session) return current.caseload;
      close();
      const caseload = createCaseloadSync(session, ring, () => createWebUnlockWorkers());
      current = { session, caseload };
      return caseload;
    },
    close,
  };
}

export const CaseloadContext = createContext<CaseloadHolder | null>(null);

export function useCaseloads(): CaseloadHolder {
  const holder = useContext(CaseloadContext);
  if (!holder) throw new Error('the case list needs the app’s CaseloadContext');
  return holder;
}

import { createContext, useContext } from 'react';

export interface SessionActions {
  /** Locks the app so the member proves the password again, then returns to where they were. */
  reauthenticate(): void;
}

export const SessionContext = createContext<SessionActions>({ reauthenticate: () => undefined });

export const useSessionActions = (): SessionActions => useContext(SessionContext);

/** True when the server asked for the password again before a sensitive change. */
export const needsReauthentication = (error: unknown): boolean =>
  (error as { code?: string }).code === 'reauthentication_required';

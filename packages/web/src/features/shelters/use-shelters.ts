import { listShelters, type MemberSession, type Shelter, type TeamKeyring } from '@corridor/vault';
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../auth/error-message.ts';

/** Every shelter with today's occupancy, opened with the member's team keys. */
export function useShelters(session: MemberSession, ring: TeamKeyring | null) {
  const [shelters, setShelters] = useState<Shelter[] | null>(null);
  const [today, setToday] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    if (!ring) return;
    try {
      const listed = await listShelters(session, ring);
      setShelters(listed.shelters);
      setToday(listed.today);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [session, ring]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { shelters, today, error, reload };
}

const ownCodes = new Set(['not_verified', 'shelter_full', 'conflict']);

/** A refusal in words that fit shelters (a taken bed, not "someone changed this"). */
export function shelterError(t: TFunction, error: unknown): string {
  const code = (error as { code?: string }).code;
  return code && ownCodes.has(code) ? t(`shelters.errors.${code}`) : errorMessage(t, error);
}

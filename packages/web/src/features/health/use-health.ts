import type { ApiClient } from '@corridor/vault';
import { useCallback, useEffect, useState } from 'react';

export type Health = Awaited<ReturnType<ApiClient['health']>>;
export type HealthState =
  | { kind: 'checking' }
  | { kind: 'answered'; health: Health }
  | { kind: 'unreachable' };

/** The staff listener's health, checked on mount and on demand. */
export function useHealth(api: ApiClient): { state: HealthState; check: () => void } {
  const [state, setState] = useState<HealthState>({ kind: 'checking' });
  const check = useCallback(() => {
    setState({ kind: 'checking' });
    api.health().then(
      (health) => setState({ kind: 'answered', health }),
      () => setState({ kind: 'unreachable' }),
    );
  }, [api]);
  useEffect(check, [check]);
  return { state, check };
}

import { listAlarms, type MemberAlarm, type MemberSession } from '@corridor/vault';
import { useCallback, useEffect, useState } from 'react';

/** Told when this tab acknowledged an alarm, so the count in the navigation catches up. */
const changed = 'corridor:alarms-changed';
export const announceAlarmsChanged = () => window.dispatchEvent(new Event(changed));

/** How often the alarms are asked for: as often as the server's sweep runs by default. */
export const alarmPollMs = 15_000;

export interface AlarmsState {
  readonly alarms: MemberAlarm[];
  readonly unacknowledged: number;
  readonly failed: boolean;
  readonly refresh: () => void;
}

/**
 * The member's unresolved alarms: asked on each page change, when this tab acknowledges
 * one, and every 15 seconds (an alarm can be raised at any time, and it is urgent).
 */
export function useAlarms(session: MemberSession): AlarmsState {
  const [state, setState] = useState<{ alarms: MemberAlarm[]; unacknowledged: number }>({
    alarms: [],
    unacknowledged: 0,
  });
  const [failed, setFailed] = useState(false);
  const refresh = useCallback(() => {
    listAlarms(session).then(
      (result) => {
        setState(result);
        setFailed(false);
      },
      () => setFailed(true),
    );
  }, [session]);
  useEffect(() => {
    refresh();
    const timer = window.setInterval(refresh, alarmPollMs);
    window.addEventListener('hashchange', refresh);
    window.addEventListener(changed, refresh);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('hashchange', refresh);
      window.removeEventListener(changed, refresh);
    };
  }, [refresh]);
  return { ...state, failed, refresh };
}

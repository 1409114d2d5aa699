import { useEffect } from 'react';

/** Thirty minutes without a key press, click or touch locks the app (ASVS 7.3.1). */
export const inactivityLockMs = 30 * 60 * 1000;

/** Calls `lock` after `ms` without user input, while `active`. */
export function useInactivityLock(active: boolean, lock: () => void, ms = inactivityLockMs): void {
  useEffect(() => {
    if (!active) return;
    let timer = setTimeout(lock, ms);
    const reset = () => {
      clearTimeout(timer);
      timer = setTimeout(lock, ms);
    };
    const events = ['keydown', 'pointerdown', 'touchstart'] as const;
    for (const event of events) window.addEventListener(event, reset, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const event of events) window.removeEventListener(event, reset);
    };
  }, [active, lock, ms]);
}

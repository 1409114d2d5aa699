import { useEffect, useRef } from 'react';

/** Presses of Escape this close together count as one quick exit. */
const windowMs = 1500;

/**
 * Calls `exit` when Escape is pressed three times within 1.5 seconds, anywhere in the
 * app: someone walks in, and the member gets Corridor off the screen at once.
 */
export function useQuickExit(exit: () => void): void {
  const presses = useRef<number[]>([]);
  const latest = useRef(exit);
  latest.current = exit;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      const now = Date.now();
      presses.current = [...presses.current.filter((at) => now - at < windowMs), now];
      if (presses.current.length >= 3) {
        presses.current = [];
        latest.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

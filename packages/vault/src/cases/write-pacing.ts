import { CorridorApiError } from '../api/api-client.ts';

/**
 * The wait after a refused case write when the answer names none: the server counts an
 * account's writes over the last minute, so a minute (and a second to spare) later every
 * write it counted has left the window.
 */
export const caseWriteWindowMs = 61_000;

/**
 * How long to wait before trying again a write refused for the rate limit (`rate_limited`,
 * or a bare 429 from a proxy): what its Retry-After asked, at least a second, or a whole
 * window. Null for any other error, which waiting would not cure.
 */
export function rateLimitWait(error: unknown): number | null {
  if (!(error instanceof CorridorApiError)) return null;
  if (error.code !== 'rate_limited' && error.status !== 429) return null;
  return Math.max(1000, error.retryAfterMs ?? caseWriteWindowMs);
}

/** Resolves after `ms`; rejects with the signal's reason as soon as it is aborted. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

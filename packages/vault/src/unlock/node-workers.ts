import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { UnlockWorkers } from './unlock-caseload.ts';
import type { UnlockReply, UnlockRequest } from './unlock-requests.ts';

/**
 * Unlock workers on Node's worker_threads, one per core by default. Workers load their
 * TypeScript through tsx, as the rest of Corridor does on Node (decision 0011). Start
 * them early (while the password is stretched at login): each takes a moment to load.
 */
export async function createNodeUnlockWorkers(
  size = availableParallelism(),
): Promise<UnlockWorkers> {
  const pending = new Map<
    number,
    { resolve: (reply: unknown) => void; reject: (e: Error) => void }
  >();
  let nextId = 0;
  const workers = await Promise.all(
    Array.from({ length: size }, async () => {
      const worker = new Worker(new URL('./node-worker-start.mjs', import.meta.url));
      await new Promise<void>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', () => resolve());
      });
      worker.on('message', (message: { id: number; reply?: unknown; error?: string }) => {
        const waiting = pending.get(message.id);
        if (!waiting) return;
        pending.delete(message.id);
        if (message.error !== undefined) waiting.reject(new Error(message.error));
        else waiting.resolve(message.reply);
      });
      // A worker that fails or stops leaves the unlock incomplete: fail what waits on it.
      const failAll = (error: Error) => {
        for (const waiting of pending.values()) waiting.reject(error);
        pending.clear();
      };
      worker.on('error', failAll);
      worker.on('exit', (code) => failAll(new Error(`an unlock worker stopped (${code})`)));
      return worker;
    }),
  );
  return {
    size,
    request<R extends UnlockRequest>(index: number, request: R): Promise<UnlockReply<R>> {
      const worker = workers[index % size];
      if (!worker) throw new Error('no such worker');
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (reply: unknown) => void, reject });
        worker.postMessage({ id, request });
      });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

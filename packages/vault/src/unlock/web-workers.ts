import type { UnlockWorkers } from './unlock-caseload.ts';
import type { UnlockReply, UnlockRequest } from './unlock-requests.ts';

/** What the pool needs of a browser Worker (vault has no DOM types: packages/vault is DOM-free). */
export interface WebWorkerPort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { readonly message?: string }) => void): void;
  terminate(): void;
}

declare const Worker: new (url: URL, options: { type: 'module'; name: string }) => WebWorkerPort;
declare const navigator: { readonly hardwareConcurrency?: number } | undefined;

interface WorkerMessage {
  readonly id?: number;
  readonly ready?: true;
  readonly reply?: unknown;
  readonly error?: string;
}

/**
 * The bundled worker. Written as `new Worker(new URL(…, import.meta.url))` so Vite (and
 * other bundlers that follow the idiom) build web-worker.ts as a worker of its own.
 */
const startBundledWorker = (): WebWorkerPort =>
  new Worker(new URL('./web-worker.ts', import.meta.url), {
    type: 'module',
    name: 'corridor-unlock',
  });

/**
 * Unlock workers as Web Workers, one per core by default: the browser's counterpart of
 * createNodeUnlockWorkers. Start them early (while the password is stretched at login):
 * each loads libsodium's WebAssembly before it answers.
 * @param start makes one worker; the default is web-worker.ts as the bundler built it
 */
export async function createWebUnlockWorkers(
  size = Math.max(1, navigator?.hardwareConcurrency ?? 2),
  start: () => WebWorkerPort = startBundledWorker,
): Promise<UnlockWorkers> {
  const pending = new Map<
    number,
    { readonly worker: number; resolve: (reply: unknown) => void; reject: (e: Error) => void }
  >();
  let nextId = 0;
  const started = Array.from({ length: size }, () => start());
  // A worker that fails leaves the unlock incomplete: fail what waits on it.
  const failAll = (worker: number, error: Error) => {
    for (const [id, waiting] of pending) {
      if (waiting.worker !== worker) continue;
      pending.delete(id);
      waiting.reject(error);
    }
  };
  try {
    await Promise.all(
      started.map(
        (worker, index) =>
          new Promise<void>((resolve, reject) => {
            worker.addEventListener('message', ({ data }) => {
              const message = data as WorkerMessage;
              if (message.ready) return resolve();
              if (message.id === undefined) return;
              const waiting = pending.get(message.id);
              if (!waiting) return;
              pending.delete(message.id);
              if (message.error !== undefined) waiting.reject(new Error(message.error));
              else waiting.resolve(message.reply);
            });
            worker.addEventListener('error', (event) => {
              const error = new Error(
                `an unlock worker failed: ${event.message ?? 'no reason given'}`,
              );
              reject(error);
              failAll(index, error);
            });
          }),
      ),
    );
  } catch (error) {
    for (const worker of started) worker.terminate();
    throw error;
  }
  return {
    size,
    request<R extends UnlockRequest>(index: number, request: R): Promise<UnlockReply<R>> {
      const worker = started[index % size];
      if (!worker) throw new Error('no such worker');
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, {
          worker: index % size,
          resolve: resolve as (reply: unknown) => void,
          reject,
        });
        worker.postMessage({ id, request });
      });
    },
    async close() {
      for (const worker of started) worker.terminate();
      for (const waiting of pending.values())
        waiting.reject(new Error('the unlock workers closed'));
      pending.clear();
    },
  };
}

// The Web Worker behind createWebUnlockWorkers: libsodium and OPAQUE loaded (their
// WebAssembly is inlined in the bundle), then each request handed to the platform-free
// handler and its answer (or failure) posted back. Plaintext stays in this worker's
// memory until the page asks it to forget, or closes it.
import { initCrypto } from '@corridor/crypto';
import { createUnlockHandler, type UnlockRequest } from './unlock-requests.ts';

/** The part of DedicatedWorkerGlobalScope used here (vault compiles without DOM types). */
interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(
    type: 'message',
    listener: (event: { readonly data: { id: number; request: UnlockRequest } }) => void,
  ): void;
}

const scope = globalThis as unknown as WorkerScope;
await initCrypto();
const handle = createUnlockHandler();
scope.addEventListener('message', ({ data: { id, request } }) => {
  try {
    scope.postMessage({ id, reply: handle(request) });
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
scope.postMessage({ ready: true });

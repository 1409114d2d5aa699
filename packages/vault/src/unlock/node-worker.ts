// The Node worker thread behind createNodeUnlockWorkers: libsodium loaded, then each
// request handed to the platform-free handler and its answer (or failure) posted back.
import { parentPort } from 'node:worker_threads';
import { initCrypto } from '@corridor/crypto';
import { createUnlockHandler, type UnlockRequest } from './unlock-requests.ts';

if (!parentPort) throw new Error('node-worker.ts runs only as a worker thread');
const port = parentPort;
await initCrypto();
const handle = createUnlockHandler();
port.on('message', ({ id, request }: { id: number; request: UnlockRequest }) => {
  try {
    port.postMessage({ id, reply: handle(request) });
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
port.postMessage({ ready: true });

import { parentPort, workerData } from 'node:worker_threads';
import { initCrypto } from '@corridor/crypto';
import { type BuildRequest, buildBatches } from './build-cases.ts';

await initCrypto();
parentPort?.postMessage(buildBatches(workerData as BuildRequest));

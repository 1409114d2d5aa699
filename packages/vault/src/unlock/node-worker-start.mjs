// Node 20 does not carry tsx's loader into worker threads, so the worker registers it
// before loading its TypeScript (decision 0011: packages run from source under tsx).
import { register } from 'tsx/esm/api';

register();
await import('./node-worker.ts');

// Node 20 does not carry tsx's loader into worker threads: register it, then load.
import { register } from 'tsx/esm/api';

register();
await import('./build-worker.ts');

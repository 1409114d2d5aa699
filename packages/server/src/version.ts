import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

/** The running server's version, from its package.json. */
export const serverVersion: string = pkg.version;

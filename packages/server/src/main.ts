import { runFromCommandLine } from './run.ts';

// Production entry point (`npm run serve`): never creates demo data, and refuses a data
// directory that holds the demo organisation.
await runFromCommandLine('production');

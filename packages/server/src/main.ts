import { loadConfig } from './config/config.ts';
import { createLogger } from './logging/logger.ts';
import { type RunningServer, startServer } from './server.ts';
import { describeStartupFailure } from './startup-failure.ts';

// The process entry point: `npm start` and production both run this file.
let server: RunningServer;
try {
  const config = loadConfig();
  server = await startServer(config, { logger: createLogger(config.logLevel) });
} catch (error) {
  process.stderr.write(`corridor: ${describeStartupFailure(error).replaceAll('\n', ' ')}\n`);
  process.exit(1);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        const e = error as { name?: string; message?: string };
        process.stderr.write(
          `corridor: shutdown failed: ${e.name ?? 'Error'}: ${e.message ?? ''}\n`,
        );
        process.exit(1);
      },
    );
  });
}

process.stdout.write(
  `\nCorridor is running on ${server.storage.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}.\n  Staff app:     ${server.staffUrl}\n  Public intake: ${server.publicUrl}\nPress Ctrl+C to stop.\n\n`,
);

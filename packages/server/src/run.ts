import { loadConfig } from './config/config.ts';
import { createLogger } from './logging/logger.ts';
import { type RunningServer, type ServerOptions, startServer } from './server.ts';
import { describeStartupFailure } from './startup-failure.ts';

/**
 * Runs Corridor as a command: starts it, runs `afterStart` (the demo seeds itself
 * there), prints the URLs and whatever `afterStart` returned, and stops cleanly on
 * SIGINT or SIGTERM. A failure to start is one line on stderr and exit code 1.
 */
export async function runFromCommandLine(
  mode: NonNullable<ServerOptions['mode']>,
  afterStart?: (server: RunningServer) => Promise<string | undefined>,
): Promise<void> {
  let server: RunningServer;
  let extra: string | undefined;
  try {
    const config = loadConfig();
    server = await startServer(config, { logger: createLogger(config.logLevel), mode });
    extra = await afterStart?.(server);
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
    `\n${extra ? `${extra}\n` : ''}Corridor is running on ${server.storage.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}.\n  Staff app:     ${server.staffOrigin}/ (listening on ${server.staffUrl})\n  Public intake: ${server.publicUrl}\nPress Ctrl+C to stop.\n\n`,
  );
}

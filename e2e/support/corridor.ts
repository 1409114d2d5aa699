import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLogger,
  loadConfig,
  type RunningServer,
  type ServerOptions,
  startServer,
} from '@corridor/server';

export interface RunningCorridor {
  readonly server: RunningServer;
  stop(): Promise<void>;
}

/** A whole Corridor on a fresh SQLite data directory and free ports, as `npm start` runs it. */
export async function startCorridor(
  /** More server options (a short alarm sweep, a clock the story moves). */
  options: Pick<ServerOptions, 'alarmSweepIntervalMs' | 'clock'> & {
    /** More settings, such as CORRIDOR_TELEGRAM_TOKEN against a fake Bot API. */
    readonly env?: Readonly<Record<string, string>>;
  } = {},
): Promise<RunningCorridor> {
  const { env, ...serverOptions } = options;
  const dataDir = await mkdtemp(join(tmpdir(), 'corridor-e2e-'));
  const config = loadConfig({
    CORRIDOR_DATA_DIR: dataDir,
    CORRIDOR_PUBLIC_PORT: '0',
    CORRIDOR_STAFF_PORT: '0',
    CORRIDOR_LOG_LEVEL: 'silent',
    ...env,
  });
  const server = await startServer(config, {
    ...serverOptions,
    logger: createLogger('silent'),
  });
  return {
    server,
    async stop() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

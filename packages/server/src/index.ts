export { type Clock, systemClock } from './auth/clock.ts';
export { createInvitation } from './auth/invitations.ts';
export { type Config, ConfigError, loadConfig } from './config/config.ts';
export { createLogger, type Logger } from './logging/logger.ts';
export { defaultWebDistDir, ListenError, type RunningServer, startServer } from './server.ts';
export { describeStartupFailure } from './startup-failure.ts';
export {
  describePostgresUrl,
  migrateToLatest,
  openStorage,
  type Storage,
  StorageError,
} from './storage/storage.ts';

export { type Clock, systemClock } from './auth/clock.ts';
export { createInvitation } from './auth/invitations.ts';
export { type Config, ConfigError, loadConfig } from './config/config.ts';
export { createApp } from './http/create-app.ts';
export {
  createIntakeFileStore,
  type IntakeFileStore,
} from './intake/attachments/intake-file-store.ts';
export {
  type AcceptedMessage,
  acceptFollowUp,
  acceptInbound,
  type InboundMessage,
  type IntakeDeps,
  intakeIndexKey,
  markDelivered,
  type OutboundMessage,
  pendingOutbound,
  type ReceiptRecord,
  recordOutbound,
  routingIndexFor,
} from './intake/channel-api.ts';
export { type EmailChannel, startEmailChannel } from './intake/email/email-channel.ts';
export { returnOverdueHandovers } from './intake/handover.ts';
export type { PublicIntakeLimits } from './intake/intake-limits.ts';
export { flagSuspectedContact } from './intake/suspected-contacts.ts';
export { createFileLogger, createLogger, type Logger } from './logging/logger.ts';
export { ensureOrganisation, hasAccounts, isDemo, markDemo } from './organisation/organisation.ts';
export { runFromCommandLine } from './run.ts';
export { loadServerSecrets } from './secrets/server-secrets.ts';
export {
  DemoDataError,
  defaultWebDistDir,
  ListenError,
  type RunningServer,
  type ServerOptions,
  startServer,
} from './server.ts';
export { describeStartupFailure } from './startup-failure.ts';
export {
  describePostgresUrl,
  migrateToLatest,
  openStorage,
  type Storage,
  StorageError,
} from './storage/storage.ts';

import { ConfigError } from './config/config.ts';
import { SecretsError } from './secrets/server-secrets.ts';
import { DemoDataError, ListenError } from './server.ts';
import { StorageError } from './storage/storage.ts';

/**
 * One line for the operator: what failed and how to fix it. Known failures carry
 * their own advice; anything else is named by its class and message only, without
 * a stack trace.
 */
export function describeStartupFailure(error: unknown): string {
  if (
    error instanceof ConfigError ||
    error instanceof StorageError ||
    error instanceof ListenError ||
    error instanceof SecretsError ||
    error instanceof DemoDataError
  ) {
    return error.message;
  }
  const e = error as { name?: string; message?: string; code?: string };
  return `Corridor could not start: ${e.name ?? 'Error'}${e.code ? ` ${e.code}` : ''}: ${e.message ?? String(error)}`;
}

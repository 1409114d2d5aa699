import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from '../config/config.ts';

export type { Logger } from 'pino';

/**
 * Keys that must never reach a log line, whatever code passes them in by mistake.
 * The request logger below never passes bodies, headers or query strings; this
 * list is the second line of defence (ASVS 16.3.2: no sensitive data in logs).
 */
const redactedPaths = [
  'body',
  'headers',
  'query',
  'password',
  'token',
  'secret',
  'key',
  '*.body',
  '*.headers',
  '*.query',
  '*.password',
  '*.token',
  '*.secret',
  '*.key',
  '*.authorization',
  '*.cookie',
];

/**
 * Errors are logged by class, code and stack frames only. Their message and any extra
 * properties can quote data (a driver's `detail: Key (chat_index)=(…)`, a path with an
 * id), so neither is written; the first line of the stack repeats the message and is
 * dropped too.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    ...(typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? { code } : {}),
    stack: (error.stack ?? '')
      .split('\n')
      .filter((line) => line.trimStart().startsWith('at '))
      .slice(0, 15)
      .join('\n'),
  };
}

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'corridor' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: { err: serializeError },
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

/** A logger that writes synchronously to a file: tests search it for what must not be logged. */
export function createFileLogger(level: LogLevel, file: string): Logger {
  return createLogger(level, pino.destination({ dest: file, sync: true }));
}

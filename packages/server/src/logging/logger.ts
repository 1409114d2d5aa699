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

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'corridor' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

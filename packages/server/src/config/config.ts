import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { casePolicy } from '../cases/case-policy.ts';
import { defaultHandoverTimeoutMinutes } from '../intake/handover.ts';
import { type EmailConfig, readEmailConfig } from './email-config.ts';

const port = (name: string, fallback: number) =>
  z
    .string()
    .default(String(fallback))
    .transform((value, ctx) => {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < 0 || n > 65535) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be a port number from 0 to 65535, not "${value}"`,
        });
        return z.NEVER;
      }
      return n;
    });

const perMinute = (name: string, fallback: number) =>
  z
    .string()
    .default(String(fallback))
    .transform((value, ctx) => {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < 1 || n > 1_000_000) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be a whole number of requests per minute from 1 to 1000000, not "${value}"`,
        });
        return z.NEVER;
      }
      return n;
    });

const databaseUrl = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === '') return undefined;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'DATABASE_URL must be a URL such as postgres://user:password@host:5432/corridor',
      });
      return z.NEVER;
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      ctx.addIssue({
        code: 'custom',
        message: `DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite database), not ${url.protocol}//`,
      });
      return z.NEVER;
    }
    return value;
  });

const staffUrl = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === '') return undefined;
    const message =
      'CORRIDOR_STAFF_URL must be the address staff open the app at, such as https://corridor.example.org (a host name, not an IP address, and no path)';
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (
      (url.protocol !== 'https:' && !(url.protocol === 'http:' && host === 'localhost')) ||
      isIP(host) !== 0 ||
      url.pathname !== '/' ||
      url.search !== '' ||
      url.hash !== '' ||
      url.username !== '' ||
      url.password !== ''
    ) {
      ctx.addIssue({ code: 'custom', message: `${message}; plain http only for localhost` });
      return z.NEVER;
    }
    return url.origin;
  });

const optionalUrl = (name: string, example: string, httpsOnly: boolean) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return undefined;
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {
        url = undefined;
      }
      const local = url?.hostname === 'localhost' || url?.hostname === '127.0.0.1';
      if (
        !url ||
        (url.protocol !== 'https:' && !(url.protocol === 'http:' && (!httpsOnly || local)))
      ) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a URL such as ${example}` });
        return z.NEVER;
      }
      return url.href;
    });

const EnvSchema = z.object({
  CORRIDOR_DATA_DIR: z.string().min(1, 'CORRIDOR_DATA_DIR must not be empty').default('./data'),
  CORRIDOR_PUBLIC_PORT: port('CORRIDOR_PUBLIC_PORT', 8080),
  CORRIDOR_STAFF_PORT: port('CORRIDOR_STAFF_PORT', 8081),
  CORRIDOR_HOST: z
    .string()
    .default('127.0.0.1')
    .refine((v) => isIP(v) !== 0 || v === 'localhost', {
      message: 'CORRIDOR_HOST must be an IP address to listen on, such as 127.0.0.1 or 0.0.0.0',
    }),
  CORRIDOR_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'CORRIDOR_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  DATABASE_URL: databaseUrl,
  CORRIDOR_SECRETS_FILE: z.string().min(1).optional(),
  CORRIDOR_STAFF_URL: staffUrl,
  CORRIDOR_CASE_WRITES_PER_MINUTE: perMinute(
    'CORRIDOR_CASE_WRITES_PER_MINUTE',
    casePolicy.writesPerMinute,
  ),
  CORRIDOR_HANDOVER_TIMEOUT_MINUTES: z
    .string()
    .default(String(defaultHandoverTimeoutMinutes))
    .transform((value, ctx) => {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < 1 || n > 10_080) {
        ctx.addIssue({
          code: 'custom',
          message: `CORRIDOR_HANDOVER_TIMEOUT_MINUTES must be a whole number of minutes from 1 to 10080 (a week), not "${value}"`,
        });
        return z.NEVER;
      }
      return n;
    }),
  CORRIDOR_ALARM_SWEEP_SECONDS: z
    .string()
    .default('15')
    .transform((value, ctx) => {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < 1 || n > 300) {
        ctx.addIssue({
          code: 'custom',
          message: `CORRIDOR_ALARM_SWEEP_SECONDS must be a whole number of seconds from 1 to 300, not "${value}"`,
        });
        return z.NEVER;
      }
      return n;
    }),
  CORRIDOR_TELEGRAM_TOKEN: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^\d{1,20}:[A-Za-z0-9_-]{20,100}$/.test(v), {
      message: 'CORRIDOR_TELEGRAM_TOKEN must be the token @BotFather gave, such as 123456789:AAH…',
    }),
  CORRIDOR_TELEGRAM_API_ROOT: optionalUrl(
    'CORRIDOR_TELEGRAM_API_ROOT',
    'https://api.telegram.org',
    false,
  ),
  CORRIDOR_TELEGRAM_WEBHOOK_URL: optionalUrl(
    'CORRIDOR_TELEGRAM_WEBHOOK_URL',
    'https://intake.example.org/telegram/webhook',
    true,
  ),
  CORRIDOR_TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^[A-Za-z0-9_-]{32,256}$/.test(v), {
      message:
        'CORRIDOR_TELEGRAM_WEBHOOK_SECRET must be 32 to 256 characters of A-Z, a-z, 0-9, _ and - (for example from `openssl rand -hex 32`)',
    }),
  CORRIDOR_PUBLIC_URL: optionalUrl('CORRIDOR_PUBLIC_URL', 'https://intake.example.org/', true),
});

export type LogLevel = z.infer<typeof EnvSchema>['CORRIDOR_LOG_LEVEL'];

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string };

export interface Config {
  readonly dataDir: string;
  readonly host: string;
  readonly publicPort: number;
  readonly staffPort: number;
  readonly logLevel: LogLevel;
  readonly database: DatabaseConfig;
  /** The server's own secrets (OPAQUE setup, sealing key): beside the database, never in it. */
  readonly secretsFile: string;
  /**
   * The origin staff reach the app at; security keys are bound to its host name. Unset:
   * `http://localhost:<staff port>`, which suits a single machine.
   */
  readonly staffOrigin: string | undefined;
  /** Case writes one account may make per minute (default in casePolicy). */
  readonly caseWritesPerMinute?: number;
  /** Minutes a hotline hand-over waits for its receiver before it returns to its owner. */
  readonly handoverTimeoutMinutes?: number;
  /** Seconds between sweeps of the check-in alarms (a missed check-in is raised within one). */
  readonly alarmSweepSeconds?: number;
  /** The Telegram channel, when CORRIDOR_TELEGRAM_TOKEN is set; without it no bot runs. */
  readonly telegram?: TelegramConfig;
  /** The e-mail channel, when CORRIDOR_IMAP_HOST is set; without it no poller runs. */
  readonly email?: EmailConfig;
  /** The public listener's address (CORRIDOR_PUBLIC_URL): partners answer referrals there. */
  readonly publicUrl?: string;
}

export interface TelegramConfig {
  readonly token: string;
  /** The Bot API's address; a local fake in tests. Unset: Telegram's own. */
  readonly apiRoot: string | undefined;
  /** Updates by webhook on the public listener; unset: long polling. */
  readonly webhook: { readonly url: string; readonly secret: string } | undefined;
  /** The public web form, offered to first-time contacts as the safer way in. */
  readonly publicFormUrl: string;
}

/** A configuration that cannot be used; its message says which variable and how to fix it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Reads the configuration from environment variables, the only source of it.
 * Throws one `ConfigError` naming every bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      issue.code === 'custom' || issue.path.length === 0
        ? issue.message
        : `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`Bad configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.CORRIDOR_PUBLIC_PORT !== 0 && e.CORRIDOR_PUBLIC_PORT === e.CORRIDOR_STAFF_PORT) {
    throw new ConfigError(
      `Bad configuration: CORRIDOR_PUBLIC_PORT and CORRIDOR_STAFF_PORT are both ${e.CORRIDOR_STAFF_PORT}; the public and staff listeners need different ports`,
    );
  }
  const dataDir = resolve(e.CORRIDOR_DATA_DIR);
  const telegram = telegramConfig(e);
  const { email, problems: emailProblems } = readEmailConfig(env);
  if (emailProblems.length > 0) {
    throw new ConfigError(`Bad configuration: ${emailProblems.join('; ')}`);
  }
  return {
    dataDir,
    host: e.CORRIDOR_HOST,
    publicPort: e.CORRIDOR_PUBLIC_PORT,
    staffPort: e.CORRIDOR_STAFF_PORT,
    logLevel: e.CORRIDOR_LOG_LEVEL,
    secretsFile: resolve(e.CORRIDOR_SECRETS_FILE ?? resolve(dataDir, 'server-secrets.json')),
    staffOrigin: e.CORRIDOR_STAFF_URL,
    caseWritesPerMinute: e.CORRIDOR_CASE_WRITES_PER_MINUTE,
    handoverTimeoutMinutes: e.CORRIDOR_HANDOVER_TIMEOUT_MINUTES,
    alarmSweepSeconds: e.CORRIDOR_ALARM_SWEEP_SECONDS,
    ...(telegram ? { telegram } : {}),
    ...(email ? { email } : {}),
    ...(e.CORRIDOR_PUBLIC_URL ? { publicUrl: e.CORRIDOR_PUBLIC_URL } : {}),
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'sqlite', file: resolve(dataDir, 'corridor.sqlite') },
  };
}

function telegramConfig(e: z.infer<typeof EnvSchema>): TelegramConfig | undefined {
  const token = e.CORRIDOR_TELEGRAM_TOKEN;
  const webhookUrl = e.CORRIDOR_TELEGRAM_WEBHOOK_URL;
  const secret = e.CORRIDOR_TELEGRAM_WEBHOOK_SECRET;
  if (!token) {
    if (webhookUrl || secret || e.CORRIDOR_TELEGRAM_API_ROOT) {
      throw new ConfigError(
        'Bad configuration: CORRIDOR_TELEGRAM_* settings are set but CORRIDOR_TELEGRAM_TOKEN is not; set the bot token, or unset them',
      );
    }
    return undefined;
  }
  if (!e.CORRIDOR_PUBLIC_URL) {
    throw new ConfigError(
      'Bad configuration: CORRIDOR_TELEGRAM_TOKEN needs CORRIDOR_PUBLIC_URL, the address of the public web form the bot offers as the safer way in',
    );
  }
  if (Boolean(webhookUrl) !== Boolean(secret)) {
    throw new ConfigError(
      'Bad configuration: CORRIDOR_TELEGRAM_WEBHOOK_URL and CORRIDOR_TELEGRAM_WEBHOOK_SECRET go together; set both for a webhook, or neither for long polling',
    );
  }
  return {
    token,
    apiRoot: e.CORRIDOR_TELEGRAM_API_ROOT?.replace(/\/$/, ''),
    webhook: webhookUrl && secret ? { url: webhookUrl, secret } : undefined,
    publicFormUrl: e.CORRIDOR_PUBLIC_URL,
  };
}

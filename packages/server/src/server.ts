import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initCrypto } from '@corridor/crypto';
import type { RelyingParty } from '@corridor/crypto/webauthn';
import type { FastifyInstance } from 'fastify';
import { type AlertSender, startAlertSender } from './alerts/alert-sender.ts';
import { purgeBlobs } from './attachments/blob-purge.ts';
import { createBlobStore } from './attachments/blob-store.ts';
import { type Clock, systemClock } from './auth/clock.ts';
import { purgeExpired } from './auth/purge.ts';
import { startAlarmScheduler } from './checkins/alarm-scheduler.ts';
import type { Config } from './config/config.ts';
import { createIntakeFileStore } from './intake/attachments/intake-file-store.ts';
import { sweepIntakeFiles } from './intake/attachments/intake-file-sweep.ts';
import { type EmailChannel, startEmailChannel } from './intake/email/email-channel.ts';
import { returnOverdueHandovers } from './intake/handover.ts';
import type { PublicIntakeLimits } from './intake/intake-limits.ts';
import { startTelegramChannel, type TelegramChannel } from './intake/telegram/telegram-channel.ts';
import { registerTelegramWebhook } from './intake/telegram/telegram-webhook.ts';
import { createLogger, type Logger } from './logging/logger.ts';
import { ensureOrganisation, hasAccounts, isDemo } from './organisation/organisation.ts';
import { createPublicApp } from './public/public-app.ts';
import { smtpReferralNotifier } from './referrals/referral-notice.ts';
import { loadServerSecrets } from './secrets/server-secrets.ts';
import { createStaffApp } from './staff/staff-app.ts';
import { migrateToLatest, openStorage, type Storage } from './storage/storage.ts';

export interface RunningServer {
  readonly publicUrl: string;
  readonly staffUrl: string;
  /** The origin security keys are bound to (CORRIDOR_STAFF_URL, or localhost and the staff port). */
  readonly staffOrigin: string;
  readonly storage: Storage;
  /** The Telegram channel, when CORRIDOR_TELEGRAM_TOKEN is set. */
  readonly telegram: TelegramChannel | undefined;
  /** The e-mail channel, when CORRIDOR_IMAP_HOST is set. */
  readonly email: EmailChannel | undefined;
  /** Runs the periodic purge now (expired logins and sessions, stale uploads and blobs). */
  purge(): Promise<void>;
  close(): Promise<void>;
}

export interface ServerOptions {
  /**
   * `production` (`npm run serve`) refuses a data directory that holds the demo
   * organisation; `demo` (`npm start`) runs on it. Default: production.
   */
  readonly mode?: 'production' | 'demo';
  readonly logger?: Logger;
  /** The time; tests move it. */
  readonly clock?: Clock;
  /** Overrides the per-address limit on login and sign-up (tests that log in many times a minute). */
  readonly perAddressPerMinute?: number;
  /** Overrides the public intake's rate limits (tests and benchmarks that post in bursts). */
  readonly publicIntakeLimits?: PublicIntakeLimits;
  /** Where the built web app is; defaults to `packages/web/dist` of this checkout. */
  readonly webDistDir?: string;
  /** How often the Telegram channel retries deletions and replies (tests shorten it). */
  readonly telegramWorkIntervalMs?: number;
  /** How often the check-in alarm sweep runs (tests shorten it); else CORRIDOR_ALARM_SWEEP_SECONDS or 15 s. */
  readonly alarmSweepIntervalMs?: number;
}

/** Production was asked to run on the demo organisation. */
export class DemoDataError extends Error {
  override readonly name = 'DemoDataError';
}

/** A listener could not start; the message names the variable to change. */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

export const defaultWebDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Opens and migrates the database, then starts the public and staff listeners in
 * this process. On any failure it closes what it opened and throws; nothing is
 * left half-started.
 */
export async function startServer(
  config: Config,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const storage = await openStorage(config.database);
  const apps: FastifyInstance[] = [];
  const stopTimers: (() => void)[] = [];
  let telegram: TelegramChannel | undefined;
  let email: EmailChannel | undefined;
  let alertSender: AlertSender | undefined;
  try {
    const applied = await migrateToLatest(storage);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
    await ensureOrganisation(storage);
    if ((options.mode ?? 'production') === 'production' && (await isDemo(storage))) {
      throw new DemoDataError(
        'This data directory holds the demo organisation made by `npm start`; production refuses to run on its synthetic accounts. Point CORRIDOR_DATA_DIR (or DATABASE_URL) at a new place and run `npm run corridor -- init`.',
      );
    }
    await initCrypto();
    const secrets = loadServerSecrets(config.secretsFile, !(await hasAccounts(storage)));
    // Known once the staff listener has its port, when CORRIDOR_STAFF_URL is unset.
    let staffOrigin = config.staffOrigin;
    const auth = {
      storage,
      secrets,
      clock: options.clock ?? systemClock,
      relyingParty: () => relyingPartyOf(staffOrigin),
      ...(options.perAddressPerMinute ? { perAddressPerMinute: options.perAddressPerMinute } : {}),
      ...(config.caseWritesPerMinute ? { caseWritesPerMinute: config.caseWritesPerMinute } : {}),
      ...(config.handoverTimeoutMinutes
        ? { handoverTimeoutMinutes: config.handoverTimeoutMinutes }
        : {}),
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      ...(config.email ? { referralNotifier: smtpReferralNotifier(config.email, logger) } : {}),
      ...(config.telegram ? { telegramAlerts: true } : {}),
    };

    // Attachments' ciphertext, beside the database (docs/operator-guide.md, blobs).
    const blobs = createBlobStore(join(config.dataDir, 'blobs'));
    await blobs.prepare();
    // Files that came with inbound messages, encrypted on arrival (intake/README.md).
    const intakeFiles = createIntakeFileStore(join(config.dataDir, 'blobs', 'intake'));
    await intakeFiles.prepare();

    const publicApp = await createPublicApp(logger, {
      storage,
      secrets,
      clock: auth.clock,
      ...(options.publicIntakeLimits ? { limits: options.publicIntakeLimits } : {}),
    });
    apps.push(publicApp);
    const staffApp = await createStaffApp(
      logger,
      auth,
      options.webDistDir ?? defaultWebDistDir,
      blobs,
      intakeFiles,
    );
    apps.push(staffApp);

    const clock = auth.clock;
    // No token, no bot: nothing of Telegram runs or is contacted.
    if (config.telegram) {
      telegram = startTelegramChannel({
        storage,
        clock,
        secrets,
        logger,
        config: config.telegram,
        files: intakeFiles,
        ...(options.telegramWorkIntervalMs
          ? { workIntervalMs: options.telegramWorkIntervalMs }
          : {}),
      });
      if (config.telegram.webhook) {
        registerTelegramWebhook(publicApp, { ...config.telegram.webhook, channel: telegram });
      }
      // Alarm notices to members who linked the bot, from the outbox the sweep fills.
      alertSender = startAlertSender({
        storage,
        clock,
        secrets,
        logger,
        config: config.telegram,
        ...(options.telegramWorkIntervalMs ? { intervalMs: options.telegramWorkIntervalMs } : {}),
      });
    }
    // Unconfigured, no poller: no mail server is contacted.
    if (config.email) {
      email = startEmailChannel(config.email, {
        storage,
        clock,
        secrets,
        logger,
        files: intakeFiles,
      });
    }

    const purge = async () => {
      await purgeExpired(storage, clock);
      await purgeBlobs(storage, blobs, clock);
      await sweepIntakeFiles(storage, intakeFiles);
      await returnOverdueHandovers(storage.db, clock);
    };
    await purge();
    // Every five minutes; unref'd so it never keeps the process alive.
    const purgeTimer = setInterval(
      () => {
        purge().catch((error: unknown) => logger.error({ err: error }, 'purge failed'));
      },
      5 * 60 * 1000,
    );
    purgeTimer.unref();
    stopTimers.push(() => clearInterval(purgeTimer));
    // Hand-overs past their deadline return to their owner even while no one reads the
    // inbox; each read returns them too, so a minute's lag is never seen.
    const handoverTimer = setInterval(() => {
      returnOverdueHandovers(storage.db, clock).catch((error: unknown) =>
        logger.error({ err: error }, 'hand-over sweep failed'),
      );
    }, 60 * 1000);
    handoverTimer.unref();
    stopTimers.push(() => clearInterval(handoverTimer));
    // Check-ins past due+grace raise their alarm, and alarms climb their ladder, from the
    // schedule in the database: a restart or a second instance loses and doubles nothing.
    const alarms = startAlarmScheduler(
      storage.db,
      clock,
      logger,
      options.alarmSweepIntervalMs ??
        (config.alarmSweepSeconds ? config.alarmSweepSeconds * 1000 : undefined),
    );
    stopTimers.push(alarms.stop);

    const publicUrl = await listen(
      publicApp,
      config.host,
      config.publicPort,
      'CORRIDOR_PUBLIC_PORT',
    );
    const staffUrl = await listen(staffApp, config.host, config.staffPort, 'CORRIDOR_STAFF_PORT');
    staffOrigin ??= `http://localhost:${new URL(staffUrl).port}`;
    logger.info({ database: storage.kind }, 'corridor started');
    return {
      publicUrl,
      staffUrl,
      staffOrigin,
      storage,
      telegram,
      email,
      purge,
      async close() {
        for (const stop of stopTimers) stop();
        await telegram?.stop();
        await alertSender?.stop();
        await email?.stop();
        await Promise.all(apps.map((app) => app.close()));
        await alarms.idle();
        await storage.close();
        // The log destination writes asynchronously; let it drain before the process exits.
        await new Promise<void>((resolve) => logger.flush(() => resolve()));
      },
    };
  } catch (error) {
    for (const stop of stopTimers) stop();
    await telegram?.stop().catch(() => undefined);
    await alertSender?.stop().catch(() => undefined);
    await email?.stop().catch(() => undefined);
    await Promise.allSettled(apps.map((app) => app.close()));
    await storage.close();
    throw error;
  }
}

function relyingPartyOf(origin: string | undefined): RelyingParty {
  if (!origin) throw new Error('the staff listener has not started');
  return { id: new URL(origin).hostname, name: 'Corridor', origin };
}

async function listen(
  app: FastifyInstance,
  host: string,
  port: number,
  variable: string,
): Promise<string> {
  try {
    await app.listen({ host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new ListenError(
        `Port ${port} (${variable}) is already in use by another program: stop it, or set ${variable} to a free port.`,
      );
    }
    if (code === 'EACCES') {
      throw new ListenError(
        `Not allowed to listen on port ${port} (${variable}): choose a port above 1023.`,
      );
    }
    if (code === 'EADDRNOTAVAIL') {
      throw new ListenError(
        `Cannot listen on ${host}: no such address on this machine (CORRIDOR_HOST).`,
      );
    }
    throw error;
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return `http://${shownHost}:${actualPort}/`;
}

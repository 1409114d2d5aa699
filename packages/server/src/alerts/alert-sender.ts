import { Api, GrammyError } from 'grammy';
import type { Clock } from '../auth/clock.ts';
import type { TelegramConfig } from '../config/config.ts';
import { describeTelegramError } from '../intake/telegram/telegram-errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { ServerSecrets } from '../secrets/server-secrets.ts';
import type { Storage } from '../storage/storage.ts';
import { openAlertChatId } from './alert-keys.ts';
import { claimDueNotices, finishNotice, pruneLinkCodes, retryNotice } from './alert-outbox.ts';
import { alarmNoticeText } from './alert-texts.ts';

/** How often the outbox is looked at when nothing says otherwise. */
export const defaultAlertSendIntervalMs = 2000;
/** A notice not sent within this long is dropped (logged): the staff app has the alarm. */
const giveUpAfterMs = 24 * 60 * 60_000;

export interface AlertSenderDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly secrets: ServerSecrets;
  readonly logger: Logger;
  readonly config: TelegramConfig;
  readonly intervalMs?: number;
}

export interface AlertSender {
  /** Sends what is due now (one pass at a time per instance). */
  work(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Sends the alarm notices of the outbox through the Bot API. A notice is claimed before
 * it is sent and deleted after, so two instances never send one twice; a crash between
 * the send and the delete sends it again once the claim lapses (a duplicate is better
 * than an alarm lost).
 */
export function startAlertSender(deps: AlertSenderDeps): AlertSender {
  const { storage, clock, secrets, logger, config } = deps;
  const db = storage.db;
  const api = new Api(config.token, config.apiRoot ? { apiRoot: config.apiRoot } : {});
  let stopped = false;

  async function sendOne(notice: {
    id: string;
    accountId: string;
    attempts: number;
    createdAt: string;
  }): Promise<void> {
    // Read now, not when queued: alerts turned off since are not sent.
    const binding = await db
      .selectFrom('alert_telegram')
      .select(['sealed_chat_id', 'language'])
      .where('account_id', '=', notice.accountId)
      .executeTakeFirst();
    if (!binding) {
      await finishNotice(db, notice.id);
      return;
    }
    try {
      const chatId = openAlertChatId(secrets, notice.accountId, binding.sealed_chat_id);
      await api.sendMessage(chatId, alarmNoticeText(binding.language), {
        link_preview_options: { is_disabled: true },
      });
      await finishNotice(db, notice.id);
    } catch (error) {
      const now = clock();
      // 400/403: the chat is gone or the person blocked the bot; retrying cannot help.
      const hopeless =
        (error instanceof GrammyError && (error.error_code === 400 || error.error_code === 403)) ||
        now.getTime() - Date.parse(notice.createdAt) > giveUpAfterMs;
      if (hopeless) {
        logger.error({ err: describeTelegramError(error) }, 'telegram alarm notice dropped');
        await finishNotice(db, notice.id);
        return;
      }
      logger.warn(
        { err: describeTelegramError(error), attempts: notice.attempts },
        'telegram alarm notice failed; will retry',
      );
      const delay = Math.min(5 * 60_000, 1000 * 2 ** notice.attempts);
      await retryNotice(db, notice.id, new Date(now.getTime() + delay).toISOString());
    }
  }

  let working: Promise<void> | undefined;
  function work(): Promise<void> {
    const previous = working ?? Promise.resolve();
    const next = previous.then(async () => {
      if (stopped) return;
      const now = clock().toISOString();
      for (;;) {
        const claimed = await claimDueNotices(db, now);
        for (const notice of claimed) await sendOne(notice);
        if (claimed.length === 0 || stopped) break;
      }
      await pruneLinkCodes(db, now);
    });
    working = next.catch((error: unknown) => {
      logger.error({ err: describeTelegramError(error) }, 'telegram alarm notices failed');
    });
    return working;
  }

  const timer = setInterval(() => void work(), deps.intervalMs ?? defaultAlertSendIntervalMs);
  timer.unref();

  return {
    work,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await working;
    },
  };
}

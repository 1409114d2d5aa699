import { fromBase64, fromUtf8, openSealed, utf8 } from '@corridor/crypto';
import { maxIntakeFileBytes, maxIntakeMessageBytes } from '@corridor/protocol';
import { Bot, GrammyError } from 'grammy';
import { z } from 'zod';
import { alertsCommand } from '../../alerts/alert-command.ts';
import type { Clock } from '../../auth/clock.ts';
import { checkinChatAnswer } from '../../checkins/checkin-page.ts';
import { checkInByWord, wordCheckinConversation } from '../../checkins/word-checkin.ts';
import type { TelegramConfig } from '../../config/config.ts';
import { ApiFailure } from '../../http/error-handling.ts';
import type { Logger } from '../../logging/logger.ts';
import type { ServerSecrets } from '../../secrets/server-secrets.ts';
import type { Storage } from '../../storage/storage.ts';
import { suspectedContactMark } from '../../verification/infiltrator-marks.ts';
import type { IntakeFileStore } from '../attachments/intake-file-store.ts';
import { dropFiles, FileTooLarge, type KeptFile, keepFile } from '../attachments/intake-files.ts';
import {
  acceptInbound,
  intakeIndexKey,
  markDelivered,
  pendingOutbound,
  routingIndexFor,
} from '../channel-api.ts';
import { describeTelegramError } from './telegram-errors.ts';
import {
  openChatId,
  sealChatId,
  telegramReplyKeyPair,
  telegramReplyPublicKey,
} from './telegram-keys.ts';
import {
  dueDeletions,
  flagSuspectedContact,
  forgetMessage,
  messagesInChat,
  pruneTelegram,
  recordImported,
  rememberChat,
  rememberMessages,
  retryLater,
  sealedChatId,
  updateSeen,
} from './telegram-store.ts';
import { type TelegramLanguage, telegramLanguage, telegramTexts } from './telegram-texts.ts';

export interface TelegramChannelDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly secrets: ServerSecrets;
  readonly logger: Logger;
  readonly config: TelegramConfig;
  /** How often deletions and replies are retried; tests shorten it. Default 2 s. */
  readonly workIntervalMs?: number;
  /** Where photos and documents are kept, encrypted on arrival; without it they are refused. */
  readonly files?: IntakeFileStore;
  /** The largest file kept, in bytes; default `maxIntakeFileBytes` (10 MiB). */
  readonly maxFileBytes?: number;
}

export interface TelegramChannel {
  /** Imports one update (long polling hands them here; so does the webhook route). */
  handleUpdate(raw: unknown): Promise<void>;
  /** Deletes what is due from chats and delivers staff replies, now. */
  work(): Promise<void>;
  stop(): Promise<void>;
}

/** Telegram's limit on a message's text, in UTF-16 units. */
const maxTelegramText = 4096;
/** How long the bot's answer to /clear stays before it deletes that too. */
const clearedNoticeMs = 2 * 60 * 1000;

// Only what the bot reads; anything else in an update is ignored, nothing is kept.
const MessageSchema = z.object({
  message_id: z.number().int().positive(),
  date: z.number().int().nonnegative(),
  chat: z.object({ id: z.number().int(), type: z.string() }),
  from: z.object({ language_code: z.string().max(35).optional() }).optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  // Sizes of one photo, smallest first (Bot API `PhotoSize`).
  photo: z
    .array(z.object({ file_id: z.string().min(1).max(512), file_size: z.number().optional() }))
    .optional(),
  document: z
    .object({
      file_id: z.string().min(1).max(512),
      file_name: z.string().optional(),
      mime_type: z.string().optional(),
      file_size: z.number().optional(),
    })
    .optional(),
});
const UpdateSchema = z.object({ update_id: z.number().int().nonnegative() });

type ChatMessage = z.infer<typeof MessageSchema>;

interface FileRef {
  readonly fileId: string;
  readonly name: string | undefined;
  readonly type: string | undefined;
  readonly size: number | undefined;
  readonly fallbackName: string;
}

/** The file a message carries: a photo's largest size, or a document. */
function fileOf(message: ChatMessage): FileRef | null {
  const photo = message.photo?.at(-1);
  if (photo) {
    // Telegram re-encodes photos as JPEG; they come without a name.
    return {
      fileId: photo.file_id,
      name: undefined,
      type: 'image/jpeg',
      size: photo.file_size,
      fallbackName: 'photo.jpg',
    };
  }
  const document = message.document;
  if (document) {
    return {
      fileId: document.file_id,
      name: document.file_name,
      type: document.mime_type,
      size: document.file_size,
      fallbackName: 'file',
    };
  }
  return null;
}

/**
 * The Telegram channel: long polling (or the webhook route) brings updates; text is
 * sealed on arrival through the channel API and then deleted from the chat; staff
 * replies are delivered from `pendingOutbound`. Runs only when a token is configured.
 */
export function startTelegramChannel(deps: TelegramChannelDeps): TelegramChannel {
  const { storage, clock, secrets, logger, config } = deps;
  const db = storage.db;
  const intake = { storage, clock };
  const indexKey = intakeIndexKey(secrets);
  const replyKeys = telegramReplyKeyPair(secrets);
  const replyPublicKey = telegramReplyPublicKey(secrets);
  const maxFileBytes = deps.maxFileBytes ?? maxIntakeFileBytes;
  const bot = new Bot(config.token, {
    client: config.apiRoot ? { apiRoot: config.apiRoot } : {},
  });
  const now = () => clock().toISOString();
  // Replies that failed, by message id: when to try again (in memory; a restart retries at once).
  const replyBackoff = new Map<string, { attempts: number; at: number }>();
  let stopped = false;
  let lastPrune = 0;

  async function send(
    chatId: number,
    routingIndex: string,
    text: string,
    deleteDueAt: string | null = null,
  ): Promise<void> {
    const sent = await bot.api.sendMessage(chatId, text, {
      link_preview_options: { is_disabled: true },
    });
    await rememberMessages(db, [
      { routingIndex, messageId: sent.message_id, sentAt: now(), deleteDueAt },
    ]);
  }

  /** Deletes one message; true when it is gone or can never be deleted (drop the row). */
  async function deleteFromChat(chatId: number, messageId: number): Promise<boolean> {
    try {
      await bot.api.deleteMessage(chatId, messageId);
      return true;
    } catch (error) {
      // 400: older than 48 h, or already gone (deleted by the person) — nothing more to do.
      if (error instanceof GrammyError && error.error_code === 400) {
        logger.info({ reason: error.description }, 'telegram message could not be deleted');
        return true;
      }
      logger.warn({ err: describeTelegramError(error) }, 'telegram delete failed; will retry');
      return false;
    }
  }

  async function deleteDue(): Promise<void> {
    for (const row of await dueDeletions(db, now())) {
      const sealed = await sealedChatId(db, row.routing_index);
      if (sealed === undefined) {
        await forgetMessage(db, row.routing_index, row.message_id);
        continue;
      }
      const chatId = openChatId(secrets, row.routing_index, sealed);
      if (await deleteFromChat(chatId, row.message_id)) {
        await forgetMessage(db, row.routing_index, row.message_id);
      } else {
        // 1, 2, 4 … s, at most a minute apart, until Telegram's 48 h are up (pruned).
        const delay = Math.min(60_000, 1000 * 2 ** row.attempts);
        await retryLater(
          db,
          row.routing_index,
          row.message_id,
          row.attempts + 1,
          new Date(clock().getTime() + delay).toISOString(),
        );
      }
    }
  }

  async function deliverReplies(): Promise<void> {
    for (const reply of await pendingOutbound(intake, 'telegram')) {
      const backoff = replyBackoff.get(reply.messageId);
      if (backoff && backoff.at > Date.now()) continue;
      const sealed = reply.routingIndex ? await sealedChatId(db, reply.routingIndex) : undefined;
      if (!reply.routingIndex || sealed === undefined) continue;
      try {
        const chatId = openChatId(secrets, reply.routingIndex, sealed);
        const text = fromUtf8(openSealed(replyKeys, fromBase64(reply.channelCopy)));
        for (let i = 0; i < text.length; i += maxTelegramText) {
          await send(chatId, reply.routingIndex, text.slice(i, i + maxTelegramText));
        }
        // A crash between the send and this line sends the reply again on restart: a
        // duplicate is better than a reply lost.
        await markDelivered(intake, reply.messageId);
        replyBackoff.delete(reply.messageId);
      } catch (error) {
        const attempts = (backoff?.attempts ?? 0) + 1;
        replyBackoff.set(reply.messageId, {
          attempts,
          at: Date.now() + Math.min(10 * 60_000, 1000 * 2 ** attempts),
        });
        logger.warn(
          { err: describeTelegramError(error), attempts },
          'telegram reply not delivered; will retry',
        );
      }
    }
  }

  let working: Promise<void> | undefined;
  function work(): Promise<void> {
    // One pass at a time; a caller during a pass waits for it and then runs its own.
    const previous = working ?? Promise.resolve();
    const next = previous.then(async () => {
      if (stopped) return;
      await deleteDue();
      await deliverReplies();
      if (clock().getTime() - lastPrune > 10 * 60_000) {
        lastPrune = clock().getTime();
        await pruneTelegram(db, clock());
      }
    });
    working = next.catch((error: unknown) => {
      logger.error({ err: describeTelegramError(error) }, 'telegram work failed');
    });
    return working;
  }

  /**
   * Downloads a file from Telegram (getFile, then the file URL) and keeps it encrypted as
   * it streams in; over `maxFileBytes` — said by Telegram or counted — is FileTooLarge.
   */
  async function downloadFile(store: IntakeFileStore, ref: FileRef): Promise<KeptFile> {
    if ((ref.size ?? 0) > maxFileBytes) throw new FileTooLarge('said by Telegram');
    const file = await bot.api.getFile(ref.fileId);
    if ((file.file_size ?? 0) > maxFileBytes) throw new FileTooLarge('said by Telegram');
    if (!file.file_path) throw new Error('Telegram gave no file path');
    const root = config.apiRoot ?? 'https://api.telegram.org';
    const response = await fetch(`${root}/file/bot${config.token}/${file.file_path}`, {
      signal: AbortSignal.timeout(120_000),
    });
    if (!response.ok || !response.body) throw new Error(`file download: ${response.status}`);
    return keepFile(
      store,
      { name: ref.name, type: ref.type, content: response.body },
      ref.fallbackName,
      maxFileBytes,
    );
  }

  async function clearChat(chatId: number, routingIndex: string, commandId: number) {
    const rows = await messagesInChat(db, routingIndex);
    const ids = new Set([...rows.map((r) => r.message_id), commandId]);
    for (const id of ids) {
      if (await deleteFromChat(chatId, id)) await forgetMessage(db, routingIndex, id);
      else
        await rememberMessages(db, [
          { routingIndex, messageId: id, sentAt: now(), deleteDueAt: now() },
        ]);
    }
  }

  async function importMessage(updateId: number, message: ChatMessage): Promise<void> {
    const chatId = message.chat.id;
    const routingIndex = routingIndexFor(indexKey, 'telegram', String(chatId));
    const language: TelegramLanguage = telegramLanguage(message.from?.language_code);
    const texts = telegramTexts[language];
    const at = now();
    const sentAt = new Date(message.date * 1000).toISOString();
    const firstContact = await rememberChat(db, {
      routingIndex,
      sealedChatId: sealChatId(secrets, routingIndex, chatId),
      at,
    });
    const inChat = { routingIndex, messageId: message.message_id, sentAt };
    const keepUntilClear = async (answer: string) => {
      await rememberMessages(db, [{ ...inChat, deleteDueAt: null }]);
      await send(chatId, routingIndex, answer);
      if (firstContact) await send(chatId, routingIndex, texts.firstContact(config.publicFormUrl));
    };
    const command = /^\/(start|clear|checkin|alerts)(@\w+)?(\s|$)/.exec(message.text ?? '')?.[1];
    if (command === 'alerts') {
      // A member linking this chat for alarm notices (alerts/): the code leaves the chat
      // at once, the answer soon after.
      await recordImported(db, { updateId, message: { ...inChat, deleteDueAt: at }, at });
      const argument = (message.text ?? '').replace(/^\/alerts(@\w+)?/, '');
      await send(
        chatId,
        routingIndex,
        await alertsCommand({ db, secrets }, chatId, argument, language, at),
        new Date(clock().getTime() + clearedNoticeMs).toISOString(),
      );
      return;
    }
    if (command === 'checkin') {
      // The evacuee's check-in by word (issue 7): the command leaves the chat at once, and
      // the answer — the same for the safe and the duress word — soon after.
      await recordImported(db, { updateId, message: { ...inChat, deleteDueAt: at }, at });
      const word = (message.text ?? '').replace(/^\/checkin(@\w+)?/, '');
      const conversationId = await wordCheckinConversation(db, 'telegram', routingIndex);
      const answer = conversationId
        ? await checkInByWord(db, conversationId, word, at)
        : 'not_recognised';
      await send(
        chatId,
        routingIndex,
        checkinChatAnswer(language, answer),
        new Date(clock().getTime() + clearedNoticeMs).toISOString(),
      );
      return;
    }
    if (command === 'clear') {
      await clearChat(chatId, routingIndex, message.message_id);
      await recordImported(db, { updateId, message: { ...inChat, deleteDueAt: at }, at });
      await send(
        chatId,
        routingIndex,
        texts.cleared,
        new Date(clock().getTime() + clearedNoticeMs).toISOString(),
      );
      return;
    }
    if (command === 'start') {
      await recordImported(db, { updateId, message: { ...inChat, deleteDueAt: at }, at });
      await send(chatId, routingIndex, texts.firstContact(config.publicFormUrl));
      return;
    }
    const fileRef = deps.files ? fileOf(message) : null;
    const text = message.text ?? message.caption;
    if (text === undefined && !fileRef) {
      await keepUntilClear(texts.unsupported);
      return;
    }
    const body = utf8(text ?? '');
    if (body.length > maxIntakeMessageBytes || (!fileRef && (text ?? '').trim() === '')) {
      await keepUntilClear(
        body.length > maxIntakeMessageBytes
          ? texts.tooLong(Math.floor(maxIntakeMessageBytes / 4))
          : texts.unreadable,
      );
      return;
    }
    const kept: KeptFile[] = [];
    if (fileRef && deps.files) {
      try {
        kept.push(await downloadFile(deps.files, fileRef));
      } catch (error) {
        if (!(error instanceof FileTooLarge)) throw error;
        await keepUntilClear(texts.fileTooLarge(Math.floor(maxFileBytes / 1024 / 1024)));
        return;
      }
    }
    let accepted: Awaited<ReturnType<typeof acceptInbound>>;
    try {
      accepted = await acceptInbound(intake, {
        channel: 'telegram',
        routingIndex,
        body,
        replyPublicKey,
        attachments: kept,
      });
    } catch (error) {
      if (deps.files) await dropFiles(deps.files, kept).catch(() => {});
      if (!(error instanceof ApiFailure)) throw error;
      await keepUntilClear(error.code === 'unavailable' ? texts.notReady : texts.unreadable);
      return;
    }
    // Durable now: the message may leave the chat.
    await recordImported(db, { updateId, message: { ...inChat, deleteDueAt: at }, at });
    if (await suspectedContactMark(db, routingIndex)) {
      await flagSuspectedContact(db, accepted.conversationId);
    }
    if (firstContact) await send(chatId, routingIndex, texts.firstContact(config.publicFormUrl));
  }

  async function handleUpdate(raw: unknown): Promise<void> {
    const update = UpdateSchema.safeParse(raw);
    if (!update.success) {
      logger.warn('telegram update without an id ignored');
      return;
    }
    const rawMessage = (raw as { message?: unknown }).message;
    if (rawMessage === undefined) return;
    const message = MessageSchema.safeParse(rawMessage);
    if (!message.success) {
      logger.warn('malformed telegram message ignored');
      await answerUnreadable(rawMessage).catch((error: unknown) =>
        logger.warn({ err: describeTelegramError(error) }, 'telegram answer not sent'),
      );
      return;
    }
    // Groups and channels are no place for this: nothing from them is kept.
    if (message.data.chat.type !== 'private') return;
    try {
      if (await updateSeen(db, update.data.update_id)) return;
      await importMessage(update.data.update_id, message.data);
    } catch (error) {
      logger.error({ err: describeTelegramError(error) }, 'telegram message not imported');
      const texts = telegramTexts[telegramLanguage(message.data.from?.language_code)];
      await bot.api.sendMessage(message.data.chat.id, texts.failed).catch(() => undefined);
      return;
    }
    void work();
  }

  /** A message the bot cannot read: if its chat can be told, say so; nothing is kept. */
  async function answerUnreadable(rawMessage: unknown): Promise<void> {
    const chat = (rawMessage as { chat?: { id?: unknown; type?: unknown } } | null)?.chat;
    if (typeof chat?.id !== 'number' || chat.type !== 'private') return;
    const language = (rawMessage as { from?: { language_code?: unknown } }).from?.language_code;
    const texts =
      telegramTexts[telegramLanguage(typeof language === 'string' ? language : undefined)];
    if (!Number.isSafeInteger(chat.id)) return;
    // Through the chat's record, so /clear deletes the answer too.
    const routingIndex = routingIndexFor(indexKey, 'telegram', String(chat.id));
    await rememberChat(db, {
      routingIndex,
      sealedChatId: sealChatId(secrets, routingIndex, chat.id),
      at: now(),
    });
    await send(chat.id, routingIndex, texts.unreadable);
  }

  bot.use(async (ctx) => handleUpdate(ctx.update));
  bot.catch((error) =>
    logger.error({ err: describeTelegramError(error.error) }, 'telegram update failed'),
  );

  const startup = (async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        if (config.webhook) {
          await bot.api.setWebhook(config.webhook.url, {
            secret_token: config.webhook.secret,
            allowed_updates: ['message'],
          });
          logger.info('telegram webhook set');
        } else {
          await bot.init();
          // Not awaited: it resolves when polling stops.
          void bot
            .start({ allowed_updates: ['message'], onStart: () => logger.info('telegram polling') })
            .catch((error: unknown) =>
              logger.error({ err: describeTelegramError(error) }, 'telegram polling stopped'),
            );
        }
        return;
      } catch (error) {
        logger.warn(
          { err: describeTelegramError(error), attempt },
          'telegram not reachable; will retry',
        );
        await new Promise((resolve) => setTimeout(resolve, Math.min(60_000, 1000 * 2 ** attempt)));
      }
    }
  })();

  const timer = setInterval(() => void work(), deps.workIntervalMs ?? 2000);
  timer.unref();

  return {
    handleUpdate,
    work,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await startup;
      if (bot.isRunning()) await bot.stop();
      await working;
    },
  };
}

import {
  asSymmetricKey,
  type BlindIndexKey,
  blindIndex,
  deriveSubkey,
  keyedTokenDigest,
} from '@corridor/crypto';
import type { ServerSecrets } from '../secrets/server-secrets.ts';
import { openServerValue, sealServerValue } from '../secrets/server-secrets.ts';

// Keys of the Telegram alert binding, all derived from the server's sealing key (in the
// secrets file, not the database), each for one use: a copy of the database alone can
// neither open a chat id, nor test guesses of one, nor of a link code.

function chatIndexKey(secrets: ServerSecrets): BlindIndexKey {
  return asSymmetricKey('blind-index', deriveSubkey(secrets.sealingKey, 'alertchx'));
}

/**
 * The chat's blind index: how `/alerts off` finds its binding. Its own key and domain,
 * so it cannot be joined with the intake's routing index of the same chat.
 */
export function alertChatIndex(secrets: ServerSecrets, chatId: number): string {
  return blindIndex(chatIndexKey(secrets), 'alert-telegram', String(chatId));
}

/** The chat id sealed, bound to its account, so a row's sealed id cannot be moved to another. */
export function sealAlertChatId(secrets: ServerSecrets, accountId: string, chatId: number): string {
  return sealServerValue(secrets, 'alert-telegram-chat', accountId, String(chatId));
}

export function openAlertChatId(secrets: ServerSecrets, accountId: string, sealed: string): number {
  return Number(openServerValue(secrets, 'alert-telegram-chat', accountId, sealed));
}

/** What is stored of a link code: keyed BLAKE2b, so a stolen database tests no guesses. */
export function linkCodeDigest(secrets: ServerSecrets, code: string): string {
  return keyedTokenDigest(deriveSubkey(secrets.sealingKey, 'alertcod'), 'alert-link', code);
}

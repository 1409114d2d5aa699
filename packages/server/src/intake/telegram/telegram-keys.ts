import { type BoxKeyPair, boxKeyPairFromSeed, deriveSubkey, toBase64 } from '@corridor/crypto';
import type { ServerSecrets } from '../../secrets/server-secrets.ts';
import { openServerValue, sealServerValue } from '../../secrets/server-secrets.ts';

/**
 * The key pair staff seal Telegram replies to (the conversation's `reply_public_key`).
 * The bot must send plaintext, so it must open them; derived from the sealing key, it
 * lives in the secrets file and never in the database (intake/README.md, "Replies").
 */
export function telegramReplyKeyPair(secrets: ServerSecrets): BoxKeyPair {
  return boxKeyPairFromSeed(deriveSubkey(secrets.sealingKey, 'tgreplyk'));
}

export function telegramReplyPublicKey(secrets: ServerSecrets): string {
  return toBase64(telegramReplyKeyPair(secrets).publicKey);
}

/**
 * The chat id sealed with the sealing key, bound to its routing index (so a row's sealed
 * id cannot be moved to another chat's row). The database alone opens nothing.
 */
export function sealChatId(secrets: ServerSecrets, routingIndex: string, chatId: number): string {
  return sealServerValue(secrets, 'telegram-chat', routingIndex, String(chatId));
}

export function openChatId(secrets: ServerSecrets, routingIndex: string, sealed: string): number {
  return Number(openServerValue(secrets, 'telegram-chat', routingIndex, sealed));
}

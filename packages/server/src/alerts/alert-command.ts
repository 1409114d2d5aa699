import type { AlertLanguage } from '@corridor/protocol';
import type { ServerSecrets } from '../secrets/server-secrets.ts';
import type { Storage } from '../storage/storage.ts';
import { linkChatByCode, unlinkChat } from './alert-link.ts';
import { linkAnswerTexts } from './alert-texts.ts';

type Db = Storage['db'];

/** Longer than any code typed with spaces; what is longer is not looked at. */
const maxArgumentChars = 64;

/**
 * The bot's `/alerts` command in a private chat: `/alerts <code>` links the chat to the
 * code's account, `/alerts off` unlinks it, anything else explains. Returns the answer.
 */
export async function alertsCommand(
  deps: { db: Db; secrets: ServerSecrets },
  chatId: number,
  argument: string,
  language: AlertLanguage,
  now: string,
): Promise<string> {
  const texts = linkAnswerTexts[language];
  const given = argument.trim().slice(0, maxArgumentChars);
  if (given === '') return texts.usage;
  if (/^(off|stop|выкл)$/i.test(given)) {
    return texts[await unlinkChat(deps.db, deps.secrets, chatId, now)];
  }
  return texts[await linkChatByCode(deps.db, deps.secrets, chatId, given, now)];
}

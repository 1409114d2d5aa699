// What the bot says, in English and Russian by the sender's Telegram language. Plain
// words: the reader may be frightened, in a hurry, and on a phone that gets searched.

export type TelegramLanguage = 'en' | 'ru';

/** Russian for ru and the languages of the region whose speakers mostly read it; else English. */
export function telegramLanguage(code: string | undefined): TelegramLanguage {
  const base = (code ?? '').toLowerCase().split('-')[0];
  return base === 'ru' || base === 'uk' || base === 'be' || base === 'kk' || base === 'ce'
    ? 'ru'
    : 'en';
}

interface Texts {
  firstContact(formUrl: string): string;
  tooLong(maxChars: number): string;
  unsupported: string;
  fileTooLarge(maxMiB: number): string;
  unreadable: string;
  notReady: string;
  failed: string;
  cleared: string;
}

const en: Texts = {
  firstContact: (formUrl) =>
    [
      'You have reached the hotline. Before you write, please read this.',
      '',
      '• Telegram chats with a bot are not end-to-end encrypted: Telegram can read them.',
      '• Phones are searched at checkpoints. We delete each of your messages from this chat as soon as we have it, but the chat with this bot stays in your list: delete the chat yourself after writing.',
      '• Safer: our web form, without Telegram. It works in Tor Browser. You get a receipt code to read our answer, and nothing stays on your phone.',
      formUrl,
      '',
      'Send /clear at any time to delete everything the bot can still delete here.',
    ].join('\n'),
  tooLong: (maxChars) =>
    `This message is too long and was not received. Please split it into parts of up to ${maxChars} characters and send them one by one. It is still in this chat: /clear deletes it.`,
  unsupported:
    'Only text, photos and files are received here; this one was not. Please write it as text. It is still in this chat: /clear deletes it.',
  fileTooLarge: (maxMiB) =>
    `This file is larger than ${maxMiB} MB and was not received. Please send a smaller copy, or describe it in text. It is still in this chat: /clear deletes it.`,
  unreadable: 'This message could not be read and was not received. Please send it again as text.',
  notReady:
    'The hotline is not taking messages yet. Your message was not received; please try again later.',
  failed:
    'Something went wrong and this message was not received. It is still in this chat: please send it again in a few minutes.',
  cleared:
    'Done: everything the bot could delete in this chat is deleted. Telegram lets a bot delete messages only for 48 hours: delete older ones and the chat yourself.',
};

const ru: Texts = {
  firstContact: (formUrl) =>
    [
      'Вы написали на горячую линию. Прежде чем писать дальше, прочитайте это.',
      '',
      '• Переписка с ботом в Telegram не защищена сквозным шифрованием: Telegram может её прочитать.',
      '• На блокпостах проверяют телефоны. Мы удаляем каждое ваше сообщение из этого чата, как только получили его, но сам чат с ботом остаётся в списке: удалите чат сами, когда закончите.',
      '• Безопаснее — наша веб-форма, без Telegram. Она работает в Tor Browser. Вы получите код, по которому прочитаете наш ответ, и на телефоне ничего не останется.',
      formUrl,
      '',
      'Команда /clear в любой момент удалит всё, что бот ещё может удалить в этом чате.',
    ].join('\n'),
  tooLong: (maxChars) =>
    `Сообщение слишком длинное и не получено. Разделите его на части до ${maxChars} знаков и отправьте по очереди. Оно пока в этом чате: /clear удалит его.`,
  unsupported:
    'Здесь принимаются только текст, фотографии и файлы; это сообщение не получено. Напишите, пожалуйста, текстом. Оно пока в этом чате: /clear удалит его.',
  fileTooLarge: (maxMiB) =>
    `Файл больше ${maxMiB} МБ и не получен. Отправьте копию поменьше или опишите его словами. Он пока в этом чате: /clear удалит его.`,
  unreadable: 'Не удалось прочитать это сообщение, оно не получено. Отправьте его ещё раз текстом.',
  notReady:
    'Горячая линия ещё не принимает сообщения. Ваше сообщение не получено; попробуйте позже.',
  failed:
    'Что-то пошло не так, сообщение не получено. Оно пока в этом чате: отправьте его ещё раз через несколько минут.',
  cleared:
    'Готово: всё, что бот мог удалить в этом чате, удалено. Telegram даёт боту удалять сообщения только 48 часов: более старые и сам чат удалите сами.',
};

export const telegramTexts: Record<TelegramLanguage, Texts> = { en, ru };

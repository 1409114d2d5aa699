import type { AlertLanguage } from '@corridor/protocol';
import type { LinkAnswer } from './alert-link.ts';

/**
 * The alarm notice. Nothing about the case — no id, name, route or kind, and the same
 * words for a duress alarm — since the phone it lands on may be watched; the staff app
 * says the rest to whoever unlocks it.
 */
const notice: Record<AlertLanguage, string> = {
  en: 'Corridor: an alarm needs you. Open the staff app.',
  ru: 'Corridor: вас ждёт тревога. Откройте приложение для сотрудников.',
};

/** In the member's language when known, else in both. */
export function alarmNoticeText(language: string | null): string {
  if (language === 'en' || language === 'ru') return notice[language];
  return `${notice.en}\n\n${notice.ru}`;
}

/** The bot's answers to `/alerts`, in the language Telegram reports for the person. */
export const linkAnswerTexts: Record<AlertLanguage, Record<LinkAnswer | 'usage', string>> = {
  en: {
    linked:
      'Done: Corridor alarms for your account will also come to this chat. Send /alerts off to stop them.',
    invalid_code:
      'This code is not valid: it may be mistyped, used or expired. Ask for a new one in the staff app (Devices, Telegram alerts).',
    unlinked: 'Telegram alerts are off for this chat.',
    not_linked: 'No Corridor account gets alerts in this chat.',
    usage:
      'To get Corridor alarms here, ask for a code in the staff app (Devices, Telegram alerts) and send /alerts followed by the code. /alerts off stops them.',
  },
  ru: {
    linked:
      'Готово: тревоги Corridor для вашей учётной записи будут приходить и в этот чат. Чтобы отключить, отправьте /alerts off.',
    invalid_code:
      'Код не подходит: возможно, в нём ошибка, он уже использован или истёк. Получите новый в приложении для сотрудников (Устройства, оповещения в Telegram).',
    unlinked: 'Оповещения в Telegram для этого чата отключены.',
    not_linked: 'В этот чат не приходят оповещения ни одной учётной записи Corridor.',
    usage:
      'Чтобы получать тревоги Corridor здесь, получите код в приложении для сотрудников (Устройства, оповещения в Telegram) и отправьте /alerts и код. /alerts off отключает их.',
  },
};

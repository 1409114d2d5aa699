import {
  type AlertLanguage,
  createAlertLinkCodeRoute,
  telegramAlertStateRoute,
  unlinkTelegramAlertsRoute,
} from '@corridor/protocol';
import type { MemberSession } from '../auth/log-in.ts';

/** Whether the member's alarms also reach them by Telegram (and whether a bot runs). */
export async function telegramAlertState(session: MemberSession) {
  return session.api.call(telegramAlertStateRoute);
}

/**
 * A one-time code to send to the organisation's bot as `/alerts <code>`; the notices come
 * in `language` (the staff app's), or in both when it is not given.
 */
export async function requestTelegramLinkCode(session: MemberSession, language?: AlertLanguage) {
  return session.api.call(createAlertLinkCodeRoute, { body: language ? { language } : {} });
}

/** Turns Telegram alerts off: the chat binding and unsent notices are deleted. */
export async function turnOffTelegramAlerts(session: MemberSession) {
  return session.api.call(unlinkTelegramAlertsRoute);
}

import { defineRoute } from '../routes/route.ts';
import { AlertLinkCode, CreateAlertLinkCodeBody, TelegramAlertState } from './alert-schemas.ts';

export const telegramAlertStateRoute = defineRoute({
  id: 'telegramAlertState',
  method: 'get',
  path: '/api/alerts/telegram',
  listeners: ['staff'],
  summary:
    'Whether the caller’s check-in alarms also reach them through the organisation’s Telegram bot, and whether there is a bot at all. Never the chat.',
  responses: { 200: TelegramAlertState },
});

export const createAlertLinkCodeRoute = defineRoute({
  id: 'createAlertLinkCode',
  method: 'post',
  path: '/api/alerts/telegram/code',
  listeners: ['staff'],
  summary:
    'A one-time code, good for ten minutes, that the caller sends to the bot as `/alerts <code>` to have their alarms sent to that chat too. A new code replaces the last; `unavailable` when no bot runs.',
  body: CreateAlertLinkCodeBody,
  responses: { 200: AlertLinkCode },
});

export const unlinkTelegramAlertsRoute = defineRoute({
  id: 'unlinkTelegramAlerts',
  method: 'delete',
  path: '/api/alerts/telegram',
  listeners: ['staff'],
  summary:
    'Turns the caller’s Telegram alerts off: the chat binding and any notice not yet sent are deleted.',
  responses: { 200: TelegramAlertState },
});

export const alertRoutes = [
  telegramAlertStateRoute,
  createAlertLinkCodeRoute,
  unlinkTelegramAlertsRoute,
];

import alarmsEn from '../features/alarms/messages.en.json';
import alarmsRu from '../features/alarms/messages.ru.json';
import checkinsEn from '../features/checkins/messages.en.json';
import checkinsRu from '../features/checkins/messages.ru.json';
import dashboardEn from '../features/dashboard/messages.en.json';
import dashboardRu from '../features/dashboard/messages.ru.json';
import documentationEn from '../features/documentation/messages.en.json';
import documentationRu from '../features/documentation/messages.ru.json';
import evacuationEn from '../features/evacuation/messages.en.json';
import evacuationRu from '../features/evacuation/messages.ru.json';
import fundsEn from '../features/funds/messages.en.json';
import fundsRu from '../features/funds/messages.ru.json';
import partnersEn from '../features/partners/messages.en.json';
import partnersRu from '../features/partners/messages.ru.json';
import referralsEn from '../features/referrals/messages.en.json';
import referralsRu from '../features/referrals/messages.ru.json';
import relocationEn from '../features/relocation/messages.en.json';
import relocationRu from '../features/relocation/messages.ru.json';
import reportsEn from '../features/reports/messages.en.json';
import reportsRu from '../features/reports/messages.ru.json';
import sheltersEn from '../features/shelters/messages.en.json';
import sheltersRu from '../features/shelters/messages.ru.json';
import telegramAlertsEn from '../features/telegram-alerts/messages.en.json';
import telegramAlertsRu from '../features/telegram-alerts/messages.ru.json';
import vocabulariesEn from '../features/vocabularies/messages.en.json';
import vocabulariesRu from '../features/vocabularies/messages.ru.json';
import en from './locales/en.json';
import ru from './locales/ru.json';

/**
 * Every message, by language. A feature with many messages keeps them beside it, under one
 * top-level key of its own, and is added here: the shared files stay small to edit.
 */
export const messages = {
  en: {
    ...en,
    ...alarmsEn,
    ...checkinsEn,
    ...dashboardEn,
    ...documentationEn,
    ...evacuationEn,
    ...fundsEn,
    ...sheltersEn,
    ...partnersEn,
    ...referralsEn,
    ...relocationEn,
    ...reportsEn,
    ...telegramAlertsEn,
    ...vocabulariesEn,
  },
  ru: {
    ...ru,
    ...alarmsRu,
    ...checkinsRu,
    ...dashboardRu,
    ...documentationRu,
    ...evacuationRu,
    ...fundsRu,
    ...sheltersRu,
    ...partnersRu,
    ...referralsRu,
    ...relocationRu,
    ...reportsRu,
    ...telegramAlertsRu,
    ...vocabulariesRu,
  },
} as const;

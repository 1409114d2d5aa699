import { z } from 'zod';

/** Languages an alert notice can be written in; unset: both. */
export const alertLanguages = ['en', 'ru'] as const;
export const AlertLanguageSchema = z.enum(alertLanguages);
export type AlertLanguage = z.infer<typeof AlertLanguageSchema>;

/** How long a link code is good for, in minutes. */
export const alertLinkCodeMinutes = 10;

/**
 * A link code as shown to the member and typed after `/alerts` in the bot's chat: ten
 * characters of Crockford's base 32 (50 bits) in two groups. Short enough to type,
 * long enough that guessing one in its ten minutes through the bot is hopeless.
 */
export const AlertLinkCodeSchema = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);

/** Whether the caller's alarms also reach them by Telegram. Never the chat or its id. */
export const TelegramAlertState = z
  .object({
    /** The organisation runs a Telegram bot (CORRIDOR_TELEGRAM_TOKEN is set). */
    available: z.boolean(),
    linked: z.boolean(),
    linkedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'TelegramAlertState' });

export const CreateAlertLinkCodeBody = z
  .object({
    /** The staff app's language, for the notices; unset: they come in both. */
    language: AlertLanguageSchema.optional(),
  })
  .strict();

export const AlertLinkCode = z
  .object({ code: AlertLinkCodeSchema, expiresAt: z.iso.datetime() })
  .meta({ id: 'AlertLinkCode' });

import { GrammyError } from 'grammy';
import { ApiFailure } from '../../http/error-handling.ts';

/** An error for the log: its kind and Telegram's description, never a chat, text or token. */
export function describeTelegramError(error: unknown): {
  name: string;
  code?: number;
  description?: string;
} {
  if (error instanceof GrammyError) {
    return { name: error.name, code: error.error_code, description: error.description };
  }
  if (error instanceof ApiFailure) return { name: error.name, description: error.code };
  return { name: error instanceof Error ? error.name : typeof error };
}

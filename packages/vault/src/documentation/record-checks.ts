import type { z } from 'zod';
import { isCalendarDate } from '../relocation/relocation.ts';
import { DocumentationInputError } from './documentation-input-error.ts';

/** Today's date in UTC, `YYYY-MM-DD`: what "not in the future" is measured against. */
export const todayUtc = (now: Date = new Date()): string => now.toISOString().slice(0, 10);

/**
 * Parses `value` with a record's schema, or throws the first problem as a
 * DocumentationInputError with its path: too long is `too_large`, an empty required
 * text `text_required`, a date that is no calendar date `date_invalid`.
 */
export function parseRecord<T>(schema: z.ZodType<T>, value: unknown, prefix = ''): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue ? `${prefix}${issue.path.join('.')}` || null : null;
  if (!issue) throw new DocumentationInputError('invalid_record', path);
  if (issue.code === 'too_big') throw new DocumentationInputError('too_large', path);
  if (issue.code === 'too_small' && issue.origin === 'string') {
    throw new DocumentationInputError('text_required', path);
  }
  if (issue.code === 'too_small' && issue.origin === 'array') {
    // A list that must hold something: consent must name a use, an event an act.
    if (path === 'consent.uses') throw new DocumentationInputError('consent_required', path);
    if (path === 'acts') throw new DocumentationInputError('act_required', path);
  }
  if (issue.code === 'custom' && issue.message === 'not a calendar date') {
    throw new DocumentationInputError('date_invalid', path);
  }
  throw new DocumentationInputError('invalid_record', path);
}

/** A required text trimmed; blank is `text_required` at `path`. */
export function requiredText(value: string, path: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new DocumentationInputError('text_required', path);
  return trimmed;
}

/** A date that must be a real one and (when `today` is given) not after it. */
export function pastDate(value: string, path: string, today: string | null): string {
  if (!isCalendarDate(value)) throw new DocumentationInputError('date_invalid', path);
  if (today !== null && value > today) throw new DocumentationInputError('date_in_future', path);
  return value;
}

/** Runs a check on stored content: the refusal's code, or null when it passes. */
export function refusalOf(check: () => unknown): string | null {
  try {
    check();
    return null;
  } catch (error) {
    if (error instanceof DocumentationInputError) return error.code;
    throw error;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Today on the member's own calendar, `YYYY-MM-DD`: an interview held this evening in
 * Moscow is dated today there, though UTC may still say yesterday.
 */
export const localToday = (now: Date = new Date()): string =>
  `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;

/** A calendar date (`2017-04-02`) in the UI's language; the date is the same everywhere. */
export const calendarDate = (value: string, language: string): string =>
  new Date(`${value}T00:00:00Z`).toLocaleDateString(language, {
    timeZone: 'UTC',
    dateStyle: 'medium',
  });

/**
 * An instant (`2026-11-26T09:30:00.000Z`) in UTC, said so: a capture time is evidence,
 * and two readers in different zones must read the same time.
 */
export const utcTime = (iso: string, language: string): string =>
  `${new Date(iso).toLocaleString(language, {
    timeZone: 'UTC',
    dateStyle: 'medium',
    timeStyle: 'medium',
  })} UTC`;

/** A language tag's name in the UI's language (`ce` → "Chechen"), or the tag itself. */
export function languageName(tag: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

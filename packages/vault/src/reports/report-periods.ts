import type { ReportPeriod } from './report-definition.ts';

/** The period a date (`YYYY-MM-DD`) falls in: `2017`, `2017-Q2`, `2017-04`. */
export function periodKey(date: string, period: ReportPeriod): string {
  const year = date.slice(0, 4);
  if (period === 'year') return year;
  const month = Number(date.slice(5, 7));
  if (period === 'quarter') return `${year}-Q${Math.ceil(month / 3)}`;
  return date.slice(0, 7);
}

/**
 * Every period from the one holding `from` to the one holding `to`, in order — all of
 * them, so a period with nothing in it is a published zero, not a missing column. Stops
 * after `limit` keys, so a silly range cannot allocate millions.
 */
export function periodKeysBetween(
  from: string,
  to: string,
  period: ReportPeriod,
  limit = Number.POSITIVE_INFINITY,
): string[] {
  const keys: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = periodKey(to, period);
  const step = period === 'year' ? 12 : period === 'quarter' ? 3 : 1;
  while (keys.length < limit) {
    const key = periodKey(
      `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`,
      period,
    );
    if (keys.at(-1) !== key) keys.push(key);
    if (key === last) break;
    month += step;
    while (month > 12) {
      month -= 12;
      year += 1;
    }
  }
  return keys;
}

const monthsEn = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const monthsRu = [
  'Январь',
  'Февраль',
  'Март',
  'Апрель',
  'Май',
  'Июнь',
  'Июль',
  'Август',
  'Сентябрь',
  'Октябрь',
  'Ноябрь',
  'Декабрь',
];

/** A period key as people read it: `Q2 2017` / `II кв. 2017`, `April 2017` / `Апрель 2017`. */
export function periodLabel(key: string, locale: 'en' | 'ru'): string {
  const year = key.slice(0, 4);
  const quarter = /^\d{4}-Q([1-4])$/.exec(key);
  if (quarter) {
    const n = Number(quarter[1]);
    return locale === 'en' ? `Q${n} ${year}` : `${['I', 'II', 'III', 'IV'][n - 1]} кв. ${year}`;
  }
  const month = /^\d{4}-(\d{2})$/.exec(key);
  if (month) {
    const names = locale === 'en' ? monthsEn : monthsRu;
    return `${names[Number(month[1]) - 1]} ${year}`;
  }
  return year;
}

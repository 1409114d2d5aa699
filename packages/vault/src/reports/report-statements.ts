import type { DisclosureRule } from './disclosure-control.ts';
import {
  countedWarningCodes,
  type ReportLeftOut,
  type ReportLocale,
  type ReportWarning,
} from './report-types.ts';

// Sentences a report prints with its figures, for exports made outside React (CSV). The
// wording is the reports page's (`reports.disclosure.*` in web/src/features/reports), so a
// table reads the same on screen, in CSV and in PDF.

/** What a hidden figure is printed as. */
export const hiddenMarker: Readonly<Record<ReportLocale, string>> = { en: 'hidden', ru: 'скрыто' };

/** Russian plural form of `n`: one (1, 21), few (2–4, 22–24), many (0, 5–20, 25…). */
export function russianPlural(n: number): 'one' | 'few' | 'many' {
  const lastTwo = n % 100;
  const last = n % 10;
  if (last === 1 && lastTwo !== 11) return 'one';
  if (last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14)) return 'few';
  return 'many';
}

/** The disclosure rule applied, sentence by sentence. */
export function ruleStatement(rule: DisclosureRule, locale: ReportLocale): string[] {
  const hidden = rule.primaryCount + rule.secondaryCount;
  if (locale === 'ru') {
    const forms = { one: 'число', few: 'числа', many: 'чисел' } as const;
    return [
      `Числа меньше ${rule.threshold} скрыты, как и итоги меньше ${rule.threshold}.`,
      'Скрыты и некоторые другие числа, чтобы скрытые нельзя было вычислить по итогам.',
      'Нули показаны.',
      rule.rounding === 'base5'
        ? 'Числа и итоги округлены до ближайшего кратного 5; итоги сложены до округления, поэтому округлённые числа могут не давать в сумме округлённый итог.'
        : 'Числа не округлены.',
      `В таблице скрыто ${hidden} ${forms[russianPlural(hidden)]}.`,
    ];
  }
  return [
    `Counts below ${rule.threshold} are hidden, and so are totals below ${rule.threshold}.`,
    'Further figures are hidden so that hidden ones cannot be worked out from the totals.',
    'Zeros are shown.',
    rule.rounding === 'base5'
      ? 'Figures and totals are rounded to the nearest 5; totals are added up before rounding, so rounded figures may not add up to the rounded totals.'
      : 'Figures are not rounded.',
    `${hidden} ${hidden === 1 ? 'figure is' : 'figures are'} hidden in this table.`,
  ];
}

/** How totals are made, said wherever a total is printed (screen, CSV, PDF). */
export const sumLabel: Readonly<Record<ReportLocale, string>> = {
  en: 'Sum of cells',
  ru: 'Сумма ячеек',
};

export const sumNote: Readonly<Record<ReportLocale, string>> = {
  en: 'Sums are sums of the cells: a person (or act) may be counted in more than one cell, so a sum can be more than the number of people.',
  ru: 'Суммы — это суммы ячеек: человек (или действие) может быть учтён в нескольких ячейках, поэтому сумма может быть больше числа людей.',
};

/** Said under a table whose rows are different figures: their columns are not added up. */
export const noColumnSumNote: Readonly<Record<ReportLocale, string>> = {
  en: 'Columns are not added up: the rows are different figures.',
  ru: 'Столбцы не суммируются: в строках разные показатели.',
};

/**
 * What was not counted, as sentences; nothing for what is zero. Warnings are given as
 * counts only (a published file carries no case ids); the page lists them.
 */
export function leftOutStatement(
  leftOut: ReportLeftOut,
  warnings: readonly ReportWarning[],
  use: { id: string; label: string },
  locale: ReportLocale,
): string[] {
  const lines: string[] = [];
  const { consent } = leftOut;
  const evidence = warnings.filter((w) => countedWarningCodes.has(w.code)).length;
  const notCounted = warnings.length - evidence;
  if (locale === 'ru') {
    if (consent.events > 0) {
      lines.push(
        `Не учтено из-за отсутствия согласия на использование «${use.label}»: событий — ${consent.events}, действий — ${consent.acts}, человек, не учтённых в других действиях, — ${consent.persons}.`,
      );
    }
    if (leftOut.unverified > 0) {
      lines.push(`Не учтено непроверенных действий: ${leftOut.unverified}.`);
    }
    if (leftOut.unreadableCases > 0) {
      lines.push(
        `Дел, показания в которых вам недоступны (нарушения в них не учтены): ${leftOut.unreadableCases}.`,
      );
    }
    if (notCounted > 0) lines.push(`Записей с ошибками, не учтённых в отчёте: ${notCounted}.`);
    if (evidence > 0) {
      lines.push(
        `Учтённых действий, доказательства которых при последней проверке оказались изменены или нечитаемы: ${evidence}.`,
      );
    }
    return lines;
  }
  if (consent.events > 0) {
    lines.push(
      `Left out for lack of consent to "${use.label}": events — ${consent.events}, acts — ${consent.acts}, persons not counted in another act — ${consent.persons}.`,
    );
  }
  if (leftOut.unverified > 0) lines.push(`Unverified acts left out: ${leftOut.unverified}.`);
  if (leftOut.unreadableCases > 0) {
    lines.push(
      `Cases whose testimonies you cannot read (their violations are not counted): ${leftOut.unreadableCases}.`,
    );
  }
  if (notCounted > 0) lines.push(`Records with problems, not counted: ${notCounted}.`);
  if (evidence > 0) {
    lines.push(
      `Counted acts whose evidence was last verified as altered or unreadable: ${evidence}.`,
    );
  }
  return lines;
}

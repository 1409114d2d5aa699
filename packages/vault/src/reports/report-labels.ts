import type { Vocabulary, VocabularyTerm } from '@corridor/protocol';
import type { ReportMeasure } from './report-definition.ts';
import type { DetentionBucketKey, ReportLocale } from './report-types.ts';

// Labels a report prints that are not vocabulary terms, in both languages. Reports are
// built and exported outside React (CSV, HURIDOCS JSON), so they live here rather than
// in the web messages.

type Labels = Readonly<Record<ReportLocale, string>>;

export const measureLabels: Readonly<Record<ReportMeasure, Labels>> = {
  persons_evacuated: { en: 'Persons evacuated', ru: 'Эвакуировано человек' },
  persons_fled: { en: 'Persons who fled abroad', ru: 'Уехали за границу' },
  persons_detained: { en: 'Persons detained', ru: 'Задержано человек' },
  persons_tortured: {
    en: 'Persons tortured or ill-treated',
    ru: 'Подверглись пыткам или жестокому обращению',
  },
  persons_killed: { en: 'Persons killed', ru: 'Убито человек' },
  acts: { en: 'Acts', ru: 'Нарушения' },
  victims: { en: 'Victims', ru: 'Пострадавшие' },
};

/** What became of a case's person, as its rescue records say. */
export const caseOutcomes = [
  'fled_abroad',
  'relocated_in_russia',
  'evacuated',
  'closed_otherwise',
  'in_progress',
] as const;
export type CaseOutcome = (typeof caseOutcomes)[number];

export const outcomeLabels: Readonly<Record<CaseOutcome, Labels>> = {
  fled_abroad: { en: 'Fled abroad', ru: 'Уехали за границу' },
  relocated_in_russia: { en: 'Relocated within Russia', ru: 'Переселены в пределах России' },
  evacuated: { en: 'Evacuated, not yet relocated', ru: 'Эвакуированы, ещё не переселены' },
  closed_otherwise: { en: 'Case closed otherwise', ru: 'Дело закрыто по другой причине' },
  in_progress: { en: 'Still in progress', ru: 'Работа продолжается' },
};

export const detentionBucketLabels: Readonly<Record<DetentionBucketKey, Labels>> = {
  '1': { en: '1 day', ru: '1 день' },
  '2-3': { en: '2–3 days', ru: '2–3 дня' },
  '4-7': { en: '4–7 days', ru: '4–7 дней' },
  '8-21': { en: '8–21 days', ru: '8–21 день' },
  over_21: { en: 'Over 21 days', ru: 'Более 21 дня' },
  open: {
    en: 'Still held or end unknown',
    ru: 'Всё ещё под стражей или дата окончания неизвестна',
  },
};

export const expenseCategoryLabels: Readonly<Record<string, Labels>> = {
  social_worker: { en: 'Social worker', ru: 'Социальный работник' },
  travel: { en: 'Travel', ru: 'Дорога' },
  visa: { en: 'Visa', ru: 'Виза' },
  housing: { en: 'Housing', ru: 'Жильё' },
  food: { en: 'Food', ru: 'Питание' },
  medical: { en: 'Medical', ru: 'Медицина' },
  documents: { en: 'Documents', ru: 'Документы' },
  other: { en: 'Other', ru: 'Другое' },
};

export const otherLabels = {
  /** A fact the breakdown does not apply to or was not recorded (an evacuation has no act type). */
  none: { en: 'Not recorded', ru: 'Не указано' },
  /** The single column of a table without a column breakdown. */
  all: { en: 'Count', ru: 'Число' },
  total: { en: 'Total', ru: 'Всего' },
  detentions: { en: 'Detentions', ru: 'Задержания' },
  detentionChart: { en: 'Length of detention', ru: 'Продолжительность содержания под стражей' },
} as const satisfies Record<string, Labels>;

/** Looks terms up by id, once per vocabulary (a report labels thousands of cells). */
export function termIndex(vocabulary: Vocabulary): ReadonlyMap<string, VocabularyTerm> {
  return new Map(vocabulary.terms.map((term) => [term.id, term]));
}

export function termLabel(
  index: ReadonlyMap<string, VocabularyTerm>,
  id: string,
  locale: ReportLocale,
): string {
  return index.get(id)?.labels[locale] ?? id;
}

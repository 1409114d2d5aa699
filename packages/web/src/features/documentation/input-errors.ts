import type { TFunction } from 'i18next';

/** One step of an error's path, as a message key under `documentation.fields` and a number. */
export interface PathStep {
  readonly key: string;
  /** 1-based position in a list ("Act 2"), when the step is an item of one. */
  readonly n?: number;
}

/** The lists whose items the form numbers: `acts.1` is "Act 2". */
const itemKeys: Readonly<Record<string, string>> = {
  acts: 'act',
  persons: 'person',
  involvements: 'involvement',
  sources: 'sourceN',
  methods: 'methodN',
  uses: 'use',
  actIds: 'supportedAct',
};

/**
 * A record path from `DocumentationInputError` (`acts.1.type`, `consent.expiresOn`) as the
 * steps a person reads: act 2, type. `verification.status` and `verification.date` are
 * fields of their own on the form, so they stay one step.
 */
export function pathSteps(path: string): PathStep[] {
  const parts = path.split('.').filter((part) => part !== '');
  const steps: PathStep[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const next = parts[i + 1];
    if (part in itemKeys && next !== undefined && /^\d+$/.test(next)) {
      steps.push({ key: itemKeys[part] as string, n: Number(next) + 1 });
      i++;
    } else if (part === 'verification' && (next === 'status' || next === 'date')) {
      steps.push({ key: next === 'status' ? 'verificationStatus' : 'verificationDate' });
      i++;
    } else if (!/^\d+$/.test(part)) {
      steps.push({ key: part });
    }
  }
  return steps;
}

/** The field an error names, in the UI's language ("Act 2, type"); empty without a path. */
export function fieldName(t: TFunction, path: string | null): string {
  if (path === null || path === '') return '';
  return pathSteps(path)
    .map((step) => {
      const key = `documentation.fields.${step.key}`;
      const label = t(key, step.n === undefined ? {} : { n: step.n });
      return label === key ? step.key : label;
    })
    .join(', ');
}

/** A refused record as one sentence naming the field: "Act 2, type: choose a term…". */
export function inputErrorMessage(
  t: TFunction,
  error: { readonly code: string; readonly path: string | null },
): string {
  const key = `documentation.errors.${error.code}`;
  const translated = t(key);
  const message = translated === key ? t('documentation.errors.unknown') : translated;
  const field = fieldName(t, error.path);
  return field === '' ? message : t('documentation.errorAt', { field, message });
}

import type { ReferralSource } from '@corridor/protocol';
import type { CaseView } from '../cases/cases.ts';
import { type RelocationRecord, relocation } from '../relocation/relocation.ts';

/** One field a coordinator may choose to share, with its value as the case holds it now. */
export interface ReferralFieldOption {
  /** `source.field`, what the server records as shared. */
  readonly name: string;
  readonly source: ReferralSource;
  readonly label: string;
  readonly value: string;
}

/** The relocation in a few lines, for a partner: destination, route, status, steps. */
export function relocationSummary(record: RelocationRecord): string {
  const lines = [
    `Destination: ${record.destination.country}${record.destination.city ? `, ${record.destination.city}` : ''}`,
    `Route: ${record.route}`,
    `Status: ${record.status}`,
  ];
  if (record.arrivalDate) lines.push(`Arrived: ${record.arrivalDate}`);
  for (const step of record.steps) {
    const when = step.done ? `done ${step.doneDate}` : step.dueDate ? `due ${step.dueDate}` : '';
    const docs = step.documents.length > 0 ? ` [${step.documents.join(', ')}]` : '';
    lines.push(`- ${step.title}${when ? ` (${when})` : ''}${docs}`);
  }
  return lines.join('\n');
}

const sources = ['identity', 'situation', 'location'] as const;

/**
 * Every field the member could share from the compartments they hold (identity,
 * situation, location) and the relocation summary, each with its value; empty fields
 * are left out, since sharing nothing needs no choice.
 */
export function referralFieldOptions(view: CaseView): ReferralFieldOption[] {
  const options: ReferralFieldOption[] = [];
  for (const source of sources) {
    const fields = view.compartments[source] ?? {};
    for (const [field, value] of Object.entries(fields)) {
      if (!value.trim()) continue;
      options.push({ name: `${source}.${field}`, source, label: field, value });
    }
  }
  const record = relocation(view);
  if (record) {
    options.push({
      name: 'relocation.summary',
      source: 'relocation',
      label: 'summary',
      value: relocationSummary(record),
    });
  }
  return options;
}
